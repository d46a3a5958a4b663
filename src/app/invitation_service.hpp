#pragma once
// Inviting people into the caller's organisation; the only way to join one.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/notifications.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/page.hpp"
#include "domain/invitation.hpp"

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

struct InvitationSettings {
    std::chrono::seconds lifetime{std::chrono::hours{24 * 7}};
    std::string public_url;  // the link is <public_url>/register?invitation=<token>
};

class InvitationService {
public:
    // `notifications` may be null: then no email is sent (tests of other behaviour).
    InvitationService(UnitOfWorkFactory& database, RandomSource& random, const Digest& digest, const Clock& clock,
                      InvitationSettings settings, Notifications* notifications = nullptr);
    Result<CreatedInvitation> Create(const Principal& principal, const InvitationCommand& command);
    // Pending invitations a page at a time, newest first (domain/page.hpp).
    Result<Page<Invitation>> ListPending(const Principal& principal, const PageRequest& page = {});
    Status Withdraw(const Principal& principal, Id invitation_id);

private:
    UnitOfWorkFactory& database_;
    RandomSource& random_;
    const Digest& digest_;
    const Clock& clock_;
    InvitationSettings settings_;
    Notifications* notifications_;
};

}  // namespace shiftsync
