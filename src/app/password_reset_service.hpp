#pragma once
// Password reset: a person who forgot their password asks for a single-use link by email, or a
// manager or owner sends one to a colleague from the Team page; the link lets them choose a new
// password, which ends every session they had. Nobody but the person sees or sets the password.
//
// The token is 32 random bytes (RandomSource), stored only as its SHA-256 (Digest); the email
// that carries it is redacted in the outbox once delivered (OutboxRepository::MarkSent).
// Requests are throttled per email and per client address through the database (a LoginThrottle
// of their own, on the login_failures table), and a request for an unknown, removed or known
// address does the same work and answers the same way, so the answer tells nothing.
#include <chrono>
#include <string>

#include "app/login_throttle.hpp"
#include "app/notifications.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"

namespace shiftsync {

struct PasswordResetSettings {
    std::chrono::seconds lifetime{std::chrono::hours{1}};  // how long a link works
    std::string public_url;                                // the link is <public_url>/reset-password?token=<token>
};

struct PasswordResetPorts {
    UnitOfWorkFactory& database;
    const PasswordHasher& hasher;
    const CommonPasswords& common_passwords;
    RandomSource& random;
    const Digest& digest;
    const Clock& clock;
};

// What the Team page is told after sending a link (never the link itself).
struct ResetLinkSent {
    Instant expires_at{};
};

// The keys of password reset requests in the throttle: apart from sign-in failures' keys.
std::string PasswordResetThrottleKey(std::string_view key);

class PasswordResetService {
public:
    // Keeps references: everything passed must outlive the service. `throttle` counts requests
    // (not only failed ones); give it its own limits, with the window of the sign-in throttle
    // (both purge the shared table by their window). `notifications` may be null: then no email
    // is sent (tests of other behaviour).
    PasswordResetService(PasswordResetPorts ports, LoginThrottle& throttle, PasswordResetSettings settings,
                         Notifications* notifications = nullptr);

    // Anyone. kInvalidInput for something that is not an email address; kTooManyRequests (with
    // retry_after_seconds) when this email or `client_address` asked too often; else Ok, whether
    // or not the email belongs to anyone. When it belongs to an active person, a link valid for
    // `lifetime` is emailed. Either way one write transaction counts the request, so both cost
    // about the same. Blocking (database).
    Status Request(const std::string& email, const std::string& client_address);

    // A manager or owner sends a link to a colleague of their organisation: kNotFound for someone
    // of another organisation, kForbidden where the role rules for managing people forbid it (an
    // owner's link only by an owner), kConflict for a removed person, kTooManyRequests as above
    // (counted against the colleague's email and `client_address`). Blocking (database).
    Result<ResetLinkSent> SendFor(const Principal& principal, Id user_id, const std::string& client_address);

    // Anyone holding a link. Checks the link first (kInvalidInput on field "token" for a malformed
    // or unknown token; kResetLinkGone for one used, expired, or whose person was removed), then
    // the password policy (kInvalidInput on field "password"). On success the person's password
    // is `password`, every session of theirs has ended (token_version), every link of theirs is
    // used, and a security notice is queued, in one transaction; on any failure nothing changed.
    // Blocking and slow (hashes the password): run on the hashing pool.
    Status Confirm(const std::string& token, const std::string& password);

private:
    std::string LinkFor(const std::string& token) const;

    PasswordResetPorts ports_;
    LoginThrottle& throttle_;
    PasswordResetSettings settings_;
    Notifications* notifications_;
};

}  // namespace shiftsync
