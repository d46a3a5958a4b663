#include "app/auth_service.hpp"

#include <exception>
#include <optional>
#include <utility>

#include "app/password_policy.hpp"
#include "domain/validation.hpp"

namespace shiftsync {
namespace {

Status ValidateRegistration(const RegisterCommand& command, const CommonPasswords& common) {
    if (auto s = ValidateText(command.name, "name", kMaxNameLength, true); !s) return s;
    if (auto s = ValidateEmail(command.email); !s) return s;
    if (command.position)
        if (auto s = ValidateText(*command.position, "position", kMaxPositionLength, false); !s) return s;
    if (command.organization.has_value() == command.invitation_token.has_value())
        return Error::Invalid("give either an organization to create or an invitation token", "organization");
    return CheckNewPassword(command.password, common);
}

Error InvalidCredentials() { return {ErrorCode::kInvalidCredentials, "email or password is wrong", {}}; }

Error EmailTakenOr(Error error) {
    if (error.code == ErrorCode::kConflict)
        return {ErrorCode::kEmailTaken, "this email is already registered", "email"};
    return error;
}

}  // namespace

AuthService::AuthService(AuthPorts ports, LoginThrottle& throttle, AuthSettings settings, Notifications* notifications,
                         PictureService* pictures)
    : ports_(ports), throttle_(throttle), settings_(settings), notifications_(notifications), pictures_(pictures) {}

SessionGrant AuthService::IssueSession(const User& user, const Organization& organization) {
    SessionClaims claims;
    claims.user_id = user.id;
    claims.organization_id = user.organization_id;
    claims.token_version = user.token_version;
    claims.token_id = ports_.random.Token(16);
    claims.issued_at = ports_.clock.Now();
    claims.expires_at = claims.issued_at + settings_.token_lifetime;
    SessionGrant grant{ports_.tokens.Issue(claims), claims.expires_at, user, organization};
    return grant;
}

Result<SessionGrant> AuthService::Register(const RegisterCommand& command) {
    if (auto s = ValidateRegistration(command, ports_.common_passwords); !s) return s.error();
    if (command.organization && !settings_.allow_new_organizations)
        return Error{ErrorCode::kRegistrationClosed,
                     "this deployment does not accept new organizations; ask for an invitation",
                     {}};
    if (command.organization) {
        const NewOrganization& input = *command.organization;
        if (auto s = ValidateText(input.name, "organization.name", kMaxNameLength, true); !s) return s.error();
        if (ports_.zones.Find(input.time_zone) == nullptr)
            return Error::Invalid("time_zone must be an IANA time zone such as Europe/Berlin",
                                  "organization.time_zone");
    }
    std::optional<StagedPicture> picture;
    if (command.picture) {
        if (pictures_ == nullptr) return Error::Invalid("this server does not take pictures", "picture");
        auto staged = pictures_->Stage(*command.picture);
        if (!staged) return staged.error();
        picture = std::move(*staged);
    }
    // Hash before the transaction so the write lock is held for microseconds, not 50 ms.
    const std::string hash = ports_.hasher.Hash(command.password);
    auto grant = command.organization ? RegisterWithNewOrganization(command, hash, picture)
                                      : RegisterWithInvitation(command, hash, picture);
    if (!grant && picture) pictures_->Abandon(*picture);
    return grant;
}

Status AuthService::AdoptPicture(UnitOfWork& uow, const std::optional<StagedPicture>& picture, User& user) {
    if (!picture) return Ok();
    return pictures_->Adopt(uow, *picture, user);
}

Result<SessionGrant> AuthService::RegisterWithNewOrganization(const RegisterCommand& command, const std::string& hash,
                                                              const std::optional<StagedPicture>& picture) {
    const NewOrganization& input = *command.organization;
    auto uow = ports_.database.Begin(TransactionMode::kWrite);
    Organization org;
    org.name = input.name;
    org.time_zone = input.time_zone;
    org.week_start = input.week_start.value_or(std::chrono::Monday);
    org.created_at = ports_.clock.Now();
    org.id = uow->organizations().Create(org);

    User user;
    user.organization_id = org.id;
    user.name = command.name;
    user.email = command.email;
    user.password_hash = hash;
    user.position = command.position.value_or("");
    user.role = Role::kOwner;
    user.created_at = org.created_at;
    if (auto adopted = AdoptPicture(*uow, picture, user); !adopted) return adopted.error();
    auto id = uow->users().Create(user);
    if (!id) return EmailTakenOr(id.error());
    user.id = *id;
    if (notifications_ != nullptr) notifications_->Welcome(*uow, org, user);
    uow->Commit();
    return IssueSession(user, org);
}

Result<SessionGrant> AuthService::RegisterWithInvitation(const RegisterCommand& command, const std::string& hash,
                                                         const std::optional<StagedPicture>& picture) {
    const Instant now = ports_.clock.Now();
    const std::string token_hash = ports_.digest.Sha256Hex(*command.invitation_token);
    auto uow = ports_.database.Begin(TransactionMode::kWrite);
    auto invitation = uow->invitations().FindByTokenHash(token_hash);
    if (!invitation || invitation->accepted_at || invitation->expires_at <= now)
        return Error{ErrorCode::kGone, "this invitation was used, withdrawn or has expired; ask for a new one",
                     "invitation"};
    if (EmailKey(invitation->email) != EmailKey(command.email))
        return Error::Invalid("register with the email address the invitation was sent to", "email");
    auto org = uow->organizations().FindById(invitation->organization_id);
    if (!org) return Error{ErrorCode::kGone, "the organization of this invitation no longer exists", "invitation"};
    if (!uow->invitations().MarkAccepted(invitation->id, now))
        return Error{ErrorCode::kGone, "this invitation was used already", "invitation"};

    User user;
    user.organization_id = org->id;
    user.name = command.name;
    user.email = command.email;
    user.password_hash = hash;
    user.position = command.position.value_or(invitation->position);
    user.role = invitation->role;
    user.created_at = now;
    if (auto adopted = AdoptPicture(*uow, picture, user); !adopted) return adopted.error();
    auto id = uow->users().Create(user);
    if (!id) return EmailTakenOr(id.error());
    user.id = *id;
    if (notifications_ != nullptr) notifications_->Welcome(*uow, *org, user);
    uow->Commit();
    return IssueSession(user, *org);
}

Result<SessionGrant> AuthService::Login(const std::string& email, const std::string& password,
                                        const std::string& client_address) {
    const std::string account_key = EmailKey(email);
    if (auto wait = throttle_.RetryAfter(account_key, client_address)) {
        Error error{ErrorCode::kTooManyRequests, "too many failed sign-ins; try again later", {}};
        error.retry_after_seconds = wait->count();
        return error;
    }
    std::optional<User> user;
    std::optional<Organization> org;
    {
        auto uow = ports_.database.Begin(TransactionMode::kRead);
        if (ValidateEmail(email)) user = uow->users().FindByEmail(email);
        if (user) org = uow->organizations().FindById(user->organization_id);
    }
    // Verify against a dummy hash for unknown accounts: the same work, the same answer.
    const bool usable = user && user->active && org && password.size() <= 4 * kMaxPasswordLength;
    const bool verified = ports_.hasher.Verify(password.substr(0, 4 * kMaxPasswordLength),
                                               usable ? user->password_hash : ports_.hasher.DummyHash());
    if (!usable || !verified) {
        throttle_.RecordFailure(account_key, client_address);
        return InvalidCredentials();
    }
    throttle_.RecordSuccess(account_key);
    return IssueSession(*user, *org);
}

Status AuthService::Logout(const Principal& principal) {
    auto uow = ports_.database.Begin(TransactionMode::kWrite);
    uow->revoked_tokens().Revoke(principal.token_id, principal.token_expires_at);
    uow->revoked_tokens().PurgeExpired(ports_.clock.Now());
    uow->Commit();
    return Ok();
}

// A lone statement (one round trip on PostgreSQL). It is also what first meets a connection the
// database dropped, which a BEGIN would have found and reopened unseen; so after a failure the
// check runs once more as an ordinary read, whose BEGIN reopens such a connection, and a
// database restart costs no request.
std::optional<SessionHolder> AuthService::ReadSessionHolder(const SessionClaims& claims) {
    const auto read = [&](TransactionMode mode) {
        auto uow = ports_.database.Begin(mode);
        auto holder = uow->users().FindSessionHolder(claims.user_id, claims.token_id);
        uow->Commit();
        return holder;
    };
    try {
        return read(TransactionMode::kSingleStatement);
    } catch (const std::exception&) {
        return read(TransactionMode::kRead);
    }
}

Result<Principal> AuthService::Authenticate(std::string_view token) {
    auto claims = ports_.tokens.Verify(token, ports_.clock.Now());
    if (!claims) return claims.error();
    auto holder = ReadSessionHolder(*claims);
    if (!holder || holder->token_revoked) return Error::Unauthenticated("your session has ended; sign in again");
    const User& user = holder->user;
    if (!user.active || user.organization_id != claims->organization_id || user.token_version != claims->token_version)
        return Error::Unauthenticated("your session has ended; sign in again");
    return Principal{user.id,          user.organization_id, user.role,
                     claims->token_id, claims->expires_at,   std::move(holder->organization)};
}

}  // namespace shiftsync
