// The rules engine: the window of shifts a caller must load.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "domain/rules_engine.hpp"
#include "domain/rules_engine_test_support.hpp"

namespace shiftsync {
namespace {

using namespace rules_test;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// --- The window -------------------------------------------------------------------------

TEST(RulesWindow, WeeksRestAndRunsAroundTheTouchedRanges) {
    OrganizationRules org;
    const RuleLimits limits;  // 10 h rest, 6 days
    // Wed, Mar 4 09:00-17:00, Monday weeks: from Thu, Feb 26 (6 days before) to the end of
    // Tue, Mar 10 (6 days after: Wed, Mar 11 00:00).
    const TimeRange wednesday{At(kLondon, 2026, 3, 4, 9), At(kLondon, 2026, 3, 4, 17)};
    EXPECT_EQ(RulesWindow(org, kLondon, limits, {&wednesday, 1}),
              (TimeRange{At(kLondon, 2026, 2, 26, 0), At(kLondon, 2026, 3, 11, 0)}));
    // With runs of at most 2 days, the week and the rest decide: Mon, Mar 2 to Mon, Mar 9.
    RuleLimits short_runs;
    short_runs.max_consecutive_days = 2;
    EXPECT_EQ(RulesWindow(org, kLondon, short_runs, {&wednesday, 1}),
              (TimeRange{At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 9, 0)}));
    // A Sunday night shift with Sunday weeks and a long rest: the rest reaches past both.
    org.week_start = std::chrono::Sunday;
    RuleLimits long_rest;
    long_rest.min_rest = hours{30};
    long_rest.max_consecutive_days = 1;
    const TimeRange night{At(kEastern, 2026, 3, 7, 22), At(kEastern, 2026, 3, 8, 6)};  // over spring forward
    EXPECT_EQ(RulesWindow(org, kEastern, long_rest, {&night, 1}),
              (TimeRange{At(kEastern, 2026, 3, 1, 0), At(kEastern, 2026, 3, 15, 0)}));
    EXPECT_EQ(RulesWindow(org, kEastern, long_rest, {}), TimeRange{});
}

TEST(RulesWindow, TouchedRangesIncludeOldPositions) {
    const std::vector<Shift> existing = {Work(kLondon, 1, D(2026, 3, 2), 9, 17), Work(kLondon, 2, D(2026, 3, 3), 9, 17),
                                         Work(kLondon, 3, D(2026, 3, 4), 9, 17)};
    ShiftChange change = Put(Work(kLondon, 1, D(2026, 3, 20), 9, 17));
    change.removed.push_back(3);
    EXPECT_EQ(TouchedRanges(change, existing),
              (std::vector<TimeRange>{{At(kLondon, 2026, 3, 20, 9), At(kLondon, 2026, 3, 20, 17)},
                                      {existing[0].start, existing[0].end},
                                      {existing[2].start, existing[2].end}}));
}

// Loading only the window gives the same answer as loading everything: random schedules over
// ten weeks, random changes, every rule on, both zones, Monday and Thursday weeks.
TEST(RulesWindow, LoadingTheWindowIsEnough) {
    std::uint64_t seed = 12345;
    const auto next = [&](int bound) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((seed >> 33) % static_cast<std::uint64_t>(bound));
    };
    const TimeZone* zones[] = {&kEastern, &kLondon};
    int reported = 0;
    for (int round = 0; round < 200; ++round) {
        const TimeZone& zone = *zones[round % 2];
        OrganizationRules org;
        org.levels = AllLevels(RuleLevel::kWarn);
        org.week_start = round % 3 == 0 ? std::chrono::Thursday : std::chrono::Monday;
        PersonRules ada = Ada();
        ada.overrides.min_per_week = hours{20};
        ada.overrides.max_per_day = hours{9};
        ada.overrides.min_rest = hours{8 + next(12)};
        if (round % 5 == 0) {
            org.limits.max_consecutive_days.reset();  // no runs: the week and the rest set the window
        } else {
            ada.overrides.max_consecutive_days = 1 + next(6);
        }
        const Date first = round % 4 < 2 ? D(2026, 2, 16) : D(2026, 10, 5);  // spans spring or autumn changes
        std::vector<Shift> all;
        for (int day = 0; day < 70; ++day) {
            if (next(3) == 0) continue;
            const int from = next(24);
            const int length = 2 + next(10);
            Shift s = Work(zone, day + 1, Plus(first, day), from, (from + length) % 24);
            all.push_back(s);
        }
        ShiftChange change;
        const int day = 20 + next(30);
        change.put.push_back(Work(zone, 0, Plus(first, day), next(24), next(24) == 0 ? 1 : next(23) + 1));
        if (!all.empty() && next(2) == 0) change.removed.push_back(all[next(static_cast<int>(all.size()))].id);
        if (!all.empty() && next(2) == 0) {
            Shift moved = all[next(static_cast<int>(all.size()))];
            moved.start += hours{next(48) - 24};
            moved.end = moved.start + hours{4};
            change.put.push_back(moved);
        }

        const RuleLimits limits = EffectiveLimits(org.limits, ada.overrides);
        const std::vector<TimeRange> touched = TouchedRanges(change, all);
        const TimeRange window = RulesWindow(org, zone, limits, touched);
        std::vector<Shift> loaded;
        for (const Shift& s : all) {
            if (Overlaps(s.start, s.end, window.start, window.end)) loaded.push_back(s);
        }
        const RuleCheck full = Check(org, zone, ada, all, change);
        const RuleCheck partial = Check(org, zone, ada, loaded, change);
        // Runs are reported with the days loaded, so compare everything but their sentence.
        ASSERT_EQ(full.violations.size(), partial.violations.size()) << round;
        for (std::size_t i = 0; i < full.violations.size(); ++i) {
            EXPECT_EQ(full.violations[i].rule, partial.violations[i].rule) << round;
            if (full.violations[i].rule != Rule::kMaxConsecutiveDays) {
                EXPECT_EQ(full.violations[i], partial.violations[i]) << round;
            }
        }
        reported += static_cast<int>(full.violations.size());
    }
    EXPECT_GT(reported, 100);  // the rounds do break rules
}

}  // namespace
}  // namespace shiftsync
