#pragma once
// Zones with fixed daylight-saving rules, for domain tests that must not read the tz database:
// the DST transitions are computed here from the rule, so a test's zone never changes with the
// system's tzdata. Header-only, for tests; rules_engine_test.cpp checks them against the real
// zones (ZoneForTests) over 2026-2028.
#include <chrono>

#include "domain/time_zone.hpp"

namespace shiftsync {

// A zone that is `standard` ahead of UTC, and `standard + 1 h` from `DstStart(year)` to
// `DstEnd(year)` (instants; northern hemisphere, so the summer lies within one UTC year).
class RuleZoneForTests : public TimeZone {
public:
    explicit RuleZoneForTests(std::chrono::seconds standard) : standard_(standard) {}

    LocalSeconds ToLocal(Instant instant) const override { return instant.time_since_epoch() + OffsetAt(instant); }

    // As TimeZone promises: a skipped wall time is taken at the standard offset (so it lands as
    // far past the gap as it lies past the gap's start), a repeated one at its first occurrence.
    Instant ToUtc(LocalSeconds local) const override {
        const Instant summer{local - standard_ - std::chrono::hours{1}};
        if (ToLocal(summer) == local) return summer;
        return Instant{local - standard_};
    }

protected:
    virtual Instant DstStart(std::chrono::year year) const = 0;
    virtual Instant DstEnd(std::chrono::year year) const = 0;

    // The n-th (1-based) `weekday` of a month, or the last one (n = 0), at `time_utc`.
    static Instant Nth(std::chrono::year y, unsigned month, std::chrono::weekday weekday, unsigned n,
                       std::chrono::seconds time_utc) {
        const std::chrono::year_month ym = y / std::chrono::month{month};
        const std::chrono::sys_days day =
            n == 0 ? std::chrono::sys_days{ym / weekday[std::chrono::last]} : std::chrono::sys_days{ym / weekday[n]};
        return Instant{day} + time_utc;
    }

private:
    std::chrono::seconds OffsetAt(Instant instant) const {
        const std::chrono::year year =
            std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(instant)}.year();
        const bool summer = instant >= DstStart(year) && instant < DstEnd(year);
        return summer ? standard_ + std::chrono::hours{1} : standard_;
    }

    std::chrono::seconds standard_;
};

// Like America/New_York since 2007: UTC-5, UTC-4 from the second Sunday of March 02:00 local
// (07:00 UTC) to the first Sunday of November 02:00 local summer time (06:00 UTC).
class EasternZoneForTests final : public RuleZoneForTests {
public:
    EasternZoneForTests() : RuleZoneForTests(std::chrono::hours{-5}) {}

protected:
    Instant DstStart(std::chrono::year y) const override {
        return Nth(y, 3, std::chrono::Sunday, 2, std::chrono::hours{7});
    }
    Instant DstEnd(std::chrono::year y) const override {
        return Nth(y, 11, std::chrono::Sunday, 1, std::chrono::hours{6});
    }
};

// Like Europe/London: UTC, UTC+1 from the last Sunday of March to the last Sunday of October,
// both at 01:00 UTC.
class LondonZoneForTests final : public RuleZoneForTests {
public:
    LondonZoneForTests() : RuleZoneForTests(std::chrono::hours{0}) {}

protected:
    Instant DstStart(std::chrono::year y) const override {
        return Nth(y, 3, std::chrono::Sunday, 0, std::chrono::hours{1});
    }
    Instant DstEnd(std::chrono::year y) const override {
        return Nth(y, 10, std::chrono::Sunday, 0, std::chrono::hours{1});
    }
};

}  // namespace shiftsync
