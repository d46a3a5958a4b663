#pragma once
// The fixture shared by the AuthService tests (auth_register_test.cpp, auth_session_test.cpp).
// In a named namespace: GoogleTest needs one fixture type per suite across files.
#include <gtest/gtest.h>

#include <string>

#include "app/auth_service.hpp"
#include "app/people_service.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync::auth_test {

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
                                               .expires_at = clock_.Now() + std::chrono::hours{24 * 7}});
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
    LoginThrottle throttle_{*db_, digest_, clock_, ThrottleLimits{}};
    AuthService auth_{Ports(), throttle_, AuthSettings{}};
    PeopleService people_{*db_, hasher_, common_, clock_};
    Organization org_;
};

// --- Register: new organisation ---------------------------------------------------------

}  // namespace shiftsync::auth_test
