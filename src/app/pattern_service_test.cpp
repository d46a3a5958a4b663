#include "app/pattern_service.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "app/shift_service.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {

// A zone from the real tz database (infra/tz/zones_for_tests.cpp, linked into app_tests):
// app files may not include infra/, so it is declared here, as the domain tests do.
const TimeZone& ZoneForTests(std::string_view iana_name);

namespace {

using std::chrono::days;
using std::chrono::hours;

DayTimes Times(int start_hour, int end_hour) { return DayTimes{LocalTime{start_hour * 60}, LocalTime{end_hour * 60}}; }

class PatternServiceTest : public testing::Test {
protected:
    PatternServiceTest() {
        // UTC+1 all year, so local 08:00 is 07:00Z.
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "Etc/GMT-1"});
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        employee_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);
        other_org_ = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
        stranger_ = Seed(other_org_.id, "Sam", "sam@example.com", Role::kOwner);
        clock_.Set(UtcAt(2026, 3, 4, 12));  // Wednesday, in the middle of the patterns below
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "fake$x",
                                   .position = "Baker",
                                   .role = role});
    }

    // Monday to Friday, 08:00-16:00 local, for the two weeks from Monday 2026-03-02.
    PatternInput Weekdays(int start_hour = 8, int end_hour = 16) const {
        PatternInput input;
        input.user_id = employee_.id;
        input.start_date = Day(2026, 3, 2);
        input.end_date = Day(2026, 3, 15);
        for (int i = 0; i < 5; ++i) input.days[i] = Times(start_hour, end_hour);
        return input;
    }

    std::vector<Shift> AllShifts() { return LoadShifts(*db_, org_.id, UtcAt(2026, 1, 1), UtcAt(2026, 12, 31)); }

    std::vector<Shift> ShiftsOf(Id pattern_id) {
        std::vector<Shift> out;
        for (const Shift& shift : AllShifts()) {
            if (shift.pattern_id == pattern_id) out.push_back(shift);
        }
        return out;
    }

    void Deactivate(User user) {
        user.active = false;
        auto uow = db_->Begin(TransactionMode::kWrite);
        ASSERT_TRUE(uow->users().Update(user).ok());
        uow->Commit();
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    FakeTimeZones zones_;
    PatternService patterns_{*db_, zones_, clock_};
    ShiftService shifts_{*db_};
    Organization org_, other_org_;
    User manager_, employee_, stranger_;
};

// --- Create --------------------------------------------------------------------------------

TEST_F(PatternServiceTest, CreateGeneratesShiftsFromNowOnInTheOrganizationsZone) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    EXPECT_GT(saved->pattern.id, 0);
    EXPECT_EQ(saved->pattern.position, "Baker");
    EXPECT_EQ(saved->pattern.created_at, clock_.Now());

    // Mon 2 .. Wed 4 have started (Wed's at 07:00Z, before 12:00Z): Thu 5, Fri 6, Mon 9 .. Fri 13 remain.
    const std::vector<Shift> shifts = AllShifts();
    EXPECT_EQ(saved->shift_count, 7);
    ASSERT_EQ(shifts.size(), 7u);
    EXPECT_EQ(shifts.front().start, UtcAt(2026, 3, 5, 7));
    EXPECT_EQ(shifts.front().end, UtcAt(2026, 3, 5, 15));
    EXPECT_EQ(shifts.back().start, UtcAt(2026, 3, 13, 7));
    for (const Shift& shift : shifts) {
        EXPECT_GE(shift.start, clock_.Now());
        EXPECT_EQ(shift.user_id, employee_.id);
        EXPECT_EQ(shift.pattern_id, saved->pattern.id);
        EXPECT_EQ(shift.position, "Baker");
        EXPECT_EQ(shift.end - shift.start, hours{8});
    }

    auto stored = patterns_.Get(PrincipalFor(employee_), saved->pattern.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->days, Weekdays().days);
    EXPECT_EQ(stored->start_date, Day(2026, 3, 2));
    EXPECT_EQ(stored->end_date, Day(2026, 3, 15));
}

TEST_F(PatternServiceTest, CreateKeepsAGivenPosition) {
    PatternInput input = Weekdays();
    input.position = "Cashier";
    auto saved = patterns_.Create(PrincipalFor(manager_), input);
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->pattern.position, "Cashier");
    for (const Shift& shift : AllShifts()) EXPECT_EQ(shift.position, "Cashier");
}

TEST_F(PatternServiceTest, OvernightDaysEndTheNextMorning) {
    PatternInput input = Weekdays();
    input.days = {};
    input.days[3] = Times(22, 6);  // Thursday night
    auto saved = patterns_.Create(PrincipalFor(manager_), input);
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    const std::vector<Shift> shifts = AllShifts();
    ASSERT_EQ(shifts.size(), 2u);
    EXPECT_EQ(shifts[0].start, UtcAt(2026, 3, 5, 21));
    EXPECT_EQ(shifts[0].end, UtcAt(2026, 3, 6, 5));
}

TEST_F(PatternServiceTest, CreateAfterTheRangeSavesThePatternWithoutShifts) {
    clock_.Set(UtcAt(2026, 4, 1));
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    EXPECT_EQ(saved->shift_count, 0);
    EXPECT_TRUE(AllShifts().empty());
    EXPECT_TRUE(patterns_.Get(PrincipalFor(manager_), saved->pattern.id).ok());
}

TEST_F(PatternServiceTest, OverlapRefusesTheWholePatternAndSavesNothing) {
    const Shift existing = SeedShift(*db_, Shift{.organization_id = org_.id,
                                                 .user_id = employee_.id,
                                                 .start = UtcAt(2026, 3, 10, 14),
                                                 .end = UtcAt(2026, 3, 10, 18)});
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_FALSE(saved.ok());
    EXPECT_EQ(saved.error().code, ErrorCode::kShiftOverlap);
    EXPECT_EQ(saved.error().conflicting_id, existing.id);

    EXPECT_TRUE(patterns_.List(PrincipalFor(manager_), std::nullopt).empty());
    const std::vector<Shift> shifts = AllShifts();
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].id, existing.id);
}

TEST_F(PatternServiceTest, ShiftsThatHaveStartedAreNotCheckedForOverlap) {
    // Clashes with Wednesday's 07:00Z-15:00Z, which is not generated: it has started.
    SeedShift(*db_, Shift{.organization_id = org_.id,
                          .user_id = employee_.id,
                          .start = UtcAt(2026, 3, 4, 6),
                          .end = UtcAt(2026, 3, 4, 10)});
    EXPECT_TRUE(patterns_.Create(PrincipalFor(manager_), Weekdays()).ok());
}

TEST_F(PatternServiceTest, EmployeeMustBeAnActiveMemberOfTheOrganization) {
    PatternInput foreign = Weekdays();
    foreign.user_id = stranger_.id;
    auto result = patterns_.Create(PrincipalFor(manager_), foreign);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "user_id");

    Deactivate(employee_);
    auto removed = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_FALSE(removed.ok());
    EXPECT_EQ(removed.error().code, ErrorCode::kConflict);
    EXPECT_TRUE(patterns_.List(PrincipalFor(manager_), std::nullopt).empty());
}

TEST_F(PatternServiceTest, InvalidPatternsAreRefused) {
    PatternInput no_days = Weekdays();
    no_days.days = {};
    auto result = patterns_.Create(PrincipalFor(manager_), no_days);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "days");

    PatternInput too_long = Weekdays();
    too_long.end_date = Day(2027, 3, 3);  // 367 days, counting both ends
    result = patterns_.Create(PrincipalFor(manager_), too_long);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, "end_date");
    EXPECT_TRUE(patterns_.List(PrincipalFor(manager_), std::nullopt).empty());
}

TEST_F(PatternServiceTest, EmployeesMayNotChangePatterns) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    const Principal employee = PrincipalFor(employee_);

    auto created = patterns_.Create(employee, Weekdays(18, 20));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kForbidden);
    auto replaced = patterns_.Replace(employee, saved->pattern.id, Weekdays(10, 12));
    ASSERT_FALSE(replaced.ok());
    EXPECT_EQ(replaced.error().code, ErrorCode::kForbidden);
    auto deleted = patterns_.Delete(employee, saved->pattern.id);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, ErrorCode::kForbidden);

    EXPECT_EQ(patterns_.List(employee, std::nullopt).size(), 1u);  // reading is for everyone
    EXPECT_EQ(ShiftsOf(saved->pattern.id).size(), 7u);
}

// --- Replace -------------------------------------------------------------------------------

TEST_F(PatternServiceTest, ReplaceRegeneratesFutureShiftsAndKeepsPastOnes) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    clock_.Set(UtcAt(2026, 3, 9, 12));  // Monday 9th's shift has started

    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, Weekdays(10, 18));
    ASSERT_TRUE(replaced.ok()) << replaced.error().detail;
    EXPECT_EQ(replaced->pattern.id, saved->pattern.id);
    EXPECT_EQ(replaced->pattern.created_at, saved->pattern.created_at);
    EXPECT_EQ(replaced->shift_count, 4);  // Tue 10 .. Fri 13

    const std::vector<Shift> shifts = ShiftsOf(saved->pattern.id);
    ASSERT_EQ(shifts.size(), 7u);
    for (const Shift& shift : shifts) {
        const bool past = shift.start < UtcAt(2026, 3, 9, 12);
        const auto utc_time = std::chrono::hh_mm_ss{shift.start - std::chrono::floor<days>(shift.start)};
        EXPECT_EQ(utc_time.hours().count(), past ? 7 : 9) << "shift " << shift.id;
    }
    EXPECT_EQ(shifts[2].start, UtcAt(2026, 3, 9, 7));  // the started Monday is untouched
    EXPECT_EQ(shifts[3].start, UtcAt(2026, 3, 10, 9));

    auto stored = patterns_.Get(PrincipalFor(manager_), saved->pattern.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->days[0], Times(10, 18));
}

TEST_F(PatternServiceTest, ReplaceLeavesHandEditedShiftsAlone) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    const Shift thursday = ShiftsOf(saved->pattern.id)[5];
    ASSERT_EQ(thursday.start, UtcAt(2026, 3, 12, 7));
    ShiftPatch patch;
    patch.start = UtcAt(2026, 3, 12, 16);
    patch.end = UtcAt(2026, 3, 12, 20);
    patch.note = "evening instead";
    ASSERT_TRUE(shifts_.Update(PrincipalFor(manager_), thursday.id, patch).ok());

    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, Weekdays(6, 12));
    ASSERT_TRUE(replaced.ok()) << replaced.error().detail;
    EXPECT_EQ(replaced->shift_count, 7);

    const auto edited = LoadShift(*db_, org_.id, thursday.id);
    ASSERT_TRUE(edited);
    EXPECT_EQ(edited->start, UtcAt(2026, 3, 12, 16));
    EXPECT_EQ(edited->note, "evening instead");
    EXPECT_EQ(edited->pattern_id, std::nullopt);
    EXPECT_EQ(edited->user_id, employee_.id);
    EXPECT_EQ(AllShifts().size(), 8u);  // seven regenerated plus the edited one
}

TEST_F(PatternServiceTest, ReplaceThatWouldOverlapChangesNothing) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    const std::vector<Shift> before = AllShifts();
    const Shift blocker = SeedShift(*db_, Shift{.organization_id = org_.id,
                                                .user_id = employee_.id,
                                                .start = UtcAt(2026, 3, 11, 17),
                                                .end = UtcAt(2026, 3, 11, 19)});

    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, Weekdays(12, 20));
    ASSERT_FALSE(replaced.ok());
    EXPECT_EQ(replaced.error().code, ErrorCode::kShiftOverlap);
    EXPECT_EQ(replaced.error().conflicting_id, blocker.id);

    auto stored = patterns_.Get(PrincipalFor(manager_), saved->pattern.id);
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->days[0], Times(8, 16));
    const std::vector<Shift> pattern_shifts = ShiftsOf(saved->pattern.id);
    ASSERT_EQ(pattern_shifts.size(), before.size());
    for (std::size_t i = 0; i < before.size(); ++i) {
        EXPECT_EQ(pattern_shifts[i].id, before[i].id);
        EXPECT_EQ(pattern_shifts[i].start, before[i].start);
    }
}

TEST_F(PatternServiceTest, ReplaceCanMoveThePatternToSomeoneElse) {
    const User carl = Seed(org_.id, "Carl", "carl@example.com", Role::kEmployee);
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    PatternInput input = Weekdays();
    input.user_id = carl.id;
    ASSERT_TRUE(patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, input).ok());
    for (const Shift& shift : AllShifts()) EXPECT_EQ(shift.user_id, carl.id);
    EXPECT_EQ(AllShifts().size(), 7u);
}

TEST_F(PatternServiceTest, RemovedPersonsPatternCannotBeEdited) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    Deactivate(employee_);
    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, Weekdays(10, 18));
    ASSERT_FALSE(replaced.ok());
    EXPECT_EQ(replaced.error().code, ErrorCode::kConflict);
    EXPECT_EQ(patterns_.Get(PrincipalFor(manager_), saved->pattern.id)->days[0], Times(8, 16));
}

TEST_F(PatternServiceTest, RemovedPersonsPatternCannotBeReassignedEither) {
    // docs/DECISIONS.md: a removed person's weekly patterns "remain as records but cannot be
    // edited while they are inactive"; giving the pattern to someone else is an edit too.
    const User carl = Seed(org_.id, "Carl", "carl@example.com", Role::kEmployee);
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    Deactivate(employee_);
    PatternInput to_carl = Weekdays();
    to_carl.user_id = carl.id;
    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, to_carl);
    ASSERT_FALSE(replaced.ok());
    EXPECT_EQ(replaced.error().code, ErrorCode::kConflict);
    EXPECT_EQ(patterns_.Get(PrincipalFor(manager_), saved->pattern.id)->user_id, employee_.id);
}

TEST_F(PatternServiceTest, OtherOrganizationsPatternsAreNotFound) {
    auto theirs = patterns_.Create(PrincipalFor(stranger_), PatternInput{.user_id = stranger_.id,
                                                                         .start_date = Day(2026, 3, 2),
                                                                         .end_date = Day(2026, 3, 15),
                                                                         .days = Weekdays().days});
    ASSERT_TRUE(theirs.ok()) << theirs.error().detail;
    const Principal ours = PrincipalFor(manager_);

    auto got = patterns_.Get(ours, theirs->pattern.id);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    auto replaced = patterns_.Replace(ours, theirs->pattern.id, Weekdays());
    ASSERT_FALSE(replaced.ok());
    EXPECT_EQ(replaced.error().code, ErrorCode::kNotFound);
    auto deleted = patterns_.Delete(ours, theirs->pattern.id);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(patterns_.List(ours, std::nullopt).empty());
    EXPECT_EQ(patterns_.List(PrincipalFor(stranger_), std::nullopt).size(), 1u);
    EXPECT_TRUE(AllShifts().empty());
}

// --- Delete --------------------------------------------------------------------------------

TEST_F(PatternServiceTest, DeleteRemovesFutureShiftsAndDetachesPastOnes) {
    auto saved = patterns_.Create(PrincipalFor(manager_), Weekdays());
    ASSERT_TRUE(saved.ok());
    clock_.Set(UtcAt(2026, 3, 9, 12));

    ASSERT_TRUE(patterns_.Delete(PrincipalFor(manager_), saved->pattern.id).ok());
    auto got = patterns_.Get(PrincipalFor(manager_), saved->pattern.id);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);

    const std::vector<Shift> shifts = AllShifts();
    ASSERT_EQ(shifts.size(), 3u);  // Thu 5, Fri 6 and Mon 9 had started
    EXPECT_EQ(shifts.back().start, UtcAt(2026, 3, 9, 7));
    for (const Shift& shift : shifts) {
        EXPECT_EQ(shift.pattern_id, std::nullopt);
        EXPECT_EQ(shift.user_id, employee_.id);
    }
}

// --- Daylight saving -------------------------------------------------------------------------

TEST_F(PatternServiceTest, LocalTimesStayLocalAcrossDaylightSaving) {
    zones_.AddBorrowed("Europe/Berlin", ZoneForTests("Europe/Berlin"));
    const Organization berlin = SeedOrganization(*db_, Organization{.name = "Berlin", .time_zone = "Europe/Berlin"});
    const User boss = Seed(berlin.id, "Bea", "bea@example.com", Role::kOwner);
    const User worker = Seed(berlin.id, "Wim", "wim@example.com", Role::kEmployee);
    clock_.Set(UtcAt(2026, 3, 1));

    PatternInput input;
    input.user_id = worker.id;
    input.start_date = Day(2026, 3, 27);  // Friday; clocks go forward on Sunday the 29th
    input.end_date = Day(2026, 3, 30);
    input.days.fill(Times(8, 16));
    auto saved = patterns_.Create(PrincipalFor(boss), input);
    ASSERT_TRUE(saved.ok()) << saved.error().detail;

    const std::vector<Shift> shifts = LoadShifts(*db_, berlin.id, UtcAt(2026, 3, 1), UtcAt(2026, 4, 30));
    ASSERT_EQ(shifts.size(), 4u);
    EXPECT_EQ(shifts[0].start, UtcAt(2026, 3, 27, 7));  // CET, UTC+1
    EXPECT_EQ(shifts[1].start, UtcAt(2026, 3, 28, 7));
    EXPECT_EQ(shifts[2].start, UtcAt(2026, 3, 29, 6));  // CEST, UTC+2
    EXPECT_EQ(shifts[3].start, UtcAt(2026, 3, 30, 6));
    for (const Shift& shift : shifts) EXPECT_EQ(shift.end - shift.start, hours{8});
}

}  // namespace
}  // namespace shiftsync
