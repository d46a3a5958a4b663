#pragma once
// Emails as the outbox holds them: rendered when the change that causes them is committed,
// delivered later by the mail worker, at least once, each with a stable Message-ID.
#include <optional>
#include <string>
#include <string_view>

#include "domain/types.hpp"

namespace shiftsync {

enum class EmailKind {
    kInvitation,      // to an invited address (not yet a user)
    kWelcome,         // on registration
    kSecurityNotice,  // password or email changed (to the old address too)
    kShiftAssigned,
    kShiftChanged,
    kShiftCancelled,
    kPatternAssigned,  // a weekly pattern assigned or changed: one summary, not one per shift
    kAnnouncement,     // written by a manager through POST /mail
    kPasswordReset,    // a single-use link to choose a new password
};

std::string_view EmailKindName(EmailKind kind);  // "invitation", "shift_assigned", ...
std::optional<EmailKind> ParseEmailKind(std::string_view name);

// Essential emails go out whatever the recipient's preference: security notices, and the
// invitation and welcome that an account depends on. The rest can be turned off.
bool IsEssential(EmailKind kind);

// Emails whose body carries a secret (a single-use link: invitations, password resets). Their
// bodies are redacted once delivered, so the outbox never keeps a usable link (docs/DECISIONS.md).
bool CarriesSecret(EmailKind kind);

// What the outbox still holds of a message's body: all of it, or a placeholder once its secret
// was redacted after delivery or once the retention period of sent messages passed.
enum class OutboxBody { kKept, kRedacted, kPurged };
std::string_view OutboxBodyName(OutboxBody body);  // "kept" | "redacted" | "purged"

// The placeholders that replace a body (text and HTML parts alike).
inline constexpr std::string_view kRedactedBody =
    "This message carried a single-use link. It was removed from the outbox once the message was delivered.";
inline constexpr std::string_view kPurgedBody =
    "The body of this message was deleted when the retention period for sent messages ended.";

enum class OutboxStatus {
    kPending,  // waiting for (another) attempt
    kSent,
    kDead,  // gave up: too many attempts, or permanently refused; can be retried by hand
};
std::string_view OutboxStatusName(OutboxStatus status);  // "pending" | "sent" | "dead"
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name);

struct OutboxMessage {
    Id id = 0;
    Id organization_id = 0;
    EmailKind kind = EmailKind::kAnnouncement;
    std::optional<Id> recipient_user_id;  // empty for invitations
    std::string to_address;
    std::string to_name;
    std::string from_name;  // the organisation's name, shown as the sender
    std::string subject;
    std::string text_body;
    std::string html_body;
    std::string message_id;  // "<random@host>", fixed at enqueue: duplicates are recognisable
    OutboxStatus status = OutboxStatus::kPending;
    int attempts = 0;
    Instant next_attempt_at{};           // not tried before this
    std::optional<Instant> lease_until;  // claimed by a worker until then
    std::string last_error;              // safe to show to managers: no credentials
    Instant created_at{};
    std::optional<Instant> sent_at;
    bool carries_secret = false;  // CarriesSecret(kind) when queued: redacted once sent
    OutboxBody body = OutboxBody::kKept;
};

}  // namespace shiftsync
