#include "infra/db/sql_repositories.hpp"

#include "infra/db/sql_repository_factories.hpp"

namespace shiftsync::db {

SqlRepositories MakeSqlRepositories(Connection& sql, const DialectTraits& dialect) {
    SqlRepositories repositories;
    repositories.organizations = MakeSqlOrganizationRepository(sql);
    repositories.users = MakeSqlUserRepository(sql, dialect);
    repositories.invitations = MakeSqlInvitationRepository(sql);
    repositories.shifts = MakeSqlShiftRepository(sql, dialect);
    repositories.patterns = MakeSqlPatternRepository(sql);
    repositories.revoked_tokens = MakeSqlRevokedTokenRepository(sql);
    repositories.outbox = MakeSqlOutboxRepository(sql, dialect);
    repositories.blob_deletions = MakeSqlBlobDeletionRepository(sql);
    repositories.login_failures = MakeSqlLoginFailureRepository(sql);
    repositories.password_resets = MakeSqlPasswordResetRepository(sql);
    return repositories;
}

}  // namespace shiftsync::db
