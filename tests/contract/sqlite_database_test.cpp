// What only the SQLite adapter has: a file, migrations, pragmas, several pools on one file.
#include "infra/db/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "infra/db/migrations.hpp"
#include "temp_dir.hpp"

namespace shiftsync {
namespace {

Instant At(std::int64_t seconds) { return Instant{std::chrono::seconds{1'700'000'000 + seconds}}; }

Organization MakeOrganization(std::string name) {
    Organization org;
    org.name = std::move(name);
    org.time_zone = "Europe/Berlin";
    org.created_at = At(0);
    return org;
}

int KnownMigrations() { return static_cast<int>(db::Migrations().size()); }

long long Scalar(const std::filesystem::path& file, const std::string& query) {
    soci::session sql(soci::sqlite3, file.string());
    long long value = 0;
    sql << query, soci::into(value);
    return value;
}

class SqliteDatabaseTest : public ::testing::Test {
protected:
    TempDir dir_;
    std::filesystem::path file_ = dir_.path() / "nested" / "dirs" / "shiftsync.db";
};

TEST_F(SqliteDatabaseTest, CreatesTheDirectoryAndAnswersPing) {
    auto db = OpenSqliteDatabase(SqliteOptions{file_});
    EXPECT_TRUE(std::filesystem::exists(file_));
    EXPECT_TRUE(db->Ping());
}

TEST_F(SqliteDatabaseTest, MigrateAppliesEverythingOnceThenNothing) {
    ASSERT_GE(KnownMigrations(), 1);
    EXPECT_EQ(MigrateSqliteDatabase(file_), KnownMigrations());
    EXPECT_EQ(MigrateSqliteDatabase(file_), 0);
    EXPECT_EQ(Scalar(file_, "SELECT COUNT(*) FROM schema_migrations"), KnownMigrations());
    EXPECT_EQ(Scalar(file_, "SELECT MAX(version) FROM schema_migrations"), KnownMigrations());
}

TEST_F(SqliteDatabaseTest, OpeningTwiceAppliesNothingTheSecondTime) {
    OpenSqliteDatabase(SqliteOptions{file_}).reset();
    OpenSqliteDatabase(SqliteOptions{file_}).reset();
    EXPECT_EQ(Scalar(file_, "SELECT COUNT(*) FROM schema_migrations"), KnownMigrations());
    EXPECT_EQ(MigrateSqliteDatabase(file_), 0);
}

TEST_F(SqliteDatabaseTest, DataSurvivesClosingAndReopening) {
    Id id = 0;
    {
        auto db = OpenSqliteDatabase(SqliteOptions{file_});
        auto uow = db->Begin(TransactionMode::kWrite);
        id = uow->organizations().Create(MakeOrganization("Zoë 日本 🙂"));
        uow->revoked_tokens().Revoke("jti", At(100));
        uow->Commit();
    }
    auto db = OpenSqliteDatabase(SqliteOptions{file_});
    auto uow = db->Begin(TransactionMode::kRead);
    auto org = uow->organizations().FindById(id);
    ASSERT_TRUE(org);
    EXPECT_EQ(org->name, "Zoë 日本 🙂");
    EXPECT_TRUE(uow->revoked_tokens().IsRevoked("jti"));
}

TEST_F(SqliteDatabaseTest, ConnectionsUseWriteAheadLogging) {
    OpenSqliteDatabase(SqliteOptions{file_}).reset();
    soci::session sql(soci::sqlite3, file_.string());
    std::string mode;
    sql << "PRAGMA journal_mode", soci::into(mode);
    EXPECT_EQ(mode, "wal");  // persistent in the file, unlike the other pragmas
}

TEST_F(SqliteDatabaseTest, RefusesASchemaNewerThanThisBuild) {
    EXPECT_EQ(MigrateSqliteDatabase(file_), KnownMigrations());
    {
        soci::session sql(soci::sqlite3, file_.string());
        sql << "INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)";
    }
    EXPECT_THROW(OpenSqliteDatabase(SqliteOptions{file_}), std::runtime_error);
    EXPECT_THROW(MigrateSqliteDatabase(file_), std::runtime_error);
}

TEST_F(SqliteDatabaseTest, RejectsPathsThatAreNotFiles) {
    EXPECT_THROW(OpenSqliteDatabase(SqliteOptions{":memory:"}), std::invalid_argument);
    EXPECT_THROW(OpenSqliteDatabase(SqliteOptions{""}), std::invalid_argument);
    EXPECT_THROW(OpenSqliteDatabase(SqliteOptions{dir_.path() / "a=b.db"}), std::invalid_argument);
    SqliteOptions no_pool{file_};
    no_pool.pool_size = 0;
    EXPECT_THROW(OpenSqliteDatabase(no_pool), std::invalid_argument);
}

// Two pools on one file stand for two server processes: BEGIN IMMEDIATE and the busy timeout
// must serialise them as they do one pool's connections.
TEST_F(SqliteDatabaseTest, WritersFromTwoPoolsQueueInsteadOfFailing) {
    auto first = OpenSqliteDatabase(SqliteOptions{file_});
    auto second = OpenSqliteDatabase(SqliteOptions{file_});
    Id org = 0;
    {
        auto uow = first->Begin(TransactionMode::kWrite);
        org = uow->organizations().Create(MakeOrganization("Counter"));
        uow->Commit();
    }
    constexpr int kThreads = 8;
    constexpr int kRounds = 10;
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            UnitOfWorkFactory& db = i % 2 == 0 ? *first : *second;
            for (int round = 0; round < kRounds; ++round) {
                try {
                    // A read-modify-write that loses updates unless writers are serialised.
                    auto uow = db.Begin(TransactionMode::kWrite);
                    Organization value = *uow->organizations().FindById(org);
                    value.name = std::to_string(value.name == "Counter" ? 1 : std::stoi(value.name) + 1);
                    uow->organizations().Update(value);
                    uow->Commit();
                } catch (const std::exception& error) {
                    ADD_FAILURE() << error.what();
                    ++failed;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 0);
    auto uow = second->Begin(TransactionMode::kRead);
    EXPECT_EQ(uow->organizations().FindById(org)->name, std::to_string(kThreads * kRounds));
}

}  // namespace
}  // namespace shiftsync
