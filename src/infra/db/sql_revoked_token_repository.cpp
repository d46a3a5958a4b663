#include "infra/db/sql_repository_definition.hpp"

#include <memory>
#include <string>

#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

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

std::unique_ptr<RevokedTokenRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                       std::type_identity<RevokedTokenRepository>) {
    return std::make_unique<SqlRevokedTokenRepository>(sql);
}

template std::unique_ptr<RevokedTokenRepository> MakeSqlRepository<RevokedTokenRepository>(
    Connection& sql, const DialectTraits& dialect);

}  // namespace shiftsync::db
