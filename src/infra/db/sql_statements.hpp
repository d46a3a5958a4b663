#pragma once
// What the SQL repositories share: the stored encodings of instants and roles, and the
// statement helpers that run SQL through a connection's statement cache.
// Internal to infra/db: included only by the repository .cpp files.
//
// Values are always bound (soci::use), never spliced into SQL text. Each helper binds
// references to its arguments, which live until the helper returns, so temporaries are fine
// as arguments.
//
// Rows are read through BindInto(soci::statement&, Row&) and converted by ToDomain(const Row&),
// both found by argument-dependent lookup: declare them in the same namespace as Row.
#include <soci/soci.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include "app/ports/repositories.hpp"
#include "infra/db/connection.hpp"
#include "infra/db/soci_optional.hpp"
#include "infra/db/sql_repositories.hpp"

namespace shiftsync::db::sql_detail {

// ---- Stored encodings. Changing any of these changes the meaning of existing rows.

std::int64_t ToUnix(Instant instant);
Instant FromUnix(std::int64_t seconds);
std::optional<std::int64_t> ToUnix(const std::optional<Instant>& instant);
std::optional<Instant> FromUnix(const std::optional<std::int64_t>& seconds);

// Kept apart from the domain's RoleName so a change to display or wire names cannot
// silently reinterpret stored rows. ParseRoleText throws std::runtime_error on unknown text.
std::string RoleText(Role role);
Role ParseRoleText(const std::string& text);

// Every write to what a schedule shows raises its organisation's revision in the same
// transaction, here in the one place all such writes pass, so no use case can forget it.
void RaiseScheduleRevision(Connection& sql, Id organization_id);

// The condition that continues a paged list ordered by (`key_column`, id) after the row at
// (:after_key, :after_id), or before it when the list is newest first; a row-value comparison,
// which SQLite and PostgreSQL both read and serve from an index on (key_column, id).
std::string KeysetCondition(const std::string& key_column, bool newest_first);

// ---- Statement helpers.

// A driver failure. SOCI's own message quotes every bound value (emails, password hashes,
// notes), and infrastructure errors end up in the server log, so this one names the query
// only, and keeps only the first line of the driver's message: PostgreSQL's DETAIL line
// quotes the offending key (an email, a token hash). The driver's exception stays nested for
// classification (IsUniqueViolationOn).
class SqlError : public std::runtime_error {
public:
    SqlError(const soci::soci_error& error, const std::string& query)
        : std::runtime_error("database error: " + FirstLine(error.get_error_message()) + " (in: " + query + ")") {}

private:
    static std::string FirstLine(const std::string& message) { return message.substr(0, message.find('\n')); }
};

// True when `error` is a SqlError caused by a UNIQUE violation whose driver message names `key`.
bool IsUniqueViolationOn(const std::exception& error, std::string_view key, UniqueViolationTest is_unique_violation);

template <typename T>
void UseParam(soci::statement& statement, T& value) {
    statement.exchange(soci::use(value));
}

template <typename T, std::size_t N>
void UseParam(soci::statement& statement, std::array<T, N>& values) {
    for (T& value : values) statement.exchange(soci::use(value));
}

// Declared before the templates below: argument-dependent lookup never finds overloads for
// a built-in type, so this one must be visible where they are defined.
inline void BindInto(soci::statement& statement, long long& value) { statement.exchange(soci::into(value)); }

// A statement prepared once per connection, with the variables it is bound to: the
// parameters (assigned before each run) and, for queries, the row (filled by each fetch).
template <typename Result, typename... Params>
struct CachedStatement final : StatementCache::Entry {
    std::tuple<std::decay_t<Params>...> params;
    Result result{};
    soci::statement statement;

    CachedStatement(soci::session& sql, const std::string& query) : statement(sql) {
        if constexpr (!std::is_same_v<Result, std::monostate>) BindInto(statement, result);
        std::apply([&](auto&... param) { (UseParam(statement, param), ...); }, params);
        statement.alloc();
        statement.prepare(query);
        statement.define_and_bind();
    }
};

// Runs `body(entry)` on the cached statement for `query` (preparing it on first use) with
// `params` assigned. A driver error is rethrown as a SqlError and drops the statement from the
// cache, unless it is a constraint violation: that statement ran and is still sound, and dropping
// it would not even free it on PostgreSQL, where its DEALLOCATE would run inside the transaction
// the violation has just aborted, fail, and leave it prepared for the connection's life.
template <typename Result, typename... Params, typename Body>
auto WithStatement(Connection& connection, const std::string& query, Body body, const Params&... params) {
    using Entry = CachedStatement<Result, Params...>;
    // The same text is always used with the same types; the type name keeps them apart anyway.
    // Row types sit in per-file anonymous namespaces, whose type names can repeat across files:
    // keep each Row struct (and so each query reading it) in one file.
    const std::string key = query + '\0' + typeid(Entry).name();
    try {
        auto* entry = static_cast<Entry*>(connection.statements.Find(key));
        if (entry == nullptr) {
            entry =
                static_cast<Entry*>(&connection.statements.Insert(key, std::make_unique<Entry>(connection.sql, query)));
        }
        entry->params = std::tuple<std::decay_t<Params>...>(params...);
        return body(*entry);
    } catch (const soci::soci_error& error) {
        if (error.get_error_category() != soci::soci_error::constraint_violation) connection.statements.Erase(key);
        std::throw_with_nested(SqlError(error, query));
    } catch (...) {
        connection.statements.Erase(key);
        throw;
    }
}

// Every row of the result, read through BindInto(statement, Row&). Steps to the end, so the
// statement holds no read lock afterwards.
template <typename Row, typename... Params>
std::vector<Row> QueryRows(Connection& connection, const std::string& query, const Params&... params) {
    return WithStatement<Row>(
        connection, query,
        [](auto& entry) {
            std::vector<Row> rows;
            entry.statement.execute();
            while (entry.statement.fetch()) rows.push_back(entry.result);
            return rows;
        },
        params...);
}

template <typename Row, typename... Params>
std::optional<Row> QueryRow(Connection& connection, const std::string& query, const Params&... params) {
    std::vector<Row> rows = QueryRows<Row>(connection, query, params...);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
}

// The first column of the first row: COUNT(*), or the id of INSERT ... RETURNING id.
template <typename T, typename... Params>
T QueryValue(Connection& connection, const std::string& query, const Params&... params) {
    const long long value = WithStatement<long long>(
        connection, query,
        [&](auto& entry) {
            if (!entry.statement.execute(true)) throw std::runtime_error("query returned no row: " + query);
            const long long first = entry.result;
            while (entry.statement.fetch()) {
            }
            return first;
        },
        params...);
    return static_cast<T>(value);
}

// Runs a statement that returns no rows; returns how many rows it changed.
template <typename... Params>
long long Execute(Connection& connection, const std::string& query, const Params&... params) {
    return WithStatement<std::monostate>(
        connection, query,
        [](auto& entry) {
            entry.statement.execute(true);
            return entry.statement.get_affected_rows();
        },
        params...);
}

// Runs `body()` so that a failure in it undoes only what it did and leaves the transaction
// usable: where `dialect` needs it (PostgreSQL aborts the whole transaction at an error), inside
// a SAVEPOINT that is released on success and rolled back to when `body` throws; the exception
// is rethrown. Savepoints nest by name, so `body` must not call WithSavepoint itself.
template <typename Body>
auto WithSavepoint(Connection& connection, const DialectTraits& dialect, Body body) {
    if (!dialect.savepoint_expected_failures) return body();
    Execute(connection, "SAVEPOINT expected_failure");
    try {
        auto result = body();
        Execute(connection, "RELEASE SAVEPOINT expected_failure");
        return result;
    } catch (...) {
        Execute(connection, "ROLLBACK TO SAVEPOINT expected_failure");
        throw;
    }
}

// "a, b, ..." or, with a `table` (a name or alias), "t.a, t.b, ...": a row's columns for SELECT.
inline std::string ColumnList(std::initializer_list<std::string_view> columns, std::string_view table = {}) {
    std::string list;
    for (std::string_view column : columns) {
        if (!list.empty()) list += ", ";
        if (!table.empty()) list.append(table).append(".");
        list.append(column);
    }
    return list;
}

template <typename T, typename Row>
std::vector<T> ToDomainAll(const std::vector<Row>& rows) {
    std::vector<T> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(ToDomain(row));
    return out;
}

}  // namespace shiftsync::db::sql_detail
