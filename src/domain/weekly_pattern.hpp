#pragma once
// The seed's "allocated shift": for one employee over a date range, an optional
// start/end local time per weekday. It generates concrete shifts in the organisation's zone.
#include <array>
#include <optional>
#include <vector>

#include "domain/result.hpp"
#include "domain/shift.hpp"
#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync {

struct DayTimes {
    LocalTime start;
    LocalTime end;  // end <= start means the shift ends the next day (overnight)
    friend bool operator==(const DayTimes&, const DayTimes&) = default;
};

// Index 0 = Monday ... 6 = Sunday (ISO order, whatever the organisation's week start).
using WeekDays = std::array<std::optional<DayTimes>, 7>;

struct WeeklyPattern {
    Id id = 0;
    Id organization_id = 0;
    Id user_id = 0;
    Date start_date;  // first day (inclusive)
    Date end_date;    // last day (inclusive)
    WeekDays days;
    std::string position;  // copied to generated shifts
    Instant created_at{};
};

// Whether two versions of a pattern make the same shifts: same person, dates, days and position.
// Ids and created_at are not compared. Saving a pattern unchanged regenerates nothing.
inline bool SameRule(const WeeklyPattern& a, const WeeklyPattern& b) {
    return a.user_id == b.user_id && a.start_date == b.start_date && a.end_date == b.end_date && a.days == b.days &&
           a.position == b.position;
}

// Longest date range a pattern may cover; bounds generation work and storage.
inline constexpr int kMaxPatternDays = 366;

// Checks the rules of a pattern (dates in order, range at most kMaxPatternDays, at least
// one day set, times within a day, start != end on each day).
Status ValidatePattern(const WeeklyPattern& pattern);

// The shifts `pattern` makes, in date order, each with pattern_id, user_id, position set
// and id 0. Only shifts starting at or after `not_before` are returned (so editing a
// pattern leaves past shifts alone). A day's shift starts on that date in the zone.
// REQUIRES: ValidatePattern(pattern).ok()
std::vector<Shift> GenerateShifts(const WeeklyPattern& pattern, const TimeZone& zone, Instant not_before);

// 0 = Monday ... 6 = Sunday for a date.
int IsoWeekdayIndex(Date date);

}  // namespace shiftsync
