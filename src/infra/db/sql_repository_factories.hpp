#pragma once
// One factory per SQL repository, each defined in its own file; MakeSqlRepositories
// (sql_repositories.hpp) assembles them. Internal to infra/db.
// Each repository keeps a reference to `sql`, which must outlive it, and behaves as
// MakeSqlRepositories documents.
#include <memory>

#include "app/ports/repositories.hpp"
#include "infra/db/connection.hpp"
#include "infra/db/sql_repositories.hpp"

namespace shiftsync::db {

std::unique_ptr<OrganizationRepository> MakeSqlOrganizationRepository(Connection& sql);
// Reports a UNIQUE violation on users.email_key, as `dialect` recognises it, as kConflict.
// `dialect` must outlive the repository (backends keep theirs in static storage).
std::unique_ptr<UserRepository> MakeSqlUserRepository(Connection& sql, const DialectTraits& dialect);
std::unique_ptr<InvitationRepository> MakeSqlInvitationRepository(Connection& sql);
// Reports an overlap the schema refuses (`dialect.shift_overlap_clause` on insert, an exclusion
// violation on update) as kShiftOverlap; `dialect` must outlive the repository.
std::unique_ptr<ShiftRepository> MakeSqlShiftRepository(Connection& sql, const DialectTraits& dialect);
std::unique_ptr<PatternRepository> MakeSqlPatternRepository(Connection& sql);
std::unique_ptr<RevokedTokenRepository> MakeSqlRevokedTokenRepository(Connection& sql);
// Claims with `dialect.claim_lock_clause`; `dialect` must outlive the repository.
std::unique_ptr<OutboxRepository> MakeSqlOutboxRepository(Connection& sql, const DialectTraits& dialect);
std::unique_ptr<BlobDeletionRepository> MakeSqlBlobDeletionRepository(Connection& sql);
std::unique_ptr<LoginFailureRepository> MakeSqlLoginFailureRepository(Connection& sql);
std::unique_ptr<PasswordResetRepository> MakeSqlPasswordResetRepository(Connection& sql);

}  // namespace shiftsync::db
