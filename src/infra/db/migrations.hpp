#pragma once
// The schema migrations compiled into the binary, and the little that differs per SQL dialect.
// Internal to infra/db: the runner for each backend lives beside its connection code.
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace soci {
class session;
}  // namespace soci

namespace shiftsync::db {

// One file of migrations/, embedded at build time (embed_migrations.cmake).
struct Migration {
    int version;                   // 1, 2, 3 ...: the NNNN prefix of the file name
    std::string_view description;  // the rest of the file name, e.g. "initial"
    std::string_view sql;          // the file's text; may hold several statements and placeholders
};

// Every migration, ordered by version, versions contiguous from 1. Static storage.
std::span<const Migration> Migrations();

enum class SqlDialect { kSqlite, kPostgresql };

// `sql` with the dialect placeholders replaced: {{ID_PRIMARY_KEY}} by the dialect's auto-assigned
// key column, and the text between {{POSTGRESQL_ONLY}} and {{END_POSTGRESQL_ONLY}} kept on
// PostgreSQL only (what SQLite gets from serialised writers or has no syntax for: extensions,
// exclusion constraints, collations), and the text between {{SQLITE_ONLY}} and {{END_SQLITE_ONLY}}
// kept on SQLite only (what SQLite cannot ALTER and must rebuild, such as a changed CHECK).
// A migration may so render to no statement on SQLite.
// Throws std::logic_error on an unknown, unbalanced or nested placeholder, so a typo cannot
// reach the database.
std::string RenderMigrationSql(std::string_view sql, SqlDialect dialect);

// Applies, in order, each migration newer than what schema_migrations (which must exist) records:
// each in its own transaction opened with `begin` ("BEGIN IMMEDIATE" on SQLite, so the version is
// re-checked under the write lock and two processes apply each only once; "BEGIN" on PostgreSQL,
// whose caller holds an advisory lock). Returns how many were applied. Throws std::runtime_error
// when the schema is newer than this build knows, and rethrows driver errors after rolling the
// failed migration back. Blocks.
int ApplyPendingMigrations(soci::session& sql, SqlDialect dialect, const std::string& begin);

// Splits a script into statements at semicolons outside quotes and comments, trimmed, dropping
// empty ones, because drivers prepare one statement at a time (SQLite ignores the rest of a script).
std::vector<std::string> SplitSqlStatements(std::string_view script);

}  // namespace shiftsync::db
