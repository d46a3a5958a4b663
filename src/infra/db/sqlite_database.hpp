#pragma once
// The SQLite adapter: a pool of connections to one database file, handing out units of work
// whose repositories run portable SQL (sql_repositories.hpp). Schema migrations compiled into
// the binary are applied when the database is opened.
#include <chrono>
#include <filesystem>
#include <memory>

#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

struct SqliteOptions {
    // The database file. Its directory is created if missing. Must name a real file: each
    // pooled connection to ":memory:" would see its own empty database (tests use temp dirs).
    std::filesystem::path file;
    // Connections, hence concurrent units of work; Begin() blocks while all are taken.
    int pool_size = 4;
    // How long a connection waits for another's write lock before the statement throws.
    // Writers hold the lock for one use case, so this bounds queueing, not work.
    std::chrono::milliseconds busy_timeout{5000};
};

// Opens (creating if needed) the database, applies pending migrations, and returns a factory
// of units of work over it. Each connection runs with journal_mode=WAL (readers never block
// the writer), synchronous=FULL (a commit survives power loss), foreign_keys=ON.
// Units of work: kWrite is BEGIN IMMEDIATE, so writers are serialised for their whole
// transaction and LockUserSchedule() is a no-op; kRead is a snapshot taken at Begin().
// The factory is thread-safe; each unit of work belongs to one thread. Blocks on I/O.
// Throws std::invalid_argument for bad options, std::runtime_error (or a subclass) when the
// file cannot be opened or migrated, or when the schema is newer than this build.
// REQUIRES: options.pool_size >= 1
std::unique_ptr<UnitOfWorkFactory> OpenSqliteDatabase(const SqliteOptions& options);

// Applies pending migrations to `file` (created if missing), each in its own transaction, and
// returns how many were applied: 0 when the file is up to date. Safe to run while the server
// has the file open, or from two processes at once. Throws like OpenSqliteDatabase.
int MigrateSqliteDatabase(const std::filesystem::path& file);

}  // namespace shiftsync
