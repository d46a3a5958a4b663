#include "infra/db/sql_statements.hpp"

#include <variant>

namespace shiftsync::db {
namespace sql_detail {

std::int64_t ToUnix(Instant instant) { return instant.time_since_epoch().count(); }
Instant FromUnix(std::int64_t seconds) { return Instant{std::chrono::seconds{seconds}}; }
std::optional<std::int64_t> ToUnix(const std::optional<Instant>& instant) {
    if (!instant) return std::nullopt;
    return ToUnix(*instant);
}
std::optional<Instant> FromUnix(const std::optional<std::int64_t>& seconds) {
    if (!seconds) return std::nullopt;
    return FromUnix(*seconds);
}

std::string KeysetCondition(const std::string& key_column, bool newest_first) {
    return "(" + key_column + ", id) " + (newest_first ? "<" : ">") + " (:after_key, :after_id) ";
}

std::string RoleText(Role role) {
    switch (role) {
        case Role::kEmployee: return "employee";
        case Role::kManager: return "manager";
        case Role::kOwner: return "owner";
    }
    throw std::logic_error("unknown role");
}

Role ParseRoleText(const std::string& text) {
    if (text == "employee") return Role::kEmployee;
    if (text == "manager") return Role::kManager;
    if (text == "owner") return Role::kOwner;
    throw std::runtime_error("unreadable role in database: " + text);
}

bool IsUniqueViolationOn(const std::exception& error, std::string_view key, UniqueViolationTest is_unique_violation) {
    try {
        std::rethrow_if_nested(error);
    } catch (const soci::soci_error& driver_error) {
        return is_unique_violation(driver_error) && driver_error.get_error_message().find(key) != std::string::npos;
    } catch (...) {
    }
    return false;
}

}  // namespace sql_detail

void RunStatement(Connection& connection, const std::string& query) { sql_detail::Execute(connection, query); }

long long RunCountQuery(Connection& connection, const std::string& query) {
    return sql_detail::QueryValue<long long>(connection, query);
}

}  // namespace shiftsync::db
