#pragma once
// Ports for delivering email and for the outbox that queues it.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/email.hpp"

namespace shiftsync {

enum class DeliveryOutcome {
    kDelivered,
    kTemporaryFailure,  // try again later (connection refused, timeout, 4xx)
    kPermanentFailure,  // never succeeds (5xx for the recipient, malformed address): dead at once
};

struct DeliveryResult {
    DeliveryOutcome outcome = DeliveryOutcome::kDelivered;
    std::string error;  // for the outbox's last_error: never credentials
};

// Sends one message. Blocking (network or disk); thread-safe. Never throws for delivery
// problems: they are results.
class MailTransport {
public:
    virtual ~MailTransport() = default;
    virtual DeliveryResult Send(const OutboxMessage& message) = 0;
    // Deletes the copies of delivered messages the transport itself keeps that were made before
    // `before` (EmlFileTransport: its .eml files, which are the delivery); returns how many.
    // Transports that keep nothing (SMTP hands the message to the relay) do nothing.
    virtual int PurgeDeliveredBefore(Instant before) { return 0; }
};

// The outbox table. Runs inside the UnitOfWork that handed it out, like every repository.
class OutboxRepository {
public:
    virtual ~OutboxRepository() = default;
    // Ignores id; stores the message as pending. Returns the new id.
    virtual Id Enqueue(const OutboxMessage& message) = 0;
    // Claims up to `limit` pending messages due at `now` (next_attempt_at <= now) that no live
    // lease holds (lease_until empty or <= now), oldest first, and leases them until
    // now + lease. Call inside a kWrite unit of work so two workers never claim the same one.
    virtual std::vector<OutboxMessage> Claim(Instant now, std::chrono::seconds lease, int limit) = 0;
    // Marks a pending message sent. One that carries a secret loses it in the same statement: its
    // text and HTML bodies become kRedactedBody (body kRedacted), so a delivered link is never
    // readable in the outbox.
    virtual void MarkSent(Id id, Instant at) = 0;
    // The retention of sent messages: replaces the bodies of up to `limit` messages sent before
    // `before` and not purged yet by kPurgedBody (body kPurged); returns how many. Pending and
    // dead messages keep their bodies (they may still be sent).
    virtual int PurgeBodiesSentBefore(Instant before, int limit) = 0;
    // Records a failed attempt: attempts + 1, last_error, and either pending again at
    // `next_attempt_at` (lease cleared) or dead.
    virtual void MarkFailed(Id id, const std::string& error, std::optional<Instant> next_attempt_at) = 0;
    virtual std::optional<OutboxMessage> FindById(Id organization_id, Id id) = 0;
    // Newest first; `before_id` pages backwards (0: from the newest).
    virtual std::vector<OutboxMessage> List(Id organization_id, Id before_id, int limit) = 0;
    // A dead message becomes pending again, due at `now`, attempts reset. False unless dead.
    virtual bool Retry(Id organization_id, Id id, Instant now) = 0;
};

}  // namespace shiftsync
