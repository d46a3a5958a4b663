#include "testing/in_memory_database.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <tuple>

namespace shiftsync {
namespace {

// Everything the database holds. Copied whole at Begin(): cheap at test sizes, and it makes
// rollback and snapshots trivially right.
struct State {
    Id next_organization_id = 1;
    Id next_user_id = 1;
    Id next_invitation_id = 1;
    Id next_shift_id = 1;
    Id next_pattern_id = 1;
    Id next_outbox_id = 1;
    std::map<Id, Organization> organizations;
    std::map<Id, User> users;
    std::map<Id, Invitation> invitations;
    std::map<Id, Shift> shifts;
    std::map<Id, WeeklyPattern> patterns;
    std::map<std::string, Instant> revoked_tokens;
    std::map<Id, OutboxMessage> outbox;
    std::map<std::string, Instant> blob_deletions;
};

// What one unit of work's repositories share.
struct Context {
    State state;
    bool writable = false;  // kWrite and not yet committed

    void RequireWritable() const { assert(writable && "write through a kRead or committed unit of work"); }
};

// The real adapters report constraint failures as exceptions (infrastructure errors), not results.
[[noreturn]] void ConstraintFailed(const std::string& what) { throw std::runtime_error("constraint failed: " + what); }

void RequireOrganization(const State& state, Id id) {
    if (!state.organizations.contains(id)) ConstraintFailed("FOREIGN KEY organization " + std::to_string(id));
}

// Mirrors the SQL adapter: every write to what a schedule shows raises the revision.
void RaiseScheduleRevision(State& state, Id organization_id) {
    auto it = state.organizations.find(organization_id);
    if (it != state.organizations.end()) ++it->second.schedule_revision;
}
void RequireUser(const State& state, Id id) {
    if (!state.users.contains(id)) ConstraintFailed("FOREIGN KEY user " + std::to_string(id));
}
void RequirePattern(const State& state, Id id) {
    if (!state.patterns.contains(id)) ConstraintFailed("FOREIGN KEY pattern " + std::to_string(id));
}

// Same rule as the SQL adapter's users.email_key: ASCII lower-case of the whole address.
std::string EmailStorageKey(const std::string& email) {
    std::string key = email;
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

// The row `id` of `rows` if it belongs to `organization_id`.
template <typename Row>
Row* FindInOrganization(std::map<Id, Row>& rows, Id organization_id, Id id) {
    auto it = rows.find(id);
    if (it == rows.end() || it->second.organization_id != organization_id) return nullptr;
    return &it->second;
}

template <typename Row>
std::optional<Row> CopyOf(const Row* row) {
    if (row == nullptr) return std::nullopt;
    return *row;
}

class InMemoryOrganizationRepository final : public OrganizationRepository {
public:
    explicit InMemoryOrganizationRepository(Context& context) : context_(context) {}

    Id Create(const Organization& org) override {
        context_.RequireWritable();
        State& state = context_.state;
        Organization row = org;
        row.id = state.next_organization_id++;
        row.schedule_revision = 0;
        state.organizations.emplace(row.id, row);
        return row.id;
    }

    std::optional<Organization> FindById(Id id) override {
        auto it = context_.state.organizations.find(id);
        if (it == context_.state.organizations.end()) return std::nullopt;
        return it->second;
    }

    void Update(const Organization& org) override {
        context_.RequireWritable();
        auto it = context_.state.organizations.find(org.id);
        if (it == context_.state.organizations.end()) return;
        it->second.name = org.name;
        it->second.time_zone = org.time_zone;
        it->second.week_start = org.week_start;
        ++it->second.schedule_revision;
    }

private:
    Context& context_;
};

class InMemoryUserRepository final : public UserRepository {
public:
    explicit InMemoryUserRepository(Context& context) : context_(context) {}

    Result<Id> Create(const User& user) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, user.organization_id);
        State& state = context_.state;
        RequireOrganization(state, user.organization_id);
        if (EmailTakenBySomeoneElse(user.email, 0)) return Error::Conflict("email is already registered");
        User row = user;
        row.id = state.next_user_id++;
        state.users.emplace(row.id, row);
        return row.id;
    }

    std::optional<User> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state.users, organization_id, id));
    }

    std::optional<User> FindByIdAnyOrganization(Id id) override {
        auto it = context_.state.users.find(id);
        if (it == context_.state.users.end()) return std::nullopt;
        return it->second;
    }

    std::optional<User> FindByEmail(const std::string& email) override {
        const std::string key = EmailStorageKey(email);
        for (const auto& [id, user] : context_.state.users) {
            if (EmailStorageKey(user.email) == key) return user;
        }
        return std::nullopt;
    }

    std::vector<User> List(Id organization_id, bool include_inactive) override {
        std::vector<User> out;
        for (const auto& [id, user] : context_.state.users) {
            if (user.organization_id == organization_id && (include_inactive || user.active)) out.push_back(user);
        }
        std::sort(out.begin(), out.end(),
                  [](const User& a, const User& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
        return out;
    }

    Status Update(const User& user) override {
        context_.RequireWritable();
        User* row = FindInOrganization(context_.state.users, user.organization_id, user.id);
        if (row == nullptr) return Error::NotFound("user not found");
        if (EmailTakenBySomeoneElse(user.email, user.id)) return Error::Conflict("email is already registered");
        row->name = user.name;
        row->email = user.email;
        row->password_hash = user.password_hash;
        row->position = user.position;
        row->role = user.role;
        row->active = user.active;
        row->token_version = user.token_version;
        row->picture_id = user.picture_id;
        row->email_notifications = user.email_notifications;
        RaiseScheduleRevision(context_.state, user.organization_id);
        return Ok();
    }

    int CountActiveOwners(Id organization_id) override {
        return static_cast<int>(
            std::count_if(context_.state.users.begin(), context_.state.users.end(), [&](const auto& entry) {
                const User& user = entry.second;
                return user.organization_id == organization_id && user.role == Role::kOwner && user.active;
            }));
    }

private:
    bool EmailTakenBySomeoneElse(const std::string& email, Id self) const {
        const std::string key = EmailStorageKey(email);
        return std::any_of(context_.state.users.begin(), context_.state.users.end(), [&](const auto& entry) {
            return entry.first != self && EmailStorageKey(entry.second.email) == key;
        });
    }

    Context& context_;
};

class InMemoryInvitationRepository final : public InvitationRepository {
public:
    explicit InMemoryInvitationRepository(Context& context) : context_(context) {}

    Id Create(const Invitation& invitation) override {
        context_.RequireWritable();
        State& state = context_.state;
        RequireOrganization(state, invitation.organization_id);
        RequireUser(state, invitation.invited_by);
        if (FindByTokenHash(invitation.token_hash)) ConstraintFailed("UNIQUE invitations.token_hash");
        Invitation row = invitation;
        row.id = state.next_invitation_id++;
        state.invitations.emplace(row.id, row);
        return row.id;
    }

    std::optional<Invitation> FindByTokenHash(const std::string& token_hash) override {
        for (const auto& [id, invitation] : context_.state.invitations) {
            if (invitation.token_hash == token_hash) return invitation;
        }
        return std::nullopt;
    }

    std::optional<Invitation> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state.invitations, organization_id, id));
    }

    std::vector<Invitation> ListPending(Id organization_id, Instant now) override {
        std::vector<Invitation> out;
        for (const auto& [id, invitation] : context_.state.invitations) {
            if (invitation.organization_id == organization_id && !invitation.accepted_at && invitation.expires_at > now)
                out.push_back(invitation);
        }
        std::sort(out.begin(), out.end(), [](const Invitation& a, const Invitation& b) {
            return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
        });
        return out;
    }

    bool MarkAccepted(Id id, Instant at) override {
        context_.RequireWritable();
        auto it = context_.state.invitations.find(id);
        if (it == context_.state.invitations.end() || it->second.accepted_at) return false;
        it->second.accepted_at = at;
        return true;
    }

    bool Delete(Id organization_id, Id id) override {
        context_.RequireWritable();
        if (!FindInOrganization(context_.state.invitations, organization_id, id)) return false;
        context_.state.invitations.erase(id);
        return true;
    }

private:
    Context& context_;
};

bool ByStartThenId(const Shift& a, const Shift& b) { return std::tie(a.start, a.id) < std::tie(b.start, b.id); }

class InMemoryShiftRepository final : public ShiftRepository {
public:
    explicit InMemoryShiftRepository(Context& context) : context_(context) {}

    Id Create(const Shift& shift) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, shift.organization_id);
        State& state = context_.state;
        RequireOrganization(state, shift.organization_id);
        RequireReferences(shift);
        Shift row = shift;
        row.id = state.next_shift_id++;
        state.shifts.emplace(row.id, row);
        return row.id;
    }

    std::optional<Shift> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state.shifts, organization_id, id));
    }

    std::vector<Shift> List(const ShiftQuery& query) override {
        std::vector<Shift> out;
        for (const auto& [id, shift] : context_.state.shifts) {
            if (shift.organization_id == query.organization_id && shift.end > query.from && shift.start < query.to &&
                (!query.user_id || shift.user_id == query.user_id))
                out.push_back(shift);
        }
        std::sort(out.begin(), out.end(), ByStartThenId);
        return out;
    }

    std::optional<Shift> FindOverlapping(Id organization_id, Id user_id, Instant start, Instant end,
                                         std::optional<Id> except_id) override {
        std::optional<Shift> earliest;
        for (const auto& [id, shift] : context_.state.shifts) {
            if (shift.organization_id != organization_id || shift.user_id != user_id || id == except_id) continue;
            if (!Overlaps(shift.start, shift.end, start, end)) continue;
            if (!earliest || ByStartThenId(shift, *earliest)) earliest = shift;
        }
        return earliest;
    }

    void Update(const Shift& shift) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, shift.organization_id);
        Shift* row = FindInOrganization(context_.state.shifts, shift.organization_id, shift.id);
        if (row == nullptr) return;
        RequireReferences(shift);
        row->user_id = shift.user_id;
        row->start = shift.start;
        row->end = shift.end;
        row->position = shift.position;
        row->note = shift.note;
        row->pattern_id = shift.pattern_id;
    }

    bool Delete(Id organization_id, Id id) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, organization_id);
        if (!FindInOrganization(context_.state.shifts, organization_id, id)) return false;
        context_.state.shifts.erase(id);
        return true;
    }

    int DeletePatternShiftsFrom(Id organization_id, Id pattern_id, Instant from) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, organization_id);
        return static_cast<int>(std::erase_if(context_.state.shifts, [&](const auto& entry) {
            const Shift& shift = entry.second;
            return shift.organization_id == organization_id && shift.pattern_id == pattern_id && shift.start >= from;
        }));
    }

    int ReleaseUserShiftsFrom(Id organization_id, Id user_id, Instant from) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, organization_id);
        int released = 0;
        for (auto& [id, shift] : context_.state.shifts) {
            if (shift.organization_id == organization_id && shift.user_id == user_id && shift.start >= from) {
                shift.user_id.reset();
                shift.pattern_id.reset();
                ++released;
            }
        }
        return released;
    }

    void DetachPattern(Id organization_id, Id pattern_id) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, organization_id);
        for (auto& [id, shift] : context_.state.shifts) {
            if (shift.organization_id == organization_id && shift.pattern_id == pattern_id) shift.pattern_id.reset();
        }
    }

private:
    void RequireReferences(const Shift& shift) const {
        if (shift.user_id) RequireUser(context_.state, *shift.user_id);
        if (shift.pattern_id) RequirePattern(context_.state, *shift.pattern_id);
    }

    Context& context_;
};

class InMemoryPatternRepository final : public PatternRepository {
public:
    explicit InMemoryPatternRepository(Context& context) : context_(context) {}

    Id Create(const WeeklyPattern& pattern) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, pattern.organization_id);
        State& state = context_.state;
        RequireOrganization(state, pattern.organization_id);
        RequireUser(state, pattern.user_id);
        WeeklyPattern row = pattern;
        row.id = state.next_pattern_id++;
        state.patterns.emplace(row.id, row);
        return row.id;
    }

    std::optional<WeeklyPattern> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state.patterns, organization_id, id));
    }

    std::vector<WeeklyPattern> List(Id organization_id, std::optional<Id> user_id) override {
        std::vector<WeeklyPattern> out;
        for (const auto& [id, pattern] : context_.state.patterns) {
            if (pattern.organization_id == organization_id && (!user_id || pattern.user_id == *user_id))
                out.push_back(pattern);
        }
        std::sort(out.begin(), out.end(), [](const WeeklyPattern& a, const WeeklyPattern& b) {
            return std::tie(a.user_id, a.start_date, a.id) < std::tie(b.user_id, b.start_date, b.id);
        });
        return out;
    }

    void Update(const WeeklyPattern& pattern) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, pattern.organization_id);
        WeeklyPattern* row = FindInOrganization(context_.state.patterns, pattern.organization_id, pattern.id);
        if (row == nullptr) return;
        RequireUser(context_.state, pattern.user_id);
        row->user_id = pattern.user_id;
        row->start_date = pattern.start_date;
        row->end_date = pattern.end_date;
        row->days = pattern.days;
        row->position = pattern.position;
    }

    bool Delete(Id organization_id, Id id) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state, organization_id);
        if (!FindInOrganization(context_.state.patterns, organization_id, id)) return false;
        for (const auto& [shift_id, shift] : context_.state.shifts) {
            if (shift.pattern_id == id) ConstraintFailed("FOREIGN KEY shift " + std::to_string(shift_id));
        }
        context_.state.patterns.erase(id);
        return true;
    }

private:
    Context& context_;
};

class InMemoryRevokedTokenRepository final : public RevokedTokenRepository {
public:
    explicit InMemoryRevokedTokenRepository(Context& context) : context_(context) {}

    void Revoke(const std::string& token_id, Instant expires_at) override {
        context_.RequireWritable();
        context_.state.revoked_tokens.emplace(token_id, expires_at);  // keeps the first expiry, like the SQL adapter
    }

    bool IsRevoked(const std::string& token_id) override { return context_.state.revoked_tokens.contains(token_id); }

    int PurgeExpired(Instant now) override {
        context_.RequireWritable();
        return static_cast<int>(
            std::erase_if(context_.state.revoked_tokens, [&](const auto& entry) { return entry.second <= now; }));
    }

private:
    Context& context_;
};

class InMemoryBlobDeletionRepository final : public BlobDeletionRepository {
public:
    explicit InMemoryBlobDeletionRepository(Context& context) : context_(context) {}

    void Schedule(const std::string& key, Instant due_at) override {
        context_.RequireWritable();
        context_.state.blob_deletions[key] = due_at;
    }

    bool Cancel(const std::string& key) override {
        context_.RequireWritable();
        return context_.state.blob_deletions.erase(key) > 0;
    }

    std::vector<std::string> Due(Instant now, int limit) override {
        std::vector<std::pair<Instant, std::string>> due;
        for (const auto& [key, due_at] : context_.state.blob_deletions)
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

// Same rules as the SQL adapter: Enqueue stores a fresh message; only pending messages are
// marked sent or failed; Claim leases the oldest due, unleased ones (kWrite makes it atomic).
class InMemoryOutboxRepository final : public OutboxRepository {
public:
    explicit InMemoryOutboxRepository(Context& context) : context_(context) {}

    Id Enqueue(const OutboxMessage& message) override {
        context_.RequireWritable();
        State& state = context_.state;
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
        state.outbox.emplace(row.id, row);
        return row.id;
    }

    std::vector<OutboxMessage> Claim(Instant now, std::chrono::seconds lease, int limit) override {
        context_.RequireWritable();
        std::vector<OutboxMessage*> due;
        for (auto& [id, row] : context_.state.outbox) {
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
        return CopyOf(FindInOrganization(context_.state.outbox, organization_id, id));
    }

    std::vector<OutboxMessage> List(Id organization_id, Id before_id, int limit) override {
        std::vector<OutboxMessage> out;
        for (auto it = context_.state.outbox.rbegin(); it != context_.state.outbox.rend(); ++it) {
            if (static_cast<int>(out.size()) >= limit) break;
            if (it->second.organization_id == organization_id && (before_id == 0 || it->first < before_id))
                out.push_back(it->second);
        }
        return out;
    }

    bool Retry(Id organization_id, Id id, Instant now) override {
        context_.RequireWritable();
        OutboxMessage* row = FindInOrganization(context_.state.outbox, organization_id, id);
        if (row == nullptr || row->status != OutboxStatus::kDead) return false;
        row->status = OutboxStatus::kPending;
        row->attempts = 0;
        row->next_attempt_at = now;
        row->lease_until.reset();
        return true;
    }

private:
    OutboxMessage* FindPending(Id id) {
        auto it = context_.state.outbox.find(id);
        if (it == context_.state.outbox.end() || it->second.status != OutboxStatus::kPending) return nullptr;
        return &it->second;
    }

    Context& context_;
};

class InMemoryDatabase final : public UnitOfWorkFactory {
public:
    std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override;
    bool Ping() override { return true; }

    std::unique_lock<std::mutex> LockWriters() { return std::unique_lock<std::mutex>(writer_mutex_); }

    std::shared_ptr<const State> Snapshot() {
        std::lock_guard<std::mutex> lock(state_mutex_);
        return current_;
    }

    // REQUIRES: the caller holds the writer lock, so no other commit is lost.
    void Publish(const State& state) {
        auto next = std::make_shared<const State>(state);
        std::lock_guard<std::mutex> lock(state_mutex_);
        current_ = std::move(next);
    }

private:
    std::mutex writer_mutex_;  // held by a kWrite unit of work for its whole life
    std::mutex state_mutex_;   // guards current_ only (never held while copying)
    std::shared_ptr<const State> current_ = std::make_shared<const State>();
};

class InMemoryUnitOfWork final : public UnitOfWork {
public:
    InMemoryUnitOfWork(InMemoryDatabase& database, TransactionMode mode)
        : database_(database),
          writer_lock_(mode == TransactionMode::kWrite ? database.LockWriters() : std::unique_lock<std::mutex>()),
          context_{*database.Snapshot(), mode == TransactionMode::kWrite},
          organizations_(context_),
          users_(context_),
          invitations_(context_),
          shifts_(context_),
          patterns_(context_),
          revoked_tokens_(context_),
          outbox_(context_),
          blob_deletions_(context_) {}

    OrganizationRepository& organizations() override { return organizations_; }
    UserRepository& users() override { return users_; }
    InvitationRepository& invitations() override { return invitations_; }
    ShiftRepository& shifts() override { return shifts_; }
    PatternRepository& patterns() override { return patterns_; }
    RevokedTokenRepository& revoked_tokens() override { return revoked_tokens_; }
    OutboxRepository& outbox() override { return outbox_; }
    BlobDeletionRepository& blob_deletions() override { return blob_deletions_; }

    // kWrite already excludes every other writer.
    void LockUserSchedule(Id organization_id, Id user_id) override {}

    void Commit() override {
        assert(!committed_ && "Commit() called twice");
        if (context_.writable) database_.Publish(context_.state);
        committed_ = true;
        context_.writable = false;
        if (writer_lock_.owns_lock()) writer_lock_.unlock();
    }

private:
    InMemoryDatabase& database_;
    std::unique_lock<std::mutex> writer_lock_;  // taken before the snapshot, so a writer sees the last commit
    Context context_;
    InMemoryOrganizationRepository organizations_;
    InMemoryUserRepository users_;
    InMemoryInvitationRepository invitations_;
    InMemoryShiftRepository shifts_;
    InMemoryPatternRepository patterns_;
    InMemoryRevokedTokenRepository revoked_tokens_;
    InMemoryOutboxRepository outbox_;
    InMemoryBlobDeletionRepository blob_deletions_;
    bool committed_ = false;
};

std::unique_ptr<UnitOfWork> InMemoryDatabase::Begin(TransactionMode mode) {
    return std::make_unique<InMemoryUnitOfWork>(*this, mode);
}

}  // namespace

std::unique_ptr<UnitOfWorkFactory> MakeInMemoryDatabase() { return std::make_unique<InMemoryDatabase>(); }

}  // namespace shiftsync
