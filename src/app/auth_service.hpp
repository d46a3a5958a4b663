#pragma once
// Registration, sign-in, sign-out and resolving a session token to a Principal.
#include <chrono>
#include <optional>
#include <string>

#include "app/login_throttle.hpp"
#include "app/notifications.hpp"
#include "app/picture_service.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/organization.hpp"
#include "domain/user.hpp"

namespace shiftsync {

struct NewOrganization {
    std::string name;
    std::string time_zone;
    std::optional<std::chrono::weekday> week_start;
};

struct RegisterCommand {
    std::string name;
    std::string email;
    std::string password;
    std::optional<std::string> position;
    std::optional<NewOrganization> organization;  // exactly one of organization ...
    std::optional<std::string> invitation_token;  // ... and invitation_token
    std::optional<PictureUpload> picture;         // a profile picture, checked like PictureService::Set's
};

struct SessionGrant {
    std::string token;
    Instant expires_at{};
    User user;
    Organization organization;
};

struct AuthSettings {
    bool allow_new_organizations = true;
    std::chrono::seconds token_lifetime{std::chrono::hours{24 * 7}};
};

struct AuthPorts {
    UnitOfWorkFactory& database;
    const PasswordHasher& hasher;
    const CommonPasswords& common_passwords;
    const SessionTokens& tokens;
    RandomSource& random;
    const Digest& digest;
    const Clock& clock;
    const TimeZones& zones;
};

class AuthService {
public:
    // `notifications` may be null: then no welcome email is sent. `pictures` may be null: then a
    // registration with a picture is refused.
    AuthService(AuthPorts ports, LoginThrottle& throttle, AuthSettings settings, Notifications* notifications = nullptr,
                PictureService* pictures = nullptr);

    // Blocking and slow (hashes the password, decodes the picture): run on the hashing pool. With
    // a picture, every other field is checked first; a refused picture refuses the registration,
    // and a failed registration leaves the picture's blobs to be collected at once.
    Result<SessionGrant> Register(const RegisterCommand& command);
    // Blocking and slow. kTooManyRequests when throttled; kInvalidCredentials for any failure.
    Result<SessionGrant> Login(const std::string& email, const std::string& password,
                               const std::string& client_address);
    // Revokes the caller's token until it would have expired.
    Status Logout(const Principal& principal);
    // kUnauthenticated for a bad, expired or revoked token, or a removed person.
    Result<Principal> Authenticate(std::string_view token);

    // A new session for a user (after registration or login).
    SessionGrant IssueSession(const User& user, const Organization& organization);

private:
    Result<SessionGrant> RegisterWithNewOrganization(const RegisterCommand& command, const std::string& hash,
                                                     const std::optional<StagedPicture>& picture);
    Result<SessionGrant> RegisterWithInvitation(const RegisterCommand& command, const std::string& hash,
                                                const std::optional<StagedPicture>& picture);
    // Points `user` at the staged picture inside `uow`, if there is one.
    Status AdoptPicture(UnitOfWork& uow, const std::optional<StagedPicture>& picture, User& user);
    std::optional<SessionHolder> ReadSessionHolder(const SessionClaims& claims);

    AuthPorts ports_;
    LoginThrottle& throttle_;
    AuthSettings settings_;
    Notifications* notifications_;
    PictureService* pictures_;
};

}  // namespace shiftsync
