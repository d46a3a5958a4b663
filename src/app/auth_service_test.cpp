#include "app/auth_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "app/people_service.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr const char* kPassword = "correct horse battery staple";

class AuthServiceTest : public testing::Test {
  protected:
    AuthPorts Ports() { return AuthPorts{*db_, hasher_, common_, tokens_, random_, digest_, clock_, zones_}; }
    AuthService MakeAuth(AuthSettings settings) { return AuthService(Ports(), throttle_, settings); }

    static RegisterCommand NewOrgCommand(std::string email, std::string password = kPassword) {
        RegisterCommand command;
        command.name = "Olga Owner";
        command.email = std::move(email);
        command.password = std::move(password);
        command.organization = NewOrganization{"Corner Cafe", "Etc/GMT-1", std::nullopt};
        return command;
    }

    static RegisterCommand WithInvitation(std::string email, std::string token) {
        RegisterCommand command;
        command.name = "Ivan Invited";
        command.email = std::move(email);
        command.password = kPassword;
        command.invitation_token = std::move(token);
        return command;
    }

    // An organisation with an owner, as registration would leave it.
    User SeedOwner(const std::string& email = "owner@example.com") {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        return SeedUser(*db_, User{.organization_id = org_.id,
                                   .name = "Otto",
                                   .email = email,
                                   .password_hash = hasher_.Hash(kPassword),
                                   .role = Role::kOwner});
    }

    // An invitation whose secret token is `token` (only its digest is stored).
    Invitation SeedInvite(const User& inviter, const std::string& email, const std::string& token,
                          Role role = Role::kManager) {
        return SeedInvitation(*db_, Invitation{.organization_id = inviter.organization_id,
                                               .email = email,
                                               .role = role,
                                               .position = "Baker",
                                               .token_hash = digest_.Sha256Hex(token),
                                               .invited_by = inviter.id,
                                               .created_at = clock_.Now(),
                                               .expires_at = clock_.Now() + hours{24 * 7}});
    }

    std::vector<Invitation> PendingInvitations() {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->invitations().ListPending(org_.id, clock_.Now());
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    FakePasswordHasher hasher_;
    FakeCommonPasswords common_;
    FakeSessionTokens tokens_;
    SequenceRandom random_;
    FakeDigest digest_;
    FakeTimeZones zones_;
    LoginThrottle throttle_{clock_, ThrottleLimits{}};
    AuthService auth_{Ports(), throttle_, AuthSettings{}};
    PeopleService people_{*db_, hasher_, common_, clock_};
    Organization org_;
};

// --- Register: new organisation ---------------------------------------------------------

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

TEST_F(AuthServiceTest, LoginSucceedsWithAnyCaseOfTheEmail) {
    const User owner = SeedOwner("otto@example.com");
    auto grant = auth_.Login("Otto@Example.COM", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok()) << grant.error().detail;
    EXPECT_EQ(grant->user.id, owner.id);
    EXPECT_EQ(grant->organization.id, owner.organization_id);
    auto principal = auth_.Authenticate(grant->token);
    ASSERT_TRUE(principal.ok());
    EXPECT_EQ(principal->user_id, owner.id);
}

TEST_F(AuthServiceTest, WrongPasswordAndUnknownEmailLookTheSame) {
    const User owner = SeedOwner("otto@example.com");

    auto wrong = auth_.Login("otto@example.com", "not the password", "10.0.0.1");
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(hasher_.verify_calls(), 1);
    EXPECT_EQ(hasher_.verified_hashes().back(), owner.password_hash);

    auto unknown = auth_.Login("nobody@example.com", kPassword, "10.0.0.1");
    ASSERT_FALSE(unknown.ok());
    // The unknown account still pays for one verification, against the dummy hash.
    EXPECT_EQ(hasher_.verify_calls(), 2);
    EXPECT_EQ(hasher_.verified_hashes().back(), hasher_.DummyHash());

    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidCredentials);
    EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidCredentials);
    EXPECT_EQ(wrong.error().detail, unknown.error().detail);
    EXPECT_EQ(wrong.error().field, unknown.error().field);
}

TEST_F(AuthServiceTest, MalformedEmailIsAnInvalidCredentialAfterTheSameWork) {
    SeedOwner();
    auto result = auth_.Login("not an email", kPassword, "10.0.0.1");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidCredentials);
    EXPECT_EQ(hasher_.verify_calls(), 1);
}

TEST_F(AuthServiceTest, RemovedPersonCannotSignIn) {
    const User owner = SeedOwner();
    const User employee = SeedUser(*db_, User{.organization_id = owner.organization_id,
                                              .name = "Emma",
                                              .email = "emma@example.com",
                                              .password_hash = hasher_.Hash(kPassword)});
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner), employee.id).ok());
    const int verifications = hasher_.verify_calls();

    auto result = auth_.Login("emma@example.com", kPassword, "10.0.0.1");
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidCredentials);
    EXPECT_EQ(hasher_.verify_calls(), verifications + 1);  // same work as any other attempt
}

TEST_F(AuthServiceTest, FiveFailuresThrottleTheAccountUntilTheWindowPasses) {
    SeedOwner("otto@example.com");
    for (int i = 0; i < 5; ++i) {
        auto result = auth_.Login("otto@example.com", "wrong password!", "10.0.0.1");
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidCredentials) << i;
        clock_.Advance(seconds{10});
    }
    const int verifications = hasher_.verify_calls();

    // Even the right password is refused now, from another address and in another case.
    auto throttled = auth_.Login("OTTO@example.com", kPassword, "10.0.0.2");
    ASSERT_FALSE(throttled.ok());
    EXPECT_EQ(throttled.error().code, ErrorCode::kTooManyRequests);
    EXPECT_GT(throttled.error().retry_after_seconds, 0);
    EXPECT_LE(throttled.error().retry_after_seconds, 15 * 60);
    EXPECT_EQ(hasher_.verify_calls(), verifications);  // refused before any hashing

    clock_.Advance(seconds{throttled.error().retry_after_seconds - 1});
    auto still = auth_.Login("otto@example.com", kPassword, "10.0.0.1");
    ASSERT_FALSE(still.ok());
    EXPECT_EQ(still.error().code, ErrorCode::kTooManyRequests);

    clock_.Advance(seconds{1});
    auto after = auth_.Login("otto@example.com", kPassword, "10.0.0.1");
    EXPECT_TRUE(after.ok()) << after.error().detail;
}

TEST_F(AuthServiceTest, FourFailuresDoNotThrottle) {
    SeedOwner("otto@example.com");
    for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth_.Login("otto@example.com", "wrong password!", "10.0.0.1").ok());
    EXPECT_TRUE(auth_.Login("otto@example.com", kPassword, "10.0.0.1").ok());
}

TEST_F(AuthServiceTest, SuccessResetsTheAccountCounter) {
    SeedOwner("otto@example.com");
    for (int i = 0; i < 4; ++i) ASSERT_FALSE(auth_.Login("otto@example.com", "wrong password!", "10.0.0.1").ok());
    ASSERT_TRUE(auth_.Login("otto@example.com", kPassword, "10.0.0.1").ok());
    for (int i = 0; i < 4; ++i) {
        auto result = auth_.Login("otto@example.com", "wrong password!", "10.0.0.1");
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidCredentials) << i;
    }
    // Eight failures in the window, but only four since the success.
    EXPECT_TRUE(auth_.Login("otto@example.com", kPassword, "10.0.0.1").ok());
}

TEST_F(AuthServiceTest, TwentyFailuresFromOneAddressThrottleThatAddress) {
    SeedOwner("otto@example.com");
    for (int i = 0; i < 20; ++i) {
        auto result = auth_.Login("nobody" + std::to_string(i) + "@example.com", "wrong password!", "10.0.0.9");
        ASSERT_FALSE(result.ok()) << i;
        ASSERT_EQ(result.error().code, ErrorCode::kInvalidCredentials) << i;
    }
    auto throttled = auth_.Login("otto@example.com", kPassword, "10.0.0.9");
    ASSERT_FALSE(throttled.ok());
    EXPECT_EQ(throttled.error().code, ErrorCode::kTooManyRequests);
    EXPECT_GT(throttled.error().retry_after_seconds, 0);
    EXPECT_TRUE(auth_.Login("otto@example.com", kPassword, "10.0.0.10").ok());
}

// --- Authenticate and Logout -----------------------------------------------------------------

TEST_F(AuthServiceTest, AuthenticateResolvesAValidToken) {
    const User owner = SeedOwner();
    auto grant = auth_.Login("owner@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    auto principal = auth_.Authenticate(grant->token);
    ASSERT_TRUE(principal.ok());
    EXPECT_EQ(principal->user_id, owner.id);
    EXPECT_EQ(principal->organization_id, owner.organization_id);
    EXPECT_EQ(principal->role, Role::kOwner);
    EXPECT_FALSE(principal->token_id.empty());
    EXPECT_EQ(principal->token_expires_at, grant->expires_at);
}

TEST_F(AuthServiceTest, AuthenticateRefusesGarbageAndTamperedTokens) {
    SeedOwner();
    auto grant = auth_.Login("owner@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    std::string tampered = grant->token;
    tampered[tampered.find('.') + 1] = '9';  // another user id
    for (const std::string& token : {std::string(), std::string("garbage"), tampered}) {
        auto principal = auth_.Authenticate(token);
        ASSERT_FALSE(principal.ok()) << token;
        EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated) << token;
    }
}

TEST_F(AuthServiceTest, AuthenticateRefusesAnExpiredToken) {
    SeedOwner();
    auto grant = auth_.Login("owner@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    clock_.Set(grant->expires_at - seconds{1});
    EXPECT_TRUE(auth_.Authenticate(grant->token).ok());
    clock_.Set(grant->expires_at);
    auto principal = auth_.Authenticate(grant->token);
    ASSERT_FALSE(principal.ok());
    EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, LogoutRevokesOnlyThatToken) {
    SeedOwner();
    auto first = auth_.Login("owner@example.com", kPassword, "10.0.0.1");
    auto second = auth_.Login("owner@example.com", kPassword, "10.0.0.2");
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok());
    ASSERT_NE(first->token, second->token);
    auto principal = auth_.Authenticate(first->token);
    ASSERT_TRUE(principal.ok());

    ASSERT_TRUE(auth_.Logout(*principal).ok());
    auto after = auth_.Authenticate(first->token);
    ASSERT_FALSE(after.ok());
    EXPECT_EQ(after.error().code, ErrorCode::kUnauthenticated);
    EXPECT_TRUE(auth_.Authenticate(second->token).ok());
}

TEST_F(AuthServiceTest, PasswordChangeRevokesEverySession) {
    const User owner = SeedOwner();
    auto grant = auth_.Login("owner@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    MeUpdate update;
    update.password = "a brand new passphrase";
    update.current_password = kPassword;
    ASSERT_TRUE(people_.UpdateMe(PrincipalFor(owner), update).ok());

    auto principal = auth_.Authenticate(grant->token);
    ASSERT_FALSE(principal.ok());
    EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);

    auto fresh = auth_.Login("owner@example.com", "a brand new passphrase", "10.0.0.1");
    ASSERT_TRUE(fresh.ok());
    EXPECT_TRUE(auth_.Authenticate(fresh->token).ok());
}

TEST_F(AuthServiceTest, RemovedPersonsSessionEnds) {
    const User owner = SeedOwner();
    SeedUser(*db_, User{.organization_id = owner.organization_id,
                        .name = "Emma",
                        .email = "emma@example.com",
                        .password_hash = hasher_.Hash(kPassword)});
    auto grant = auth_.Login("emma@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner), grant->user.id).ok());
    auto principal = auth_.Authenticate(grant->token);
    ASSERT_FALSE(principal.ok());
    EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, ReactivationDoesNotReviveOldSessions) {
    const User owner = SeedOwner();
    SeedUser(*db_, User{.organization_id = owner.organization_id,
                        .name = "Emma",
                        .email = "emma@example.com",
                        .password_hash = hasher_.Hash(kPassword)});
    auto grant = auth_.Login("emma@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    ASSERT_TRUE(people_.Remove(PrincipalFor(owner), grant->user.id).ok());
    PersonUpdate reactivate;
    reactivate.active = true;
    ASSERT_TRUE(people_.Update(PrincipalFor(owner), grant->user.id, reactivate).ok());

    EXPECT_FALSE(auth_.Authenticate(grant->token).ok());
    auto fresh = auth_.Login("emma@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(fresh.ok()) << fresh.error().detail;
    EXPECT_TRUE(auth_.Authenticate(fresh->token).ok());
}

TEST_F(AuthServiceTest, RoleComesFromTheCurrentRow) {
    const User owner = SeedOwner();
    SeedUser(*db_, User{.organization_id = owner.organization_id,
                        .name = "Max",
                        .email = "max@example.com",
                        .password_hash = hasher_.Hash(kPassword),
                        .role = Role::kManager});
    auto grant = auth_.Login("max@example.com", kPassword, "10.0.0.1");
    ASSERT_TRUE(grant.ok());
    auto before = auth_.Authenticate(grant->token);
    ASSERT_TRUE(before.ok());
    ASSERT_EQ(before->role, Role::kManager);

    PersonUpdate demote;
    demote.role = Role::kEmployee;
    ASSERT_TRUE(people_.Update(PrincipalFor(owner), grant->user.id, demote).ok());
    auto principal = auth_.Authenticate(grant->token);
    ASSERT_TRUE(principal.ok());  // a role change is not a revocation
    EXPECT_EQ(principal->role, Role::kEmployee);
}

TEST_F(AuthServiceTest, TokenNamingAnotherOrganizationIsRefused) {
    const User owner = SeedOwner();
    SessionClaims claims;
    claims.user_id = owner.id;
    claims.organization_id = owner.organization_id + 1;
    claims.token_version = owner.token_version;
    claims.token_id = "forged";
    claims.issued_at = clock_.Now();
    claims.expires_at = clock_.Now() + hours{1};
    auto principal = auth_.Authenticate(tokens_.Issue(claims));
    ASSERT_FALSE(principal.ok());
    EXPECT_EQ(principal.error().code, ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace shiftsync
