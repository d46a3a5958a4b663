#pragma once
// The PostgreSQL adapter (issue 6): a pool of connections to one database, handing out units of
// work whose repositories run the same portable SQL as SQLite (sql_repositories.hpp). Schema
// migrations compiled into the binary are applied when the database is opened.
#include <memory>
#include <string>

#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

struct PostgresOptions {
    // postgresql://[user@]host[:port]/dbname[?sslmode=...]: never a password (refused with
    // std::invalid_argument, so it cannot end up in process listings or logs).
    std::string url;
    // From the secrets (database_password); empty: none (trust or peer authentication).
    std::string password;
    // Connections, hence concurrent units of work; Begin() blocks while all are taken.
    int pool_size = 4;
};

// Connects, applies pending migrations (under a PostgreSQL advisory lock, so that servers starting
// together migrate once), and returns a factory of units of work. Units of work run at READ
// COMMITTED with the invariants in the database: unique email (409 on both backends), at most one
// shift per person at a time (an exclusion constraint with btree_gist), and LockUserSchedule() as
// SELECT ... FOR UPDATE on the user's row; kRead is REPEATABLE READ, READ ONLY (a snapshot taken at
// Begin(), as on SQLite). The factory is thread-safe; each unit of work belongs to one thread.
// Throws std::invalid_argument for bad options, std::runtime_error when the server cannot be
// reached or migrated, or when the schema is newer than this build. Messages never carry the
// password.
std::unique_ptr<UnitOfWorkFactory> OpenPostgresDatabase(const PostgresOptions& options);

// Applies pending migrations under the advisory lock; returns how many were applied.
int MigratePostgresDatabase(const PostgresOptions& options);

}  // namespace shiftsync
