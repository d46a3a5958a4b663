#pragma once
// Inviting people into the caller's organisation; the only way to join one.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/login_throttle.hpp"
#include "app/notifications.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/invitation.hpp"
#include "domain/page.hpp"

namespace shiftsync {

struct InvitationCommand {
    std::string email;
    Role role = Role::kEmployee;
    std::optional<std::string> position;
};

// The token is returned once, at creation; only its SHA-256 is stored.
struct CreatedInvitation {
    Invitation invitation;
    std::string token;
    std::string link;
};

// What the join page shows before anything is typed: who invites, whom, as what.
struct InvitationPreview {
    std::string organization_name;
    std::string email;
    Role role = Role::kEmployee;
    std::string position;
    Instant expires_at{};
};

// Longest token Lookup reads; real ones are far shorter. Longer input is malformed, not a miss.
inline constexpr std::size_t kMaxInvitationTokenLength = 256;

struct InvitationSettings {
    std::chrono::seconds lifetime{std::chrono::hours{24 * 7}};
    std::string public_url;  // the link is <public_url>/register?invitation=<token>
};

class InvitationService {
public:
    // `notifications` may be null: then no email is sent (tests of other behaviour).
    // `lookup_throttle` may be null: then Lookup is not throttled (tests of other behaviour).
    InvitationService(UnitOfWorkFactory& database, RandomSource& random, const Digest& digest, const Clock& clock,
                      InvitationSettings settings, Notifications* notifications = nullptr,
                      LoginThrottle* lookup_throttle = nullptr);
    Result<CreatedInvitation> Create(const Principal& principal, const InvitationCommand& command);
    // Pending invitations a page at a time, newest first (domain/page.hpp).
    Result<Page<Invitation>> ListPending(const Principal& principal, const PageRequest& page = {});
    Status Withdraw(const Principal& principal, Id invitation_id);
    // For anyone holding the token (no session). kGone when it is unknown (withdrawn ones are
    // deleted, so they are unknown too), used or expired: the two are not told apart, as
    // registration does not. Unknown tokens count against `client_address` in the throttle;
    // past its limit every lookup from there is kTooManyRequests (retry_after_seconds set).
    // kMalformed for an empty or overlong token. Blocks on the database.
    Result<InvitationPreview> Lookup(const std::string& token, const std::string& client_address);

private:
    UnitOfWorkFactory& database_;
    RandomSource& random_;
    const Digest& digest_;
    const Clock& clock_;
    InvitationSettings settings_;
    Notifications* notifications_;
    LoginThrottle* lookup_throttle_;
};

}  // namespace shiftsync
