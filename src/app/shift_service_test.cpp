#include "app/shift_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::seconds;

class ShiftServiceTest : public testing::Test {
protected:
    ShiftServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        employee_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee, "Baker");
        colleague_ = Seed(org_.id, "Carl", "carl@example.com", Role::kEmployee, "Cashier");
        other_org_ = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
        stranger_ = Seed(other_org_.id, "Sam", "sam@example.com", Role::kOwner);
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role,
              const std::string& position = "") {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "fake$x",
                                   .position = position,
                                   .role = role});
    }

    static ShiftInput Work(std::optional<Id> user_id, Instant start, Instant end) {
        ShiftInput input;
        input.user_id = user_id;
        input.start = start;
        input.end = end;
        return input;
    }

    Result<Shift> Create(std::optional<Id> user_id, Instant start, Instant end) {
        return shifts_.Create(PrincipalFor(manager_), Work(user_id, start, end));
    }

    Id SeedPattern(const User& user) {
        WeeklyPattern pattern;
        pattern.organization_id = user.organization_id;
        pattern.user_id = user.id;
        pattern.start_date = Day(2026, 3, 2);
        pattern.end_date = Day(2026, 3, 8);
        pattern.days[0] = DayTimes{LocalTime{8 * 60}, LocalTime{16 * 60}};
        auto uow = db_->Begin(TransactionMode::kWrite);
        const Id id = uow->patterns().Create(pattern);
        uow->Commit();
        return id;
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    ShiftService shifts_{*db_};
    Organization org_, other_org_;
    User manager_, employee_, colleague_, stranger_;
    const Instant t8_ = UtcAt(2026, 3, 10, 8);
    const Instant t12_ = UtcAt(2026, 3, 10, 12);
    const Instant t16_ = UtcAt(2026, 3, 10, 16);
    const Instant t20_ = UtcAt(2026, 3, 10, 20);
};

// --- Create, read, update, delete --------------------------------------------------------------

TEST_F(ShiftServiceTest, CreateStoresTheShiftWithTheEmployeesPosition) {
    ShiftInput input = Work(employee_.id, t8_, t16_);
    input.note = "Opening";
    auto created = shifts_.Create(PrincipalFor(manager_), input);
    ASSERT_TRUE(created.ok()) << created.error().detail;
    EXPECT_GT(created->id, 0);
    EXPECT_EQ(created->organization_id, org_.id);
    EXPECT_EQ(created->user_id, employee_.id);
    EXPECT_EQ(created->position, "Baker");
    EXPECT_EQ(created->note, "Opening");
    EXPECT_EQ(created->pattern_id, std::nullopt);

    auto got = shifts_.Get(PrincipalFor(employee_), created->id);  // anyone in the organisation reads
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->start, t8_);
    EXPECT_EQ(got->end, t16_);
    EXPECT_EQ(got->position, "Baker");
    EXPECT_EQ(got->note, "Opening");
}

TEST_F(ShiftServiceTest, CreateKeepsAGivenPosition) {
    ShiftInput input = Work(employee_.id, t8_, t16_);
    input.position = "Cashier";
    auto created = shifts_.Create(PrincipalFor(manager_), input);
    ASSERT_TRUE(created.ok());
    EXPECT_EQ(created->position, "Cashier");
}

TEST_F(ShiftServiceTest, EmployeesMayNotWriteShifts) {
    auto created = shifts_.Create(PrincipalFor(employee_), Work(employee_.id, t8_, t16_));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kForbidden);

    auto shift = Create(employee_.id, t8_, t16_);
    ASSERT_TRUE(shift.ok());
    ShiftPatch patch;
    patch.note = "mine now";
    auto updated = shifts_.Update(PrincipalFor(employee_), shift->id, patch);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().code, ErrorCode::kForbidden);
    auto deleted = shifts_.Delete(PrincipalFor(employee_), shift->id);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(LoadShift(*db_, org_.id, shift->id)->note, "");
}

TEST_F(ShiftServiceTest, UpdateChangesFieldsAndDetachesFromItsPattern) {
    const Id pattern = SeedPattern(employee_);
    const Shift generated = SeedShift(*db_, Shift{.organization_id = org_.id,
                                                  .user_id = employee_.id,
                                                  .start = t8_,
                                                  .end = t16_,
                                                  .position = "Baker",
                                                  .pattern_id = pattern});
    ShiftPatch patch;
    patch.end = t12_;
    patch.note = "Leaves early";
    auto updated = shifts_.Update(PrincipalFor(manager_), generated.id, patch);
    ASSERT_TRUE(updated.ok()) << updated.error().detail;
    EXPECT_EQ(updated->pattern_id, std::nullopt);
    const auto stored = LoadShift(*db_, org_.id, generated.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->start, t8_);
    EXPECT_EQ(stored->end, t12_);
    EXPECT_EQ(stored->note, "Leaves early");
    EXPECT_EQ(stored->position, "Baker");
    EXPECT_EQ(stored->user_id, employee_.id);
    EXPECT_EQ(stored->pattern_id, std::nullopt);
}

TEST_F(ShiftServiceTest, UpdateCanOpenAndReassignAShift) {
    auto shift = Create(employee_.id, t8_, t16_);
    ASSERT_TRUE(shift.ok());
    ShiftPatch open;
    open.user_id = std::optional<Id>{};
    ASSERT_TRUE(shifts_.Update(PrincipalFor(manager_), shift->id, open).ok());
    EXPECT_EQ(LoadShift(*db_, org_.id, shift->id)->user_id, std::nullopt);

    ShiftPatch assign;
    assign.user_id = std::optional<Id>{colleague_.id};
    ASSERT_TRUE(shifts_.Update(PrincipalFor(manager_), shift->id, assign).ok());
    EXPECT_EQ(LoadShift(*db_, org_.id, shift->id)->user_id, colleague_.id);
}

TEST_F(ShiftServiceTest, UpdateDoesNotClashWithItself) {
    auto shift = Create(employee_.id, t8_, t16_);
    ASSERT_TRUE(shift.ok());
    ShiftPatch patch;
    patch.start = t8_ + hours{1};
    patch.end = t16_ + hours{1};
    EXPECT_TRUE(shifts_.Update(PrincipalFor(manager_), shift->id, patch).ok());
}

TEST_F(ShiftServiceTest, UpdateIntoAnotherShiftIsAnOverlap) {
    auto early = Create(employee_.id, t8_, t12_);
    auto late = Create(employee_.id, t12_, t16_);
    ASSERT_TRUE(early.ok() && late.ok());
    ShiftPatch patch;
    patch.end = t12_ + hours{1};
    auto result = shifts_.Update(PrincipalFor(manager_), early->id, patch);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kShiftOverlap);
    EXPECT_EQ(result.error().conflicting_id, late->id);
    EXPECT_EQ(LoadShift(*db_, org_.id, early->id)->end, t12_);
}

TEST_F(ShiftServiceTest, DeleteRemovesIt) {
    auto shift = Create(employee_.id, t8_, t16_);
    ASSERT_TRUE(shift.ok());
    ASSERT_TRUE(shifts_.Delete(PrincipalFor(manager_), shift->id).ok());
    EXPECT_FALSE(LoadShift(*db_, org_.id, shift->id));
    auto again = shifts_.Delete(PrincipalFor(manager_), shift->id);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
    // The slot is free again.
    EXPECT_TRUE(Create(employee_.id, t8_, t16_).ok());
}

TEST_F(ShiftServiceTest, OtherOrganizationsShiftsAreNotFound) {
    auto theirs = shifts_.Create(PrincipalFor(stranger_), Work(stranger_.id, t8_, t16_));
    ASSERT_TRUE(theirs.ok());
    const Principal ours = PrincipalFor(manager_);

    auto got = shifts_.Get(ours, theirs->id);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kNotFound);
    ShiftPatch patch;
    patch.note = "hijacked";
    auto updated = shifts_.Update(ours, theirs->id, patch);
    ASSERT_FALSE(updated.ok());
    EXPECT_EQ(updated.error().code, ErrorCode::kNotFound);
    auto deleted = shifts_.Delete(ours, theirs->id);
    ASSERT_FALSE(deleted.ok());
    EXPECT_EQ(deleted.error().code, ErrorCode::kNotFound);

    const auto stored = LoadShift(*db_, other_org_.id, theirs->id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->note, "");
}

// --- Rules -----------------------------------------------------------------------------------

TEST_F(ShiftServiceTest, OverlapIsRefusedNamingTheClashingShift) {
    auto first = Create(employee_.id, t8_, t16_);
    ASSERT_TRUE(first.ok());
    for (const auto& [start, end] : {std::pair{t12_, t20_}, std::pair{t8_, t16_}, std::pair{t8_ - hours{1}, t20_},
                                     std::pair{t16_ - seconds{1}, t20_}}) {
        auto clash = Create(employee_.id, start, end);
        ASSERT_FALSE(clash.ok());
        EXPECT_EQ(clash.error().code, ErrorCode::kShiftOverlap);
        EXPECT_EQ(clash.error().conflicting_id, first->id);
    }
    auto listed = shifts_.List(PrincipalFor(manager_), ShiftRange{t8_ - days{1}, t8_ + days{1}, std::nullopt});
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->items.size(), 1u);
}

TEST_F(ShiftServiceTest, TouchingShiftsAreFine) {
    ASSERT_TRUE(Create(employee_.id, t8_, t12_).ok());
    EXPECT_TRUE(Create(employee_.id, t12_, t16_).ok());
    EXPECT_TRUE(Create(employee_.id, t8_ - hours{4}, t8_).ok());
}

TEST_F(ShiftServiceTest, OtherPeoplesAndOpenShiftsNeverClash) {
    auto busy = Create(employee_.id, t8_, t16_);
    ASSERT_TRUE(busy.ok());
    EXPECT_TRUE(Create(colleague_.id, t8_, t16_).ok());
    auto open = Create(std::nullopt, t8_, t16_);
    ASSERT_TRUE(open.ok());
    EXPECT_EQ(open->user_id, std::nullopt);
    EXPECT_EQ(open->position, "");
    EXPECT_TRUE(Create(std::nullopt, t8_, t16_).ok());

    // Giving the open shift to someone who works then is an overlap like any other.
    ShiftPatch to_emma;
    to_emma.user_id = std::optional<Id>{employee_.id};
    auto assigned = shifts_.Update(PrincipalFor(manager_), open->id, to_emma);
    ASSERT_FALSE(assigned.ok());
    EXPECT_EQ(assigned.error().code, ErrorCode::kShiftOverlap);
    EXPECT_EQ(assigned.error().conflicting_id, busy->id);
    EXPECT_EQ(LoadShift(*db_, org_.id, open->id)->user_id, std::nullopt);
}

TEST_F(ShiftServiceTest, TimesMustBeInOrderAndAtMostADay) {
    for (const auto& [start, end] :
         {std::pair{t8_, t8_}, std::pair{t16_, t8_}, std::pair{t8_, t8_ + hours{24} + seconds{1}}}) {
        auto result = Create(employee_.id, start, end);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(result.error().field, "end");
    }
    EXPECT_TRUE(Create(employee_.id, t8_, t8_ + hours{24}).ok());
}

TEST_F(ShiftServiceTest, EmployeeMustBelongToTheOrganization) {
    auto result = Create(stranger_.id, t8_, t16_);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "user_id");
    auto unknown = Create(Id{9999}, t8_, t16_);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(unknown.error().field, "user_id");
}

TEST_F(ShiftServiceTest, RemovedPeopleGetNoShifts) {
    User removed = employee_;
    removed.active = false;
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        ASSERT_TRUE(uow->users().Update(removed).ok());
        uow->Commit();
    }
    auto result = Create(employee_.id, t8_, t16_);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kConflict);
    EXPECT_EQ(result.error().field, "user_id");
}

TEST_F(ShiftServiceTest, TextsAreValidated) {
    ShiftInput input = Work(employee_.id, t8_, t16_);
    input.note = std::string(1001, 'x');
    auto result = shifts_.Create(PrincipalFor(manager_), input);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "note");
    input.note = "two\nlines";
    EXPECT_TRUE(shifts_.Create(PrincipalFor(manager_), input).ok());
}

// --- List ----------------------------------------------------------------------------------

TEST_F(ShiftServiceTest, ListReturnsOverlappingShiftsByStartForTheOrganizationOnly) {
    auto late = Create(employee_.id, t16_, t20_);
    auto early = Create(colleague_.id, t8_, t12_);
    auto before = Create(employee_.id, t8_ - days{1}, t12_ - days{1});
    ASSERT_TRUE(late.ok() && early.ok() && before.ok());
    ASSERT_TRUE(shifts_.Create(PrincipalFor(stranger_), Work(stranger_.id, t8_, t16_)).ok());

    auto listed = shifts_.List(PrincipalFor(employee_), ShiftRange{t8_ + hours{1}, t20_, std::nullopt});
    ASSERT_TRUE(listed.ok());
    ASSERT_EQ(listed->items.size(), 2u);
    EXPECT_EQ(listed->items[0].id, early->id);  // overlaps the range's start
    EXPECT_EQ(listed->items[1].id, late->id);

    auto mine = shifts_.List(PrincipalFor(employee_), ShiftRange{t8_ - days{2}, t20_, employee_.id});
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->items.size(), 2u);
    EXPECT_EQ(mine->items[0].id, before->id);
    EXPECT_EQ(mine->items[1].id, late->id);
}

TEST_F(ShiftServiceTest, ListPagesFollowTheCursorAndRefuseAnotherListsCursor) {
    auto first = Create(employee_.id, t8_, t12_);
    auto second = Create(colleague_.id, t8_, t12_);
    auto third = Create(employee_.id, t16_, t20_);
    ASSERT_TRUE(first.ok() && second.ok() && third.ok());
    const ShiftRange range{t8_ - days{1}, t8_ + days{1}, std::nullopt};

    auto page = shifts_.List(PrincipalFor(employee_), range, PageRequest{.limit = 2});
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->items.size(), 2u);
    EXPECT_EQ(page->items[0].id, first->id);  // same start: by id
    EXPECT_EQ(page->items[1].id, second->id);
    ASSERT_TRUE(page->next_cursor.has_value());
    auto rest = shifts_.List(PrincipalFor(employee_), range, *ParsePageRequest(std::nullopt, page->next_cursor));
    ASSERT_TRUE(rest.ok());
    ASSERT_EQ(rest->items.size(), 1u);
    EXPECT_EQ(rest->items[0].id, third->id);
    EXPECT_FALSE(rest->next_cursor.has_value());

    const PageRequest of_people{.after = PageKey{employee_.id, "Emma"}};  // a /users cursor
    auto refused = shifts_.List(PrincipalFor(employee_), range, of_people);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kMalformed);
    EXPECT_EQ(refused.error().field, "cursor");
}

TEST_F(ShiftServiceTest, ListRangeIsOrderedAndAtMost366Days) {
    const Instant from = UtcAt(2026, 1, 1);
    EXPECT_TRUE(shifts_.List(PrincipalFor(employee_), ShiftRange{from, from + days{366}, std::nullopt}).ok());
    for (const Instant to : {from + days{366} + seconds{1}, from, from - seconds{1}}) {
        auto result = shifts_.List(PrincipalFor(employee_), ShiftRange{from, to, std::nullopt});
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(result.error().field, "to");
    }
}

}  // namespace
}  // namespace shiftsync
