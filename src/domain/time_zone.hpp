#pragma once
// The domain's view of a time zone: conversions only, no tz database. infra/tz implements
// it with Howard Hinnant's date/tz; the domain stays free of I/O.
#include <chrono>

#include "domain/types.hpp"

namespace shiftsync {

// Seconds on a local wall clock since 1970-01-01T00:00 (like date::local_seconds).
using LocalSeconds = std::chrono::duration<std::int64_t>;

class TimeZone {
public:
    virtual ~TimeZone() = default;

    // The instant at which local wall time `local` occurs. Wall times that do not exist
    // (skipped by a spring-forward gap) resolve to the instant just after the gap, at the
    // same distance past the gap start; ambiguous ones (repeated in autumn) take the first,
    // earlier occurrence. Never fails.
    virtual Instant ToUtc(LocalSeconds local) const = 0;

    // The local wall time at `instant`.
    virtual LocalSeconds ToLocal(Instant instant) const = 0;
};

// Helpers to move between calendar values and LocalSeconds.
inline LocalSeconds LocalMidnight(Date date) { return std::chrono::sys_days{date}.time_since_epoch(); }
inline LocalSeconds LocalAt(Date date, LocalTime time) {
    return LocalMidnight(date) + std::chrono::minutes{time.minutes};
}
inline Date LocalDateOf(LocalSeconds local) {
    return Date{std::chrono::floor<std::chrono::days>(std::chrono::sys_seconds{local})};
}

}  // namespace shiftsync
