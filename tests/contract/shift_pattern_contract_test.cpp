// The RepositoryContract suite (repository_fixture.hpp) on shifts and weekly patterns.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // RepositoryContract, the Make* rows, ExpectSame*, At, Unix, kHour

// ---- Shifts

TEST_P(RepositoryContract, ShiftRoundTripOpenAndAssigned) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));

    Shift open = MakeShift(org, std::nullopt, At(0), At(8 * kHour));
    open.note = "Bring keys.\nLine two";
    open.id = AddShift(open);
    Shift assigned = MakeShift(org, ada, At(24 * kHour), At(32 * kHour));
    assigned.pattern_id = pattern;
    assigned.id = AddShift(assigned);
    Read([&](UnitOfWork& uow) {
        ExpectSameShift(open, *uow.shifts().FindById(org, open.id));
        ExpectSameShift(assigned, *uow.shifts().FindById(org, assigned.id));
    });
}

// PostgreSQL keeps one person's shifts apart in the schema (migration 0005's exclusion
// constraint), so even a writer that skipped CheckShiftFits cannot store an overlap; the
// repository answers kShiftOverlap naming the clash and the unit of work goes on. Touching
// shifts, other people's and open shifts are no overlap.
TEST_P(RepositoryContract, TheStoreReportsAnOverlapItRefuses) {
    if (GetParam().name != kPostgres.name)
        GTEST_SKIP() << GetParam().name << " keeps no overlap constraint: its kWrite units of work run one at a time, "
                     << "so ShiftService's check under LockUserSchedule suffices (ShiftRepository::Create)";
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id first = AddShift(MakeShift(org, ada, At(0), At(8 * kHour)));
    const Id bobs = AddShift(MakeShift(org, bob, At(0), At(8 * kHour)));

    Write([&](UnitOfWork& uow) {
        auto refused = uow.shifts().Create(MakeShift(org, ada, At(8 * kHour - 1), At(9 * kHour)));
        ASSERT_FALSE(refused.ok()) << "an overlapping shift was stored";
        EXPECT_EQ(refused.error().code, ErrorCode::kShiftOverlap);
        EXPECT_EQ(refused.error().conflicting_id, first);
        EXPECT_EQ(refused.error().field, "start");
        EXPECT_TRUE(uow.shifts().Create(MakeShift(org, ada, At(8 * kHour), At(9 * kHour))).ok());   // touches
        EXPECT_TRUE(uow.shifts().Create(MakeShift(org, std::nullopt, At(0), At(8 * kHour))).ok());  // open
        EXPECT_TRUE(uow.shifts().Create(MakeShift(org, std::nullopt, At(0), At(8 * kHour))).ok());  // open, twice
    });

    Shift moved = *Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, bobs); });
    moved.user_id = ada;
    moved.note = "moved onto Ada's first shift";
    Write([&](UnitOfWork& uow) {
        auto refused = uow.shifts().Update(moved);
        ASSERT_FALSE(refused.ok()) << "an update made an overlap";
        EXPECT_EQ(refused.error().code, ErrorCode::kShiftOverlap);
        EXPECT_EQ(refused.error().conflicting_id, first);
        EXPECT_EQ(uow.shifts().FindById(org, bobs)->user_id, bob);  // still usable, nothing changed
    });
    const auto adas = Read([&](UnitOfWork& uow) {
        return uow.shifts().List(ShiftQuery{org, At(0), At(24 * kHour), ada});
    });
    EXPECT_EQ(adas.size(), 2u);
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, bobs)->note; }), "");
}

TEST_P(RepositoryContract, ShiftUpdateAndDeleteAreScopedToOrganization) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    Shift shift = MakeShift(org, std::nullopt, At(0), At(kHour));
    shift.id = AddShift(shift);

    shift.user_id = ada;
    shift.start = At(2 * kHour);
    shift.end = At(5 * kHour);
    shift.position = "Cook";
    shift.note = "changed";
    shift.pattern_id = pattern;
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.shifts().Update(shift).ok()); });
    ExpectSameShift(shift, *Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));

    Shift foreign = shift;
    foreign.organization_id = other;
    foreign.note = "from another organisation";
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.shifts().Update(foreign).ok()); });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); })->note, "changed");
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(other, shift.id); }));

    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.shifts().Delete(other, shift.id); }));
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));
    EXPECT_TRUE(Write([&](UnitOfWork& uow) { return uow.shifts().Delete(org, shift.id); }));
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));
}

TEST_P(RepositoryContract, ShiftListRangeIsEndAfterFromAndStartBeforeTo) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Instant from = At(100 * kHour);
    const Instant to = At(200 * kHour);
    // (Bob's, as no person has overlapping shifts: PostgreSQL's schema refuses them.)
    AddShift(MakeShift(org, bob, At(90 * kHour), from));  // ends exactly at from: out
    const Id across_from = AddShift(MakeShift(org, ada, At(99 * kHour), At(101 * kHour)));
    const Id inside_b = AddShift(MakeShift(org, bob, At(150 * kHour), At(151 * kHour)));
    const Id inside_a = AddShift(MakeShift(org, ada, At(150 * kHour), At(152 * kHour)));  // same start: by id
    const Id open = AddShift(MakeShift(org, std::nullopt, At(120 * kHour), At(121 * kHour)));
    const Id across_to = AddShift(MakeShift(org, bob, At(199 * kHour), At(201 * kHour)));
    AddShift(MakeShift(org, ada, to, At(210 * kHour)));                          // starts exactly at to: out
    AddShift(MakeShift(other, std::nullopt, At(150 * kHour), At(151 * kHour)));  // other organisation

    Read([&](UnitOfWork& uow) {
        EXPECT_EQ(IdsOf(uow.shifts().List(ShiftQuery{org, from, to, std::nullopt})),
                  (std::vector<Id>{across_from, open, inside_b, inside_a, across_to}));
        EXPECT_EQ(IdsOf(uow.shifts().List(ShiftQuery{org, from, to, ada})), (std::vector<Id>{across_from, inside_a}));
        EXPECT_EQ(IdsOf(uow.shifts().List(ShiftQuery{org, from, to, bob})), (std::vector<Id>{inside_b, across_to}));
        EXPECT_TRUE(uow.shifts().List(ShiftQuery{org, At(300 * kHour), At(400 * kHour), std::nullopt}).empty());
    });
}

TEST_P(RepositoryContract, FindOverlappingEdgeCases) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id other_user = AddUser(other, "Cy", "cy@example.com");
    const Id morning = AddShift(MakeShift(org, ada, At(8 * kHour), At(12 * kHour)));
    const Id evening = AddShift(MakeShift(org, ada, At(18 * kHour), At(22 * kHour)));
    AddShift(MakeShift(org, bob, At(12 * kHour), At(18 * kHour)));
    AddShift(MakeShift(org, std::nullopt, At(12 * kHour), At(18 * kHour)));
    AddShift(MakeShift(other, other_user, At(12 * kHour), At(18 * kHour)));

    Read([&](UnitOfWork& uow) {
        ShiftRepository& shifts = uow.shifts();
        // Touching either neighbour is no overlap; other people's and open shifts do not count.
        EXPECT_FALSE(shifts.FindOverlapping(org, ada, At(12 * kHour), At(18 * kHour), std::nullopt));
        auto inside = shifts.FindOverlapping(org, ada, At(9 * kHour), At(10 * kHour), std::nullopt);
        ASSERT_TRUE(inside);
        EXPECT_EQ(inside->id, morning);
        auto covering = shifts.FindOverlapping(org, ada, At(0), At(24 * kHour), std::nullopt);
        ASSERT_TRUE(covering);
        EXPECT_EQ(covering->id, morning);  // the earliest
        auto late = shifts.FindOverlapping(org, ada, At(11 * kHour), At(19 * kHour), morning);
        ASSERT_TRUE(late);
        EXPECT_EQ(late->id, evening);  // except_id skipped
        EXPECT_FALSE(shifts.FindOverlapping(org, ada, At(9 * kHour), At(10 * kHour), morning));
        auto one_second = shifts.FindOverlapping(org, ada, At(12 * kHour - 1), At(12 * kHour), std::nullopt);
        ASSERT_TRUE(one_second);
        EXPECT_EQ(one_second->id, morning);
        EXPECT_FALSE(shifts.FindOverlapping(other, ada, At(9 * kHour), At(10 * kHour), std::nullopt));
    });
}

TEST_P(RepositoryContract, DeletePatternShiftsFromKeepsEarlierAndOtherShifts) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    const Id other_pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    auto pattern_shift = [&](Id pattern_id, std::int64_t start_hour) {
        Shift shift = MakeShift(org, ada, At(start_hour * kHour), At((start_hour + 4) * kHour));
        shift.pattern_id = pattern_id;
        return AddShift(shift);
    };
    const Id before = pattern_shift(pattern, 10);
    pattern_shift(pattern, 100);  // starts exactly at `from`: deleted
    pattern_shift(pattern, 200);
    const Id other_pattern_later = pattern_shift(other_pattern, 150);
    const Id manual_later = AddShift(MakeShift(org, ada, At(300 * kHour), At(301 * kHour)));

    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.shifts().DeletePatternShiftsFrom(other, pattern, At(0)); }), 0);
    EXPECT_EQ(
        Write([&](UnitOfWork& uow) { return uow.shifts().DeletePatternShiftsFrom(org, pattern, At(100 * kHour)); }), 2);
    auto left = Read([&](UnitOfWork& uow) { return uow.shifts().List(ShiftQuery{org, At(0), At(1000 * kHour), {}}); });
    EXPECT_EQ(IdsOf(left), (std::vector<Id>{before, other_pattern_later, manual_later}));
}

TEST_P(RepositoryContract, ReleaseUserShiftsFromMakesThemOpen) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    Shift past = MakeShift(org, ada, At(0), At(kHour));
    past.pattern_id = pattern;
    past.id = AddShift(past);
    Shift future = MakeShift(org, ada, At(100 * kHour), At(101 * kHour));  // starts exactly at `from`
    future.pattern_id = pattern;
    future.id = AddShift(future);
    Shift later = MakeShift(org, ada, At(200 * kHour), At(201 * kHour));
    later.id = AddShift(later);
    Shift bobs = MakeShift(org, bob, At(200 * kHour), At(201 * kHour));
    bobs.id = AddShift(bobs);

    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.shifts().ReleaseUserShiftsFrom(other, ada, At(0)); }), 0);
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.shifts().ReleaseUserShiftsFrom(org, ada, At(100 * kHour)); }), 2);
    Read([&](UnitOfWork& uow) {
        ExpectSameShift(past, *uow.shifts().FindById(org, past.id));
        Shift released = future;
        released.user_id.reset();
        released.pattern_id.reset();
        ExpectSameShift(released, *uow.shifts().FindById(org, future.id));
        EXPECT_FALSE(uow.shifts().FindById(org, later.id)->user_id);
        ExpectSameShift(bobs, *uow.shifts().FindById(org, bobs.id));
    });
}

TEST_P(RepositoryContract, DetachPatternThenDeletePattern) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    Shift shift = MakeShift(org, ada, At(0), At(kHour));
    shift.pattern_id = pattern;
    shift.id = AddShift(shift);

    {
        // A pattern that shifts still point at cannot go: the link must be dropped explicitly.
        auto uow = db_->Begin(TransactionMode::kWrite);
        EXPECT_ANY_THROW(uow->patterns().Delete(org, pattern));
    }
    Write([&](UnitOfWork& uow) { uow.shifts().DetachPattern(other, pattern); });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); })->pattern_id, pattern);
    Write([&](UnitOfWork& uow) {
        uow.shifts().DetachPattern(org, pattern);
        EXPECT_FALSE(uow.patterns().Delete(other, pattern));
        EXPECT_TRUE(uow.patterns().Delete(org, pattern));
    });
    Read([&](UnitOfWork& uow) {
        auto kept = uow.shifts().FindById(org, shift.id);
        ASSERT_TRUE(kept);
        EXPECT_FALSE(kept->pattern_id);
        EXPECT_EQ(kept->user_id, ada);
        EXPECT_FALSE(uow.patterns().FindById(org, pattern));
    });
}

TEST_P(RepositoryContract, RowsNamingMissingRowsAreRefused) {
    const Id org = AddOrganization();
    auto uow = db_->Begin(TransactionMode::kWrite);
    EXPECT_ANY_THROW((void)uow->shifts().Create(MakeShift(org, Id{4242}, At(0), At(kHour))));
    EXPECT_ANY_THROW((void)uow->shifts().Create(MakeShift(Id{4242}, std::nullopt, At(0), At(kHour))));
    Shift with_pattern = MakeShift(org, std::nullopt, At(0), At(kHour));
    with_pattern.pattern_id = 4242;
    EXPECT_ANY_THROW((void)uow->shifts().Create(with_pattern));
    EXPECT_ANY_THROW((void)uow->users().Create(MakeUser(Id{4242}, "Nobody", "nobody@example.com")));
    EXPECT_ANY_THROW(uow->patterns().Create(MakePattern(org, Id{4242}, Day(2024, 1, 1), Day(2024, 2, 1))));
}

// ---- Weekly patterns

TEST_P(RepositoryContract, PatternRoundTripWithEmptyAndOvernightDays) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    WeeklyPattern pattern = MakePattern(org, ada, Day(2024, 2, 29), Day(2025, 2, 28));
    pattern.days = {};
    pattern.days[0] = DayTimes{LocalTime{0}, LocalTime{1439}};                 // Monday, whole day
    pattern.days[2] = DayTimes{LocalTime{22 * 60}, LocalTime{6 * 60}};         // Wednesday, overnight
    pattern.days[6] = DayTimes{LocalTime{9 * 60 + 5}, LocalTime{9 * 60 + 5}};  // Sunday, equal times
    pattern.position = "Night porter";
    pattern.id = AddPattern(pattern);
    auto found = Read([&](UnitOfWork& uow) { return uow.patterns().FindById(org, pattern.id); });
    ASSERT_TRUE(found);
    ExpectSamePattern(pattern, *found);
    EXPECT_FALSE(found->days[1]);
    EXPECT_FALSE(found->days[5]);

    pattern.user_id = AddUser(org, "Bob", "bob@example.com");
    pattern.start_date = Day(2024, 3, 1);
    pattern.end_date = Day(2024, 3, 31);
    pattern.days = {};
    pattern.days[4] = DayTimes{LocalTime{7 * 60}, LocalTime{15 * 60}};
    pattern.position = "Cook";
    Write([&](UnitOfWork& uow) { uow.patterns().Update(pattern); });
    ExpectSamePattern(pattern, *Read([&](UnitOfWork& uow) { return uow.patterns().FindById(org, pattern.id); }));
}

TEST_P(RepositoryContract, PatternListOrderAndIsolation) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id cy = AddUser(other, "Cy", "cy@example.com");
    const Id bob_early = AddPattern(MakePattern(org, bob, Day(2024, 1, 1), Day(2024, 1, 31)));
    const Id ada_late = AddPattern(MakePattern(org, ada, Day(2024, 10, 1), Day(2024, 10, 31)));
    const Id ada_early = AddPattern(MakePattern(org, ada, Day(2024, 9, 30), Day(2024, 12, 31)));
    const Id ada_late_2 = AddPattern(MakePattern(org, ada, Day(2024, 10, 1), Day(2024, 11, 30)));
    const Id foreign = AddPattern(MakePattern(other, cy, Day(2024, 1, 1), Day(2024, 1, 31)));

    Read([&](UnitOfWork& uow) {
        EXPECT_EQ(IdsOf(uow.patterns().List(org, std::nullopt)),
                  (std::vector<Id>{ada_early, ada_late, ada_late_2, bob_early}));
        EXPECT_EQ(IdsOf(uow.patterns().List(org, bob)), (std::vector<Id>{bob_early}));
        EXPECT_TRUE(uow.patterns().List(org, cy).empty());
        EXPECT_FALSE(uow.patterns().FindById(org, foreign));
    });
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.patterns().Delete(org, foreign); }));
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.patterns().FindById(other, foreign); }));

    WeeklyPattern moved = *Read([&](UnitOfWork& uow) { return uow.patterns().FindById(other, foreign); });
    moved.organization_id = org;  // an update through the wrong organisation changes nothing
    moved.position = "Hijacked";
    Write([&](UnitOfWork& uow) { uow.patterns().Update(moved); });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.patterns().FindById(other, foreign); })->position, "Barista");
}

}  // namespace
}  // namespace shiftsync
