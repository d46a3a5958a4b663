#include "domain/schedule.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>

namespace shiftsync {
namespace {

void SortByStart(std::vector<const Shift*>& day) {
    std::sort(day.begin(), day.end(), [](const Shift* a, const Shift* b) {
        return std::tie(a->start, a->end, a->id) < std::tie(b->start, b->end, b->id);
    });
}

}  // namespace

ScheduleWeek WeekContaining(Date any_day, std::chrono::weekday week_start, const TimeZone& zone) {
    const std::chrono::sys_days day{any_day};
    // weekday subtraction is modulo 7, so this is how many days any_day lies past the week start.
    const std::chrono::days into_week = std::chrono::weekday{day} - week_start;
    const std::chrono::sys_days first = day - into_week;

    ScheduleWeek week;
    // Each bound comes from a local midnight, so DST days are 23 or 25 hours long and
    // consecutive days share their bounds exactly.
    Instant start = zone.ToUtc(LocalMidnight(Date{first}));
    for (int i = 0; i < 7; ++i) {
        const Date date{first + std::chrono::days{i}};
        const Instant end = zone.ToUtc(LocalMidnight(Date{first + std::chrono::days{i + 1}}));
        week.days[i] = ScheduleDay{date, start, end};
        start = end;
    }
    return week;
}

Schedule BuildSchedule(const ScheduleWeek& week, const TimeZone& zone, const std::vector<User>& users,
                       const std::vector<Shift>& shifts, const std::vector<WeeklyPattern>& patterns) {
    Schedule schedule;
    schedule.week = week;

    for (const User& user : users) {
        if (!user.active) continue;
        PersonWeek person;
        person.user = &user;
        schedule.people.push_back(std::move(person));
    }
    std::sort(schedule.people.begin(), schedule.people.end(), [](const PersonWeek& a, const PersonWeek& b) {
        return std::tie(a.user->name, a.user->id) < std::tie(b.user->name, b.user->id);
    });
    std::unordered_map<Id, PersonWeek*> by_user;
    for (PersonWeek& person : schedule.people) by_user.emplace(person.user->id, &person);

    const std::chrono::sys_days first_day{week.days.front().date};
    for (const Shift& shift : shifts) {
        if (shift.start < week.start() || shift.start >= week.end()) continue;
        const std::chrono::sys_days local_day{LocalDateOf(zone.ToLocal(shift.start))};
        const auto index = (local_day - first_day).count();
        if (index < 0 || index >= 7) continue;  // only if `week` was not built in `zone`

        if (!shift.user_id) {
            schedule.open_by_day[index].push_back(&shift);
            continue;
        }
        const auto it = by_user.find(*shift.user_id);
        if (it == by_user.end()) continue;  // a removed person's leftovers are not shown
        it->second->shifts_by_day[index].push_back(&shift);
        it->second->total += shift.end - shift.start;
    }

    for (PersonWeek& person : schedule.people) {
        for (auto& day : person.shifts_by_day) SortByStart(day);
    }
    for (auto& day : schedule.open_by_day) SortByStart(day);

    for (const WeeklyPattern& pattern : patterns) {
        const auto it = by_user.find(pattern.user_id);
        if (it == by_user.end()) continue;
        const WeeklyPattern*& latest = it->second->latest_pattern;
        if (latest == nullptr || std::tie(pattern.end_date, pattern.id) > std::tie(latest->end_date, latest->id)) {
            latest = &pattern;
        }
    }
    return schedule;
}

}  // namespace shiftsync
