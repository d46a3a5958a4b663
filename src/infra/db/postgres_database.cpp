#include "infra/db/postgres_database.hpp"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/postgres_url.hpp"
#include "infra/db/migrations.hpp"
#include "infra/db/sql_repositories.hpp"
#include "infra/db/sql_statements.hpp"
#include "infra/db/sql_unit_of_work.hpp"

namespace shiftsync {
namespace {

// ---- What differs from SQLite, as the repositories see it.

constexpr std::string_view kUniqueViolation = "23505";

constexpr std::string_view kExclusionViolation = "23P01";

bool HasSqlState(const soci::soci_error& error, std::string_view sqlstate) {
    const auto* postgres_error = dynamic_cast<const soci::postgresql_soci_error*>(&error);
    return postgres_error != nullptr && postgres_error->sqlstate() == sqlstate;
}

bool IsPostgresUniqueViolation(const soci::soci_error& error) { return HasSqlState(error, kUniqueViolation); }
bool IsPostgresExclusionViolation(const soci::soci_error& error) { return HasSqlState(error, kExclusionViolation); }

const db::DialectTraits kPostgresDialect{
    .is_unique_violation = &IsPostgresUniqueViolation,
    .is_exclusion_violation = &IsPostgresExclusionViolation,
    .savepoint_expected_failures = true,  // an error aborts the whole transaction
    .claim_lock_clause = " FOR UPDATE SKIP LOCKED",
    .shift_overlap_clause = " ON CONFLICT ON CONSTRAINT shifts_no_overlap_per_user DO NOTHING",  // migration 0005
};

// Any constant: servers of this application that start together migrate one at a time.
constexpr long long kMigrationLockKey = 0x536869667453796eLL;  // "ShiftSyn"

// ---- Options

// A libpq connection string value: quoted, with quotes and backslashes escaped.
std::string ConninfoValue(std::string_view value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

// Parameters a URL may pass through to libpq after '?'. Never password: it comes from the secrets.
bool IsAllowedUrlParameter(std::string_view key) {
    for (std::string_view allowed : {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout",
                                     "application_name", "target_session_attrs"}) {
        if (key == allowed) return true;
    }
    return false;
}

// The libpq connection string for `options` (config/postgres_url.hpp parses the URL).
// Throws std::invalid_argument, naming the problem but never the password.
std::string Conninfo(const PostgresOptions& options) {
    PostgresUrl url;
    try {
        url = ParsePostgresUrl(options.url);
    } catch (const PostgresUrlError& error) {
        throw std::invalid_argument(std::string("the database URL ") + error.what() +
                                    " (postgresql://[user@]host[:port]/dbname)");
    }
    if (url.password) {
        throw std::invalid_argument(
            "the database URL must not contain a password; give it as the database_password secret");
    }
    std::string conninfo = "host=" + ConninfoValue(url.host) + " dbname=" + ConninfoValue(url.database);
    if (!url.port.empty()) conninfo += " port=" + url.port;
    if (!url.user.empty()) conninfo += " user=" + ConninfoValue(url.user);
    for (const auto& [key, value] : url.parameters) {
        if (!IsAllowedUrlParameter(key))
            throw std::invalid_argument("unsupported parameter in the database URL: " + key);
        conninfo += " " + key + "=" + ConninfoValue(value);
    }
    if (!options.password.empty()) conninfo += " password=" + ConninfoValue(options.password);
    return conninfo;
}

void ValidateOptions(const PostgresOptions& options) {
    if (options.pool_size < 1) throw std::invalid_argument("the database pool needs at least one connection");
    (void)Conninfo(options);
}

// A driver message with the password cut out, should a driver ever echo it.
std::string Scrubbed(std::string message, const std::string& password) {
    if (password.empty()) return message;
    for (auto at = message.find(password); at != std::string::npos; at = message.find(password, at)) {
        message.replace(at, password.size(), "***");
    }
    return message;
}

PGconn* Handle(soci::session& sql) { return static_cast<soci::postgresql_session_backend*>(sql.get_backend())->conn_; }

void Connect(soci::session& sql, const PostgresOptions& options) {
    try {
        sql.open(soci::postgresql, Conninfo(options));
    } catch (const soci::soci_error& error) {
        throw std::runtime_error("cannot connect to PostgreSQL at " + options.url + ": " +
                                 Scrubbed(error.get_error_message(), options.password));
    }
}

// Never throws: used on paths that are already failing or in destructors.
void RollbackQuietly(soci::session& sql) noexcept {
    try {
        if (PQtransactionStatus(Handle(sql)) != PQTRANS_IDLE) sql << "ROLLBACK";
    } catch (...) {
    }
}

// Applies pending migrations, each in its own transaction (PostgreSQL's DDL is transactional),
// under a session advisory lock so that servers starting together apply each one once.
int ApplyMigrations(soci::session& sql) {
    int locked = 0;
    sql << "SELECT 1 FROM (SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")) AS taken",
        soci::into(locked);
    int applied = 0;
    try {
        // Not CREATE TABLE IF NOT EXISTS: its notice would reach stderr through libpq.
        long long tables = 0;
        sql << "SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() "
               "AND tablename = 'schema_migrations'",
            soci::into(tables);
        if (tables == 0) {
            sql << "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";
        }
        applied = db::ApplyPendingMigrations(sql, db::SqlDialect::kPostgresql, "BEGIN");
    } catch (...) {
        RollbackQuietly(sql);
        try {
            sql << "SELECT 1 FROM (SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")) AS released",
                soci::into(locked);
        } catch (...) {
        }
        throw;
    }
    sql << "SELECT 1 FROM (SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")) AS released",
        soci::into(locked);
    return applied;
}

// ---- Units of work

// The pooled connections and their prepared statements. A connection the server dropped
// (a restart, an idle timeout) is reopened when it is next leased.
class Pool {
public:
    explicit Pool(const PostgresOptions& options)
        : options_(options),
          pool_(static_cast<std::size_t>(options.pool_size)),
          caches_(static_cast<std::size_t>(options.pool_size)) {
        for (std::size_t i = 0; i < caches_.size(); ++i) Connect(pool_.at(i), options_);
    }

    soci::connection_pool& pool() { return pool_; }
    db::StatementCache& statements(std::size_t position) { return caches_.at(position); }

    // Reopens the connection at `position` if it is known to be broken (libpq learns that only
    // when a query fails). Throws like Connect.
    void Revive(std::size_t position) {
        soci::session& sql = pool_.at(position);
        if (PQstatus(Handle(sql)) == CONNECTION_OK) return;
        caches_.at(position).Clear();  // first: its statements refer to the session's backend
        sql.close();
        Connect(sql, options_);
    }

private:
    PostgresOptions options_;
    soci::connection_pool pool_;
    std::vector<db::StatementCache> caches_;  // one per pooled session, by pool position
};

class Lease {
public:
    explicit Lease(Pool& pool) : pool_(pool), position_(pool.pool().lease()) {
        try {
            pool_.Revive(position_);
        } catch (...) {
            pool_.pool().give_back(position_);
            throw;
        }
    }
    ~Lease() { pool_.pool().give_back(position_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    db::Connection& connection() { return connection_; }
    // For a connection found broken by its first statement.
    void Revive() { pool_.Revive(position_); }

private:
    Pool& pool_;
    std::size_t position_;
    db::Connection connection_{pool_.pool().at(position_), pool_.statements(position_)};
};

// What a unit of work on PostgreSQL does that SQLite does differently (sql_unit_of_work.hpp).
class PostgresTransaction final : public db::SqlTransaction {
public:
    PostgresTransaction(Pool& pool, TransactionMode mode)
        : lease_(pool), connection_(lease_.connection()), mode_(mode) {
        // Found dropped by the last statement run on it (kSingleStatement has no BEGIN to find it).
        if (PQstatus(Handle(connection_.sql)) != CONNECTION_OK) lease_.Revive();
        RollbackQuietly(connection_.sql);  // left open by a unit of work whose rollback failed
        try {
            Start(mode);
        } catch (...) {
            // Nothing has happened yet, so a connection that turns out dropped is reopened and
            // the transaction started again, once.
            if (PQstatus(Handle(connection_.sql)) == CONNECTION_OK) {
                RollbackQuietly(connection_.sql);
                throw;
            }
            lease_.Revive();
            Start(mode);
        }
    }

    ~PostgresTransaction() override {
        if (!committed_) RollbackQuietly(connection_.sql);
    }

    db::Connection& connection() override { return connection_; }

    // The organisation's row first, as every schedule write locks it first (raising its
    // schedule revision), then the user's: one order, so these row locks cannot deadlock.
    // Another writer of this user's schedule waits here until this transaction ends, and then
    // (READ COMMITTED) sees what it committed.
    // The same organisation-row lock LockUserSchedule takes first, so the two never deadlock.
    void LockOrganization(Id organization_id) override {
        using db::sql_detail::QueryRows;
        QueryRows<long long>(connection_, "SELECT id FROM organizations WHERE id = :id FOR NO KEY UPDATE",
                             organization_id);
    }

    void LockUserSchedule(Id organization_id, Id user_id) override {
        using db::sql_detail::QueryRows;
        QueryRows<long long>(connection_, "SELECT id FROM organizations WHERE id = :id FOR NO KEY UPDATE",
                             organization_id);
        QueryRows<long long>(connection_,
                             "SELECT id FROM users WHERE id = :id AND organization_id = :organization_id FOR UPDATE",
                             user_id, organization_id);
    }

    void Commit() override {
        if (mode_ != TransactionMode::kSingleStatement) db::RunStatement(connection_, "COMMIT");
        committed_ = true;
    }

private:
    void Start(TransactionMode mode) {
        if (mode == TransactionMode::kSingleStatement) return;  // autocommit: the statement is its own snapshot
        if (mode == TransactionMode::kWrite) {
            // Writers run side by side; what must not interleave is kept by the schema (unique
            // email, no overlapping shifts) and by LockUserSchedule.
            db::RunStatement(connection_, "BEGIN ISOLATION LEVEL READ COMMITTED");
        } else {
            // The snapshot is taken at the first query, not at BEGIN, as SQLite's deferred BEGIN
            // does: every query of the unit of work sees that one state, which is what kRead
            // promises. (Taking it at BEGIN would cost a round trip on every read.)
            db::RunStatement(connection_, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
    }

    Lease lease_;
    db::Connection& connection_;
    TransactionMode mode_;
    bool committed_ = false;
};

class PostgresDatabase final : public UnitOfWorkFactory {
public:
    explicit PostgresDatabase(const PostgresOptions& options) : pool_(options) { ApplyMigrations(pool_.pool().at(0)); }

    std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override {
        return db::MakeSqlUnitOfWork(std::make_unique<PostgresTransaction>(pool_, mode), kPostgresDialect);
    }

    bool Ping() override {
        try {
            Lease lease(pool_);
            try {
                return db::RunCountQuery(lease.connection(), "SELECT 1") == 1;
            } catch (const std::exception&) {
                lease.Revive();  // a connection found dropped is no reason to report the server down
                return db::RunCountQuery(lease.connection(), "SELECT 1") == 1;
            }
        } catch (const std::exception&) {
            return false;
        }
    }

private:
    Pool pool_;
};

}  // namespace

std::unique_ptr<UnitOfWorkFactory> OpenPostgresDatabase(const PostgresOptions& options) {
    ValidateOptions(options);
    try {
        return std::make_unique<PostgresDatabase>(options);
    } catch (const soci::soci_error& error) {
        throw std::runtime_error("PostgreSQL: " + Scrubbed(error.get_error_message(), options.password));
    }
}

int MigratePostgresDatabase(const PostgresOptions& options) {
    ValidateOptions(options);
    soci::session sql;
    Connect(sql, options);
    try {
        return ApplyMigrations(sql);
    } catch (const soci::soci_error& error) {
        throw std::runtime_error("PostgreSQL: " + Scrubbed(error.get_error_message(), options.password));
    }
}

}  // namespace shiftsync
