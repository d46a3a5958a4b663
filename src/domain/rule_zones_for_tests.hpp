#pragma once
// Time zones with fixed rules (UTC, and two with daylight saving) for domain tests that need DST
// without the tz database. Test-only: header-only, included by *_test.cpp files, never by the
// library. rule_zones_for_tests_test.cpp checks them against the real zones they imitate.
#include <chrono>

#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync::testing_zones {

// A northern-hemisphere zone: standard offset all year except [DstStart(y), DstEnd(y)), when it is
// one hour ahead. Transitions are given as UTC instants per year.
class RuleZone final : public TimeZone {
public:
    using Transition = Instant (*)(int year);

    RuleZone(std::chrono::seconds standard_offset, Transition dst_start, Transition dst_end)
        : standard_(standard_offset), dst_start_(dst_start), dst_end_(dst_end) {}

    LocalSeconds ToLocal(Instant instant) const override { return instant.time_since_epoch() + OffsetAt(instant); }

    // As TimeZone documents: a wall time in the spring gap keeps its distance past the gap start
    // (it is read with the standard offset in force before the gap); a repeated one takes the first.
    Instant ToUtc(LocalSeconds local) const override {
        const Instant as_daylight{local - standard_ - std::chrono::hours{1}};
        const Instant as_standard{local - standard_};
        if (ToLocal(as_daylight) == local) return as_daylight;  // the earlier of two, when both exist
        return as_standard;                                     // a standard time, or a time in the gap
    }

private:
    std::chrono::seconds OffsetAt(Instant instant) const {
        const int year =
            static_cast<int>(std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(instant)}.year());
        const bool daylight = dst_start_(year) <= instant && instant < dst_end_(year);
        return daylight ? standard_ + std::chrono::hours{1} : standard_;
    }

    std::chrono::seconds standard_;
    Transition dst_start_;
    Transition dst_end_;
};

// UTC all year: wall time is UTC, so expectations read as the wall times do.
inline const TimeZone& AlwaysUtc() {
    class Utc final : public TimeZone {
    public:
        Instant ToUtc(LocalSeconds local) const override { return Instant{local}; }
        LocalSeconds ToLocal(Instant instant) const override { return instant.time_since_epoch(); }
    };
    static const Utc zone;
    return zone;
}

// The n-th (1-based) Sunday of a month, or the last one when n == 0.
inline std::chrono::sys_days SundayOf(int year, unsigned month, unsigned n) {
    using namespace std::chrono;
    if (n == 0) return sys_days{std::chrono::year{year} / month / Sunday[last]};
    return sys_days{std::chrono::year{year} / month / Sunday[n]};
}

// Like America/New_York: UTC-5, daylight from the second Sunday of March 02:00 EST (07:00 UTC) to
// the first Sunday of November 02:00 EDT (06:00 UTC).
inline const TimeZone& UsEasternLike() {
    static const RuleZone zone(
        std::chrono::hours{-5}, [](int y) { return Instant{SundayOf(y, 3, 2)} + std::chrono::hours{7}; },
        [](int y) { return Instant{SundayOf(y, 11, 1)} + std::chrono::hours{6}; });
    return zone;
}

// Like Europe/London: UTC+0, daylight from the last Sunday of March 01:00 UTC to the last Sunday
// of October 01:00 UTC.
inline const TimeZone& LondonLike() {
    static const RuleZone zone(
        std::chrono::hours{0}, [](int y) { return Instant{SundayOf(y, 3, 0)} + std::chrono::hours{1}; },
        [](int y) { return Instant{SundayOf(y, 10, 0)} + std::chrono::hours{1}; });
    return zone;
}

}  // namespace shiftsync::testing_zones
