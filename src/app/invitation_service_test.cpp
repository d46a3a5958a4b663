#include "app/invitation_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr std::chrono::hours kLifetime{24 * 7};

class InvitationServiceTest : public testing::Test {
protected:
    InvitationServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        owner_ = Seed(org_.id, "Olga", "olga@example.com", Role::kOwner);
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        employee_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "fake$x",
                                   .role = role});
    }

    static InvitationCommand Invite(std::string email, Role role = Role::kEmployee) {
        InvitationCommand command;
        command.email = std::move(email);
        command.role = role;
        return command;
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    SequenceRandom random_;
    FakeDigest digest_;
    InvitationService invitations_{*db_, random_, digest_, clock_,
                                   InvitationSettings{kLifetime, "https://rota.example.com"}};
    LoginThrottle throttle_{*db_, digest_, clock_, ThrottleLimits{.address_failures = 3}};
    InvitationService throttled_{
        *db_, random_, digest_, clock_, InvitationSettings{kLifetime, "https://rota.example.com"}, nullptr, &throttle_};
    Organization org_;
    User owner_, manager_, employee_;
};

TEST_F(InvitationServiceTest, CreateReturnsTheTokenAndStoresOnlyItsDigest) {
    InvitationCommand command = Invite("ivan@example.com", Role::kManager);
    command.position = "Baker";
    auto created = invitations_.Create(PrincipalFor(owner_), command);
    ASSERT_TRUE(created.ok()) << created.error().detail;

    EXPECT_FALSE(created->token.empty());
    EXPECT_EQ(created->link, "https://rota.example.com/register?invitation=" + created->token);
    const Invitation& invitation = created->invitation;
    EXPECT_GT(invitation.id, 0);
    EXPECT_EQ(invitation.organization_id, org_.id);
    EXPECT_EQ(invitation.email, "ivan@example.com");
    EXPECT_EQ(invitation.role, Role::kManager);
    EXPECT_EQ(invitation.position, "Baker");
    EXPECT_EQ(invitation.invited_by, owner_.id);
    EXPECT_EQ(invitation.created_at, clock_.Now());
    EXPECT_EQ(invitation.expires_at, clock_.Now() + kLifetime);
    EXPECT_FALSE(invitation.accepted_at);

    auto uow = db_->Begin(TransactionMode::kRead);
    auto stored = uow->invitations().FindById(org_.id, invitation.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->token_hash, digest_.Sha256Hex(created->token));
    EXPECT_NE(stored->token_hash, created->token);
    EXPECT_TRUE(uow->invitations().FindByTokenHash(digest_.Sha256Hex(created->token)));
    EXPECT_FALSE(uow->invitations().FindByTokenHash(created->token));
}

TEST_F(InvitationServiceTest, EachInvitationGetsItsOwnToken) {
    auto first = invitations_.Create(PrincipalFor(owner_), Invite("a@example.com"));
    auto second = invitations_.Create(PrincipalFor(owner_), Invite("b@example.com"));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    EXPECT_NE(first->token, second->token);
    EXPECT_NE(first->invitation.token_hash, second->invitation.token_hash);
}

TEST_F(InvitationServiceTest, EmployeesMayNotInviteListOrWithdraw) {
    auto created = invitations_.Create(PrincipalFor(employee_), Invite("ivan@example.com"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kForbidden);

    auto invitation = invitations_.Create(PrincipalFor(manager_), Invite("ivan@example.com"));
    ASSERT_TRUE(invitation.ok());
    auto listed = invitations_.ListPending(PrincipalFor(employee_));
    ASSERT_FALSE(listed.ok());
    EXPECT_EQ(listed.error().code, ErrorCode::kForbidden);
    auto withdrawn = invitations_.Withdraw(PrincipalFor(employee_), invitation->invitation.id);
    ASSERT_FALSE(withdrawn.ok());
    EXPECT_EQ(withdrawn.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(invitations_.ListPending(PrincipalFor(owner_))->items.size(), 1u);
}

TEST_F(InvitationServiceTest, ManagersInviteUpToManagerOwnersAnyRole) {
    EXPECT_TRUE(invitations_.Create(PrincipalFor(manager_), Invite("e@example.com", Role::kEmployee)).ok());
    EXPECT_TRUE(invitations_.Create(PrincipalFor(manager_), Invite("m@example.com", Role::kManager)).ok());
    auto owner_by_manager = invitations_.Create(PrincipalFor(manager_), Invite("o@example.com", Role::kOwner));
    ASSERT_FALSE(owner_by_manager.ok());
    EXPECT_EQ(owner_by_manager.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(invitations_.Create(PrincipalFor(owner_), Invite("o@example.com", Role::kOwner)).ok());
    EXPECT_EQ(invitations_.ListPending(PrincipalFor(owner_))->items.size(), 3u);
}

TEST_F(InvitationServiceTest, RegisteredEmailIsTakenInAnyCaseAndAnyOrganization) {
    const Organization other = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    Seed(other.id, "Sam", "sam@example.com", Role::kOwner);
    for (const char* email : {"EMMA@example.com", "sam@example.com"}) {
        auto created = invitations_.Create(PrincipalFor(owner_), Invite(email));
        ASSERT_FALSE(created.ok()) << email;
        EXPECT_EQ(created.error().code, ErrorCode::kEmailTaken) << email;
        EXPECT_EQ(created.error().field, "email") << email;
    }
    EXPECT_TRUE(invitations_.ListPending(PrincipalFor(owner_))->items.empty());
}

TEST_F(InvitationServiceTest, RemovedPeopleKeepTheirEmailReserved) {
    User removed = employee_;
    removed.active = false;
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        ASSERT_TRUE(uow->users().Update(removed).ok());
        uow->Commit();
    }
    auto created = invitations_.Create(PrincipalFor(owner_), Invite("emma@example.com"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kEmailTaken);
}

TEST_F(InvitationServiceTest, InvalidEmailIsRefused) {
    auto created = invitations_.Create(PrincipalFor(owner_), Invite("not-an-email"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(created.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(created.error().field, "email");
}

TEST_F(InvitationServiceTest, ListPendingIsNewestFirstWithoutExpiredOrAccepted) {
    auto old_one = invitations_.Create(PrincipalFor(owner_), Invite("old@example.com"));
    clock_.Advance(hours{24 * 3});
    auto accepted = invitations_.Create(PrincipalFor(owner_), Invite("accepted@example.com"));
    clock_.Advance(hours{1});
    auto fresh = invitations_.Create(PrincipalFor(owner_), Invite("fresh@example.com"));
    clock_.Advance(hours{1});
    auto newest = invitations_.Create(PrincipalFor(owner_), Invite("newest@example.com"));
    ASSERT_TRUE(old_one.ok() && accepted.ok() && fresh.ok() && newest.ok());
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        ASSERT_TRUE(uow->invitations().MarkAccepted(accepted->invitation.id, clock_.Now()));
        uow->Commit();
    }

    auto pending = invitations_.ListPending(PrincipalFor(manager_));
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->items.size(), 3u);
    EXPECT_EQ(pending->items[0].id, newest->invitation.id);
    EXPECT_EQ(pending->items[1].id, fresh->invitation.id);
    EXPECT_EQ(pending->items[2].id, old_one->invitation.id);

    clock_.Set(old_one->invitation.expires_at);  // expired from this instant on
    pending = invitations_.ListPending(PrincipalFor(manager_));
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->items.size(), 2u);
    EXPECT_EQ(pending->items[0].id, newest->invitation.id);
    EXPECT_EQ(pending->items[1].id, fresh->invitation.id);
}

TEST_F(InvitationServiceTest, ListPendingShowsOnlyTheCallersOrganization) {
    const Organization other = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    const User stranger = Seed(other.id, "Sam", "sam@example.com", Role::kOwner);
    ASSERT_TRUE(invitations_.Create(PrincipalFor(stranger), Invite("theirs@example.com")).ok());
    ASSERT_TRUE(invitations_.Create(PrincipalFor(owner_), Invite("ours@example.com")).ok());
    auto pending = invitations_.ListPending(PrincipalFor(owner_));
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->items.size(), 1u);
    EXPECT_EQ(pending->items.front().email, "ours@example.com");
}

TEST_F(InvitationServiceTest, WithdrawRemovesIt) {
    auto created = invitations_.Create(PrincipalFor(owner_), Invite("ivan@example.com"));
    ASSERT_TRUE(created.ok());
    ASSERT_TRUE(invitations_.Withdraw(PrincipalFor(manager_), created->invitation.id).ok());
    EXPECT_TRUE(invitations_.ListPending(PrincipalFor(owner_))->items.empty());
    auto again = invitations_.Withdraw(PrincipalFor(manager_), created->invitation.id);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
}

TEST_F(InvitationServiceTest, WithdrawingAnotherOrganizationsInvitationIsNotFound) {
    const Organization other = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    const User stranger = Seed(other.id, "Sam", "sam@example.com", Role::kOwner);
    auto theirs = invitations_.Create(PrincipalFor(stranger), Invite("theirs@example.com"));
    ASSERT_TRUE(theirs.ok());

    auto result = invitations_.Withdraw(PrincipalFor(owner_), theirs->invitation.id);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(invitations_.ListPending(PrincipalFor(stranger))->items.size(), 1u);
}

// --- Lookup (the join page, before anything is typed) ----------------------------------------

TEST_F(InvitationServiceTest, LookupNamesTheOrganizationTheAddressAndTheRole) {
    InvitationCommand command = Invite("ivan@example.com", Role::kManager);
    command.position = "Baker";
    auto created = invitations_.Create(PrincipalFor(owner_), command);
    ASSERT_TRUE(created.ok());
    auto preview = throttled_.Lookup(created->token, "192.0.2.1");
    ASSERT_TRUE(preview.ok()) << preview.error().detail;
    EXPECT_EQ(preview->organization_name, "Bakery");
    EXPECT_EQ(preview->email, "ivan@example.com");
    EXPECT_EQ(preview->role, Role::kManager);
    EXPECT_EQ(preview->position, "Baker");
    EXPECT_EQ(preview->expires_at, clock_.Now() + kLifetime);
}

TEST_F(InvitationServiceTest, LookupOfAUsedExpiredWithdrawnOrUnknownInvitationIsGone) {
    auto used = invitations_.Create(PrincipalFor(owner_), Invite("used@example.com"));
    auto withdrawn = invitations_.Create(PrincipalFor(owner_), Invite("withdrawn@example.com"));
    ASSERT_TRUE(used.ok() && withdrawn.ok());
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        ASSERT_TRUE(uow->invitations().MarkAccepted(used->invitation.id, clock_.Now()));
        uow->Commit();
    }
    ASSERT_TRUE(invitations_.Withdraw(PrincipalFor(owner_), withdrawn->invitation.id).ok());
    for (const std::string& token : {used->token, withdrawn->token, std::string("never-issued")}) {
        auto preview = invitations_.Lookup(token, "192.0.2.1");
        ASSERT_FALSE(preview.ok()) << token;
        EXPECT_EQ(preview.error().code, ErrorCode::kGone) << token;
    }

    auto expiring = invitations_.Create(PrincipalFor(owner_), Invite("late@example.com"));
    ASSERT_TRUE(expiring.ok());
    clock_.Advance(kLifetime);
    auto expired = invitations_.Lookup(expiring->token, "192.0.2.1");
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error().code, ErrorCode::kGone);
}

TEST_F(InvitationServiceTest, LookupRefusesAnEmptyOrOverlongToken) {
    for (const std::string& token : {std::string(), std::string(kMaxInvitationTokenLength + 1, 'a')}) {
        auto preview = throttled_.Lookup(token, "192.0.2.1");
        ASSERT_FALSE(preview.ok());
        EXPECT_EQ(preview.error().code, ErrorCode::kMalformed);
        EXPECT_EQ(preview.error().field, "token");
    }
}

TEST_F(InvitationServiceTest, UnknownTokensAreThrottledPerClientAddress) {
    auto created = invitations_.Create(PrincipalFor(owner_), Invite("ivan@example.com"));
    ASSERT_TRUE(created.ok());
    // Good lookups count for nothing.
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(throttled_.Lookup(created->token, "192.0.2.1").ok());
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(throttled_.Lookup("guess-" + std::to_string(i), "192.0.2.1").error().code, ErrorCode::kGone);

    auto blocked = throttled_.Lookup(created->token, "192.0.2.1");
    ASSERT_FALSE(blocked.ok());
    EXPECT_EQ(blocked.error().code, ErrorCode::kTooManyRequests);
    EXPECT_GT(blocked.error().retry_after_seconds, 0);
    EXPECT_TRUE(throttled_.Lookup(created->token, "198.51.100.7").ok()) << "other addresses are not held up";

    clock_.Advance(ThrottleLimits{}.window);
    EXPECT_TRUE(throttled_.Lookup(created->token, "192.0.2.1").ok()) << "the failures age out";
}

TEST_F(InvitationServiceTest, LookupFailuresDoNotSpendTheSignInAllowanceOfTheAddress) {
    for (int i = 0; i < 3; ++i) (void)throttled_.Lookup("guess-" + std::to_string(i), "192.0.2.1");
    EXPECT_FALSE(throttle_.RetryAfter("someone@example.com", "192.0.2.1").has_value());
}

}  // namespace
}  // namespace shiftsync
