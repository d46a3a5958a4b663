// The rules engine: names, levels and limits, each rule off/warn/block, changes, bad input, a period, scale.
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

// --- Names, levels, limits --------------------------------------------------------------

TEST(RulesEngine, RuleNamesAndLevels) {
    EXPECT_EQ(RuleName(Rule::kMaxHoursPerWeek), "max_hours_per_week");
    EXPECT_EQ(RuleName(Rule::kMinHoursPerWeek), "min_hours_per_week");
    EXPECT_EQ(RuleName(Rule::kMaxHoursPerDay), "max_hours_per_day");
    EXPECT_EQ(RuleName(Rule::kMinRest), "min_rest");
    EXPECT_EQ(RuleName(Rule::kMaxConsecutiveDays), "max_consecutive_days");
    EXPECT_EQ(RuleName(Rule::kUnavailable), "unavailable");
    EXPECT_EQ(RuleName(Rule::kTimeOff), "time_off");

    const OrganizationRules org = Only(Rule::kMinRest, RuleLevel::kBlock);
    EXPECT_EQ(LevelOf(org.levels, Rule::kMinRest), RuleLevel::kBlock);
    EXPECT_EQ(LevelOf(org.levels, Rule::kTimeOff), RuleLevel::kOff);
}

TEST(RulesEngine, DefaultsFollowTheIssue) {
    const OrganizationRules org;
    for (Rule rule :
         {Rule::kMaxHoursPerWeek, Rule::kMinRest, Rule::kMaxConsecutiveDays, Rule::kUnavailable, Rule::kTimeOff}) {
        EXPECT_EQ(LevelOf(org.levels, rule), RuleLevel::kWarn) << RuleName(rule);
    }
    EXPECT_EQ(org.limits.max_per_week, hours{40});
    EXPECT_EQ(org.limits.min_rest, hours{10});
    EXPECT_EQ(org.limits.max_consecutive_days, 6);
    EXPECT_FALSE(org.limits.min_per_week);  // no contract, no daily maximum until set
    EXPECT_FALSE(org.limits.max_per_day);
    EXPECT_EQ(org.week_start, std::chrono::Monday);
    EXPECT_TRUE(ValidateRuleLimits(org.limits).ok());
}

TEST(RulesEngine, ValidateRuleLimitsNamesTheField) {
    const auto field = [](RuleLimits limits) {
        const Status status = ValidateRuleLimits(limits);
        if (status.ok()) return std::string("ok");
        EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
        return status.error().field;
    };
    RuleLimits l;
    l.max_per_week = minutes{0};
    EXPECT_EQ(field(l), "max_hours_per_week");
    l.max_per_week = hours{169};
    EXPECT_EQ(field(l), "max_hours_per_week");
    l.max_per_week = hours{168};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.min_per_week = minutes{-1};
    EXPECT_EQ(field(l), "min_hours_per_week");
    l.min_per_week = hours{41};  // above the maximum of 40
    EXPECT_EQ(field(l), "min_hours_per_week");
    l.min_per_week = hours{40};
    EXPECT_EQ(field(l), "ok");
    l.max_per_week.reset();
    l.min_per_week = hours{100};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.max_per_day = minutes{0};
    EXPECT_EQ(field(l), "max_hours_per_day");
    l.max_per_day = hours{25};
    EXPECT_EQ(field(l), "max_hours_per_day");
    l.max_per_day = hours{24};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.min_rest = minutes{-1};
    EXPECT_EQ(field(l), "min_rest_hours");
    l.min_rest = hours{49};
    EXPECT_EQ(field(l), "min_rest_hours");
    l.min_rest = minutes{0};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.max_consecutive_days = 0;
    EXPECT_EQ(field(l), "max_consecutive_days");
    l.max_consecutive_days = 32;
    EXPECT_EQ(field(l), "max_consecutive_days");
    l.max_consecutive_days = 31;
    EXPECT_EQ(field(l), "ok");
}

TEST(RulesEngine, PersonalOverridesReplaceOnlyWhatTheySet) {
    RuleLimits org;
    org.max_per_day = hours{12};
    LimitOverrides ada;
    ada.max_per_week = hours{20};
    ada.min_per_week = hours{16};
    const RuleLimits limits = EffectiveLimits(org, ada);
    EXPECT_EQ(limits.max_per_week, hours{20});
    EXPECT_EQ(limits.min_per_week, hours{16});
    EXPECT_EQ(limits.max_per_day, hours{12});
    EXPECT_EQ(limits.min_rest, hours{10});
    EXPECT_EQ(limits.max_consecutive_days, 6);
    EXPECT_EQ(EffectiveLimits(org, {}), org);
}

TEST(RulesEngine, FormatHours) {
    EXPECT_EQ(FormatHours(hours{46}), "46 h");
    EXPECT_EQ(FormatHours(hours{7} + minutes{30}), "7 h 30 min");
    EXPECT_EQ(FormatHours(minutes{45}), "45 min");
    EXPECT_EQ(FormatHours(std::chrono::seconds{0}), "0 h");
    EXPECT_EQ(FormatHours(minutes{90} + std::chrono::seconds{59}), "1 h 30 min");
}

// --- Each rule off, warn and block ------------------------------------------------------

struct Scenario {
    Rule rule;
    PersonRules person;
    std::vector<Shift> existing;
    ShiftChange change;
};

std::vector<Scenario> OneScenarioPerRule() {
    std::vector<Scenario> out;
    { out.push_back({Rule::kMaxHoursPerWeek, Ada(), FortyHourWeek(), Put(Work(kLondon, 0, D(2026, 3, 7), 9, 10))}); }
    {
        PersonRules ada = Ada();
        ada.overrides.min_per_week = hours{20};
        out.push_back({Rule::kMinHoursPerWeek, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    {
        PersonRules ada = Ada();
        ada.overrides.max_per_day = hours{6};
        out.push_back({Rule::kMaxHoursPerDay, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    out.push_back({Rule::kMinRest,
                   Ada(),
                   {Work(kLondon, 1, D(2026, 3, 2), 14, 23)},
                   Put(Work(kLondon, 0, D(2026, 3, 3), 6, 10))});
    {
        std::vector<Shift> six;
        for (int i = 0; i < 6; ++i) six.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 13));
        out.push_back({Rule::kMaxConsecutiveDays, Ada(), six, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 13))});
    }
    {
        PersonRules ada = Ada();
        ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 3, 12), At(kLondon, 2026, 3, 3, 14)}});
        out.push_back({Rule::kUnavailable, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    {
        PersonRules ada = Ada();
        ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 3, 12), At(kLondon, 2026, 3, 3, 14)}});
        out.push_back({Rule::kTimeOff, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    return out;
}

TEST(RuleLevels, EachRuleOffWarnAndBlock) {
    for (const Scenario& s : OneScenarioPerRule()) {
        SCOPED_TRACE(std::string(RuleName(s.rule)));
        // Only this rule on: at each level.
        EXPECT_TRUE(Check(Only(s.rule, RuleLevel::kOff), kLondon, s.person, s.existing, s.change).violations.empty());
        const RuleCheck warn = Check(Only(s.rule, RuleLevel::kWarn), kLondon, s.person, s.existing, s.change);
        ASSERT_EQ(warn.violations.size(), 1u);
        EXPECT_EQ(warn.violations[0].rule, s.rule);
        EXPECT_EQ(warn.violations[0].severity, Severity::kWarn);
        EXPECT_FALSE(warn.blocked());
        EXPECT_EQ(warn.warnings(), warn.violations);
        const RuleCheck block = Check(Only(s.rule, RuleLevel::kBlock), kLondon, s.person, s.existing, s.change);
        ASSERT_EQ(block.violations.size(), 1u);
        EXPECT_EQ(block.violations[0].severity, Severity::kBlock);
        EXPECT_TRUE(block.blocked());
        EXPECT_TRUE(block.warnings().empty());

        // Every other rule on at block: still only this one breaks.
        OrganizationRules all;
        all.levels = AllLevels(RuleLevel::kBlock);
        const RuleCheck alone = Check(all, kLondon, s.person, s.existing, s.change);
        ASSERT_EQ(alone.violations.size(), 1u);
        EXPECT_EQ(alone.violations[0].rule, s.rule);
        all.levels = AllLevels(RuleLevel::kOff);
        EXPECT_TRUE(Check(all, kLondon, s.person, s.existing, s.change).violations.empty());
    }
}

TEST(RuleLevels, WarningsAndBlocksTogetherAreInRuleOrder) {
    OrganizationRules org;
    org.levels.max_hours_per_week = RuleLevel::kBlock;
    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 7, 0), At(kLondon, 2026, 3, 8, 0)}});
    const RuleCheck check = Check(org, kLondon, ada, FortyHourWeek(), Put(Work(kLondon, 0, D(2026, 3, 7), 9, 17)));
    ASSERT_EQ(check.violations.size(), 2u);
    EXPECT_EQ(check.violations[0].rule, Rule::kMaxHoursPerWeek);
    EXPECT_EQ(check.violations[1].rule, Rule::kTimeOff);
    EXPECT_TRUE(check.blocked());
    ASSERT_EQ(check.warnings().size(), 1u);
    EXPECT_EQ(check.warnings()[0].rule, Rule::kTimeOff);
}

// --- Edits and removals -----------------------------------------------------------------

TEST(Changes, AMovedShiftNoLongerCountsWhereItWas) {
    const OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    std::vector<Shift> existing = FortyHourWeek();
    existing.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 17));  // 48 h: over already
    // Moving Saturday's shift to next Monday: this week 40 h, next week 8 h.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 6, D(2026, 3, 9), 9, 17))).violations.empty());
    // Moving it within the week: still over, once, with the shift at its new place.
    const RuleCheck within = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 6, D(2026, 3, 8), 9, 17)));
    ASSERT_EQ(within.violations.size(), 1u);
    EXPECT_EQ(within.violations[0].message, "Ada would work 48 h in the week of Mon, Mar 2 (max 40 h)");
    EXPECT_EQ(within.violations[0].shift_ids, (Ids{1, 2, 3, 4, 5, 6}));
    // Shortening it: 44 h.
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 6, D(2026, 3, 7), 9, 13)))),
              (Strings{"Ada would work 44 h in the week of Mon, Mar 2 (max 40 h)"}));
}

TEST(Changes, MovingAShiftAwayClearsTheRestItBroke) {
    const OrganizationRules org = Only(Rule::kMinRest);
    const std::vector<Shift> existing = {Work(kLondon, 1, D(2026, 3, 2), 14, 23),
                                         Work(kLondon, 2, D(2026, 3, 3), 6, 10)};
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 2, D(2026, 3, 3), 10, 14))).violations.empty());
    EXPECT_EQ(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 2, D(2026, 3, 3), 8, 12))).violations.size(), 1u);
}

TEST(Changes, GivingAShiftToSomeoneElse) {
    const OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    std::vector<Shift> existing = FortyHourWeek();
    existing.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 17));
    Shift to_bob = existing.back();
    to_bob.user_id = kBob;
    // Ada loses it: under 40 again. Bob gets it: 8 h, fine; with Bob's own 36 h, 44 h.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(to_bob)).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, Bob(), existing, Put(to_bob)).violations.empty());
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kLondon, 21 + i, Plus(D(2026, 3, 2), i), 8, 17, kBob));
    const RuleCheck bob = Check(org, kLondon, Bob(), existing, Put(to_bob));
    EXPECT_EQ(Messages(bob), (Strings{"Bob would work 44 h in the week of Mon, Mar 2 (max 40 h)"}));
    EXPECT_EQ(bob.violations[0].user_id, kBob);
    EXPECT_EQ(bob.violations[0].shift_ids, (Ids{21, 22, 23, 24, 6}));
    // Made open: nobody's.
    Shift open = existing[5];
    open.user_id.reset();
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(open)).violations.empty());
}

TEST(Changes, RemovalClearsAViolation) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kBlock);
    std::vector<Shift> existing = FortyHourWeek();
    existing.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 17));
    // Adding Sunday breaks the week (56 h) and the run (7 days).
    const RuleCheck before = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 17)));
    EXPECT_EQ(before.violations.size(), 2u);
    // Removing Saturday: 40 h and a run of five.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Remove(6)).violations.empty());
    // Removing an id that is not there touches nothing, so reports nothing.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Remove(99)).violations.empty());
    // Removing Saturday and adding Sunday in one change: 48 - 8 + 8 h, and no longer 7 days.
    ShiftChange swap = Remove(6);
    swap.put.push_back(Work(kLondon, 0, D(2026, 3, 8), 9, 17));
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), existing, swap)),
              (Strings{"Ada would work 48 h in the week of Mon, Mar 2 (max 40 h)"}));
    swap.put[0] = Work(kLondon, 0, D(2026, 3, 8), 9, 13);
    const RuleCheck swapped = Check(org, kLondon, Ada(), existing, swap);
    EXPECT_EQ(Messages(swapped), (Strings{"Ada would work 44 h in the week of Mon, Mar 2 (max 40 h)"}));
}

TEST(Changes, ViolationsTheChangeHasNoPartInAreLeftOut) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kWarn);
    // Last week: 48 h and too little rest, both already there.
    std::vector<Shift> existing;
    for (int i = 0; i < 6; ++i) existing.push_back(Work(kLondon, i + 1, Plus(D(2026, 2, 23), i), 9, 17));
    existing.push_back(Work(kLondon, 7, D(2026, 2, 23), 18, 0));  // 9 h before Tuesday's
    // This week's Wednesday: its week is fine, and it is nobody's neighbour.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 4), 9, 17))).violations.empty());
}

TEST(Changes, SeveralNewShiftsAreToldApartByProvisionalIds) {
    const OrganizationRules org = Only(Rule::kMinRest);
    ShiftChange pattern;
    pattern.put.push_back(Work(kLondon, -1, D(2026, 3, 2), 14, 23));
    pattern.put.push_back(Work(kLondon, -2, D(2026, 3, 3), 6, 14));
    pattern.put.push_back(Work(kLondon, -3, D(2026, 3, 4), 6, 14));
    const RuleCheck check = Check(org, kLondon, Ada(), {}, pattern);
    ASSERT_EQ(check.violations.size(), 1u);
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{-1, -2}));
}

// --- Bad input --------------------------------------------------------------------------

TEST(BadInput, NamesTheField) {
    const auto field = [](const Result<RuleCheck>& r) { return r.ok() ? std::string("ok") : r.error().field; };
    const OrganizationRules org;
    EXPECT_EQ(field(CheckChange(org, kLondon, Ada(), {},
                                Put(S(0, kAda, At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 9))))),
              "put[0].end");
    ShiftChange two = Put(Work(kLondon, 0, D(2026, 3, 2), 9, 17));
    two.put.push_back(S(-1, kBob, At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 8)));
    EXPECT_EQ(field(CheckChange(org, kLondon, Ada(), {}, two)), "put[1].end");

    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kPreferred, {At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 10)}});
    ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 9)}});
    EXPECT_EQ(field(CheckChange(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 2), 9, 17)))), "marked[1].end");

    ada = Ada();
    ada.overrides.min_per_week = hours{50};  // above the organisation's 40 h maximum
    EXPECT_EQ(field(CheckChange(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 2), 9, 17)))),
              "min_hours_per_week");
    EXPECT_EQ(field(CheckPeriod(org, kLondon, Ada(), {}, {At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 2, 0)})),
              "period.end");
    const Result<RuleCheck> bad = CheckChange(org, kLondon, ada, {}, {});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

// --- A period (the schedule's week, the conflicts list) ----------------------------------

TEST(CheckPeriod, ReportsTheWeeksWhollyInsideAndTheShiftsStartingInIt) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kWarn);
    org.week_start = std::chrono::Sunday;
    std::vector<Shift> shifts;
    // Sat, Feb 28 14:00-23:00 (before the period), then Sun, Mar 1 .. Sat, Mar 7 at 06:00-14:00.
    shifts.push_back(Work(kEastern, 1, D(2026, 2, 28), 14, 23));
    for (int i = 0; i < 7; ++i) shifts.push_back(Work(kEastern, 10 + i, Plus(D(2026, 3, 1), i), 6, 14));
    shifts.push_back(Work(kEastern, 99, D(2026, 3, 2), 6, 14, kBob));  // Bob's: not Ada's business
    const TimeRange week{At(kEastern, 2026, 3, 1, 0), At(kEastern, 2026, 3, 8, 0)};
    Result<RuleCheck> check = CheckPeriod(org, kEastern, Ada(), shifts, week);
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(Messages(*check),
              (Strings{"Ada would work 56 h in the week of Sun, Mar 1 (max 40 h)",
                       "Ada would rest 7 h between Sat, Feb 28, 11 PM and Sun, Mar 1, 6 AM (min 10 h)",
                       "Ada would work 8 days in a row, Sat, Feb 28 to Sat, Mar 7 (max 6)"}));

    // Half a week: its hours are not judged, since shifts outside it count in it.
    Result<RuleCheck> half = CheckPeriod(org, kEastern, Ada(), shifts, {At(kEastern, 2026, 3, 4, 0), week.end});
    ASSERT_TRUE(half.ok());
    for (const Violation& v : half->violations) EXPECT_NE(v.rule, Rule::kMaxHoursPerWeek) << v.message;
}

TEST(CheckPeriod, DaysWhollyInsideTheirHours) {
    OrganizationRules org = Only(Rule::kMaxHoursPerDay);
    org.limits.max_per_day = hours{8};
    const std::vector<Shift> shifts = {Work(kLondon, 1, D(2026, 3, 3), 6, 16)};
    Result<RuleCheck> check =
        CheckPeriod(org, kLondon, Ada(), shifts, {At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 9, 0)});
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(Messages(*check), (Strings{"Ada would work 10 h on Tue, Mar 3 (max 8 h)"}));
    check = CheckPeriod(org, kLondon, Ada(), shifts, {At(kLondon, 2026, 3, 3, 12), At(kLondon, 2026, 3, 9, 0)});
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->violations.empty());
}

// --- Scale ------------------------------------------------------------------------------

TEST(Scale, AYearOfShiftsIsCheckedWithoutQuadraticWork) {
    // 365 days x 3 shifts; one change in the middle. Correctness here, speed in bench/.
    std::vector<Shift> year;
    for (int day = 0; day < 365; ++day) {
        for (int k = 0; k < 3; ++k)
            year.push_back(Work(kLondon, day * 3 + k + 1, Plus(D(2026, 1, 1), day), 6 + k * 5, 9 + k * 5));
    }
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kWarn);
    org.limits.max_consecutive_days = 31;
    Result<RuleCheck> check = CheckChange(org, kLondon, Ada(), year, Put(Work(kLondon, 0, D(2026, 7, 1), 20, 23)));
    ASSERT_TRUE(check.ok());
    // 66 h in its week, 7 h of rest before the next morning, and a run of the whole year.
    ASSERT_EQ(check->violations.size(), 3u);
    EXPECT_EQ(check->violations[0].message, "Ada would work 66 h in the week of Mon, Jun 29 (max 40 h)");
    EXPECT_EQ(check->violations[1].rule, Rule::kMinRest);
    EXPECT_EQ(check->violations[2].message, "Ada would work 365 days in a row, Thu, Jan 1 to Thu, Dec 31 (max 31)");
    EXPECT_EQ(check->violations[2].shift_ids.size(), year.size() + 1);
}

}  // namespace
}  // namespace shiftsync
