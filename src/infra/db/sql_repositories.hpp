#pragma once
// Repository ports over one SOCI session, in SQL that SQLite and PostgreSQL both accept.
// Internal to infra/db: each backend's unit of work owns the session and the transaction.
#include <memory>

#include "app/ports/mail.hpp"
#include "app/ports/repositories.hpp"
#include "infra/db/connection.hpp"

namespace soci {
class session;
class soci_error;
}  // namespace soci

namespace shiftsync::db {

// How a backend recognises a violated UNIQUE constraint in a driver error (the one place the
// repositories need to know which database they talk to). Must not throw.
using UniqueViolationTest = bool (*)(const soci::soci_error& error);

struct SqlRepositories {
    std::unique_ptr<OrganizationRepository> organizations;
    std::unique_ptr<UserRepository> users;
    std::unique_ptr<InvitationRepository> invitations;
    std::unique_ptr<ShiftRepository> shifts;
    std::unique_ptr<PatternRepository> patterns;
    std::unique_ptr<RevokedTokenRepository> revoked_tokens;
    std::unique_ptr<OutboxRepository> outbox;
    std::unique_ptr<BlobDeletionRepository> blob_deletions;
};

// The repositories keep a reference to `sql` (and its statement cache), which must outlive them. Every call runs
// statements on `sql` inside whatever transaction the caller has open, and blocks.
// UserRepository reports a UNIQUE violation on users.email_key as kConflict. Every other
// driver error is thrown as a std::runtime_error whose message names the query but never the
// bound values (they include emails and password hashes, and the message reaches the logs),
// with the driver's soci::soci_error nested inside. A stored value this code cannot read
// (an unknown role, a malformed date) throws std::runtime_error too.
SqlRepositories MakeSqlRepositories(Connection& sql, UniqueViolationTest is_unique_violation);

}  // namespace shiftsync::db
