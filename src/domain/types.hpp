#pragma once
// Basic vocabulary shared by every layer.
#include <chrono>
#include <cstdint>

namespace shiftsync {

using Id = std::int64_t;

// An instant, UTC, whole seconds. Stored as Unix seconds; RFC 3339 at the HTTP edge.
using Instant = std::chrono::sys_seconds;

// A calendar date with no zone (a pattern's start date, a schedule's week).
using Date = std::chrono::year_month_day;

// A wall-clock time of day in the organisation's zone, minutes after midnight [0, 1440).
struct LocalTime {
    int minutes = 0;
    friend bool operator==(const LocalTime&, const LocalTime&) = default;
};

}  // namespace shiftsync
