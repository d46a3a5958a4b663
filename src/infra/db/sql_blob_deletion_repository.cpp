#include <memory>
#include <string>

#include "infra/db/sql_repository_definition.hpp"
#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

struct BlobKeyRow {
    std::string key;
};

void BindInto(soci::statement& statement, BlobKeyRow& row) { statement.exchange(soci::into(row.key)); }

class SqlBlobDeletionRepository final : public BlobDeletionRepository {
public:
    explicit SqlBlobDeletionRepository(Connection& sql) : sql_(sql) {}

    void Schedule(const std::string& key, Instant due_at) override {
        Execute(sql_,
                "INSERT INTO blob_deletions (blob_key, due_at) VALUES (:blob_key, :due_at) "
                "ON CONFLICT (blob_key) DO UPDATE SET due_at = excluded.due_at",
                key, ToUnix(due_at));
    }

    bool Cancel(const std::string& key) override {
        return Execute(sql_, "DELETE FROM blob_deletions WHERE blob_key = :blob_key", key) > 0;
    }

    std::vector<std::string> Due(Instant now, int limit) override {
        std::vector<std::string> keys;
        for (const BlobKeyRow& row : QueryRows<BlobKeyRow>(sql_,
                                                           "SELECT blob_key FROM blob_deletions WHERE due_at <= :now "
                                                           "ORDER BY due_at, blob_key LIMIT :limit",
                                                           ToUnix(now), limit))
            keys.push_back(row.key);
        return keys;
    }

private:
    Connection& sql_;
};

}  // namespace

std::unique_ptr<BlobDeletionRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                       std::type_identity<BlobDeletionRepository>) {
    return std::make_unique<SqlBlobDeletionRepository>(sql);
}

template std::unique_ptr<BlobDeletionRepository> MakeSqlRepository<BlobDeletionRepository>(
    Connection& sql, const DialectTraits& dialect);

}  // namespace shiftsync::db
