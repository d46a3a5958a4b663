#pragma once
// The schema migrations compiled into the binary, and the little that differs per SQL dialect.
// Internal to infra/db: the runner for each backend lives beside its connection code.
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

// `sql` with the dialect placeholders ({{ID_PRIMARY_KEY}}) replaced.
// Throws std::logic_error on an unknown placeholder, so a typo cannot reach the database.
std::string RenderMigrationSql(std::string_view sql, SqlDialect dialect);

// Splits a script into statements at semicolons outside quotes and comments, trimmed, dropping
// empty ones, because drivers prepare one statement at a time (SQLite ignores the rest of a script).
std::vector<std::string> SplitSqlStatements(std::string_view script);

}  // namespace shiftsync::db
