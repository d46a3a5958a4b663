// AuthService: registration, with a new organisation or an invitation.
#include "app/auth_service_test_fixture.hpp"

namespace shiftsync::auth_test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

TEST_F(AuthServiceTest, RegisterWithNewOrganizationMakesAnOwner) {
    auto command = NewOrgCommand("olga@example.com");
    command.organization->week_start = std::chrono::Sunday;
    command.position = "Head barista";

    auto grant = auth_.Register(command);
    ASSERT_TRUE(grant.ok()) << grant.error().detail;
    EXPECT_EQ(grant->user.role, Role::kOwner);
    EXPECT_EQ(grant->user.position, "Head barista");
    EXPECT_EQ(grant->organization.name, "Corner Cafe");
    EXPECT_EQ(grant->organization.time_zone, "Etc/GMT-1");
    EXPECT_EQ(grant->organization.week_start, std::chrono::Sunday);
    EXPECT_EQ(grant->user.organization_id, grant->organization.id);
    EXPECT_EQ(grant->expires_at, clock_.Now() + hours{24 * 7});

    auto stored = LoadUser(*db_, grant->user.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->role, Role::kOwner);
    EXPECT_NE(stored->password_hash, kPassword);
    EXPECT_TRUE(hasher_.Verify(kPassword, stored->password_hash));

    auto principal = auth_.Authenticate(grant->token);
    ASSERT_TRUE(principal.ok()) << principal.error().detail;
    EXPECT_EQ(principal->user_id, grant->user.id);
    EXPECT_EQ(principal->organization_id, grant->organization.id);
    EXPECT_EQ(principal->role, Role::kOwner);
}

TEST_F(AuthServiceTest, RegisterWeekStartDefaultsToMonday) {
    auto grant = auth_.Register(NewOrgCommand("olga@example.com"));
    ASSERT_TRUE(grant.ok());
    EXPECT_EQ(grant->organization.week_start, std::chrono::Monday);
}

TEST_F(AuthServiceTest, RegisterRefusesNewOrganizationsWhenClosed) {
    AuthService closed = MakeAuth(AuthSettings{.allow_new_organizations = false});
    auto grant = closed.Register(NewOrgCommand("olga@example.com"));
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kRegistrationClosed);
    EXPECT_FALSE(LoadUser(*db_, 1));
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_FALSE(uow->organizations().FindById(1));
}

TEST_F(AuthServiceTest, RegisterByInvitationWorksWhenNewOrganizationsAreClosed) {
    const User owner = SeedOwner();
    SeedInvite(owner, "ivan@example.com", "secret-token");
    AuthService closed = MakeAuth(AuthSettings{.allow_new_organizations = false});
    auto grant = closed.Register(WithInvitation("ivan@example.com", "secret-token"));
    ASSERT_TRUE(grant.ok()) << grant.error().detail;
    EXPECT_EQ(grant->organization.id, owner.organization_id);
}

TEST_F(AuthServiceTest, RegisterRefusesUnknownTimeZone) {
    auto command = NewOrgCommand("olga@example.com");
    command.organization->time_zone = "Mars/Olympus_Mons";
    auto grant = auth_.Register(command);
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(grant.error().field, "organization.time_zone");
    EXPECT_FALSE(LoadUser(*db_, 1));
}

TEST_F(AuthServiceTest, RegisterRefusesDuplicateEmailCaseInsensitivelyAndKeepsNothing) {
    ASSERT_TRUE(auth_.Register(NewOrgCommand("olga@example.com")).ok());
    auto again = auth_.Register(NewOrgCommand("OLGA@Example.COM"));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kEmailTaken);
    EXPECT_EQ(again.error().field, "email");
    // The organisation created before the user insert failed is rolled back with it.
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_TRUE(uow->organizations().FindById(1));
    EXPECT_FALSE(uow->organizations().FindById(2));
}

TEST_F(AuthServiceTest, RegisterRefusesCommonPasswordsInAnyCase) {
    for (const char* password : {"password1234", "PassWord1234"}) {
        auto grant = auth_.Register(NewOrgCommand("olga@example.com", password));
        ASSERT_FALSE(grant.ok()) << password;
        EXPECT_EQ(grant.error().code, ErrorCode::kInvalidInput) << password;
        EXPECT_EQ(grant.error().field, "password") << password;
    }
    EXPECT_FALSE(LoadUser(*db_, 1));
}

TEST_F(AuthServiceTest, RegisterRefusesShortPassword) {
    auto grant = auth_.Register(NewOrgCommand("olga@example.com", "elevenchars"));
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(grant.error().field, "password");
    // Twelve characters are enough.
    EXPECT_TRUE(auth_.Register(NewOrgCommand("olga@example.com", "twelve chars")).ok());
}

TEST_F(AuthServiceTest, RegisterNeedsExactlyOneOfOrganizationAndInvitation) {
    const User owner = SeedOwner();
    SeedInvite(owner, "ivan@example.com", "secret-token");

    auto both = NewOrgCommand("ivan@example.com");
    both.invitation_token = "secret-token";
    auto both_result = auth_.Register(both);
    ASSERT_FALSE(both_result.ok());
    EXPECT_EQ(both_result.error().code, ErrorCode::kInvalidInput);

    auto neither = NewOrgCommand("ivan@example.com");
    neither.organization.reset();
    auto neither_result = auth_.Register(neither);
    ASSERT_FALSE(neither_result.ok());
    EXPECT_EQ(neither_result.error().code, ErrorCode::kInvalidInput);

    EXPECT_EQ(PendingInvitations().size(), 1u);
}

// --- Register: invitation ---------------------------------------------------------------

TEST_F(AuthServiceTest, RegisterByInvitationTakesRoleAndPositionFromIt) {
    const User owner = SeedOwner();
    SeedInvite(owner, "Ivan@Example.com", "secret-token", Role::kManager);

    auto grant = auth_.Register(WithInvitation("ivan@EXAMPLE.com", "secret-token"));
    ASSERT_TRUE(grant.ok()) << grant.error().detail;
    EXPECT_EQ(grant->user.role, Role::kManager);
    EXPECT_EQ(grant->user.position, "Baker");
    EXPECT_EQ(grant->user.organization_id, owner.organization_id);
    EXPECT_EQ(grant->organization.id, owner.organization_id);
    EXPECT_TRUE(PendingInvitations().empty());

    auto principal = auth_.Authenticate(grant->token);
    ASSERT_TRUE(principal.ok());
    EXPECT_EQ(principal->role, Role::kManager);
}

TEST_F(AuthServiceTest, RegisterByInvitationKeepsAGivenPosition) {
    const User owner = SeedOwner();
    SeedInvite(owner, "ivan@example.com", "secret-token", Role::kEmployee);
    auto command = WithInvitation("ivan@example.com", "secret-token");
    command.position = "Cashier";
    auto grant = auth_.Register(command);
    ASSERT_TRUE(grant.ok());
    EXPECT_EQ(grant->user.position, "Cashier");
    EXPECT_EQ(grant->user.role, Role::kEmployee);
}

TEST_F(AuthServiceTest, RegisterByInvitationNeedsTheInvitedEmail) {
    const User owner = SeedOwner();
    SeedInvite(owner, "ivan@example.com", "secret-token");
    auto grant = auth_.Register(WithInvitation("mallory@example.com", "secret-token"));
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(grant.error().field, "email");
    // Still usable by the right person.
    EXPECT_TRUE(auth_.Register(WithInvitation("ivan@example.com", "secret-token")).ok());
}

TEST_F(AuthServiceTest, InvitationIsSingleUse) {
    const User owner = SeedOwner();
    SeedInvite(owner, "ivan@example.com", "secret-token");
    ASSERT_TRUE(auth_.Register(WithInvitation("ivan@example.com", "secret-token")).ok());
    auto again = auth_.Register(WithInvitation("ivan@example.com", "secret-token"));
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kGone);
}

TEST_F(AuthServiceTest, ExpiredInvitationIsGone) {
    const User owner = SeedOwner();
    const Invitation invitation = SeedInvite(owner, "ivan@example.com", "secret-token");
    clock_.Set(invitation.expires_at);  // expiry is exclusive: at expires_at it is over
    auto grant = auth_.Register(WithInvitation("ivan@example.com", "secret-token"));
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kGone);
}

TEST_F(AuthServiceTest, InvitationJustBeforeExpiryWorks) {
    const User owner = SeedOwner();
    const Invitation invitation = SeedInvite(owner, "ivan@example.com", "secret-token");
    clock_.Set(invitation.expires_at - seconds{1});
    EXPECT_TRUE(auth_.Register(WithInvitation("ivan@example.com", "secret-token")).ok());
}

TEST_F(AuthServiceTest, UnknownOrWithdrawnInvitationIsGone) {
    SeedOwner();
    auto grant = auth_.Register(WithInvitation("ivan@example.com", "no-such-token"));
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kGone);
}

TEST_F(AuthServiceTest, InvitationForAnEmailRegisteredMeanwhileIsNotUsedUp) {
    const User owner = SeedOwner();
    SeedInvite(owner, "ivan@example.com", "secret-token");
    ASSERT_TRUE(auth_.Register(NewOrgCommand("ivan@example.com")).ok());

    auto grant = auth_.Register(WithInvitation("ivan@example.com", "secret-token"));
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kEmailTaken);
    EXPECT_EQ(PendingInvitations().size(), 1u);  // marking it accepted was rolled back
}

// --- Login -------------------------------------------------------------------------------

}  // namespace
}  // namespace shiftsync::auth_test
