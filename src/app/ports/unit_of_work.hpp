#pragma once
// One transaction per use case (RAII). Destroying a UnitOfWork without Commit() rolls back.
// Not thread-safe: one UnitOfWork belongs to one request on one thread.
#include <memory>
#include <tuple>
#include <type_traits>

#include "app/ports/mail.hpp"
#include "app/ports/repositories.hpp"

namespace shiftsync {

enum class TransactionMode {
    kRead,   // reads only, all from one snapshot of the database taken at the first of them
    kWrite,  // may write; writers are serialised where the backend needs it (SQLite: BEGIN IMMEDIATE)
    // Exactly one read statement, run without a transaction around it: one statement sees one
    // state of the database on its own, so BEGIN and COMMIT would only cost round trips (two of
    // the three on PostgreSQL). Commit() ends it. For the session check every request makes.
    // Unlike kRead, it is the statement that first finds a connection the database has dropped
    // (a restart): it then fails, and the next unit of work on that connection reopens it.
    kSingleStatement,
};

// Every repository a unit of work hands out: the one list of them. A backend makes each with
// MakeRepositories (below), so adding a repository adds its port here and its accessor in
// UnitOfWork, and no backend lists them (docs/ARCHITECTURE.md, "Units of work and repositories").
using Repositories = std::tuple<std::unique_ptr<OrganizationRepository>, std::unique_ptr<UserRepository>,
                                std::unique_ptr<InvitationRepository>, std::unique_ptr<ShiftRepository>,
                                std::unique_ptr<PatternRepository>, std::unique_ptr<RevokedTokenRepository>,
                                std::unique_ptr<OutboxRepository>, std::unique_ptr<BlobDeletionRepository>,
                                std::unique_ptr<LoginFailureRepository>, std::unique_ptr<PasswordResetRepository>>;

// Every repository, each made by `make(std::type_identity<Port>{})`, which returns a
// std::unique_ptr<Port> (a backend's one generic factory).
template <typename Make>
Repositories MakeRepositories(Make&& make) {
    return [&]<typename... Ports>(std::type_identity<std::tuple<std::unique_ptr<Ports>...>>) {
        return Repositories{make(std::type_identity<Ports>{})...};
    }(std::type_identity<Repositories>{});
}

class UnitOfWork {
public:
    virtual ~UnitOfWork() = default;
    OrganizationRepository& organizations() { return Get<OrganizationRepository>(); }
    UserRepository& users() { return Get<UserRepository>(); }
    InvitationRepository& invitations() { return Get<InvitationRepository>(); }
    ShiftRepository& shifts() { return Get<ShiftRepository>(); }
    PatternRepository& patterns() { return Get<PatternRepository>(); }
    RevokedTokenRepository& revoked_tokens() { return Get<RevokedTokenRepository>(); }
    OutboxRepository& outbox() { return Get<OutboxRepository>(); }
    BlobDeletionRepository& blob_deletions() { return Get<BlobDeletionRepository>(); }
    LoginFailureRepository& login_failures() { return Get<LoginFailureRepository>(); }
    PasswordResetRepository& password_resets() { return Get<PasswordResetRepository>(); }

    // Holds other writers off this user's schedule until the transaction ends, so an
    // overlap check followed by an insert is atomic. (A no-op where kWrite already
    // serialises writers; SELECT ... FOR UPDATE on PostgreSQL.)
    virtual void LockUserSchedule(Id organization_id, Id user_id) = 0;

    // Holds other writers off the organisation's people (roles, removals) until the transaction
    // ends, so a "last owner" check followed by a change is atomic. (A no-op where kWrite already
    // serialises writers; SELECT ... FOR NO KEY UPDATE of the organisation on PostgreSQL.)
    virtual void LockOrganization(Id organization_id) = 0;

    // Makes every change durable. Throws on failure (nothing is then kept).
    virtual void Commit() = 0;

protected:
    // This unit of work's repositories, made once by the backend (with MakeRepositories) and
    // kept for its life; they must be destroyed before whatever they run on (the connection).
    virtual Repositories& repositories() = 0;

private:
    template <typename Port>
    Port& Get() {
        return *std::get<std::unique_ptr<Port>>(repositories());
    }
};

class UnitOfWorkFactory {
public:
    virtual ~UnitOfWorkFactory() = default;
    // Blocks until a pooled connection is free.
    virtual std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) = 0;
    // True when the database answers a trivial query (readiness).
    virtual bool Ping() = 0;
};

}  // namespace shiftsync
