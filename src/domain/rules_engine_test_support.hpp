#pragma once
// Builders shared by the rules engine's tests (rules_engine*_test.cpp): people, shifts on local
// wall times in the fixed-rule zones, one rule at a time, and checking a change. Test-only.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "domain/rule_zones_for_tests.hpp"
#include "domain/rules_engine.hpp"

namespace shiftsync::rules_test {

inline constexpr Id kAda = 1;
inline constexpr Id kBob = 2;

// Fixed-rule zones (rule_zones_for_tests_test.cpp checks them against the tz database).
inline const TimeZone& kEastern = testing_zones::UsEasternLike();
inline const TimeZone& kLondon =
    testing_zones::LondonLike();  // GMT until Sun, Mar 29, 2026; BST until Sun, Oct 25, 2026

inline Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / m / d; }

// The instant of a local wall time in `zone`.
inline Instant At(const TimeZone& zone, int y, unsigned m, unsigned d, int h, int min = 0) {
    return zone.ToUtc(LocalAt(D(y, m, d), LocalTime{h * 60 + min}));
}

inline Shift S(Id id, Id user, Instant start, Instant end) {
    Shift shift;
    shift.id = id;
    shift.organization_id = 7;
    shift.user_id = user;
    shift.start = start;
    shift.end = end;
    return shift;
}

// A shift of Ada on a local date from `from` to `to` o'clock (to <= from: ends the next day).
inline Shift Work(const TimeZone& zone, Id id, Date date, int from, int to, Id user = kAda) {
    const Date end_date = to <= from ? Date{std::chrono::sys_days{date} + std::chrono::days{1}} : date;
    return S(id, user, zone.ToUtc(LocalAt(date, LocalTime{from * 60})),
             zone.ToUtc(LocalAt(end_date, LocalTime{to * 60})));
}

inline Date Plus(Date date, int n) { return Date{std::chrono::sys_days{date} + std::chrono::days{n}}; }

inline RuleLevels AllLevels(RuleLevel level) { return RuleLevels{level, level, level, level, level, level, level}; }

// Every rule off except `rule` at `level`: each test sees only what it is about.
inline OrganizationRules Only(Rule rule, RuleLevel level = RuleLevel::kWarn) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kOff);
    switch (rule) {
        case Rule::kMaxHoursPerWeek: org.levels.max_hours_per_week = level; break;
        case Rule::kMinHoursPerWeek: org.levels.min_hours_per_week = level; break;
        case Rule::kMaxHoursPerDay: org.levels.max_hours_per_day = level; break;
        case Rule::kMinRest: org.levels.min_rest = level; break;
        case Rule::kMaxConsecutiveDays: org.levels.max_consecutive_days = level; break;
        case Rule::kUnavailable: org.levels.unavailable = level; break;
        case Rule::kTimeOff: org.levels.time_off = level; break;
    }
    return org;
}

inline PersonRules Ada() {
    PersonRules person;
    person.user_id = kAda;
    person.name = "Ada";
    return person;
}

inline PersonRules Bob() {
    PersonRules person;
    person.user_id = kBob;
    person.name = "Bob";
    return person;
}

inline ShiftChange Put(Shift shift) { return ShiftChange{{std::move(shift)}, {}}; }
inline ShiftChange Remove(Id id) { return ShiftChange{{}, {id}}; }

inline RuleCheck Check(const OrganizationRules& org, const TimeZone& zone, const PersonRules& person,
                       const std::vector<Shift>& existing, const ShiftChange& change) {
    Result<RuleCheck> result = CheckChange(org, zone, person, existing, change);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().field);
    return result.ok() ? std::move(result).value() : RuleCheck{};
}

inline std::vector<std::string> Messages(const RuleCheck& check) {
    std::vector<std::string> out;
    for (const Violation& v : check.violations) out.push_back(v.message);
    return out;
}

using Strings = std::vector<std::string>;
using Ids = std::vector<Id>;

// Mon, Mar 2, 2026 .. Fri, Mar 6: five 8-hour days in London (GMT then), ids 1..5.
inline std::vector<Shift> FortyHourWeek() {
    std::vector<Shift> shifts;
    for (int i = 0; i < 5; ++i) shifts.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 17));
    return shifts;
}

}  // namespace shiftsync::rules_test
