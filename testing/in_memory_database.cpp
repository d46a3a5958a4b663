// The in-memory database: snapshots, the writer lock and the unit of work (see
// in_memory_database.hpp); the repositories are in in_memory_people.cpp, in_memory_schedule.cpp
// and in_memory_queues.cpp.
#include "testing/in_memory_database.hpp"

#include <cassert>
#include <memory>
#include <mutex>

#include "testing/in_memory_repositories.hpp"

namespace shiftsync {
namespace {

using in_memory::Context;
using in_memory::State;

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
          context_{[&database] { return *database.Snapshot(); }, std::nullopt, mode == TransactionMode::kWrite},
          organizations_(in_memory::MakeOrganizationRepository(context_)),
          users_(in_memory::MakeUserRepository(context_)),
          invitations_(in_memory::MakeInvitationRepository(context_)),
          shifts_(in_memory::MakeShiftRepository(context_)),
          patterns_(in_memory::MakePatternRepository(context_)),
          revoked_tokens_(in_memory::MakeRevokedTokenRepository(context_)),
          outbox_(in_memory::MakeOutboxRepository(context_)),
          blob_deletions_(in_memory::MakeBlobDeletionRepository(context_)),
          login_failures_(in_memory::MakeLoginFailureRepository(context_)),
          password_resets_(in_memory::MakePasswordResetRepository(context_)) {}

    OrganizationRepository& organizations() override { return *organizations_; }
    UserRepository& users() override { return *users_; }
    InvitationRepository& invitations() override { return *invitations_; }
    ShiftRepository& shifts() override { return *shifts_; }
    PatternRepository& patterns() override { return *patterns_; }
    RevokedTokenRepository& revoked_tokens() override { return *revoked_tokens_; }
    OutboxRepository& outbox() override { return *outbox_; }
    BlobDeletionRepository& blob_deletions() override { return *blob_deletions_; }
    LoginFailureRepository& login_failures() override { return *login_failures_; }
    PasswordResetRepository& password_resets() override { return *password_resets_; }

    // kWrite already excludes every other writer.
    void LockUserSchedule(Id organization_id, Id user_id) override {}
    void LockOrganization(Id organization_id) override {}

    void Commit() override {
        assert(!committed_ && "Commit() called twice");
        if (context_.writable) database_.Publish(context_.state());
        committed_ = true;
        context_.writable = false;
        if (writer_lock_.owns_lock()) writer_lock_.unlock();
    }

private:
    InMemoryDatabase& database_;
    std::unique_lock<std::mutex> writer_lock_;  // taken before the snapshot, so a writer sees the last commit
    Context context_;
    std::unique_ptr<OrganizationRepository> organizations_;
    std::unique_ptr<UserRepository> users_;
    std::unique_ptr<InvitationRepository> invitations_;
    std::unique_ptr<ShiftRepository> shifts_;
    std::unique_ptr<PatternRepository> patterns_;
    std::unique_ptr<RevokedTokenRepository> revoked_tokens_;
    std::unique_ptr<OutboxRepository> outbox_;
    std::unique_ptr<BlobDeletionRepository> blob_deletions_;
    std::unique_ptr<LoginFailureRepository> login_failures_;
    std::unique_ptr<PasswordResetRepository> password_resets_;
    bool committed_ = false;
};

std::unique_ptr<UnitOfWork> InMemoryDatabase::Begin(TransactionMode mode) {
    return std::make_unique<InMemoryUnitOfWork>(*this, mode);
}

}  // namespace

std::unique_ptr<UnitOfWorkFactory> MakeInMemoryDatabase() { return std::make_unique<InMemoryDatabase>(); }

}  // namespace shiftsync
