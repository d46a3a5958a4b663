// The rules engine: hours per week (maximum and contract) and per day.
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

// --- Max hours per week -----------------------------------------------------------------

TEST(MaxHoursPerWeek, OverTheMaximumWarnsWithASentence) {
    const OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    const RuleCheck check = Check(org, kLondon, Ada(), FortyHourWeek(), Put(Work(kLondon, 0, D(2026, 3, 7), 10, 16)));
    ASSERT_EQ(check.violations.size(), 1u);
    const Violation& v = check.violations[0];
    EXPECT_EQ(v.rule, Rule::kMaxHoursPerWeek);
    EXPECT_EQ(v.severity, Severity::kWarn);
    EXPECT_EQ(v.user_id, kAda);
    EXPECT_EQ(v.shift_ids, (Ids{1, 2, 3, 4, 5, 0}));
    EXPECT_EQ(v.message, "Ada would work 46 h in the week of Mon, Mar 2 (max 40 h)");
    EXPECT_FALSE(check.blocked());
    EXPECT_EQ(check.warnings().size(), 1u);
}

TEST(MaxHoursPerWeek, ExactlyTheMaximumIsFine) {
    std::vector<Shift> four = FortyHourWeek();
    const Shift fifth = four.back();
    four.pop_back();
    EXPECT_TRUE(Check(Only(Rule::kMaxHoursPerWeek), kLondon, Ada(), four, Put(fifth)).violations.empty());
}

TEST(MaxHoursPerWeek, APersonalMaximumAndTheBritishFormat) {
    OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    org.locale = DisplayLocale::kEnGb;
    PersonRules ada = Ada();
    ada.overrides.max_per_week = hours{20} + minutes{30};
    std::vector<Shift> three = FortyHourWeek();
    three.resize(2);
    EXPECT_EQ(Messages(Check(org, kLondon, ada, three, Put(Work(kLondon, 0, D(2026, 3, 4), 9, 14)))),
              (Strings{"Ada would work 21 h in the week of Mon 2 Mar (max 20 h 30 min)"}));
}

TEST(MaxHoursPerWeek, OtherPeoplesAndOpenShiftsDoNotCount) {
    std::vector<Shift> existing = FortyHourWeek();
    for (Shift& shift : existing) shift.user_id = kBob;
    Shift open = Work(kLondon, 9, D(2026, 3, 7), 9, 17);
    open.user_id.reset();
    existing.push_back(open);
    EXPECT_TRUE(
        Check(Only(Rule::kMaxHoursPerWeek), kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 17)))
            .violations.empty());
}

TEST(MaxHoursPerWeek, WeeksBeginOnTheOrganisationsWeekStart) {
    // Sun, Mar 1 .. Thu, Mar 5, eight hours each, and a candidate on Sat, Mar 7.
    std::vector<Shift> existing;
    for (int i = 0; i < 5; ++i) existing.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 1), i), 9, 17));
    const ShiftChange saturday = Put(Work(kLondon, 0, D(2026, 3, 7), 9, 17));

    OrganizationRules sunday = Only(Rule::kMaxHoursPerWeek);
    sunday.week_start = std::chrono::Sunday;
    EXPECT_EQ(Messages(Check(sunday, kLondon, Ada(), existing, saturday)),
              (Strings{"Ada would work 48 h in the week of Sun, Mar 1 (max 40 h)"}));

    // With Monday weeks, Sunday the 1st lies in the week before: 32 + 8 = 40 h.
    EXPECT_TRUE(Check(Only(Rule::kMaxHoursPerWeek), kLondon, Ada(), existing, saturday).violations.empty());

    // Saturday weeks: Sat, Feb 28 .. Fri, Mar 6 has the five shifts; the candidate starts the next.
    OrganizationRules saturday_weeks = Only(Rule::kMaxHoursPerWeek);
    saturday_weeks.week_start = std::chrono::Saturday;
    EXPECT_TRUE(Check(saturday_weeks, kLondon, Ada(), existing, saturday).violations.empty());
}

TEST(MaxHoursPerWeek, AShiftAcrossTheWeekBoundaryCountsInEachWeekByItsPart) {
    // Sunday weeks. Mon, Mar 2 .. Fri, Mar 6: 5 x 8 h = 40 h; the candidate Sat 20:00 -> Sun 04:00
    // puts 4 h into this week (44 h) and 4 h into the next.
    OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    org.week_start = std::chrono::Sunday;
    std::vector<Shift> existing = FortyHourWeek();
    // Next week already has 38 h: Sun, Mar 8 .. Thu, Mar 12 (8, 8, 8, 8, 6).
    for (int i = 0; i < 5; ++i) existing.push_back(Work(kLondon, 11 + i, Plus(D(2026, 3, 8), i), 9, i == 4 ? 15 : 17));
    const RuleCheck check = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 7), 20, 4)));
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 44 h in the week of Sun, Mar 1 (max 40 h)",
                                        "Ada would work 42 h in the week of Sun, Mar 8 (max 40 h)"}));
    EXPECT_EQ(check.violations[1].shift_ids, (Ids{0, 11, 12, 13, 14, 15}));
}

TEST(MaxHoursPerWeek, HoursAreRealElapsedTimeAcrossDaylightSaving) {
    OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    // Eastern, fall back on Sun, Nov 1, 2026: the week of Mon, Oct 26 has 4 x 8 h and a
    // 22:00 -> 06:00 night over the change, which lasts 9 h: 41 h.
    std::vector<Shift> existing;
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kEastern, i + 1, Plus(D(2026, 10, 26), i), 9, 17));
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), existing, Put(Work(kEastern, 0, D(2026, 10, 31), 22, 6)))),
              (Strings{"Ada would work 41 h in the week of Mon, Oct 26 (max 40 h)"}));
    // Spring forward on Sun, Mar 8: the same night lasts 7 h, and 4 x 8 h + 7 h + 1 h = 40 h.
    existing.clear();
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kEastern, i + 1, Plus(D(2026, 3, 2), i), 9, 17));
    existing.push_back(Work(kEastern, 5, D(2026, 3, 6), 9, 10));
    EXPECT_TRUE(Check(org, kEastern, Ada(), existing, Put(Work(kEastern, 0, D(2026, 3, 7), 22, 6))).violations.empty());
    // London's autumn change (Sun, Oct 25): 22:00 -> 06:00 is 9 h there too.
    existing.clear();
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kLondon, i + 1, Plus(D(2026, 10, 19), i), 9, 17));
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 10, 24), 22, 6)))),
              (Strings{"Ada would work 41 h in the week of Mon, Oct 19 (max 40 h)"}));
}

// --- Min (contracted) hours per week ----------------------------------------------------

TEST(MinHoursPerWeek, UnderTheContractWarnsOnlyWhenAContractIsSet) {
    std::vector<Shift> existing = FortyHourWeek();
    existing.resize(3);
    const ShiftChange change = Put(Work(kLondon, 0, D(2026, 3, 5), 9, 13));
    EXPECT_TRUE(Check(Only(Rule::kMinHoursPerWeek), kLondon, Ada(), existing, change).violations.empty());

    PersonRules ada = Ada();
    ada.overrides.min_per_week = hours{30};
    const RuleCheck check = Check(Only(Rule::kMinHoursPerWeek), kLondon, ada, existing, change);
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 28 h in the week of Mon, Mar 2 (contracted 30 h)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 2, 3, 0}));
    ada.overrides.min_per_week = hours{28};
    EXPECT_TRUE(Check(Only(Rule::kMinHoursPerWeek), kLondon, ada, existing, change).violations.empty());
}

TEST(MinHoursPerWeek, RemovingAShiftCanLeaveSomeoneUnderTheirContract) {
    PersonRules ada = Ada();
    ada.overrides.min_per_week = hours{40};
    EXPECT_EQ(Messages(Check(Only(Rule::kMinHoursPerWeek), kLondon, ada, FortyHourWeek(), Remove(5))),
              (Strings{"Ada would work 32 h in the week of Mon, Mar 2 (contracted 40 h)"}));
}

// --- Max hours per day ------------------------------------------------------------------

TEST(MaxHoursPerDay, ADayIsSplitAtLocalMidnight) {
    OrganizationRules org = Only(Rule::kMaxHoursPerDay);
    org.limits.max_per_day = hours{8};
    // Mon 08:00-14:00 and Mon 18:00 -> Tue 02:00: Monday has 6 + 6 = 12 h, Tuesday 2 h.
    const std::vector<Shift> existing = {Work(kLondon, 1, D(2026, 3, 2), 8, 14)};
    const RuleCheck check = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 2), 18, 2)));
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 12 h on Mon, Mar 2 (max 8 h)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 0}));
    // Without the earlier shift, neither day is over.
    EXPECT_TRUE(Check(org, kLondon, Ada(), {}, Put(Work(kLondon, 0, D(2026, 3, 2), 18, 2))).violations.empty());
}

TEST(MaxHoursPerDay, DaysOfTwentyThreeAndTwentyFiveHours) {
    OrganizationRules org = Only(Rule::kMaxHoursPerDay);
    org.limits.max_per_day = hours{8};
    // Midnight to 09:00 local on the spring-forward Sunday is 8 h; on the fall-back one 10 h.
    EXPECT_TRUE(Check(org, kEastern, Ada(), {}, Put(Work(kEastern, 0, D(2026, 3, 8), 0, 9))).violations.empty());
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), {}, Put(Work(kEastern, 0, D(2026, 11, 1), 0, 9)))),
              (Strings{"Ada would work 10 h on Sun, Nov 1 (max 8 h)"}));
    EXPECT_TRUE(Check(org, kLondon, Ada(), {}, Put(Work(kLondon, 0, D(2026, 3, 29), 0, 9))).violations.empty());
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), {}, Put(Work(kLondon, 0, D(2026, 10, 25), 0, 9)))),
              (Strings{"Ada would work 10 h on Sun, Oct 25 (max 8 h)"}));
}

}  // namespace
}  // namespace shiftsync
