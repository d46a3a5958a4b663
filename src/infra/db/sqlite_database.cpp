#include "infra/db/sqlite_database.hpp"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "infra/db/migrations.hpp"
#include "infra/db/sql_repositories.hpp"
#include "infra/db/sql_unit_of_work.hpp"

namespace shiftsync {
namespace {

bool IsSqliteUniqueViolation(const soci::soci_error& error) {
    const auto* sqlite_error = dynamic_cast<const soci::sqlite3_soci_error*>(&error);
    return sqlite_error != nullptr && (sqlite_error->result() & 0xff) == SQLITE_CONSTRAINT &&
           error.get_error_message().find("UNIQUE constraint failed") != std::string::npos;
}

bool IsNeverViolation(const soci::soci_error&) { return false; }

const db::DialectTraits kSqliteDialect{
    .is_unique_violation = &IsSqliteUniqueViolation,
    .is_exclusion_violation = &IsNeverViolation,  // SQLite has no exclusion constraints
    .savepoint_expected_failures = false,         // SQLite undoes only the failed statement
    .claim_lock_clause = "",                      // kWrite holds the database's only write lock
    .shift_overlap_clause = "",                   // no overlap constraint: kWrite serialises the check
};

bool InTransaction(soci::session& sql) {
    auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
    return sqlite_api::sqlite3_get_autocommit(backend->conn_) == 0;
}

// Never throws: used on paths that are already failing or in destructors. If ROLLBACK itself
// fails, the next Begin() on this connection retries it before starting its own transaction.
void RollbackQuietly(soci::session& sql) noexcept {
    try {
        if (InTransaction(sql)) sql << "ROLLBACK";
    } catch (...) {
    }
}

void ValidatePath(const std::filesystem::path& file) {
    const std::string path = file.string();
    if (path.empty() || path == ":memory:") {
        throw std::invalid_argument("the SQLite database must be a file path (got \"" + path + "\")");
    }
    // SOCI's sqlite3 backend reads a string containing '=' as key=value options.
    if (path.find('=') != std::string::npos) {
        throw std::invalid_argument("the SQLite database path must not contain '=': " + path);
    }
}

void OpenConnection(soci::session& sql, const std::filesystem::path& file, std::chrono::milliseconds busy_timeout) {
    sql.open(soci::sqlite3, file.string());
    // PRAGMAs take no bound parameters; the one value spliced in is an integer formatted here.
    // busy_timeout comes first so the other PRAGMAs already wait for a busy file.
    int timeout_set = 0;
    sql << "PRAGMA busy_timeout = " + std::to_string(busy_timeout.count()), soci::into(timeout_set);
    std::string journal_mode;
    sql << "PRAGMA journal_mode = WAL", soci::into(journal_mode);
    if (journal_mode != "wal") {
        throw std::runtime_error("SQLite refused WAL journal mode for " + file.string() + " (" + journal_mode + ")");
    }
    sql << "PRAGMA synchronous = FULL";
    sql << "PRAGMA foreign_keys = ON";
}

int ApplyMigrations(soci::session& sql) {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";
    return db::ApplyPendingMigrations(sql, db::SqlDialect::kSqlite, "BEGIN IMMEDIATE");
}

// One connection taken from the pool for as long as this lives, with its prepared statements.
class PooledSession {
public:
    PooledSession(soci::connection_pool& pool, std::vector<db::StatementCache>& caches)
        : pool_(pool), position_(pool.lease()), connection_{pool.at(position_), caches.at(position_)} {}
    ~PooledSession() { pool_.give_back(position_); }
    PooledSession(const PooledSession&) = delete;
    PooledSession& operator=(const PooledSession&) = delete;

    db::Connection& connection() { return connection_; }

private:
    soci::connection_pool& pool_;
    std::size_t position_;
    db::Connection connection_;
};

// What a unit of work on SQLite does that PostgreSQL does differently (sql_unit_of_work.hpp).
class SqliteTransaction final : public db::SqlTransaction {
public:
    SqliteTransaction(soci::connection_pool& pool, std::vector<db::StatementCache>& caches, std::mutex& write_mutex,
                      TransactionMode mode)
        : write_lock_(mode == TransactionMode::kWrite ? std::unique_lock(write_mutex) : std::unique_lock<std::mutex>()),
          lease_(pool, caches),
          connection_(lease_.connection()),
          mode_(mode) {
        if (InTransaction(connection_.sql)) sql_rollback();  // left open by a unit of work whose rollback failed
        try {
            if (mode == TransactionMode::kSingleStatement) {
                // Autocommit: the statement is its own snapshot.
            } else if (mode == TransactionMode::kWrite) {
                // Takes the database's single write lock now rather than at the first write, so
                // a read-check-then-write use case cannot interleave with another writer, and
                // waiting happens here under busy_timeout instead of failing mid-transaction.
                db::RunStatement(connection_, "BEGIN IMMEDIATE");
            } else {
                // Deferred: the snapshot starts at the first read, as on PostgreSQL.
                db::RunStatement(connection_, "BEGIN");
            }
        } catch (...) {
            RollbackQuietly(connection_.sql);
            throw;
        }
    }

    ~SqliteTransaction() override {
        if (committed_ || !InTransaction(connection_.sql)) return;
        try {
            db::RunStatement(connection_, "ROLLBACK");
        } catch (...) {
            RollbackQuietly(connection_.sql);
        }
    }

    db::Connection& connection() override { return connection_; }

    // A kWrite transaction already holds SQLite's only write lock (BEGIN IMMEDIATE), so no
    // other writer can touch this user's schedule until it ends.
    void LockUserSchedule(Id organization_id, Id user_id) override {}
    void LockOrganization(Id organization_id) override {}

    void Commit() override {
        if (mode_ != TransactionMode::kSingleStatement) db::RunStatement(connection_, "COMMIT");
        committed_ = true;
    }

private:
    void sql_rollback() { connection_.sql << "ROLLBACK"; }

    // Writers of this process queue here, woken the moment the previous one finishes. Without
    // it they would meet at SQLite's lock, whose busy handler sleeps in steps of up to 100 ms:
    // that, not the work, was the long tail of write latency. Other processes still meet at
    // the file lock (busy_timeout). Taken before a connection is leased and released after.
    std::unique_lock<std::mutex> write_lock_;
    PooledSession lease_;
    db::Connection& connection_;
    TransactionMode mode_;
    bool committed_ = false;
};

class SqliteDatabase final : public UnitOfWorkFactory {
public:
    explicit SqliteDatabase(const SqliteOptions& options)
        : pool_(static_cast<std::size_t>(options.pool_size)), caches_(static_cast<std::size_t>(options.pool_size)) {
        for (int i = 0; i < options.pool_size; ++i) {
            OpenConnection(pool_.at(static_cast<std::size_t>(i)), options.file, options.busy_timeout);
        }
        ApplyMigrations(pool_.at(0));
    }

    std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override {
        return db::MakeSqlUnitOfWork(std::make_unique<SqliteTransaction>(pool_, caches_, write_mutex_, mode),
                                     kSqliteDialect);
    }

    bool Ping() override {
        try {
            PooledSession lease(pool_, caches_);
            int one = 0;
            lease.connection().sql << "SELECT 1", soci::into(one);
            return one == 1;
        } catch (const std::exception&) {
            return false;
        }
    }

private:
    soci::connection_pool pool_;
    std::vector<db::StatementCache> caches_;  // one per pooled session, by pool position
    std::mutex write_mutex_;                  // see SqliteTransaction::write_lock_
};

void CreateParentDirectory(const std::filesystem::path& file) {
    const std::filesystem::path parent = file.parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
}

}  // namespace

std::unique_ptr<UnitOfWorkFactory> OpenSqliteDatabase(const SqliteOptions& options) {
    ValidatePath(options.file);
    if (options.pool_size < 1) throw std::invalid_argument("the database pool needs at least one connection");
    if (options.busy_timeout.count() < 0) throw std::invalid_argument("the busy timeout must not be negative");
    CreateParentDirectory(options.file);
    return std::make_unique<SqliteDatabase>(options);
}

int MigrateSqliteDatabase(const std::filesystem::path& file) {
    ValidatePath(file);
    CreateParentDirectory(file);
    soci::session sql;
    OpenConnection(sql, file, SqliteOptions{}.busy_timeout);
    return ApplyMigrations(sql);
}

}  // namespace shiftsync
