#include "infra/db/sql_repository_definition.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

// ---- Stored encodings (outbox_messages.kind and .status, checked by the table). Kept apart
// from the domain's EmailKindName/OutboxStatusName for the same reason as RoleText: a change
// to wire names must not reinterpret stored rows.

std::string KindText(EmailKind kind) {
    switch (kind) {
        case EmailKind::kInvitation: return "invitation";
        case EmailKind::kWelcome: return "welcome";
        case EmailKind::kSecurityNotice: return "security_notice";
        case EmailKind::kShiftAssigned: return "shift_assigned";
        case EmailKind::kShiftChanged: return "shift_changed";
        case EmailKind::kShiftCancelled: return "shift_cancelled";
        case EmailKind::kPatternAssigned: return "pattern_assigned";
        case EmailKind::kAnnouncement: return "announcement";
        case EmailKind::kPasswordReset: return "password_reset";
    }
    throw std::logic_error("unknown email kind");
}

EmailKind ParseKindText(const std::string& text) {
    for (EmailKind kind : {EmailKind::kInvitation, EmailKind::kWelcome, EmailKind::kSecurityNotice,
                           EmailKind::kShiftAssigned, EmailKind::kShiftChanged, EmailKind::kShiftCancelled,
                           EmailKind::kPatternAssigned, EmailKind::kAnnouncement, EmailKind::kPasswordReset}) {
        if (KindText(kind) == text) return kind;
    }
    throw std::runtime_error("unreadable email kind in database: " + text);
}

const std::string kPending = "pending";
const std::string kSent = "sent";
const std::string kDead = "dead";

OutboxStatus ParseStatusText(const std::string& text) {
    if (text == kPending) return OutboxStatus::kPending;
    if (text == kSent) return OutboxStatus::kSent;
    if (text == kDead) return OutboxStatus::kDead;
    throw std::runtime_error("unreadable outbox status in database: " + text);
}

// outbox_messages.body_state, checked by the table.
const std::string kBodyKept = "kept";
const std::string kBodyRedacted = "redacted";
const std::string kBodyPurged = "purged";

OutboxBody ParseBodyText(const std::string& text) {
    if (text == kBodyKept) return OutboxBody::kKept;
    if (text == kBodyRedacted) return OutboxBody::kRedacted;
    if (text == kBodyPurged) return OutboxBody::kPurged;
    throw std::runtime_error("unreadable outbox body state in database: " + text);
}

struct OutboxRow {
    Id id = 0;
    Id organization_id = 0;
    std::string kind;
    std::optional<Id> recipient_user_id;
    std::string to_address;
    std::string to_name;
    std::string from_name;
    std::string subject;
    std::string text_body;
    std::string html_body;
    std::string message_id;
    std::string status;
    int attempts = 0;
    std::int64_t next_attempt_at = 0;
    std::optional<std::int64_t> lease_until;
    std::string last_error;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> sent_at;
    int carries_secret = 0;
    std::string body_state;
};

void BindInto(soci::statement& statement, OutboxRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.kind));
    statement.exchange(soci::into(row.recipient_user_id));
    statement.exchange(soci::into(row.to_address));
    statement.exchange(soci::into(row.to_name));
    statement.exchange(soci::into(row.from_name));
    statement.exchange(soci::into(row.subject));
    statement.exchange(soci::into(row.text_body));
    statement.exchange(soci::into(row.html_body));
    statement.exchange(soci::into(row.message_id));
    statement.exchange(soci::into(row.status));
    statement.exchange(soci::into(row.attempts));
    statement.exchange(soci::into(row.next_attempt_at));
    statement.exchange(soci::into(row.lease_until));
    statement.exchange(soci::into(row.last_error));
    statement.exchange(soci::into(row.created_at));
    statement.exchange(soci::into(row.sent_at));
    statement.exchange(soci::into(row.carries_secret));
    statement.exchange(soci::into(row.body_state));
}

OutboxMessage ToDomain(const OutboxRow& row) {
    OutboxMessage message;
    message.id = row.id;
    message.organization_id = row.organization_id;
    message.kind = ParseKindText(row.kind);
    message.recipient_user_id = row.recipient_user_id;
    message.to_address = row.to_address;
    message.to_name = row.to_name;
    message.from_name = row.from_name;
    message.subject = row.subject;
    message.text_body = row.text_body;
    message.html_body = row.html_body;
    message.message_id = row.message_id;
    message.status = ParseStatusText(row.status);
    message.attempts = row.attempts;
    message.next_attempt_at = FromUnix(row.next_attempt_at);
    message.lease_until = FromUnix(row.lease_until);
    message.last_error = row.last_error;
    message.created_at = FromUnix(row.created_at);
    message.sent_at = FromUnix(row.sent_at);
    message.carries_secret = row.carries_secret != 0;
    message.body = ParseBodyText(row.body_state);
    return message;
}

const std::string kSelectOutbox =
    "SELECT id, organization_id, kind, recipient_user_id, to_address, to_name, from_name, subject, text_body, "
    "html_body, message_id, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at, "
    "carries_secret, body_state FROM outbox_messages ";

class SqlOutboxRepository final : public OutboxRepository {
public:
    SqlOutboxRepository(Connection& sql, const DialectTraits& dialect) : sql_(sql), dialect_(dialect) {}

    // A fresh message whatever the argument says: pending, no attempts, no lease, never sent.
    Id Enqueue(const OutboxMessage& message) override {
        return QueryValue<Id>(
            sql_,
            "INSERT INTO outbox_messages (organization_id, kind, recipient_user_id, to_address, to_name, from_name, "
            "subject, text_body, html_body, message_id, status, attempts, next_attempt_at, lease_until, last_error, "
            "created_at, sent_at, carries_secret, body_state) VALUES (:organization_id, :kind, :recipient_user_id, "
            ":to_address, :to_name, :from_name, :subject, :text_body, :html_body, :message_id, :status, 0, "
            ":next_attempt_at, NULL, '', :created_at, NULL, :carries_secret, :body_state) RETURNING id",
            message.organization_id, KindText(message.kind), message.recipient_user_id, message.to_address,
            message.to_name, message.from_name, message.subject, message.text_body, message.html_body,
            message.message_id, kPending, ToUnix(message.next_attempt_at), ToUnix(message.created_at),
            message.carries_secret ? 1 : 0, kBodyKept);
    }

    // Select, then lease exactly the selected rows. Atomic because the caller's kWrite unit of
    // work holds SQLite's single write lock (BEGIN IMMEDIATE) from before the SELECT; on
    // PostgreSQL the SELECT locks its rows (FOR UPDATE SKIP LOCKED, the dialect's claim lock), so
    // concurrent workers skip each other's rows instead of claiming them twice or queueing.
    std::vector<OutboxMessage> Claim(Instant now, std::chrono::seconds lease, int limit) override {
        if (limit <= 0) return {};  // SQLite reads LIMIT -1 as "no limit"
        const std::int64_t now_unix = ToUnix(now);
        std::vector<OutboxMessage> claimed = ToDomainAll<OutboxMessage>(QueryRows<OutboxRow>(
            sql_,
            kSelectOutbox +
                "WHERE status = :status AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until <= :now2) "
                "ORDER BY next_attempt_at, id LIMIT :limit" +
                std::string(dialect_.claim_lock_clause),
            kPending, now_unix, now_unix, static_cast<long long>(limit)));
        const Instant lease_until = now + lease;
        for (OutboxMessage& message : claimed) {
            const long long changed =
                Execute(sql_, "UPDATE outbox_messages SET lease_until = :lease_until WHERE id = :id",
                        ToUnix(lease_until), message.id);
            if (changed != 1) throw std::runtime_error("outbox claim lost a selected row");
            message.lease_until = lease_until;
        }
        return claimed;
    }

    // Only a pending message changes: a message already sent (or given up) by a worker whose
    // lease had run out stays as it is.
    void MarkSent(Id id, Instant at) override {
        static const std::string kRedacted(kRedactedBody);
        Execute(
            sql_,
            "UPDATE outbox_messages SET status = :sent, sent_at = :at, attempts = attempts + 1, lease_until = NULL, "
            "text_body = CASE WHEN carries_secret = 1 THEN :redacted_text ELSE text_body END, "
            "html_body = CASE WHEN carries_secret = 1 THEN :redacted_html ELSE html_body END, "
            "body_state = CASE WHEN carries_secret = 1 THEN :body_redacted ELSE body_state END "
            "WHERE id = :id AND status = :pending",
            kSent, ToUnix(at), kRedacted, kRedacted, kBodyRedacted, id, kPending);
    }

    int PurgeBodiesSentBefore(Instant before, int limit) override {
        if (limit <= 0) return 0;
        static const std::string kPurged(kPurgedBody);
        return static_cast<int>(Execute(
            sql_,
            "UPDATE outbox_messages SET text_body = :purged_text, html_body = :purged_html, body_state = :body_purged "
            "WHERE id IN (SELECT id FROM outbox_messages WHERE status = :sent AND sent_at < :before "
            "AND body_state <> :body_purged2 ORDER BY sent_at, id LIMIT :limit)",
            kPurged, kPurged, kBodyPurged, kSent, ToUnix(before), kBodyPurged, static_cast<long long>(limit)));
    }

    void MarkFailed(Id id, const std::string& error, std::optional<Instant> next_attempt_at) override {
        if (next_attempt_at) {
            Execute(sql_,
                    "UPDATE outbox_messages SET attempts = attempts + 1, last_error = :error, "
                    "next_attempt_at = :next_attempt_at, lease_until = NULL WHERE id = :id AND status = :pending",
                    error, ToUnix(*next_attempt_at), id, kPending);
        } else {
            Execute(sql_,
                    "UPDATE outbox_messages SET attempts = attempts + 1, last_error = :error, status = :dead, "
                    "lease_until = NULL WHERE id = :id AND status = :pending",
                    error, kDead, id, kPending);
        }
    }

    std::optional<OutboxMessage> FindById(Id organization_id, Id id) override {
        auto row = QueryRow<OutboxRow>(sql_, kSelectOutbox + "WHERE id = :id AND organization_id = :organization_id",
                                       id, organization_id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    std::vector<OutboxMessage> List(Id organization_id, Id before_id, int limit) override {
        if (limit <= 0) return {};
        if (before_id == 0) {
            return ToDomainAll<OutboxMessage>(QueryRows<OutboxRow>(
                sql_, kSelectOutbox + "WHERE organization_id = :organization_id ORDER BY id DESC LIMIT :limit",
                organization_id, static_cast<long long>(limit)));
        }
        return ToDomainAll<OutboxMessage>(QueryRows<OutboxRow>(
            sql_,
            kSelectOutbox +
                "WHERE organization_id = :organization_id AND id < :before_id ORDER BY id DESC LIMIT :limit",
            organization_id, before_id, static_cast<long long>(limit)));
    }

    bool Retry(Id organization_id, Id id, Instant now) override {
        return Execute(sql_,
                       "UPDATE outbox_messages SET status = :pending, attempts = 0, next_attempt_at = :now, "
                       "lease_until = NULL WHERE id = :id AND organization_id = :organization_id AND status = :dead",
                       kPending, ToUnix(now), id, organization_id, kDead) == 1;
    }

private:
    Connection& sql_;
    const DialectTraits& dialect_;
};

}  // namespace

std::unique_ptr<OutboxRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                 std::type_identity<OutboxRepository>) {
    return std::make_unique<SqlOutboxRepository>(sql, dialect);
}

template std::unique_ptr<OutboxRepository> MakeSqlRepository<OutboxRepository>(Connection& sql,
                                                                               const DialectTraits& dialect);

}  // namespace shiftsync::db
