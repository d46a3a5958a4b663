#include "infra/db/sql_repositories.hpp"

#include <soci/soci.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <typeinfo>
#include <variant>
#include <vector>

#include "infra/db/soci_optional.hpp"

namespace shiftsync::db {
namespace {

// ---- Stored encodings. Changing any of these changes the meaning of existing rows.

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

// Kept apart from the domain's RoleName so a change to display or wire names cannot
// silently reinterpret stored rows.
std::string RoleText(Role role) {
    switch (role) {
        case Role::kEmployee:
            return "employee";
        case Role::kManager:
            return "manager";
        case Role::kOwner:
            return "owner";
    }
    throw std::logic_error("unknown role");
}

Role ParseRoleText(const std::string& text) {
    if (text == "employee") return Role::kEmployee;
    if (text == "manager") return Role::kManager;
    if (text == "owner") return Role::kOwner;
    throw std::runtime_error("unreadable role in database: " + text);
}

std::string EmailStorageKey(std::string_view email) {
    std::string key(email);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

// 'YYYY-MM-DD': sorts as text in date order, and both dialects compare it the same way.
std::string DateText(Date date) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

Date ParseDateText(const std::string& text) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    auto number = [&](auto& value, std::size_t digits) {
        auto [next, ec] = std::from_chars(p, end, value);
        bool ok = ec == std::errc{} && static_cast<std::size_t>(next - p) == digits;
        p = next;
        return ok;
    };
    auto dash = [&] { return p != end && *p++ == '-'; };
    Date date{};
    if (text.size() == 10 && number(year, 4) && dash() && number(month, 2) && dash() && number(day, 2)) {
        date = std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
    }
    if (!date.ok()) throw std::runtime_error("unreadable date in database: " + text);
    return date;
}

// Columns mon_start, mon_end ... sun_end, in that order (WeekDays is Monday first too).
using DayColumns = std::array<std::optional<int>, 14>;

DayColumns ToDayColumns(const WeekDays& days) {
    DayColumns columns;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i]) {
            columns[2 * i] = days[i]->start.minutes;
            columns[2 * i + 1] = days[i]->end.minutes;
        }
    }
    return columns;
}

WeekDays FromDayColumns(const DayColumns& columns) {
    WeekDays days;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const auto& start = columns[2 * i];
        const auto& end = columns[2 * i + 1];
        if (start.has_value() != end.has_value()) throw std::runtime_error("half-set pattern day in database");
        if (start) days[i] = DayTimes{LocalTime{*start}, LocalTime{*end}};
    }
    return days;
}

// ---- Statement helpers. Values are always bound (soci::use), never spliced into SQL text.
// Each binds references to its arguments, which live until the helper returns, so
// temporaries are fine as arguments.

// A driver failure. SOCI's own message quotes every bound value (emails, password hashes,
// notes), and infrastructure errors end up in the server log, so this one names the query
// only. The driver's exception stays nested for classification (IsUniqueViolationOn).
class SqlError : public std::runtime_error {
public:
    SqlError(const soci::soci_error& error, const std::string& query)
        : std::runtime_error("database error: " + error.get_error_message() + " (in: " + query + ")") {}
};

// True when `error` is a SqlError caused by a UNIQUE violation whose driver message names `key`.
bool IsUniqueViolationOn(const std::exception& error, std::string_view key, UniqueViolationTest is_unique_violation) {
    try {
        std::rethrow_if_nested(error);
    } catch (const soci::soci_error& driver_error) {
        return is_unique_violation(driver_error) && driver_error.get_error_message().find(key) != std::string::npos;
    } catch (...) {
    }
    return false;
}

template <typename T>
void UseParam(soci::statement& statement, T& value) {
    statement.exchange(soci::use(value));
}

template <typename T, std::size_t N>
void UseParam(soci::statement& statement, std::array<T, N>& values) {
    for (T& value : values) statement.exchange(soci::use(value));
}

void BindInto(soci::statement& statement, long long& value) { statement.exchange(soci::into(value)); }

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
// `params` assigned. A driver error drops the statement from the cache and is rethrown as a
// SqlError.
template <typename Result, typename... Params, typename Body>
auto WithStatement(Connection& connection, const std::string& query, Body body, const Params&... params) {
    using Entry = CachedStatement<Result, Params...>;
    // The same text is always used with the same types; the type name keeps them apart anyway.
    const std::string key = query + '\0' + typeid(Entry).name();
    try {
        auto* entry = static_cast<Entry*>(connection.statements.Find(key));
        if (entry == nullptr) {
            entry = static_cast<Entry*>(
                &connection.statements.Insert(key, std::make_unique<Entry>(connection.sql, query)));
        }
        entry->params = std::tuple<std::decay_t<Params>...>(params...);
        return body(*entry);
    } catch (const soci::soci_error& error) {
        connection.statements.Erase(key);
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

template <typename T, typename Row>
std::vector<T> ToDomainAll(const std::vector<Row>& rows) {
    std::vector<T> out;
    out.reserve(rows.size());
    for (const auto& row : rows) out.push_back(ToDomain(row));
    return out;
}

// ---- Organizations

struct OrganizationRow {
    Id id = 0;
    std::string name;
    std::string time_zone;
    int week_start = 0;
    std::int64_t created_at = 0;
    std::int64_t schedule_revision = 0;
};

void BindInto(soci::statement& statement, OrganizationRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.name));
    statement.exchange(soci::into(row.time_zone));
    statement.exchange(soci::into(row.week_start));
    statement.exchange(soci::into(row.created_at));
    statement.exchange(soci::into(row.schedule_revision));
}

Organization ToDomain(const OrganizationRow& row) {
    return Organization{row.id, row.name, row.time_zone, std::chrono::weekday{static_cast<unsigned>(row.week_start)},
                        FromUnix(row.created_at), row.schedule_revision};
}

// Every write to what a schedule shows raises its organisation's revision in the same
// transaction, here in the one place all such writes pass, so no use case can forget it.
void RaiseScheduleRevision(Connection& sql, Id organization_id) {
    Execute(sql, "UPDATE organizations SET schedule_revision = schedule_revision + 1 WHERE id = :id",
            organization_id);
}

int WeekStartColumn(std::chrono::weekday day) { return static_cast<int>(day.c_encoding()); }

const std::string kSelectOrganization =
    "SELECT id, name, time_zone, week_start, created_at, schedule_revision FROM organizations ";

class SqlOrganizationRepository final : public OrganizationRepository {
public:
    explicit SqlOrganizationRepository(Connection& sql) : sql_(sql) {}

    Id Create(const Organization& org) override {
        return QueryValue<Id>(sql_,
                              "INSERT INTO organizations (name, time_zone, week_start, created_at) "
                              "VALUES (:name, :time_zone, :week_start, :created_at) RETURNING id",
                              org.name, org.time_zone, WeekStartColumn(org.week_start), ToUnix(org.created_at));
    }

    std::optional<Organization> FindById(Id id) override {
        auto row = QueryRow<OrganizationRow>(sql_, kSelectOrganization + "WHERE id = :id", id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    void Update(const Organization& org) override {
        Execute(sql_,
                "UPDATE organizations SET name = :name, time_zone = :time_zone, week_start = :week_start, "
                "schedule_revision = schedule_revision + 1 WHERE id = :id",
                org.name, org.time_zone, WeekStartColumn(org.week_start), org.id);
    }

private:
    Connection& sql_;
};

// ---- Users

struct UserRow {
    Id id = 0;
    Id organization_id = 0;
    std::string name;
    std::string email;
    std::string password_hash;
    std::string position;
    std::string role;
    int active = 0;
    std::int64_t token_version = 0;
    std::optional<std::string> picture_url;
    std::int64_t created_at = 0;
};

void BindInto(soci::statement& statement, UserRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.name));
    statement.exchange(soci::into(row.email));
    statement.exchange(soci::into(row.password_hash));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.role));
    statement.exchange(soci::into(row.active));
    statement.exchange(soci::into(row.token_version));
    statement.exchange(soci::into(row.picture_url));
    statement.exchange(soci::into(row.created_at));
}

User ToDomain(const UserRow& row) {
    return User{row.id,
                row.organization_id,
                row.name,
                row.email,
                row.password_hash,
                row.position,
                ParseRoleText(row.role),
                row.active != 0,
                row.token_version,
                row.picture_url,
                FromUnix(row.created_at)};
}

const std::string kSelectUser =
    "SELECT id, organization_id, name, email, password_hash, position, role, active, token_version, picture_url, "
    "created_at FROM users ";

class SqlUserRepository final : public UserRepository {
public:
    SqlUserRepository(Connection& sql, UniqueViolationTest is_unique_violation)
        : sql_(sql), is_unique_violation_(is_unique_violation) {}

    Result<Id> Create(const User& user) override {
        try {
            const Id id = QueryValue<Id>(
                sql_,
                "INSERT INTO users (organization_id, name, email, email_key, password_hash, position, "
                "role, active, token_version, picture_url, created_at) "
                "VALUES (:organization_id, :name, :email, :email_key, :password_hash, :position, "
                ":role, :active, :token_version, :picture_url, :created_at) RETURNING id",
                user.organization_id, user.name, user.email, EmailStorageKey(user.email), user.password_hash,
                user.position, RoleText(user.role), user.active ? 1 : 0, user.token_version, user.picture_url,
                ToUnix(user.created_at));
            RaiseScheduleRevision(sql_, user.organization_id);
            return id;
        } catch (const SqlError& error) {
            if (IsEmailTaken(error)) return Error::Conflict("email is already registered");
            throw;
        }
    }

    std::optional<User> FindById(Id organization_id, Id id) override {
        return Find(kSelectUser + "WHERE id = :id AND organization_id = :organization_id", id, organization_id);
    }

    std::optional<User> FindByIdAnyOrganization(Id id) override { return Find(kSelectUser + "WHERE id = :id", id); }

    std::optional<User> FindByEmail(const std::string& email) override {
        return Find(kSelectUser + "WHERE email_key = :email_key", EmailStorageKey(email));
    }

    std::vector<User> List(Id organization_id, bool include_inactive) override {
        const std::string query =
            include_inactive
                ? kSelectUser + "WHERE organization_id = :organization_id ORDER BY name, id"
                : kSelectUser + "WHERE organization_id = :organization_id AND active = 1 ORDER BY name, id";
        return ToDomainAll<User>(QueryRows<UserRow>(sql_, query, organization_id));
    }

    Status Update(const User& user) override {
        long long changed = 0;
        try {
            changed = Execute(sql_,
                              "UPDATE users SET name = :name, email = :email, email_key = :email_key, "
                              "password_hash = :password_hash, position = :position, role = :role, active = :active, "
                              "token_version = :token_version, picture_url = :picture_url "
                              "WHERE id = :id AND organization_id = :organization_id",
                              user.name, user.email, EmailStorageKey(user.email), user.password_hash, user.position,
                              RoleText(user.role), user.active ? 1 : 0, user.token_version, user.picture_url, user.id,
                              user.organization_id);
        } catch (const SqlError& error) {
            if (IsEmailTaken(error)) return Error::Conflict("email is already registered");
            throw;
        }
        if (changed == 0) return Error::NotFound("user not found");
        RaiseScheduleRevision(sql_, user.organization_id);
        return Ok();
    }

    int CountActiveOwners(Id organization_id) override {
        return static_cast<int>(QueryValue<long long>(
            sql_, "SELECT COUNT(*) FROM users WHERE organization_id = :organization_id AND role = :role AND active = 1",
            organization_id, RoleText(Role::kOwner)));
    }

private:
    template <typename... Params>
    std::optional<User> Find(const std::string& query, const Params&... params) {
        auto row = QueryRow<UserRow>(sql_, query, params...);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    // The driver's message names the column on SQLite and the constraint
    // users_email_key_unique on PostgreSQL; both contain "email_key".
    bool IsEmailTaken(const SqlError& error) const {
        return IsUniqueViolationOn(error, "email_key", is_unique_violation_);
    }

    Connection& sql_;
    UniqueViolationTest is_unique_violation_;
};

// ---- Invitations

struct InvitationRow {
    Id id = 0;
    Id organization_id = 0;
    std::string email;
    std::string role;
    std::string position;
    std::string token_hash;
    Id invited_by = 0;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> accepted_at;
};

void BindInto(soci::statement& statement, InvitationRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.email));
    statement.exchange(soci::into(row.role));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.token_hash));
    statement.exchange(soci::into(row.invited_by));
    statement.exchange(soci::into(row.created_at));
    statement.exchange(soci::into(row.expires_at));
    statement.exchange(soci::into(row.accepted_at));
}

Invitation ToDomain(const InvitationRow& row) {
    return Invitation{row.id,
                      row.organization_id,
                      row.email,
                      ParseRoleText(row.role),
                      row.position,
                      row.token_hash,
                      row.invited_by,
                      FromUnix(row.created_at),
                      FromUnix(row.expires_at),
                      FromUnix(row.accepted_at)};
}

const std::string kSelectInvitation =
    "SELECT id, organization_id, email, role, position, token_hash, invited_by, created_at, expires_at, accepted_at "
    "FROM invitations ";

class SqlInvitationRepository final : public InvitationRepository {
public:
    explicit SqlInvitationRepository(Connection& sql) : sql_(sql) {}

    Id Create(const Invitation& invitation) override {
        return QueryValue<Id>(
            sql_,
            "INSERT INTO invitations (organization_id, email, role, position, token_hash, invited_by, "
            "created_at, expires_at, accepted_at) VALUES (:organization_id, :email, :role, "
            ":position, :token_hash, :invited_by, :created_at, :expires_at, :accepted_at) "
            "RETURNING id",
            invitation.organization_id, invitation.email, RoleText(invitation.role), invitation.position,
            invitation.token_hash, invitation.invited_by, ToUnix(invitation.created_at), ToUnix(invitation.expires_at),
            ToUnix(invitation.accepted_at));
    }

    std::optional<Invitation> FindByTokenHash(const std::string& token_hash) override {
        return Find(kSelectInvitation + "WHERE token_hash = :token_hash", token_hash);
    }

    std::optional<Invitation> FindById(Id organization_id, Id id) override {
        return Find(kSelectInvitation + "WHERE id = :id AND organization_id = :organization_id", id, organization_id);
    }

    std::vector<Invitation> ListPending(Id organization_id, Instant now) override {
        return ToDomainAll<Invitation>(QueryRows<InvitationRow>(
            sql_,
            kSelectInvitation +
                "WHERE organization_id = :organization_id AND accepted_at IS NULL AND expires_at > :now "
                "ORDER BY created_at DESC, id DESC",
            organization_id, ToUnix(now)));
    }

    // One conditional UPDATE: of two racing acceptances only one can change the row.
    bool MarkAccepted(Id id, Instant at) override {
        return Execute(sql_, "UPDATE invitations SET accepted_at = :at WHERE id = :id AND accepted_at IS NULL",
                       ToUnix(at), id) == 1;
    }

    bool Delete(Id organization_id, Id id) override {
        return Execute(sql_, "DELETE FROM invitations WHERE id = :id AND organization_id = :organization_id", id,
                       organization_id) == 1;
    }

private:
    template <typename... Params>
    std::optional<Invitation> Find(const std::string& query, const Params&... params) {
        auto row = QueryRow<InvitationRow>(sql_, query, params...);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    Connection& sql_;
};

// ---- Shifts

struct ShiftRow {
    Id id = 0;
    Id organization_id = 0;
    std::optional<Id> user_id;
    std::int64_t start_at = 0;
    std::int64_t end_at = 0;
    std::string position;
    std::string note;
    std::optional<Id> pattern_id;
};

void BindInto(soci::statement& statement, ShiftRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.user_id));
    statement.exchange(soci::into(row.start_at));
    statement.exchange(soci::into(row.end_at));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.note));
    statement.exchange(soci::into(row.pattern_id));
}

Shift ToDomain(const ShiftRow& row) {
    return Shift{row.id,   row.organization_id, row.user_id, FromUnix(row.start_at), FromUnix(row.end_at), row.position,
                 row.note, row.pattern_id};
}

const std::string kSelectShift =
    "SELECT id, organization_id, user_id, start_at, end_at, position, note, pattern_id FROM shifts ";

class SqlShiftRepository final : public ShiftRepository {
public:
    explicit SqlShiftRepository(Connection& sql) : sql_(sql) {}

    Id Create(const Shift& shift) override {
        RaiseScheduleRevision(sql_, shift.organization_id);
        return QueryValue<Id>(sql_,
                              "INSERT INTO shifts (organization_id, user_id, start_at, end_at, position, note, "
                              "pattern_id) VALUES (:organization_id, :user_id, :start_at, :end_at, :position, :note, "
                              ":pattern_id) RETURNING id",
                              shift.organization_id, shift.user_id, ToUnix(shift.start), ToUnix(shift.end),
                              shift.position, shift.note, shift.pattern_id);
    }

    std::optional<Shift> FindById(Id organization_id, Id id) override {
        auto row = QueryRow<ShiftRow>(sql_, kSelectShift + "WHERE id = :id AND organization_id = :organization_id", id,
                                      organization_id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    std::vector<Shift> List(const ShiftQuery& query) override {
        // The lower bound on start_at keeps the index scan to the range itself instead of all
        // history: a shift ending after `from` started at most kMaxShiftLength before it.
        const std::string range =
            "WHERE organization_id = :organization_id AND start_at > :earliest AND start_at < :to AND end_at > :from ";
        const std::int64_t earliest = ToUnix(query.from - kMaxShiftLength);
        if (query.user_id) {
            return ToDomainAll<Shift>(QueryRows<ShiftRow>(
                sql_, kSelectShift + range + "AND user_id = :user_id ORDER BY start_at, id", query.organization_id,
                earliest, ToUnix(query.to), ToUnix(query.from), *query.user_id));
        }
        return ToDomainAll<Shift>(QueryRows<ShiftRow>(sql_, kSelectShift + range + "ORDER BY start_at, id",
                                                      query.organization_id, earliest, ToUnix(query.to),
                                                      ToUnix(query.from)));
    }

    std::optional<Shift> FindOverlapping(Id organization_id, Id user_id, Instant start, Instant end,
                                         std::optional<Id> except_id) override {
        // Ids start at 1 in every dialect, so 0 excludes nothing.
        auto row = QueryRow<ShiftRow>(
            sql_,
            kSelectShift +
                "WHERE organization_id = :organization_id AND user_id = :user_id AND start_at > :earliest "
                "AND start_at < :end AND end_at > :start AND id <> :except_id ORDER BY start_at, id LIMIT 1",
            organization_id, user_id, ToUnix(start - kMaxShiftLength), ToUnix(end), ToUnix(start),
            except_id.value_or(0));
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    void Update(const Shift& shift) override {
        RaiseScheduleRevision(sql_, shift.organization_id);
        Execute(sql_,
                "UPDATE shifts SET user_id = :user_id, start_at = :start_at, end_at = :end_at, position = :position, "
                "note = :note, pattern_id = :pattern_id WHERE id = :id AND organization_id = :organization_id",
                shift.user_id, ToUnix(shift.start), ToUnix(shift.end), shift.position, shift.note, shift.pattern_id,
                shift.id, shift.organization_id);
    }

    bool Delete(Id organization_id, Id id) override {
        RaiseScheduleRevision(sql_, organization_id);
        return Execute(sql_, "DELETE FROM shifts WHERE id = :id AND organization_id = :organization_id", id,
                       organization_id) == 1;
    }

    int DeletePatternShiftsFrom(Id organization_id, Id pattern_id, Instant from) override {
        RaiseScheduleRevision(sql_, organization_id);
        return static_cast<int>(Execute(sql_,
                                        "DELETE FROM shifts WHERE organization_id = :organization_id "
                                        "AND pattern_id = :pattern_id AND start_at >= :from",
                                        organization_id, pattern_id, ToUnix(from)));
    }

    int ReleaseUserShiftsFrom(Id organization_id, Id user_id, Instant from) override {
        RaiseScheduleRevision(sql_, organization_id);
        return static_cast<int>(Execute(sql_,
                                        "UPDATE shifts SET user_id = NULL, pattern_id = NULL "
                                        "WHERE organization_id = :organization_id AND user_id = :user_id "
                                        "AND start_at >= :from",
                                        organization_id, user_id, ToUnix(from)));
    }

    void DetachPattern(Id organization_id, Id pattern_id) override {
        RaiseScheduleRevision(sql_, organization_id);
        Execute(sql_,
                "UPDATE shifts SET pattern_id = NULL WHERE organization_id = :organization_id "
                "AND pattern_id = :pattern_id",
                organization_id, pattern_id);
    }

private:
    Connection& sql_;
};

// ---- Weekly patterns

struct PatternRow {
    Id id = 0;
    Id organization_id = 0;
    Id user_id = 0;
    std::string start_date;
    std::string end_date;
    DayColumns days;
    std::string position;
    std::int64_t created_at = 0;
};

void BindInto(soci::statement& statement, PatternRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.user_id));
    statement.exchange(soci::into(row.start_date));
    statement.exchange(soci::into(row.end_date));
    for (auto& minutes : row.days) statement.exchange(soci::into(minutes));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.created_at));
}

WeeklyPattern ToDomain(const PatternRow& row) {
    return WeeklyPattern{row.id,
                         row.organization_id,
                         row.user_id,
                         ParseDateText(row.start_date),
                         ParseDateText(row.end_date),
                         FromDayColumns(row.days),
                         row.position,
                         FromUnix(row.created_at)};
}

#define SHIFTSYNC_DAY_COLUMNS                                                                              \
    "mon_start, mon_end, tue_start, tue_end, wed_start, wed_end, thu_start, thu_end, fri_start, fri_end, " \
    "sat_start, sat_end, sun_start, sun_end"

const std::string kSelectPattern = "SELECT id, organization_id, user_id, start_date, end_date, " SHIFTSYNC_DAY_COLUMNS
                                   ", position, created_at FROM weekly_patterns ";

class SqlPatternRepository final : public PatternRepository {
public:
    explicit SqlPatternRepository(Connection& sql) : sql_(sql) {}

    Id Create(const WeeklyPattern& pattern) override {
        RaiseScheduleRevision(sql_, pattern.organization_id);
        return QueryValue<Id>(
            sql_,
            "INSERT INTO weekly_patterns (organization_id, user_id, start_date, end_date, " SHIFTSYNC_DAY_COLUMNS
            ", position, created_at) VALUES (:organization_id, :user_id, :start_date, :end_date, "
            ":mon_start, :mon_end, :tue_start, :tue_end, :wed_start, :wed_end, :thu_start, :thu_end, "
            ":fri_start, :fri_end, :sat_start, :sat_end, :sun_start, :sun_end, :position, :created_at) RETURNING id",
            pattern.organization_id, pattern.user_id, DateText(pattern.start_date), DateText(pattern.end_date),
            ToDayColumns(pattern.days), pattern.position, ToUnix(pattern.created_at));
    }

    std::optional<WeeklyPattern> FindById(Id organization_id, Id id) override {
        auto row = QueryRow<PatternRow>(sql_, kSelectPattern + "WHERE id = :id AND organization_id = :organization_id",
                                        id, organization_id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    std::vector<WeeklyPattern> List(Id organization_id, std::optional<Id> user_id) override {
        if (user_id) {
            return ToDomainAll<WeeklyPattern>(QueryRows<PatternRow>(
                sql_,
                kSelectPattern + "WHERE organization_id = :organization_id AND user_id = :user_id "
                                 "ORDER BY user_id, start_date, id",
                organization_id, *user_id));
        }
        return ToDomainAll<WeeklyPattern>(QueryRows<PatternRow>(
            sql_, kSelectPattern + "WHERE organization_id = :organization_id ORDER BY user_id, start_date, id",
            organization_id));
    }

    void Update(const WeeklyPattern& pattern) override {
        RaiseScheduleRevision(sql_, pattern.organization_id);
        Execute(sql_,
                "UPDATE weekly_patterns SET user_id = :user_id, start_date = :start_date, end_date = :end_date, "
                "mon_start = :mon_start, mon_end = :mon_end, tue_start = :tue_start, tue_end = :tue_end, "
                "wed_start = :wed_start, wed_end = :wed_end, thu_start = :thu_start, thu_end = :thu_end, "
                "fri_start = :fri_start, fri_end = :fri_end, sat_start = :sat_start, sat_end = :sat_end, "
                "sun_start = :sun_start, sun_end = :sun_end, position = :position "
                "WHERE id = :id AND organization_id = :organization_id",
                pattern.user_id, DateText(pattern.start_date), DateText(pattern.end_date), ToDayColumns(pattern.days),
                pattern.position, pattern.id, pattern.organization_id);
    }

    bool Delete(Id organization_id, Id id) override {
        RaiseScheduleRevision(sql_, organization_id);
        return Execute(sql_, "DELETE FROM weekly_patterns WHERE id = :id AND organization_id = :organization_id", id,
                       organization_id) == 1;
    }

private:
    Connection& sql_;
};

#undef SHIFTSYNC_DAY_COLUMNS

// ---- Revoked tokens

class SqlRevokedTokenRepository final : public RevokedTokenRepository {
public:
    explicit SqlRevokedTokenRepository(Connection& sql) : sql_(sql) {}

    void Revoke(const std::string& token_id, Instant expires_at) override {
        Execute(sql_,
                "INSERT INTO revoked_tokens (token_id, expires_at) VALUES (:token_id, :expires_at) "
                "ON CONFLICT (token_id) DO NOTHING",
                token_id, ToUnix(expires_at));
    }

    bool IsRevoked(const std::string& token_id) override {
        return QueryValue<long long>(sql_, "SELECT COUNT(*) FROM revoked_tokens WHERE token_id = :token_id", token_id) >
               0;
    }

    int PurgeExpired(Instant now) override {
        return static_cast<int>(Execute(sql_, "DELETE FROM revoked_tokens WHERE expires_at <= :now", ToUnix(now)));
    }

private:
    Connection& sql_;
};

}  // namespace

void RunStatement(Connection& connection, const std::string& query) { Execute(connection, query); }

long long RunCountQuery(Connection& connection, const std::string& query) {
    return QueryValue<long long>(connection, query);
}

SqlRepositories MakeSqlRepositories(Connection& sql, UniqueViolationTest is_unique_violation) {
    SqlRepositories repositories;
    repositories.organizations = std::make_unique<SqlOrganizationRepository>(sql);
    repositories.users = std::make_unique<SqlUserRepository>(sql, is_unique_violation);
    repositories.invitations = std::make_unique<SqlInvitationRepository>(sql);
    repositories.shifts = std::make_unique<SqlShiftRepository>(sql);
    repositories.patterns = std::make_unique<SqlPatternRepository>(sql);
    repositories.revoked_tokens = std::make_unique<SqlRevokedTokenRepository>(sql);
    return repositories;
}

}  // namespace shiftsync::db
