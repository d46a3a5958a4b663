#pragma once
// Dates and times as people read them, in the formats the web app shows them (web/src/lib/time.ts
// and shortTime in web/src/pages/schedule/model.ts) for an organisation's locale setting. Emails
// use these, so an email says "Mon, Jan 4, 7 AM–3 PM" where the schedule shows "7 AM–3 PM".
// Pure: the caller turns instants into local wall times with the organisation's TimeZone.
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync {

// The locales whose formats are known. The words of emails stay English; the locale chooses the
// clock (12 or 24 hours) and the order of day and month.
enum class DisplayLocale {
    kEnUs,  // "Mon, Jan 4", "7 AM", "7:30 PM"
    kEnGb,  // "Mon 4 Jan", "07:00", "19:30"
};

inline constexpr std::string_view kDefaultLocaleTag = "en-US";

// The BCP 47 tags an organisation may choose ("en-US", "en-GB"), the default first.
std::span<const std::string_view> SupportedLocaleTags();
// The locale of a supported tag, exactly as SupportedLocaleTags spells it; nullopt otherwise.
std::optional<DisplayLocale> ParseLocaleTag(std::string_view tag);
// For stored values (validated when written): an unknown tag is taken as the default.
DisplayLocale LocaleOrDefault(std::string_view tag);

// "7 AM", "7:30 AM", "12 PM" (noon), "12 AM" (midnight); en-GB "07:00", "19:30", "00:00".
// REQUIRES: 0 <= time.minutes < 1440
std::string FormatClock(LocalTime time, DisplayLocale locale);
// "Mon, Jan 4"; en-GB "Mon 4 Jan".
std::string FormatDay(Date date, DisplayLocale locale);
// "Mon, Jan 4, 2027"; en-GB "Mon 4 Jan 2027".
std::string FormatDate(Date date, DisplayLocale locale);
// "Mon, Jan 4, 7:30 AM"; en-GB "Mon 4 Jan, 07:30".
std::string FormatDateTime(LocalSeconds local, DisplayLocale locale);
// A stretch of work by its local start and end:
//   same day      "Mon, Jan 4, 7 AM–3 PM"
//   next day      "Mon, Jan 4, 10 PM–6 AM (next day)"   (as the grid shows it, on its first day)
//   any other end "Mon, Jan 4, 10 PM – Wed, Jan 6, 6 AM"
// An end at midnight is the next day's 12 AM. The dash is U+2013, as in the app.
std::string FormatTimeRange(LocalSeconds start, LocalSeconds end, DisplayLocale locale);

// The wall time of `local` within its day.
LocalTime TimeOfDay(LocalSeconds local);

}  // namespace shiftsync
