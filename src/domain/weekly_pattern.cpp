#include "domain/weekly_pattern.hpp"

#include <fmt/format.h>

#include <cassert>
#include <string_view>

namespace shiftsync {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr std::array<std::string_view, 7> kWeekdayNames = {"monday", "tuesday",  "wednesday", "thursday",
                                                           "friday", "saturday", "sunday"};

bool IsTimeOfDay(LocalTime time) { return time.minutes >= 0 && time.minutes < kMinutesPerDay; }

bool IsOvernight(const DayTimes& times) { return times.end.minutes <= times.start.minutes; }

}  // namespace

int IsoWeekdayIndex(Date date) {
    return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{date}}.iso_encoding()) - 1;
}

Status ValidatePattern(const WeeklyPattern& pattern) {
    if (!pattern.start_date.ok()) return Error::Invalid("start_date must be a valid date", "start_date");
    if (!pattern.end_date.ok()) return Error::Invalid("end_date must be a valid date", "end_date");
    const std::chrono::sys_days first{pattern.start_date};
    const std::chrono::sys_days last{pattern.end_date};
    if (last < first) return Error::Invalid("end_date must not be before start_date", "end_date");
    if ((last - first).count() + 1 > kMaxPatternDays) {
        return Error::Invalid(fmt::format("a pattern may cover at most {} days", kMaxPatternDays), "end_date");
    }

    bool any_day = false;
    for (std::size_t i = 0; i < pattern.days.size(); ++i) {
        const std::optional<DayTimes>& times = pattern.days[i];
        if (!times) continue;
        any_day = true;
        const std::string field = fmt::format("days.{}", kWeekdayNames[i]);
        if (!IsTimeOfDay(times->start)) {
            return Error::Invalid(fmt::format("{} start must be between 00:00 and 23:59", kWeekdayNames[i]),
                                  field + ".start");
        }
        if (!IsTimeOfDay(times->end)) {
            return Error::Invalid(fmt::format("{} end must be between 00:00 and 23:59", kWeekdayNames[i]),
                                  field + ".end");
        }
        // Equal times would read as a 24-hour overnight shift; far more likely a slip.
        if (times->start == times->end) {
            return Error::Invalid(fmt::format("{} start and end must differ", kWeekdayNames[i]), field);
        }
    }
    if (!any_day) return Error::Invalid("at least one day must have times", "days");
    return Ok();
}

std::vector<Shift> GenerateShifts(const WeeklyPattern& pattern, const TimeZone& zone, Instant not_before) {
    if (!ValidatePattern(pattern).ok()) {
        // Programmer error; in release builds an unchecked range could loop for a very long time.
        assert(false && "GenerateShifts requires a valid pattern");
        return {};
    }
    std::vector<Shift> shifts;
    const std::chrono::sys_days last{pattern.end_date};
    for (std::chrono::sys_days day{pattern.start_date}; day <= last; day += std::chrono::days{1}) {
        const Date date{day};
        const std::optional<DayTimes>& times = pattern.days[IsoWeekdayIndex(date)];
        if (!times) continue;
        const Date end_date = IsOvernight(*times) ? Date{day + std::chrono::days{1}} : date;
        const Instant start = zone.ToUtc(LocalAt(date, times->start));
        const Instant end = zone.ToUtc(LocalAt(end_date, times->end));
        if (start < not_before) continue;
        // A shift whose start falls in a spring-forward gap moves later by the gap and can
        // reach or pass its end (02:30-03:00 in Berlin); there is no work to schedule then.
        if (end <= start) continue;

        Shift shift;
        shift.organization_id = pattern.organization_id;
        shift.user_id = pattern.user_id;
        shift.start = start;
        shift.end = end;
        shift.position = pattern.position;
        shift.pattern_id = pattern.id;
        shifts.push_back(std::move(shift));
    }
    return shifts;
}

}  // namespace shiftsync
