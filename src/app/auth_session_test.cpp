// AuthService: sign-in, throttling, and resolving, revoking and ending sessions.
#include "app/auth_service_test_fixture.hpp"

namespace shiftsync::auth_test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

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
}  // namespace shiftsync::auth_test
