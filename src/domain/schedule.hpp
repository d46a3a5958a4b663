#pragma once
// A week of shifts by person, as the schedule screen shows it.
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/organization.hpp"
#include "domain/shift.hpp"
#include "domain/time_zone.hpp"
#include "domain/user.hpp"
#include "domain/weekly_pattern.hpp"

namespace shiftsync {

// One local calendar day of the week: its bounds as instants (23 or 25 hours long on DST days).
struct ScheduleDay {
    Date date;
    Instant start{};
    Instant end{};
};

// The week containing `any_day` that begins on `week_start`, in `zone`.
struct ScheduleWeek {
    std::array<ScheduleDay, 7> days;
    Instant start() const { return days.front().start; }
    Instant end() const { return days.back().end; }
};
ScheduleWeek WeekContaining(Date any_day, std::chrono::weekday week_start, const TimeZone& zone);

struct PersonWeek {
    const User* user = nullptr;
    std::array<std::vector<const Shift*>, 7> shifts_by_day;  // by the local date each shift starts
    std::chrono::seconds total{0};                           // sum of those shifts' lengths
    const WeeklyPattern* latest_pattern = nullptr;           // by end date, then id; may be null
};

struct Schedule {
    ScheduleWeek week;
    std::vector<PersonWeek> people;                        // active users, by name then id
    std::array<std::vector<const Shift*>, 7> open_by_day;  // shifts with no employee
};

// Arranges `shifts` (any that start within the week) for `users` (inactive ones skipped).
// The result points into the arguments, which must outlive it.
Schedule BuildSchedule(const ScheduleWeek& week, const TimeZone& zone, const std::vector<User>& users,
                       const std::vector<Shift>& shifts, const std::vector<WeeklyPattern>& patterns);

}  // namespace shiftsync
