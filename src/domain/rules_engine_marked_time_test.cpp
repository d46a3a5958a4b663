// The rules engine: unavailable time, time off and preferred time.
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

// --- Unavailable time and time off ------------------------------------------------------

TEST(MarkedTime, PartialDayTimeOff) {
    PersonRules ada = Ada();
    // Time off Tue, Mar 3, 09:00-13:00 (a dentist's morning).
    ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 3, 9), At(kLondon, 2026, 3, 3, 13)}});
    const OrganizationRules org = Only(Rule::kTimeOff);
    const RuleCheck check = Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 12, 20)));
    EXPECT_EQ(
        Messages(check),
        (Strings{
            "Ada has approved time off Tue, Mar 3, 9 AM\u20131 PM, during the shift Tue, Mar 3, 12 PM\u20138 PM"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{0}));
    // Half-open: starting as it ends, or ending as it starts, is fine.
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 13, 20))).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 5, 9))).violations.empty());
    // Time off is not unavailability: that rule off, the other on, nothing.
    EXPECT_TRUE(Check(Only(Rule::kUnavailable), kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 12, 20)))
                    .violations.empty());
}

TEST(MarkedTime, UnavailableTimeUnderAnOvernightShift) {
    PersonRules ada = Ada();
    // Unavailable on Wed, Mar 4 all day (local midnight to midnight), and more marks around it.
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 6, 0), At(kLondon, 2026, 3, 7, 0)}});
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 4, 0), At(kLondon, 2026, 3, 5, 0)}});
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 2, 20, 0), At(kLondon, 2026, 2, 21, 0)}});
    const OrganizationRules org = Only(Rule::kUnavailable);
    EXPECT_EQ(Messages(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 22, 2)))),
              (Strings{"Ada is unavailable Wed, Mar 4, 12 AM\u201312 AM (next day), during the shift Tue, Mar 3, "
                       "10 PM\u20132 AM (next day)"}));
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 16, 0))).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 5), 9, 17))).violations.empty());
}

TEST(MarkedTime, PreferredTimeIsNeverAViolation) {
    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kPreferred, {At(kLondon, 2026, 3, 3, 0), At(kLondon, 2026, 3, 4, 0)}});
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kBlock);
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))).violations.empty());
}

TEST(MarkedTime, OnlyTheShiftsOfTheChangeAreChecked) {
    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 3, 0)}});
    // Monday's shift already sits in unavailable time; adding Tuesday's reports nothing.
    const std::vector<Shift> monday = {Work(kLondon, 1, D(2026, 3, 2), 9, 17)};
    EXPECT_TRUE(Check(Only(Rule::kUnavailable), kLondon, ada, monday, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17)))
                    .violations.empty());
}

}  // namespace
}  // namespace shiftsync
