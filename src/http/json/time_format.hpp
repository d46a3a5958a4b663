#pragma once
// Text forms of instants, dates and times of day at the API edge.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/types.hpp"

namespace shiftsync::http {

// RFC 3339 date-time with "Z" or a numeric offset; fractional seconds are dropped.
std::optional<Instant> ParseInstant(std::string_view text);
std::string FormatInstant(Instant instant);  // "2026-03-30T06:00:00Z"

std::optional<Date> ParseDate(std::string_view text);  // "YYYY-MM-DD", a real calendar date
std::string FormatDate(Date date);

std::optional<std::chrono::weekday> ParseWeekday(std::string_view name);  // "monday".."sunday"
std::string_view WeekdayName(std::chrono::weekday day);
std::string_view IsoWeekdayName(int index);  // 0 = "monday" ... 6 = "sunday"

}  // namespace shiftsync::http
