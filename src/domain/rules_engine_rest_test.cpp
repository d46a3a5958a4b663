// The rules engine: rest between shifts and days in a row.
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

// --- Min rest ---------------------------------------------------------------------------

TEST(MinRest, ClopeningAcrossDaylightSavingIsRealTime) {
    const OrganizationRules org = Only(Rule::kMinRest);
    // Eastern spring forward: Sat 22:00 -> Sun 08:00 local is 9 h.
    const std::vector<Shift> saturday = {Work(kEastern, 1, D(2026, 3, 7), 14, 22)};
    const RuleCheck check = Check(org, kEastern, Ada(), saturday, Put(Work(kEastern, 0, D(2026, 3, 8), 8, 16)));
    EXPECT_EQ(Messages(check),
              (Strings{"Ada would rest 9 h between Sat, Mar 7, 10 PM and Sun, Mar 8, 8 AM (min 10 h)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 0}));
    // Fall back: Sat 22:00 -> Sun 07:30 local is 10 h 30 min; the same wall times a week
    // earlier are 9 h 30 min.
    EXPECT_TRUE(Check(org, kEastern, Ada(), {Work(kEastern, 1, D(2026, 10, 31), 14, 22)},
                      Put(S(0, kAda, At(kEastern, 2026, 11, 1, 7, 30), At(kEastern, 2026, 11, 1, 15))))
                    .violations.empty());
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), {Work(kEastern, 1, D(2026, 10, 24), 14, 22)},
                             Put(S(0, kAda, At(kEastern, 2026, 10, 25, 7, 30), At(kEastern, 2026, 10, 25, 15))))),
              (Strings{"Ada would rest 9 h 30 min between Sat, Oct 24, 10 PM and Sun, Oct 25, 7:30 AM (min 10 h)"}));
    // London: 9 h in spring, 11 h in autumn for 22:00 -> 08:00.
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), {Work(kLondon, 1, D(2026, 3, 28), 14, 22)},
                             Put(Work(kLondon, 0, D(2026, 3, 29), 8, 16)))),
              (Strings{"Ada would rest 9 h between Sat, Mar 28, 10 PM and Sun, Mar 29, 8 AM (min 10 h)"}));
    EXPECT_TRUE(Check(org, kLondon, Ada(), {Work(kLondon, 1, D(2026, 10, 24), 14, 22)},
                      Put(Work(kLondon, 0, D(2026, 10, 25), 8, 16)))
                    .violations.empty());
}

TEST(MinRest, CountsFromTheEndOfAnOvernightShift) {
    const OrganizationRules org = Only(Rule::kMinRest);
    // Mon 22:00 -> Tue 06:00, then Tue 14:00: 8 h of rest.
    const std::vector<Shift> night = {Work(kLondon, 1, D(2026, 3, 2), 22, 6)};
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 3), 14, 20)))),
              (Strings{"Ada would rest 8 h between Tue, Mar 3, 6 AM and Tue, Mar 3, 2 PM (min 10 h)"}));
    EXPECT_TRUE(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 3), 16, 20))).violations.empty());
    // Before the night: Mon 06:00-14:00 starts on the same day (a split shift, no rest due);
    // Sun 16:00-20:00 leaves 26 h; an overnight Sun 16:00 -> Mon 14:00 leaves 8 h.
    EXPECT_TRUE(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 2), 6, 14))).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 1), 16, 20))).violations.empty());
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 1), 16, 14)))),
              (Strings{"Ada would rest 8 h between Mon, Mar 2, 2 PM and Mon, Mar 2, 10 PM (min 10 h)"}));
}

TEST(MinRest, ASplitShiftOnOneDayIsABreakNotRest) {
    const OrganizationRules org = Only(Rule::kMinRest);
    const std::vector<Shift> morning = {Work(kLondon, 1, D(2026, 3, 2), 8, 12)};
    EXPECT_TRUE(Check(org, kLondon, Ada(), morning, Put(Work(kLondon, 0, D(2026, 3, 2), 14, 18))).violations.empty());
    // Back to back across midnight are two days: no rest at all.
    const std::vector<Shift> evening = {Work(kLondon, 1, D(2026, 3, 2), 16, 0)};
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), evening, Put(Work(kLondon, 0, D(2026, 3, 3), 0, 8)))),
              (Strings{"Ada would rest 0 h between Tue, Mar 3, 12 AM and Tue, Mar 3, 12 AM (min 10 h)"}));
}

TEST(MinRest, RestIsFromTheLatestEarlierWork) {
    // Mon 06:00-10:00 and Mon 12:00-21:00, then Tue 06:00: 9 h after the later Monday shift.
    const std::vector<Shift> monday = {Work(kLondon, 1, D(2026, 3, 2), 6, 10), Work(kLondon, 2, D(2026, 3, 2), 12, 21)};
    const RuleCheck check =
        Check(Only(Rule::kMinRest), kLondon, Ada(), monday, Put(Work(kLondon, 0, D(2026, 3, 3), 6, 10)));
    ASSERT_EQ(check.violations.size(), 1u);
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{2, 0}));
    // The candidate between two others: rest before and after it are both checked.
    const std::vector<Shift> around = {Work(kLondon, 1, D(2026, 3, 2), 14, 22), Work(kLondon, 2, D(2026, 3, 4), 6, 14)};
    const RuleCheck both =
        Check(Only(Rule::kMinRest), kLondon, Ada(), around, Put(Work(kLondon, 0, D(2026, 3, 3), 6, 22)));
    ASSERT_EQ(both.violations.size(), 2u);
    EXPECT_EQ(both.violations[0].shift_ids, (Ids{1, 0}));
    EXPECT_EQ(both.violations[1].shift_ids, (Ids{0, 2}));
}

TEST(MinRest, APersonalMinimum) {
    PersonRules ada = Ada();
    ada.overrides.min_rest = hours{12};
    const std::vector<Shift> evening = {Work(kLondon, 1, D(2026, 3, 2), 14, 22)};
    const ShiftChange next = Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17));  // 11 h later
    EXPECT_TRUE(Check(Only(Rule::kMinRest), kLondon, Ada(), evening, next).violations.empty());
    EXPECT_EQ(Messages(Check(Only(Rule::kMinRest), kLondon, ada, evening, next)),
              (Strings{"Ada would rest 11 h between Mon, Mar 2, 10 PM and Tue, Mar 3, 9 AM (min 12 h)"}));
}

// --- Max consecutive days ---------------------------------------------------------------

TEST(MaxConsecutiveDays, ASeventhDayInARow) {
    const OrganizationRules org = Only(Rule::kMaxConsecutiveDays);
    std::vector<Shift> six;
    for (int i = 0; i < 6; ++i) six.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 13));
    const RuleCheck check = Check(org, kLondon, Ada(), six, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 13)));
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 7 days in a row, Mon, Mar 2 to Sun, Mar 8 (max 6)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 2, 3, 4, 5, 6, 0}));
    // A day off in between breaks the run.
    EXPECT_TRUE(Check(org, kLondon, Ada(), six, Put(Work(kLondon, 0, D(2026, 3, 9), 9, 13))).violations.empty());
    // Joining two runs: Mon-Wed and Fri-Sun joined by Thursday.
    std::vector<Shift> gap = six;
    gap.erase(gap.begin() + 3);  // no Thursday
    gap.push_back(Work(kLondon, 7, D(2026, 3, 8), 9, 13));
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), gap, Put(Work(kLondon, 0, D(2026, 3, 5), 9, 13)))),
              (Strings{"Ada would work 7 days in a row, Mon, Mar 2 to Sun, Mar 8 (max 6)"}));
}

TEST(MaxConsecutiveDays, AnOvernightShiftCountsForTheDayItStarts) {
    const OrganizationRules org = Only(Rule::kMaxConsecutiveDays);
    // Mon..Fri days, then Sat 22:00 -> Sun 06:00: six days (Sunday is not a working day).
    std::vector<Shift> week;
    for (int i = 0; i < 5; ++i) week.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 13));
    EXPECT_TRUE(Check(org, kLondon, Ada(), week, Put(Work(kLondon, 0, D(2026, 3, 7), 22, 6))).violations.empty());
    // Two shifts on one day count once.
    week.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 12));
    EXPECT_TRUE(Check(org, kLondon, Ada(), week, Put(Work(kLondon, 0, D(2026, 3, 7), 14, 18))).violations.empty());
    // And Sunday morning makes the seventh.
    EXPECT_EQ(Check(org, kLondon, Ada(), week, Put(Work(kLondon, 0, D(2026, 3, 8), 10, 14))).violations.size(), 1u);
}

TEST(MaxConsecutiveDays, LocalDaysAcrossDaylightSaving) {
    // Eastern, around the spring-forward Sunday: Wed, Mar 4 .. Tue, Mar 10 at 00:30 local.
    OrganizationRules org = Only(Rule::kMaxConsecutiveDays);
    std::vector<Shift> run;
    for (int i = 0; i < 6; ++i) {
        const Date day = Plus(D(2026, 3, 4), i);
        run.push_back(
            S(i + 1, kAda, kEastern.ToUtc(LocalAt(day, LocalTime{30})), kEastern.ToUtc(LocalAt(day, LocalTime{300}))));
    }
    const Date tuesday = D(2026, 3, 10);
    const Shift seventh =
        S(0, kAda, kEastern.ToUtc(LocalAt(tuesday, LocalTime{30})), kEastern.ToUtc(LocalAt(tuesday, LocalTime{300})));
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), run, Put(seventh))),
              (Strings{"Ada would work 7 days in a row, Wed, Mar 4 to Tue, Mar 10 (max 6)"}));
    PersonRules ada = Ada();
    ada.overrides.max_consecutive_days = 7;
    EXPECT_TRUE(Check(org, kEastern, ada, run, Put(seventh)).violations.empty());
}

}  // namespace
}  // namespace shiftsync
