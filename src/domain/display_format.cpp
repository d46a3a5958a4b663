#include "domain/display_format.hpp"

#include <fmt/format.h>

#include <array>
#include <cassert>

#include "domain/weekly_pattern.hpp"

namespace shiftsync {
namespace {

constexpr std::array<std::string_view, 2> kTags = {"en-US", "en-GB"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string_view WeekdayOf(Date date) { return kWeekdays[IsoWeekdayIndex(date)]; }
std::string_view MonthOf(Date date) { return kMonths[static_cast<unsigned>(date.month()) - 1]; }
unsigned DayOf(Date date) { return static_cast<unsigned>(date.day()); }

}  // namespace

std::span<const std::string_view> SupportedLocaleTags() { return kTags; }

std::optional<DisplayLocale> ParseLocaleTag(std::string_view tag) {
    if (tag == "en-US") return DisplayLocale::kEnUs;
    if (tag == "en-GB") return DisplayLocale::kEnGb;
    return std::nullopt;
}

DisplayLocale LocaleOrDefault(std::string_view tag) { return ParseLocaleTag(tag).value_or(DisplayLocale::kEnUs); }

LocalTime TimeOfDay(LocalSeconds local) {
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - LocalMidnight(LocalDateOf(local)));
    return LocalTime{static_cast<int>(minutes.count())};
}

std::string FormatClock(LocalTime time, DisplayLocale locale) {
    assert(time.minutes >= 0 && time.minutes < 24 * 60);
    const int hour = time.minutes / 60;
    const int minute = time.minutes % 60;
    switch (locale) {
        case DisplayLocale::kEnGb: return fmt::format("{:02}:{:02}", hour, minute);
        case DisplayLocale::kEnUs: break;
    }
    // Whole hours without ":00", as the grid shows them ("9 AM"), like shortTime in the web app.
    const int twelve = hour % 12 == 0 ? 12 : hour % 12;
    const char* period = hour < 12 ? "AM" : "PM";
    if (minute == 0) return fmt::format("{} {}", twelve, period);
    return fmt::format("{}:{:02} {}", twelve, minute, period);
}

std::string FormatDay(Date date, DisplayLocale locale) {
    switch (locale) {
        case DisplayLocale::kEnGb: return fmt::format("{} {} {}", WeekdayOf(date), DayOf(date), MonthOf(date));
        case DisplayLocale::kEnUs: break;
    }
    return fmt::format("{}, {} {}", WeekdayOf(date), MonthOf(date), DayOf(date));
}

std::string FormatDate(Date date, DisplayLocale locale) {
    const int year = static_cast<int>(date.year());
    switch (locale) {
        case DisplayLocale::kEnGb: return fmt::format("{} {}", FormatDay(date, locale), year);
        case DisplayLocale::kEnUs: break;
    }
    return fmt::format("{}, {}", FormatDay(date, locale), year);
}

std::string FormatDateTime(LocalSeconds local, DisplayLocale locale) {
    return fmt::format("{}, {}", FormatDay(LocalDateOf(local), locale), FormatClock(TimeOfDay(local), locale));
}

std::string FormatTimeRange(LocalSeconds start, LocalSeconds end, DisplayLocale locale) {
    const Date first = LocalDateOf(start);
    const Date last = LocalDateOf(end);
    const std::string from = FormatClock(TimeOfDay(start), locale);
    const std::string to = FormatClock(TimeOfDay(end), locale);
    const auto days_apart = (std::chrono::sys_days{last} - std::chrono::sys_days{first}).count();
    if (days_apart == 0) return fmt::format("{}, {}\u2013{}", FormatDay(first, locale), from, to);
    if (days_apart == 1) return fmt::format("{}, {}\u2013{} (next day)", FormatDay(first, locale), from, to);
    return fmt::format("{} \u2013 {}", FormatDateTime(start, locale), FormatDateTime(end, locale));
}

}  // namespace shiftsync
