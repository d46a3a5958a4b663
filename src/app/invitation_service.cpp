#include "app/invitation_service.hpp"

#include "domain/validation.hpp"

namespace shiftsync {

InvitationService::InvitationService(UnitOfWorkFactory& database, RandomSource& random, const Digest& digest,
                                     const Clock& clock, InvitationSettings settings, Notifications* notifications,
                                     LoginThrottle* lookup_throttle)
    : database_(database),
      random_(random),
      digest_(digest),
      clock_(clock),
      settings_(std::move(settings)),
      notifications_(notifications),
      lookup_throttle_(lookup_throttle) {}

Result<CreatedInvitation> InvitationService::Create(const Principal& principal, const InvitationCommand& command) {
    if (!CanInvite(principal.role)) return Error::Forbidden("only managers and owners invite people");
    if (!MayInviteAs(principal.role, command.role)) return Error::Forbidden("your role may not invite with that role");
    if (auto s = ValidateEmail(command.email); !s) return s.error();
    if (command.position)
        if (auto s = ValidateText(*command.position, "position", kMaxPositionLength, false); !s) return s.error();

    CreatedInvitation created;
    created.token = random_.Token(32);
    Invitation& invitation = created.invitation;
    invitation.organization_id = principal.organization_id;
    invitation.email = command.email;
    invitation.role = command.role;
    invitation.position = command.position.value_or("");
    invitation.token_hash = digest_.Sha256Hex(created.token);
    invitation.invited_by = principal.user_id;
    invitation.created_at = clock_.Now();
    invitation.expires_at = invitation.created_at + settings_.lifetime;

    auto uow = database_.Begin(TransactionMode::kWrite);
    if (uow->users().FindByEmail(command.email))
        return Error{ErrorCode::kEmailTaken, "this email is already registered", "email"};
    invitation.id = uow->invitations().Create(invitation);
    created.link = settings_.public_url + "/register?invitation=" + created.token;
    if (notifications_ != nullptr) {
        auto org = uow->organizations().FindById(principal.organization_id);
        auto inviter = uow->users().FindById(principal.organization_id, principal.user_id);
        if (org && inviter) notifications_->Invitation(*uow, *org, invitation, created.link, inviter->name);
    }
    uow->Commit();
    return created;
}

Result<Page<Invitation>> InvitationService::ListPending(const Principal& principal, const PageRequest& page) {
    if (!CanInvite(principal.role)) return Error::Forbidden("only managers and owners see invitations");
    std::optional<RowPosition<Instant>> before;
    if (page.after) {
        auto created = NumericSortKey(*page.after);
        if (!created) return created.error();
        before = RowPosition<Instant>{Instant{std::chrono::seconds{*created}}, page.after->id};
    }
    auto uow = database_.Begin(TransactionMode::kRead);
    return PageOf(uow->invitations().ListPendingPage(principal.organization_id, clock_.Now(), before, page.limit + 1),
                  page.limit, [](const Invitation& invitation) {
                      return PageKey{invitation.id, std::to_string(invitation.created_at.time_since_epoch().count())};
                  });
}

Status InvitationService::Withdraw(const Principal& principal, Id invitation_id) {
    if (!CanInvite(principal.role)) return Error::Forbidden("only managers and owners withdraw invitations");
    auto uow = database_.Begin(TransactionMode::kWrite);
    if (!uow->invitations().Delete(principal.organization_id, invitation_id))
        return Error::NotFound("no such invitation");
    uow->Commit();
    return Ok();
}

Result<InvitationPreview> InvitationService::Lookup(const std::string& token, const std::string& client_address) {
    if (token.empty() || token.size() > kMaxInvitationTokenLength)
        return Error{ErrorCode::kMalformed, "token must be the invitation link's token", "token"};
    // Its own keys, so guessing tokens does not use up anyone's sign-in allowance, nor the reverse.
    const std::string throttle_key = "invitation-lookup " + client_address;
    if (lookup_throttle_ != nullptr) {
        if (auto wait = lookup_throttle_->AddressRetryAfter(throttle_key)) {
            Error error{ErrorCode::kTooManyRequests, "too many unknown invitation links; try again later", {}};
            error.retry_after_seconds = wait->count();
            return error;
        }
    }
    const Error gone{ErrorCode::kGone, "this invitation was used, withdrawn or has expired; ask for a new one",
                     "invitation"};
    std::optional<Invitation> invitation;
    std::optional<Organization> org;
    {
        auto uow = database_.Begin(TransactionMode::kRead);
        invitation = uow->invitations().FindByTokenHash(digest_.Sha256Hex(token));
        if (invitation) org = uow->organizations().FindById(invitation->organization_id);
    }
    if (!invitation) {
        if (lookup_throttle_ != nullptr) lookup_throttle_->RecordAddressFailure(throttle_key);
        return gone;
    }
    if (invitation->accepted_at || invitation->expires_at <= clock_.Now() || !org) return gone;
    return InvitationPreview{org->name, invitation->email, invitation->role, invitation->position,
                             invitation->expires_at};
}

}  // namespace shiftsync
