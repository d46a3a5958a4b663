#include "app/password_reset_service.hpp"

#include <optional>
#include <utility>

#include "app/password_policy.hpp"
#include "domain/role.hpp"
#include "domain/validation.hpp"

namespace shiftsync {
namespace {

constexpr std::size_t kTokenBytes = 32;
// Used and expired links are kept this long after they expire, so that a late click is told
// "used or expired" (410) rather than "not a link" (422); then they are deleted.
constexpr std::chrono::hours kKeepExpired{24};

// A token as the links carry it: unpadded base64url, 43 characters for 32 bytes. Anything far
// from that is not one of ours, and is refused before any lookup.
bool LooksLikeToken(std::string_view token) {
    if (token.size() < 16 || token.size() > 128) return false;
    for (char c : token) {
        const bool ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return false;
    }
    return true;
}

Error NotALink() { return Error::Invalid("this is not a valid password reset link; ask for a new one", "token"); }

Error LinkGone() {
    return Error{ErrorCode::kResetLinkGone,
                 "this password reset link was used already or has expired; ask for a new one", "token"};
}

Error Throttled(std::chrono::seconds wait) {
    Error error{ErrorCode::kTooManyRequests, "too many password reset requests; try again later", {}};
    error.retry_after_seconds = wait.count();
    return error;
}

}  // namespace

std::string PasswordResetThrottleKey(std::string_view key) { return "password-reset:" + std::string(key); }

PasswordResetService::PasswordResetService(PasswordResetPorts ports, LoginThrottle& throttle,
                                           PasswordResetSettings settings, Notifications* notifications)
    : ports_(ports), throttle_(throttle), settings_(std::move(settings)), notifications_(notifications) {}

std::string PasswordResetService::LinkFor(const std::string& token) const {
    return settings_.public_url + "/reset-password?token=" + token;
}

Status PasswordResetService::Request(const std::string& email, const std::string& client_address) {
    if (auto s = ValidateEmail(email); !s) return s;
    const std::string account_key = PasswordResetThrottleKey(EmailKey(email));
    const std::string address_key = PasswordResetThrottleKey(client_address);
    if (auto wait = throttle_.RetryAfter(account_key, address_key)) return Throttled(*wait);

    // Drawn and hashed whether or not anyone has this email: the same work either way.
    const std::string token = ports_.random.Token(kTokenBytes);
    const Instant now = ports_.clock.Now();
    PasswordReset reset;
    reset.token_hash = ports_.digest.Sha256Hex(token);
    reset.created_at = now;
    reset.expires_at = now + settings_.lifetime;

    auto uow = ports_.database.Begin(TransactionMode::kWrite);
    throttle_.RecordFailure(*uow, account_key, address_key);  // every request counts, known or not
    uow->password_resets().PurgeExpiredBefore(now - kKeepExpired);
    auto user = uow->users().FindByEmail(email);
    auto org = user ? uow->organizations().FindById(user->organization_id) : std::nullopt;
    if (user && user->active && org) {
        reset.organization_id = user->organization_id;
        reset.user_id = user->id;
        uow->password_resets().Create(reset);
        if (notifications_ != nullptr)
            notifications_->PasswordReset(*uow, *org, *user, LinkFor(token), reset.expires_at, "");
    }
    uow->Commit();
    return Ok();
}

Result<ResetLinkSent> PasswordResetService::SendFor(const Principal& principal, Id user_id,
                                                    const std::string& client_address) {
    if (!CanManageSchedule(principal.role))
        return Error::Forbidden("only managers and owners send password reset links");
    std::optional<User> user;
    {
        auto uow = ports_.database.Begin(TransactionMode::kRead);
        user = uow->users().FindById(principal.organization_id, user_id);
    }
    if (!user) return Error::NotFound("no such user");
    if (user_id != principal.user_id && !MayManagePerson(principal.role, user->role))
        return Error::Forbidden("your role may not send this person a password reset link");
    if (!user->active) return Error::Conflict("this person was removed; restore them before sending a link");
    const std::string account_key = PasswordResetThrottleKey(EmailKey(user->email));
    const std::string address_key = PasswordResetThrottleKey(client_address);
    if (auto wait = throttle_.RetryAfter(account_key, address_key)) return Throttled(*wait);

    const std::string token = ports_.random.Token(kTokenBytes);
    const Instant now = ports_.clock.Now();
    PasswordReset reset;
    reset.organization_id = principal.organization_id;
    reset.user_id = user_id;
    reset.token_hash = ports_.digest.Sha256Hex(token);
    reset.requested_by = principal.user_id;
    reset.created_at = now;
    reset.expires_at = now + settings_.lifetime;

    auto uow = ports_.database.Begin(TransactionMode::kWrite);
    user = uow->users().FindById(principal.organization_id, user_id);
    auto sender = uow->users().FindById(principal.organization_id, principal.user_id);
    auto org = uow->organizations().FindById(principal.organization_id);
    if (!user || !sender || !org) return Error::NotFound("no such user");
    if (!user->active) return Error::Conflict("this person was removed; restore them before sending a link");
    throttle_.RecordFailure(*uow, account_key, address_key);
    uow->password_resets().PurgeExpiredBefore(now - kKeepExpired);
    uow->password_resets().Create(reset);
    if (notifications_ != nullptr)
        notifications_->PasswordReset(*uow, *org, *user, LinkFor(token), reset.expires_at, sender->name);
    uow->Commit();
    return ResetLinkSent{reset.expires_at};
}

Status PasswordResetService::Confirm(const std::string& token, const std::string& password) {
    if (!LooksLikeToken(token)) return NotALink();
    const std::string token_hash = ports_.digest.Sha256Hex(token);
    {
        // The link first: someone whose link is dead is told so before choosing a password.
        auto uow = ports_.database.Begin(TransactionMode::kRead);
        auto reset = uow->password_resets().FindByTokenHash(token_hash);
        if (!reset) return NotALink();
        if (!reset->UsableAt(ports_.clock.Now())) return LinkGone();
        auto user = uow->users().FindById(reset->organization_id, reset->user_id);
        if (!user || !user->active) return LinkGone();
    }
    if (auto s = CheckNewPassword(password, ports_.common_passwords); !s) return s;
    // Hash outside the write transaction, so the write lock is held for microseconds.
    const std::string hash = ports_.hasher.Hash(password);

    auto uow = ports_.database.Begin(TransactionMode::kWrite);
    const Instant now = ports_.clock.Now();
    auto reset = uow->password_resets().FindByTokenHash(token_hash);
    if (!reset) return NotALink();
    if (!reset->UsableAt(now) || !uow->password_resets().MarkUsed(reset->id, now)) return LinkGone();
    auto user = uow->users().FindById(reset->organization_id, reset->user_id);
    auto org = uow->organizations().FindById(reset->organization_id);
    if (!user || !user->active || !org) return LinkGone();
    user->password_hash = hash;
    ++user->token_version;  // ends every session of theirs
    if (auto s = uow->users().Update(*user); !s) return s;
    uow->password_resets().MarkAllUsed(user->id, now);
    if (notifications_ != nullptr) notifications_->SecurityNotice(*uow, *org, *user, "password", "");
    uow->Commit();
    return Ok();
}

}  // namespace shiftsync
