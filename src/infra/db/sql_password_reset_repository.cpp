#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "infra/db/sql_repository_definition.hpp"
#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

struct PasswordResetRow {
    Id id = 0;
    Id organization_id = 0;
    Id user_id = 0;
    std::string token_hash;
    std::optional<Id> requested_by;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> used_at;
};

void BindInto(soci::statement& statement, PasswordResetRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.user_id));
    statement.exchange(soci::into(row.token_hash));
    statement.exchange(soci::into(row.requested_by));
    statement.exchange(soci::into(row.created_at));
    statement.exchange(soci::into(row.expires_at));
    statement.exchange(soci::into(row.used_at));
}

PasswordReset ToDomain(const PasswordResetRow& row) {
    return PasswordReset{row.id,
                         row.organization_id,
                         row.user_id,
                         row.token_hash,
                         row.requested_by,
                         FromUnix(row.created_at),
                         FromUnix(row.expires_at),
                         FromUnix(row.used_at)};
}

class SqlPasswordResetRepository final : public PasswordResetRepository {
public:
    explicit SqlPasswordResetRepository(Connection& sql) : sql_(sql) {}

    Id Create(const PasswordReset& reset) override {
        return QueryValue<Id>(sql_,
                              "INSERT INTO password_resets (organization_id, user_id, token_hash, requested_by, "
                              "created_at, expires_at, used_at) VALUES (:organization_id, :user_id, :token_hash, "
                              ":requested_by, :created_at, :expires_at, NULL) RETURNING id",
                              reset.organization_id, reset.user_id, reset.token_hash, reset.requested_by,
                              ToUnix(reset.created_at), ToUnix(reset.expires_at));
    }

    std::optional<PasswordReset> FindByTokenHash(const std::string& token_hash) override {
        auto row = QueryRow<PasswordResetRow>(sql_,
                                              "SELECT id, organization_id, user_id, token_hash, requested_by, "
                                              "created_at, expires_at, used_at FROM password_resets "
                                              "WHERE token_hash = :token_hash",
                                              token_hash);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    bool MarkUsed(Id id, Instant at) override {
        return Execute(sql_, "UPDATE password_resets SET used_at = :at WHERE id = :id AND used_at IS NULL", ToUnix(at),
                       id) == 1;
    }

    int MarkAllUsed(Id user_id, Instant at) override {
        return static_cast<int>(
            Execute(sql_, "UPDATE password_resets SET used_at = :at WHERE user_id = :user_id AND used_at IS NULL",
                    ToUnix(at), user_id));
    }

    int PurgeExpiredBefore(Instant before) override {
        return static_cast<int>(
            Execute(sql_, "DELETE FROM password_resets WHERE expires_at < :before", ToUnix(before)));
    }

private:
    Connection& sql_;
};

}  // namespace

std::unique_ptr<PasswordResetRepository> MakeRepository(Connection& sql, const DialectTraits&,
                                                        std::type_identity<PasswordResetRepository>) {
    return std::make_unique<SqlPasswordResetRepository>(sql);
}

template std::unique_ptr<PasswordResetRepository> MakeSqlRepository<PasswordResetRepository>(
    Connection& sql, const DialectTraits& dialect);

}  // namespace shiftsync::db
