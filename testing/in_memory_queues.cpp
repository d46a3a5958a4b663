// What the in-memory database keeps for later: revoked tokens until they expire, blobs to delete,
// failed sign-ins, and the outbox of email to send (see in_memory_database.hpp).
#include <algorithm>
#include <cassert>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "testing/in_memory_repository_definition.hpp"

namespace shiftsync::in_memory {
namespace {

class InMemoryRevokedTokenRepository final : public RevokedTokenRepository {
public:
    explicit InMemoryRevokedTokenRepository(Context& context) : context_(context) {}

    void Revoke(const std::string& token_id, Instant expires_at) override {
        context_.RequireWritable();
        context_.state().revoked_tokens.emplace(token_id, expires_at);  // keeps the first expiry, like the SQL adapter
    }

    bool IsRevoked(const std::string& token_id) override { return context_.state().revoked_tokens.contains(token_id); }

    int PurgeExpired(Instant now) override {
        context_.RequireWritable();
        return static_cast<int>(
            std::erase_if(context_.state().revoked_tokens, [&](const auto& entry) { return entry.second <= now; }));
    }

private:
    Context& context_;
};

class InMemoryBlobDeletionRepository final : public BlobDeletionRepository {
public:
    explicit InMemoryBlobDeletionRepository(Context& context) : context_(context) {}

    void Schedule(const std::string& key, Instant due_at) override {
        context_.RequireWritable();
        context_.state().blob_deletions[key] = due_at;
    }

    bool Cancel(const std::string& key) override {
        context_.RequireWritable();
        return context_.state().blob_deletions.erase(key) > 0;
    }

    std::vector<std::string> Due(Instant now, int limit) override {
        std::vector<std::pair<Instant, std::string>> due;
        for (const auto& [key, due_at] : context_.state().blob_deletions)
            if (due_at <= now) due.emplace_back(due_at, key);
        std::sort(due.begin(), due.end());
        std::vector<std::string> keys;
        for (const auto& entry : due) {
            if (static_cast<int>(keys.size()) >= limit) break;
            keys.push_back(entry.second);
        }
        return keys;
    }

private:
    Context& context_;
};

class InMemoryLoginFailureRepository final : public LoginFailureRepository {
public:
    explicit InMemoryLoginFailureRepository(Context& context) : context_(context) {}

    void Record(LoginFailureScope scope, const std::string& key_hash, Instant at) override {
        context_.RequireWritable();
        context_.state().login_failures.push_back(LoginFailure{scope, key_hash, at});
    }

    std::vector<Instant> RecentSince(LoginFailureScope scope, const std::string& key_hash, Instant since,
                                     int limit) override {
        assert(limit > 0);
        std::vector<Instant> recent;
        for (const LoginFailure& failure : context_.state().login_failures)
            if (failure.scope == scope && failure.key_hash == key_hash && failure.at > since)
                recent.push_back(failure.at);
        std::sort(recent.begin(), recent.end());
        if (static_cast<int>(recent.size()) > limit) recent.erase(recent.begin(), recent.end() - limit);
        return recent;
    }

    int Forget(LoginFailureScope scope, const std::string& key_hash) override {
        return ForgetIf([&](const LoginFailure& f) { return f.scope == scope && f.key_hash == key_hash; });
    }

    int ForgetBefore(LoginFailureScope scope, const std::string& key_hash, Instant before) override {
        return ForgetIf(
            [&](const LoginFailure& f) { return f.scope == scope && f.key_hash == key_hash && f.at < before; });
    }

    int PurgeBefore(Instant before) override {
        return ForgetIf([&](const LoginFailure& f) { return f.at < before; });
    }

private:
    template <typename Predicate>
    int ForgetIf(Predicate predicate) {
        context_.RequireWritable();
        return static_cast<int>(std::erase_if(context_.state().login_failures, predicate));
    }

    Context& context_;
};

// Same rules as the SQL adapter: Enqueue stores a fresh message; only pending messages are
// marked sent or failed; Claim leases the oldest due, unleased ones (kWrite makes it atomic).
class InMemoryOutboxRepository final : public OutboxRepository {
public:
    explicit InMemoryOutboxRepository(Context& context) : context_(context) {}

    Id Enqueue(const OutboxMessage& message) override {
        context_.RequireWritable();
        State& state = context_.state();
        RequireOrganization(state, message.organization_id);
        if (message.recipient_user_id) RequireUser(state, *message.recipient_user_id);
        for (const auto& [id, row] : state.outbox) {
            if (row.message_id == message.message_id) ConstraintFailed("UNIQUE outbox_messages.message_id");
        }
        OutboxMessage row = message;
        row.id = state.next_outbox_id++;
        row.status = OutboxStatus::kPending;
        row.attempts = 0;
        row.lease_until.reset();
        row.last_error.clear();
        row.sent_at.reset();
        row.body = OutboxBody::kKept;
        state.outbox.emplace(row.id, row);
        return row.id;
    }

    std::vector<OutboxMessage> Claim(Instant now, std::chrono::seconds lease, int limit) override {
        context_.RequireWritable();
        std::vector<OutboxMessage*> due;
        for (auto& [id, row] : context_.state().outbox) {
            if (row.status == OutboxStatus::kPending && row.next_attempt_at <= now &&
                (!row.lease_until || *row.lease_until <= now))
                due.push_back(&row);
        }
        std::sort(due.begin(), due.end(), [](const OutboxMessage* a, const OutboxMessage* b) {
            return std::tie(a->next_attempt_at, a->id) < std::tie(b->next_attempt_at, b->id);
        });
        std::vector<OutboxMessage> claimed;
        for (OutboxMessage* row : due) {
            if (static_cast<int>(claimed.size()) >= limit) break;
            row->lease_until = now + lease;
            claimed.push_back(*row);
        }
        return claimed;
    }

    void MarkSent(Id id, Instant at) override {
        context_.RequireWritable();
        OutboxMessage* row = FindPending(id);
        if (row == nullptr) return;
        row->status = OutboxStatus::kSent;
        row->sent_at = at;
        ++row->attempts;
        row->lease_until.reset();
        if (row->carries_secret) {
            row->text_body = row->html_body = std::string(kRedactedBody);
            row->body = OutboxBody::kRedacted;
        }
    }

    int PurgeBodiesSentBefore(Instant before, int limit) override {
        context_.RequireWritable();
        std::vector<OutboxMessage*> due;
        for (auto& [id, row] : context_.state().outbox) {
            if (row.status == OutboxStatus::kSent && row.sent_at && *row.sent_at < before &&
                row.body != OutboxBody::kPurged)
                due.push_back(&row);
        }
        std::sort(due.begin(), due.end(), [](const OutboxMessage* a, const OutboxMessage* b) {
            return std::tie(*a->sent_at, a->id) < std::tie(*b->sent_at, b->id);
        });
        int purged = 0;
        for (OutboxMessage* row : due) {
            if (purged >= limit) break;
            row->text_body = row->html_body = std::string(kPurgedBody);
            row->body = OutboxBody::kPurged;
            ++purged;
        }
        return purged;
    }

    void MarkFailed(Id id, const std::string& error, std::optional<Instant> next_attempt_at) override {
        context_.RequireWritable();
        OutboxMessage* row = FindPending(id);
        if (row == nullptr) return;
        ++row->attempts;
        row->last_error = error;
        row->lease_until.reset();
        if (next_attempt_at) {
            row->next_attempt_at = *next_attempt_at;
        } else {
            row->status = OutboxStatus::kDead;
        }
    }

    std::optional<OutboxMessage> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state().outbox, organization_id, id));
    }

    std::vector<OutboxMessage> List(Id organization_id, Id before_id, int limit) override {
        std::vector<OutboxMessage> out;
        for (auto it = context_.state().outbox.rbegin(); it != context_.state().outbox.rend(); ++it) {
            if (static_cast<int>(out.size()) >= limit) break;
            if (it->second.organization_id == organization_id && (before_id == 0 || it->first < before_id))
                out.push_back(it->second);
        }
        return out;
    }

    bool Retry(Id organization_id, Id id, Instant now) override {
        context_.RequireWritable();
        OutboxMessage* row = FindInOrganization(context_.state().outbox, organization_id, id);
        if (row == nullptr || row->status != OutboxStatus::kDead) return false;
        row->status = OutboxStatus::kPending;
        row->attempts = 0;
        row->next_attempt_at = now;
        row->lease_until.reset();
        return true;
    }

private:
    OutboxMessage* FindPending(Id id) {
        auto it = context_.state().outbox.find(id);
        if (it == context_.state().outbox.end() || it->second.status != OutboxStatus::kPending) return nullptr;
        return &it->second;
    }

    Context& context_;
};

}  // namespace

std::unique_ptr<RevokedTokenRepository> MakeRepository(Context& context, std::type_identity<RevokedTokenRepository>) {
    return std::make_unique<InMemoryRevokedTokenRepository>(context);
}
template std::unique_ptr<RevokedTokenRepository> MakeInMemoryRepository<RevokedTokenRepository>(Context& context);
std::unique_ptr<OutboxRepository> MakeRepository(Context& context, std::type_identity<OutboxRepository>) {
    return std::make_unique<InMemoryOutboxRepository>(context);
}
template std::unique_ptr<OutboxRepository> MakeInMemoryRepository<OutboxRepository>(Context& context);
std::unique_ptr<BlobDeletionRepository> MakeRepository(Context& context, std::type_identity<BlobDeletionRepository>) {
    return std::make_unique<InMemoryBlobDeletionRepository>(context);
}
template std::unique_ptr<BlobDeletionRepository> MakeInMemoryRepository<BlobDeletionRepository>(Context& context);
std::unique_ptr<LoginFailureRepository> MakeRepository(Context& context, std::type_identity<LoginFailureRepository>) {
    return std::make_unique<InMemoryLoginFailureRepository>(context);
}
template std::unique_ptr<LoginFailureRepository> MakeInMemoryRepository<LoginFailureRepository>(Context& context);

}  // namespace shiftsync::in_memory
