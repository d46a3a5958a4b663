#include "app/people_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::hours;

constexpr const char* kPassword = "correct horse battery staple";

class PeopleServiceTest : public testing::Test {
protected:
    PeopleServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        owner_ = Seed("Olga", "olga@example.com", Role::kOwner);
        manager_ = Seed("Max", "max@example.com", Role::kManager);
        employee_ = Seed("Emma", "emma@example.com", Role::kEmployee);
        colleague_ = Seed("Carl", "carl@example.com", Role::kEmployee);
    }

    User Seed(const std::string& name, const std::string& email, Role role, Id organization_id = 0) {
        return SeedUser(*db_, User{.organization_id = organization_id != 0 ? organization_id : org_.id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = hasher_.Hash(kPassword),
                                   .position = "Baker",
                                   .role = role});
    }

    User Reload(const User& user) {
        auto row = LoadUser(*db_, user.id);
        if (!row) throw std::logic_error("user vanished");
        return *row;
    }

    static PersonUpdate RoleTo(Role role) {
        PersonUpdate update;
        update.role = role;
        return update;
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

    Shift SeedWork(const User& user, Instant start, Instant end, std::optional<Id> pattern_id = std::nullopt) {
        return SeedShift(*db_, Shift{.organization_id = user.organization_id,
                                     .user_id = user.id,
                                     .start = start,
                                     .end = end,
                                     .position = "Baker",
                                     .pattern_id = pattern_id});
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;  // 2026-03-04T12:00Z
    FakePasswordHasher hasher_;
    FakeCommonPasswords common_;
    PeopleService people_{*db_, hasher_, common_, clock_};
    Organization org_;
    User owner_, manager_, employee_, colleague_;
};

// --- Reading -------------------------------------------------------------------------------

TEST_F(PeopleServiceTest, EmployeesSeeTheirOwnEmailOnly) {
    const auto people = people_.List(PrincipalFor(employee_), false).items;
    ASSERT_EQ(people.size(), 4u);
    for (const PersonView& view : people) {
        EXPECT_EQ(view.show_email, view.user.id == employee_.id) << view.user.name;
    }
    auto colleague = people_.Get(PrincipalFor(employee_), colleague_.id);
    ASSERT_TRUE(colleague.ok());
    EXPECT_FALSE(colleague->show_email);
    auto self = people_.Get(PrincipalFor(employee_), employee_.id);
    ASSERT_TRUE(self.ok());
    EXPECT_TRUE(self->show_email);
    auto me = people_.GetMe(PrincipalFor(employee_));
    ASSERT_TRUE(me.ok());
    EXPECT_EQ(me->user.id, employee_.id);
    EXPECT_TRUE(me->show_email);
}

TEST_F(PeopleServiceTest, ManagersAndOwnersSeeEveryEmail) {
    for (const User& viewer : {manager_, owner_}) {
        for (const PersonView& view : people_.List(PrincipalFor(viewer), false).items) {
            EXPECT_TRUE(view.show_email) << viewer.name << " viewing " << view.user.name;
        }
    }
}

TEST_F(PeopleServiceTest, ListIsByNameAndLeavesOutRemovedPeopleUnlessAsked) {
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner_), colleague_.id).ok());
    std::vector<std::string> names;
    for (const PersonView& view : people_.List(PrincipalFor(employee_), false).items) names.push_back(view.user.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Emma", "Max", "Olga"}));

    names.clear();
    for (const PersonView& view : people_.List(PrincipalFor(employee_), true).items) names.push_back(view.user.name);
    EXPECT_EQ(names, (std::vector<std::string>{"Carl", "Emma", "Max", "Olga"}));
}

TEST_F(PeopleServiceTest, OtherOrganizationsPeopleAreNotFound) {
    const Organization other = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    const User stranger = Seed("Sam", "sam@example.com", Role::kEmployee, other.id);
    for (const PersonView& view : people_.List(PrincipalFor(owner_), true).items) EXPECT_NE(view.user.id, stranger.id);

    auto get = people_.Get(PrincipalFor(owner_), stranger.id);
    ASSERT_FALSE(get.ok());
    EXPECT_EQ(get.error().code, ErrorCode::kNotFound);
    auto update = people_.Update(PrincipalFor(owner_), stranger.id, RoleTo(Role::kManager));
    ASSERT_FALSE(update.ok());
    EXPECT_EQ(update.error().code, ErrorCode::kNotFound);
    auto remove = people_.Remove(PrincipalFor(owner_), stranger.id);
    ASSERT_FALSE(remove.ok());
    EXPECT_EQ(remove.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Reload(stranger).active);
    EXPECT_EQ(Reload(stranger).role, Role::kEmployee);
}

// --- Role rules ------------------------------------------------------------------------------

TEST_F(PeopleServiceTest, NobodyChangesTheirOwnRole) {
    for (const User& self : {owner_, manager_, employee_}) {
        const Role other_role = self.role == Role::kEmployee ? Role::kManager : Role::kEmployee;
        auto result = people_.Update(PrincipalFor(self), self.id, RoleTo(other_role));
        ASSERT_FALSE(result.ok()) << self.name;
        EXPECT_EQ(result.error().code, ErrorCode::kForbidden) << self.name;
        EXPECT_EQ(Reload(self).role, self.role) << self.name;
    }
}

TEST_F(PeopleServiceTest, NobodyDeactivatesThemselvesThroughUsers) {
    PersonUpdate update;
    update.active = false;
    auto patch = people_.Update(PrincipalFor(manager_), manager_.id, update);
    ASSERT_FALSE(patch.ok());
    EXPECT_EQ(patch.error().code, ErrorCode::kForbidden);
    auto remove = people_.Remove(PrincipalFor(manager_), manager_.id);
    ASSERT_FALSE(remove.ok());
    EXPECT_EQ(remove.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(Reload(manager_).active);
}

TEST_F(PeopleServiceTest, ManagersPromoteEmployeesToManager) {
    auto result = people_.Update(PrincipalFor(manager_), employee_.id, RoleTo(Role::kManager));
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_EQ(result->user.role, Role::kManager);
    EXPECT_EQ(Reload(employee_).role, Role::kManager);
}

TEST_F(PeopleServiceTest, ManagersCannotPromoteToOwner) {
    auto result = people_.Update(PrincipalFor(manager_), employee_.id, RoleTo(Role::kOwner));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Reload(employee_).role, Role::kEmployee);
}

TEST_F(PeopleServiceTest, ManagersCannotDemoteManagers) {
    const User peer = Seed("Mia", "mia@example.com", Role::kManager);
    auto result = people_.Update(PrincipalFor(manager_), peer.id, RoleTo(Role::kEmployee));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Reload(peer).role, Role::kManager);
}

TEST_F(PeopleServiceTest, ManagersCannotTouchOwners) {
    PersonUpdate rename;
    rename.name = "Renamed";
    auto update = people_.Update(PrincipalFor(manager_), owner_.id, rename);
    ASSERT_FALSE(update.ok());
    EXPECT_EQ(update.error().code, ErrorCode::kForbidden);
    auto demote = people_.Update(PrincipalFor(manager_), owner_.id, RoleTo(Role::kManager));
    ASSERT_FALSE(demote.ok());
    EXPECT_EQ(demote.error().code, ErrorCode::kForbidden);
    auto remove = people_.Remove(PrincipalFor(manager_), owner_.id);
    ASSERT_FALSE(remove.ok());
    EXPECT_EQ(remove.error().code, ErrorCode::kForbidden);
    const User after = Reload(owner_);
    EXPECT_EQ(after.name, "Olga");
    EXPECT_EQ(after.role, Role::kOwner);
    EXPECT_TRUE(after.active);
}

TEST_F(PeopleServiceTest, ManagersEditAndRemoveEmployeesAndManagers) {
    PersonUpdate update;
    update.name = "Emma B.";
    update.position = "Cashier";
    auto result = people_.Update(PrincipalFor(manager_), employee_.id, update);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_EQ(Reload(employee_).name, "Emma B.");
    EXPECT_EQ(Reload(employee_).position, "Cashier");

    const User peer = Seed("Mia", "mia@example.com", Role::kManager);
    EXPECT_TRUE(people_.Remove(PrincipalFor(manager_), peer.id).ok());
    EXPECT_FALSE(Reload(peer).active);
}

TEST_F(PeopleServiceTest, EmployeesChangeNobodyElse) {
    PersonUpdate rename;
    rename.name = "Renamed";
    auto update = people_.Update(PrincipalFor(employee_), colleague_.id, rename);
    ASSERT_FALSE(update.ok());
    EXPECT_EQ(update.error().code, ErrorCode::kForbidden);
    auto remove = people_.Remove(PrincipalFor(employee_), colleague_.id);
    ASSERT_FALSE(remove.ok());
    EXPECT_EQ(remove.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Reload(colleague_).name, "Carl");
    EXPECT_TRUE(Reload(colleague_).active);
}

TEST_F(PeopleServiceTest, OwnersGiveAnyRole) {
    ASSERT_TRUE(people_.Update(PrincipalFor(owner_), manager_.id, RoleTo(Role::kEmployee)).ok());
    EXPECT_EQ(Reload(manager_).role, Role::kEmployee);
    ASSERT_TRUE(people_.Update(PrincipalFor(owner_), employee_.id, RoleTo(Role::kOwner)).ok());
    EXPECT_EQ(Reload(employee_).role, Role::kOwner);
    // With a second owner, either may demote the other.
    ASSERT_TRUE(people_.Update(PrincipalFor(owner_), employee_.id, RoleTo(Role::kManager)).ok());
    EXPECT_EQ(Reload(employee_).role, Role::kManager);
}

TEST_F(PeopleServiceTest, LastOwnerCannotBeDemoted) {
    const User second = Seed("Oscar", "oscar@example.com", Role::kOwner);
    const Principal stale_second = PrincipalFor(second);  // issued while Oscar was still an owner
    ASSERT_TRUE(people_.Update(PrincipalFor(owner_), second.id, RoleTo(Role::kManager)).ok());

    auto result = people_.Update(stale_second, owner_.id, RoleTo(Role::kManager));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kConflict);
    EXPECT_EQ(Reload(owner_).role, Role::kOwner);
}

TEST_F(PeopleServiceTest, LastOwnerCannotBeRemoved) {
    auto me = people_.RemoveMe(PrincipalFor(owner_), kPassword);
    ASSERT_FALSE(me.ok());
    EXPECT_EQ(me.error().code, ErrorCode::kConflict);
    EXPECT_TRUE(Reload(owner_).active);

    const User second = Seed("Oscar", "oscar@example.com", Role::kOwner);
    const Principal stale_second = PrincipalFor(second);
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner_), second.id).ok());
    auto removal = people_.Remove(stale_second, owner_.id);
    ASSERT_FALSE(removal.ok());
    EXPECT_EQ(removal.error().code, ErrorCode::kConflict);
    EXPECT_TRUE(Reload(owner_).active);
}

TEST_F(PeopleServiceTest, AnOwnerLeavesWhenAnotherRemains) {
    Seed("Oscar", "oscar@example.com", Role::kOwner);
    EXPECT_TRUE(people_.RemoveMe(PrincipalFor(owner_), kPassword).ok());
    EXPECT_FALSE(Reload(owner_).active);
}

// --- Removing and reactivating ---------------------------------------------------------------

TEST_F(PeopleServiceTest, RemovalDeactivatesEndsSessionsAndOpensFutureShifts) {
    const Id pattern = SeedPattern(employee_);
    const Shift past = SeedWork(employee_, UtcAt(2026, 3, 3, 8), UtcAt(2026, 3, 3, 16));
    const Shift running = SeedWork(employee_, UtcAt(2026, 3, 4, 10), UtcAt(2026, 3, 4, 14));
    const Shift future = SeedWork(employee_, UtcAt(2026, 3, 5, 8), UtcAt(2026, 3, 5, 16), pattern);
    const Shift starts_now = SeedWork(employee_, clock_.Now(), clock_.Now() + hours{1});
    const Shift colleagues = SeedWork(colleague_, UtcAt(2026, 3, 5, 8), UtcAt(2026, 3, 5, 16));

    ASSERT_TRUE(people_.Remove(PrincipalFor(manager_), employee_.id).ok());

    const User after = Reload(employee_);
    EXPECT_FALSE(after.active);
    EXPECT_EQ(after.token_version, employee_.token_version + 1);
    EXPECT_EQ(LoadShift(*db_, org_.id, past.id)->user_id, employee_.id);
    EXPECT_EQ(LoadShift(*db_, org_.id, running.id)->user_id, employee_.id);  // already started
    const auto opened = LoadShift(*db_, org_.id, future.id);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->user_id, std::nullopt);
    EXPECT_EQ(opened->pattern_id, std::nullopt);
    EXPECT_EQ(opened->start, future.start);
    EXPECT_EQ(LoadShift(*db_, org_.id, starts_now.id)->user_id, std::nullopt);
    EXPECT_EQ(LoadShift(*db_, org_.id, colleagues.id)->user_id, colleague_.id);
    // The record stays, email reserved.
    auto view = people_.Get(PrincipalFor(manager_), employee_.id);
    ASSERT_TRUE(view.ok());
    EXPECT_EQ(view->user.email, "emma@example.com");
}

TEST_F(PeopleServiceTest, RemovingARemovedPersonChangesNothing) {
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner_), employee_.id).ok());
    const User once = Reload(employee_);
    EXPECT_TRUE(people_.Remove(PrincipalFor(owner_), employee_.id).ok());
    EXPECT_EQ(Reload(employee_).token_version, once.token_version);
}

TEST_F(PeopleServiceTest, DeactivatingThroughUpdateIsARemoval) {
    const Shift future = SeedWork(employee_, UtcAt(2026, 3, 5, 8), UtcAt(2026, 3, 5, 16));
    PersonUpdate update;
    update.active = false;
    auto result = people_.Update(PrincipalFor(owner_), employee_.id, update);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_FALSE(result->user.active);
    const User after = Reload(employee_);
    EXPECT_FALSE(after.active);
    EXPECT_EQ(after.token_version, employee_.token_version + 1);
    EXPECT_EQ(LoadShift(*db_, org_.id, future.id)->user_id, std::nullopt);
}

TEST_F(PeopleServiceTest, RemovedPeopleCanBeReactivated) {
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner_), employee_.id).ok());
    PersonUpdate update;
    update.active = true;
    auto result = people_.Update(PrincipalFor(manager_), employee_.id, update);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_TRUE(result->user.active);
    EXPECT_TRUE(Reload(employee_).active);
    bool listed = false;
    for (const PersonView& view : people_.List(PrincipalFor(owner_), false).items)
        listed |= view.user.id == employee_.id;
    EXPECT_TRUE(listed);
}

TEST_F(PeopleServiceTest, RemoveMeNeedsTheCurrentPassword) {
    auto wrong = people_.RemoveMe(PrincipalFor(employee_), "not my password");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(wrong.error().field, "current_password");
    EXPECT_TRUE(Reload(employee_).active);

    ASSERT_TRUE(people_.RemoveMe(PrincipalFor(employee_), kPassword).ok());
    EXPECT_FALSE(Reload(employee_).active);
    EXPECT_EQ(Reload(employee_).token_version, employee_.token_version + 1);
}

// --- UpdateMe ------------------------------------------------------------------------------

TEST_F(PeopleServiceTest, UpdateMeChangesNameWithoutEndingSessions) {
    MeUpdate update;
    update.name = "Emma Baker";
    update.position = "Baker";  // unchanged: an employee may send it back as it is
    auto result = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_TRUE(result->show_email);
    const User after = Reload(employee_);
    EXPECT_EQ(after.name, "Emma Baker");
    EXPECT_EQ(after.position, "Baker");
    EXPECT_EQ(after.token_version, employee_.token_version);
}

TEST_F(PeopleServiceTest, EmployeesDoNotSetTheirOwnPosition) {
    MeUpdate update;
    update.name = "Emma Baker";
    update.position = "Head baker";
    auto result = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(result.error().field, "position");
    const User after = Reload(employee_);
    EXPECT_EQ(after.position, "Baker");
    EXPECT_EQ(after.name, "Emma") << "nothing of the refused request is saved";
}

TEST_F(PeopleServiceTest, ManagersAndOwnersSetTheirOwnPosition) {
    for (const User& user : {manager_, owner_}) {
        MeUpdate update;
        update.position = "Pastry chef";
        auto result = people_.UpdateMe(PrincipalFor(user), update);
        ASSERT_TRUE(result.ok()) << result.error().detail;
        EXPECT_EQ(Reload(user).position, "Pastry chef");
    }
}

TEST_F(PeopleServiceTest, UpdateMeEmailNeedsTheCurrentPassword) {
    MeUpdate update;
    update.email = "emma.new@example.com";
    auto missing = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(missing.error().field, "current_password");

    update.current_password = "not my password";
    auto wrong = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(wrong.error().field, "current_password");
    EXPECT_EQ(Reload(employee_).email, "emma@example.com");

    update.current_password = kPassword;
    auto right = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_TRUE(right.ok()) << right.error().detail;
    const User after = Reload(employee_);
    EXPECT_EQ(after.email, "emma.new@example.com");
    EXPECT_EQ(after.token_version, employee_.token_version + 1);
}

TEST_F(PeopleServiceTest, UpdateMePasswordNeedsTheCurrentPasswordAndEndsSessions) {
    MeUpdate update;
    update.password = "a brand new passphrase";
    auto missing = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().field, "current_password");

    update.current_password = "not my password";
    auto wrong = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.error().field, "current_password");
    EXPECT_TRUE(hasher_.Verify(kPassword, Reload(employee_).password_hash));

    update.current_password = kPassword;
    ASSERT_TRUE(people_.UpdateMe(PrincipalFor(employee_), update).ok());
    const User after = Reload(employee_);
    EXPECT_TRUE(hasher_.Verify("a brand new passphrase", after.password_hash));
    EXPECT_FALSE(hasher_.Verify(kPassword, after.password_hash));
    EXPECT_EQ(after.token_version, employee_.token_version + 1);
}

TEST_F(PeopleServiceTest, UpdateMeRefusesCommonPasswords) {
    MeUpdate update;
    update.password = "Password1234";
    update.current_password = kPassword;
    auto result = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "password");
    EXPECT_EQ(Reload(employee_).token_version, employee_.token_version);
}

TEST_F(PeopleServiceTest, UpdateMeRefusesATakenEmail) {
    MeUpdate update;
    update.email = "CARL@example.com";
    update.current_password = kPassword;
    auto result = people_.UpdateMe(PrincipalFor(employee_), update);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kEmailTaken);
    const User after = Reload(employee_);
    EXPECT_EQ(after.email, "emma@example.com");
    EXPECT_EQ(after.token_version, employee_.token_version);
}

TEST_F(PeopleServiceTest, UpdateRefusesInvalidText) {
    PersonUpdate update;
    update.name = "   ";
    auto result = people_.Update(PrincipalFor(owner_), employee_.id, update);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "name");
    EXPECT_EQ(Reload(employee_).name, "Emma");
}

}  // namespace
}  // namespace shiftsync
