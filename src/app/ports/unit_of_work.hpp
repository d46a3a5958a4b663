#pragma once
// One transaction per use case (RAII). Destroying a UnitOfWork without Commit() rolls back.
// Not thread-safe: one UnitOfWork belongs to one request on one thread.
#include <memory>

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

class UnitOfWork {
public:
    virtual ~UnitOfWork() = default;
    virtual OrganizationRepository& organizations() = 0;
    virtual UserRepository& users() = 0;
    virtual InvitationRepository& invitations() = 0;
    virtual ShiftRepository& shifts() = 0;
    virtual PatternRepository& patterns() = 0;
    virtual RevokedTokenRepository& revoked_tokens() = 0;
    virtual OutboxRepository& outbox() = 0;
    virtual BlobDeletionRepository& blob_deletions() = 0;
    virtual LoginFailureRepository& login_failures() = 0;
    virtual PasswordResetRepository& password_resets() = 0;

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
