#include "infra/db/sql_repository_definition.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "infra/db/sql_organization_row.hpp"
#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

// A stored encoding (users.email_key): changing it changes which existing row an email finds.
std::string EmailStorageKey(std::string_view email) {
    std::string key(email);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

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
    std::optional<std::string> picture_id;
    int email_notifications = 1;
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
    statement.exchange(soci::into(row.picture_id));
    statement.exchange(soci::into(row.email_notifications));
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
                row.picture_id,
                row.email_notifications != 0,
                FromUnix(row.created_at)};
}

// The columns, in the order BindInto reads them, qualified with `table` when it is not empty.
std::string UserColumns(const std::string& table) {
    return ColumnList({"id", "organization_id", "name", "email", "password_hash", "position", "role", "active",
                       "token_version", "picture_id", "email_notifications", "created_at"},
                      table);
}

const std::string kSelectUser = "SELECT " + UserColumns("") + " FROM users ";

// A user, the organisation and the revocation check in one statement: every authenticated
// request runs it, and on PostgreSQL each statement is a round trip.
struct SessionHolderRow {
    UserRow user;
    OrganizationRow organization;
    long long revocations = 0;
};

void BindInto(soci::statement& statement, SessionHolderRow& row) {
    BindInto(statement, row.user);
    BindInto(statement, row.organization);
    statement.exchange(soci::into(row.revocations));
}

const std::string kSelectSessionHolder =
    "SELECT " + UserColumns("u") + ", " + OrganizationColumns("o") +
    ", (SELECT COUNT(*) FROM revoked_tokens WHERE token_id = :token_id) "
    "FROM users u JOIN organizations o ON o.id = u.organization_id WHERE u.id = :id";

class SqlUserRepository final : public UserRepository {
public:
    SqlUserRepository(Connection& sql, const DialectTraits& dialect) : sql_(sql), dialect_(dialect) {}

    Result<Id> Create(const User& user) override {
        try {
            const Id id = WithSavepoint(sql_, dialect_, [&] {
                return QueryValue<Id>(
                    sql_,
                    "INSERT INTO users (organization_id, name, email, email_key, password_hash, position, "
                    "role, active, token_version, picture_id, email_notifications, created_at) "
                    "VALUES (:organization_id, :name, :email, :email_key, :password_hash, :position, "
                    ":role, :active, :token_version, :picture_id, :email_notifications, :created_at) RETURNING id",
                    user.organization_id, user.name, user.email, EmailStorageKey(user.email), user.password_hash,
                    user.position, RoleText(user.role), user.active ? 1 : 0, user.token_version, user.picture_id,
                    user.email_notifications ? 1 : 0, ToUnix(user.created_at));
            });
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

    std::optional<SessionHolder> FindSessionHolder(Id user_id, const std::string& token_id) override {
        auto row = QueryRow<SessionHolderRow>(sql_, kSelectSessionHolder, token_id, user_id);
        if (!row) return std::nullopt;
        return SessionHolder{ToDomain(row->user), ToDomain(row->organization), row->revocations > 0};
    }

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

    std::vector<User> ListPage(Id organization_id, bool include_inactive,
                               const std::optional<RowPosition<std::string>>& after, int limit) override {
        const std::string where =
            "WHERE organization_id = :organization_id " + std::string(include_inactive ? "" : "AND active = 1 ");
        const std::string order = "ORDER BY name, id LIMIT :limit";
        if (!after)
            return ToDomainAll<User>(QueryRows<UserRow>(sql_, kSelectUser + where + order, organization_id, limit));
        return ToDomainAll<User>(
            QueryRows<UserRow>(sql_, kSelectUser + where + "AND " + KeysetCondition("name", false) + order,
                               organization_id, after->key, after->id, limit));
    }

    Status Update(const User& user) override {
        // The revision first, as every schedule write does: writers then lock the organisation's
        // row before any other, one order in which PostgreSQL's row locks cannot deadlock
        // (LockUserSchedule takes the organisation, then the user). Raising it for a user that
        // turns out missing only makes readers rebuild a schedule once.
        RaiseScheduleRevision(sql_, user.organization_id);
        long long changed = 0;
        try {
            changed = WithSavepoint(sql_, dialect_, [&] {
                return Execute(sql_,
                               "UPDATE users SET name = :name, email = :email, email_key = :email_key, "
                               "password_hash = :password_hash, position = :position, role = :role, active = :active, "
                               "token_version = :token_version, picture_id = :picture_id, "
                               "email_notifications = :email_notifications "
                               "WHERE id = :id AND organization_id = :organization_id",
                               user.name, user.email, EmailStorageKey(user.email), user.password_hash, user.position,
                               RoleText(user.role), user.active ? 1 : 0, user.token_version, user.picture_id,
                               user.email_notifications ? 1 : 0, user.id, user.organization_id);
            });
        } catch (const SqlError& error) {
            if (IsEmailTaken(error)) return Error::Conflict("email is already registered");
            throw;
        }
        if (changed == 0) return Error::NotFound("user not found");
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
        return IsUniqueViolationOn(error, "email_key", dialect_.is_unique_violation);
    }

    Connection& sql_;
    const DialectTraits& dialect_;
};

}  // namespace

std::unique_ptr<UserRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                               std::type_identity<UserRepository>) {
    return std::make_unique<SqlUserRepository>(sql, dialect);
}

template std::unique_ptr<UserRepository> MakeSqlRepository<UserRepository>(Connection& sql,
                                                                           const DialectTraits& dialect);

}  // namespace shiftsync::db
