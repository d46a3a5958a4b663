#include <algorithm>
#include <cassert>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "infra/db/sql_repository_definition.hpp"
#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

// Stored text of a scope; the table's CHECK allows exactly these.
std::string ScopeText(LoginFailureScope scope) {
    switch (scope) {
        case LoginFailureScope::kAccount: return "account";
        case LoginFailureScope::kAddress: return "address";
    }
    throw std::logic_error("unknown login failure scope");
}

struct FailureAtRow {
    std::int64_t at = 0;
};

void BindInto(soci::statement& statement, FailureAtRow& row) { statement.exchange(soci::into(row.at)); }

class SqlLoginFailureRepository final : public LoginFailureRepository {
public:
    explicit SqlLoginFailureRepository(Connection& sql) : sql_(sql) {}

    void Record(LoginFailureScope scope, const std::string& key_hash, Instant at) override {
        Execute(sql_, "INSERT INTO login_failures (scope, key_hash, failed_at) VALUES (:scope, :key_hash, :at)",
                ScopeText(scope), key_hash, ToUnix(at));
    }

    std::vector<Instant> RecentSince(LoginFailureScope scope, const std::string& key_hash, Instant since,
                                     int limit) override {
        assert(limit > 0);
        // Newest first so LIMIT keeps the newest; returned oldest first.
        std::vector<Instant> recent;
        for (const FailureAtRow& row : QueryRows<FailureAtRow>(
                 sql_,
                 "SELECT failed_at FROM login_failures WHERE scope = :scope AND key_hash = :key_hash "
                 "AND failed_at > :since ORDER BY failed_at DESC LIMIT :limit",
                 ScopeText(scope), key_hash, ToUnix(since), limit))
            recent.push_back(FromUnix(row.at));
        std::reverse(recent.begin(), recent.end());
        return recent;
    }

    int Forget(LoginFailureScope scope, const std::string& key_hash) override {
        return static_cast<int>(Execute(sql_,
                                        "DELETE FROM login_failures WHERE scope = :scope AND key_hash = :key_hash",
                                        ScopeText(scope), key_hash));
    }

    int ForgetBefore(LoginFailureScope scope, const std::string& key_hash, Instant before) override {
        return static_cast<int>(Execute(
            sql_, "DELETE FROM login_failures WHERE scope = :scope AND key_hash = :key_hash AND failed_at < :before",
            ScopeText(scope), key_hash, ToUnix(before)));
    }

    int PurgeBefore(Instant before) override {
        return static_cast<int>(Execute(sql_, "DELETE FROM login_failures WHERE failed_at < :before", ToUnix(before)));
    }

private:
    Connection& sql_;
};

}  // namespace

std::unique_ptr<LoginFailureRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                       std::type_identity<LoginFailureRepository>) {
    return std::make_unique<SqlLoginFailureRepository>(sql);
}

template std::unique_ptr<LoginFailureRepository> MakeSqlRepository<LoginFailureRepository>(
    Connection& sql, const DialectTraits& dialect);

}  // namespace shiftsync::db
