// The in-memory database: snapshots, the writer lock and the unit of work (see
// in_memory_database.hpp); the repositories are in in_memory_people.cpp, in_memory_schedule.cpp
// and in_memory_queues.cpp.
#include "testing/in_memory_database.hpp"

#include <cassert>
#include <memory>
#include <mutex>
#include <type_traits>

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
          repositories_(MakeRepositories([this]<typename Port>(std::type_identity<Port>) {
              return in_memory::MakeInMemoryRepository<Port>(context_);
          })) {}

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
    Repositories& repositories() override { return repositories_; }

    InMemoryDatabase& database_;
    std::unique_lock<std::mutex> writer_lock_;  // taken before the snapshot, so a writer sees the last commit
    Context context_;
    Repositories repositories_;
    bool committed_ = false;
};

std::unique_ptr<UnitOfWork> InMemoryDatabase::Begin(TransactionMode mode) {
    return std::make_unique<InMemoryUnitOfWork>(*this, mode);
}

}  // namespace

std::unique_ptr<UnitOfWorkFactory> MakeInMemoryDatabase() { return std::make_unique<InMemoryDatabase>(); }

}  // namespace shiftsync
