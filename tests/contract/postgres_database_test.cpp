// What only the PostgreSQL adapter has: options, migrations under an advisory lock, invariants
// kept by the schema while writers run side by side (issue 6), reconnecting.
#include "infra/db/postgres_database.hpp"

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/shift_service.hpp"
#include "backends.hpp"
#include "infra/db/connection.hpp"
#include "infra/db/migrations.hpp"
#include "infra/db/sql_statements.hpp"
#include "postgres_server.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // At, kHour, Make* rows, InWrite, InRead, PostgresServer

int KnownMigrations() { return static_cast<int>(db::Migrations().size()); }

// Runs `body(i)` on `threads` threads released together; returns when all are done.
template <typename Body>
void RunTogether(int threads, Body body) {
    std::atomic<bool> go{false};
    std::vector<std::thread> running;
    for (int i = 0; i < threads; ++i) {
        running.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            body(i);
        });
    }
    go = true;
    for (auto& thread : running) thread.join();
}

// An empty database of its own (not a copy of the migrated template), dropped afterwards.
class EmptyPostgresDatabase {
public:
    EmptyPostgresDatabase() : server_(SharedPostgresServer()) {
        static std::atomic<int> sequence{0};
        name_ = "empty_" + std::to_string(::getpid()) + "_" + std::to_string(++sequence);
        server_.Execute("CREATE DATABASE " + name_ + " TEMPLATE template0");
    }
    ~EmptyPostgresDatabase() {
        try {
            server_.Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (...) {
        }
    }
    PostgresOptions options() const { return OptionsFor(server_.Url(name_)); }
    // For a SOCI session of the test's own (libpq keywords; SOCI reads no URL).
    std::string connect_string() const {
        return "host=127.0.0.1 port=" + std::to_string(server_.port()) + " user=postgres dbname=" + name_;
    }
    long long Scalar(const std::string& query) const {
        soci::session sql(soci::postgresql, connect_string());
        long long value = 0;
        sql << query, soci::into(value);
        return value;
    }

private:
    PostgresServer& server_;
    std::string name_;
};

// A unique violation aborts the transaction; the statement that hit it stays cached and is run
// again after ROLLBACK TO SAVEPOINT, so no prepared statement is left behind on the connection
// (dropping it would send DEALLOCATE into the aborted transaction, where it fails).
TEST(PostgresDatabase, AConstraintViolationLeavesNoPreparedStatementBehind) {
    EmptyPostgresDatabase database;
    soci::session sql(soci::postgresql, database.connect_string());
    db::StatementCache cache;
    db::Connection connection{sql, cache};
    db::RunStatement(connection, "CREATE TABLE keys (k INTEGER UNIQUE)");
    const std::string insert = "INSERT INTO keys (k) SELECT 1 + COUNT(*) / 2 FROM keys";  // 1, 1 (clash), 2
    const std::string prepared = "SELECT COUNT(*) FROM pg_prepared_statements";
    db::RunStatement(connection, "BEGIN");
    db::RunStatement(connection, insert);
    db::RunStatement(connection, "SAVEPOINT attempt");  // so that these two are prepared already
    db::RunStatement(connection, "ROLLBACK TO SAVEPOINT attempt");
    const long long before = db::RunCountQuery(connection, prepared);
    for (int clash = 0; clash < 3; ++clash) {
        db::RunStatement(connection, "SAVEPOINT attempt");
        EXPECT_THROW(db::RunStatement(connection, insert), db::sql_detail::SqlError);
        db::RunStatement(connection, "ROLLBACK TO SAVEPOINT attempt");
    }
    EXPECT_EQ(db::RunCountQuery(connection, prepared), before);
    db::RunStatement(connection, "COMMIT");
    EXPECT_EQ(db::RunCountQuery(connection, "SELECT COUNT(*) FROM keys"), 1);
}

TEST(PostgresDatabase, MigrateAppliesEverythingOnceThenNothing) {
    EmptyPostgresDatabase database;
    EXPECT_EQ(MigratePostgresDatabase(database.options()), KnownMigrations());
    EXPECT_EQ(MigratePostgresDatabase(database.options()), 0);
    EXPECT_EQ(database.Scalar("SELECT COUNT(*) FROM schema_migrations"), KnownMigrations());
    auto db = OpenPostgresDatabase(database.options());
    EXPECT_TRUE(db->Ping());
}

TEST(PostgresDatabase, ServersStartingTogetherMigrateOnce) {
    EmptyPostgresDatabase database;
    std::atomic<int> applied{0};
    std::atomic<int> failed{0};
    RunTogether(4, [&](int) {
        try {
            applied += MigratePostgresDatabase(database.options());
        } catch (const std::exception& error) {
            ADD_FAILURE() << error.what();
            ++failed;
        }
    });
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(applied.load(), KnownMigrations());
    EXPECT_EQ(database.Scalar("SELECT COUNT(*) FROM schema_migrations"), KnownMigrations());
}

TEST(PostgresDatabase, RefusesASchemaNewerThanThisBuild) {
    EmptyPostgresDatabase database;
    MigratePostgresDatabase(database.options());
    database.Scalar(
        "WITH added AS (INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0) RETURNING 1) "
        "SELECT COUNT(*) FROM added");
    EXPECT_THROW(OpenPostgresDatabase(database.options()), std::runtime_error);
    EXPECT_THROW(MigratePostgresDatabase(database.options()), std::runtime_error);
}

TEST(PostgresDatabase, RefusesBadOptionsAndPasswordsInTheUrl) {
    for (const char* url : {"", "mysql://db/x", "postgresql://db", "postgresql://db/", "postgresql://u:hunter2@db/x",
                            "postgresql://db/x?password=hunter2", "postgresql://db:5x/x", "postgresql://db/x?nope=1"}) {
        try {
            OpenPostgresDatabase(OptionsFor(url));
            ADD_FAILURE() << url << " was accepted";
        } catch (const std::invalid_argument& error) {
            EXPECT_EQ(std::string(error.what()).find("hunter2"), std::string::npos) << error.what();
        }
    }
    PostgresOptions no_pool = OptionsFor(SharedPostgresServer().Url("postgres"));
    no_pool.pool_size = 0;
    EXPECT_THROW(OpenPostgresDatabase(no_pool), std::invalid_argument);
}

TEST(PostgresDatabase, AnUnreachableServerIsARuntimeErrorWithoutThePassword) {
    PostgresOptions options = OptionsFor("postgresql://shiftsync@127.0.0.1:1/shiftsync?connect_timeout=2");
    options.password = "pa'ss word\\";
    try {
        OpenPostgresDatabase(options);
        ADD_FAILURE() << "connected to port 1";
    } catch (const std::runtime_error& error) {
        EXPECT_EQ(std::string(error.what()).find(options.password), std::string::npos) << error.what();
        EXPECT_NE(std::string(error.what()).find("127.0.0.1:1"), std::string::npos) << error.what();
    }
}

class PostgresInvariants : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = OpenThrowawayPostgresDatabase(8);
        org_ = InWrite(*db_, [&](UnitOfWork& uow) { return uow.organizations().Create(MakeOrganization("Café")); });
        ada_ = InWrite(*db_, [&](UnitOfWork& uow) { return *uow.users().Create(MakeUser(org_, "Ada", "ada@x.org")); });
        bob_ = InWrite(*db_, [&](UnitOfWork& uow) { return *uow.users().Create(MakeUser(org_, "Bob", "bob@x.org")); });
    }

    std::size_t ShiftsOf(Id user) {
        return InRead(*db_, [&](UnitOfWork& uow) {
            return uow.shifts().List(ShiftQuery{org_, At(-48 * kHour), At(48 * kHour), user}).size();
        });
    }

    std::unique_ptr<UnitOfWorkFactory> db_;
    Id org_ = 0;
    Id ada_ = 0;
    Id bob_ = 0;
};

// The race: 50 managers give one person overlapping shifts at once; exactly one wins and
// every other request gets the overlap answer (409), none a server error.
TEST_F(PostgresInvariants, FiftyParallelOverlappingShiftsThroughShiftServiceLeaveOne) {
    ShiftService shifts(*db_);
    Principal manager;
    manager.user_id = bob_;
    manager.organization_id = org_;
    manager.role = Role::kManager;
    constexpr int kRequests = 50;
    std::atomic<int> created{0};
    std::atomic<int> overlapped{0};
    std::atomic<int> failed{0};
    RunTogether(kRequests, [&](int i) {
        try {
            ShiftInput input;
            input.user_id = ada_;
            input.start = At(i * 60);  // every range overlaps every other
            input.end = At(8 * kHour + i * 60);
            auto result = shifts.Create(manager, input);
            if (result.ok()) {
                ++created;
            } else if (result.error().code == ErrorCode::kShiftOverlap) {
                ++overlapped;
            } else {
                ADD_FAILURE() << result.error().detail;
                ++failed;
            }
        } catch (const std::exception& error) {
            ADD_FAILURE() << "request " << i << ": " << error.what();
            ++failed;
        }
    });
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(overlapped.load(), kRequests - 1);
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(ShiftsOf(ada_), 1u);
}

// The schema's own guarantee (RepositoryContract.TheStoreReportsAnOverlapItRefuses shows it one
// writer at a time) holds for writers racing past LockUserSchedule and FindOverlapping: one
// shift is stored, every other insert is answered kShiftOverlap naming it, none throws.
TEST_F(PostgresInvariants, ParallelOverlappingInsertsSkippingTheCheckLeaveOne) {
    constexpr int kWriters = 20;
    std::atomic<int> created{0};
    std::atomic<int> overlapped{0};
    std::vector<Id> clashes(kWriters, 0);
    RunTogether(kWriters, [&](int i) {
        try {
            auto uow = db_->Begin(TransactionMode::kWrite);
            auto id = uow->shifts().Create(MakeShift(org_, ada_, At(i * 60), At(8 * kHour + i * 60)));
            if (id.ok()) {
                uow->Commit();
                ++created;
            } else {
                EXPECT_EQ(id.error().code, ErrorCode::kShiftOverlap);
                clashes[i] = id.error().conflicting_id;
                ++overlapped;
            }
        } catch (const std::exception& error) {
            ADD_FAILURE() << "writer " << i << ": " << error.what();
        }
    });
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(overlapped.load(), kWriters - 1);
    ASSERT_EQ(ShiftsOf(ada_), 1u);
    const Id stored = InRead(*db_, [&](UnitOfWork& uow) {
        return uow.shifts().List(ShiftQuery{org_, At(-kHour), At(48 * kHour), ada_}).front().id;
    });
    for (Id clash : clashes) EXPECT_TRUE(clash == 0 || clash == stored) << clash;
    EXPECT_EQ(std::count(clashes.begin(), clashes.end(), stored), kWriters - 1);
}

// Many sign-ups with one address (in any case) at once: one user, everyone else kConflict (409).
TEST_F(PostgresInvariants, ParallelSignUpsWithOneEmailLeaveOneUser) {
    constexpr int kRequests = 20;
    std::atomic<int> created{0};
    std::atomic<int> conflicts{0};
    std::atomic<int> failed{0};
    RunTogether(kRequests, [&](int i) {
        try {
            auto uow = db_->Begin(TransactionMode::kWrite);
            auto id = uow->users().Create(MakeUser(org_, "Cy " + std::to_string(i), i % 2 ? "CY@x.org" : "cy@x.org"));
            if (!id.ok()) {
                EXPECT_EQ(id.error().code, ErrorCode::kConflict);
                ++conflicts;
                return;
            }
            uow->Commit();
            ++created;
        } catch (const std::exception& error) {
            ADD_FAILURE() << "request " << i << ": " << error.what();
            ++failed;
        }
    });
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(conflicts.load(), kRequests - 1);
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(InRead(*db_, [&](UnitOfWork& uow) { return uow.users().List(org_, true).size(); }), 3u);
}

// Ends every connection of this process's test databases (the admin connection is to
// `postgres`), each awaited until its server process has exited.
void DropAllConnections() {
    SharedPostgresServer().Execute(
        "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname LIKE 'test_" +
        std::to_string(::getpid()) + "_%'");
}

// A connection the server dropped (restart, idle timeout) is reopened at the next Begin().
TEST_F(PostgresInvariants, DroppedConnectionsAreReopened) {
    ASSERT_TRUE(db_->Ping());
    DropAllConnections();
    for (int i = 0; i < 10; ++i) {  // more than the pool's connections
        EXPECT_EQ(InRead(*db_, [&](UnitOfWork& uow) { return uow.users().List(org_, true).size(); }), 2u);
    }
    EXPECT_TRUE(db_->Ping());
}

// kSingleStatement has no BEGIN to meet a dropped connection first, so its statement fails; the
// next unit of work on that connection reopens it. (AuthService then reads again at once.)
TEST_F(PostgresInvariants, ALoneStatementMeetsADroppedConnectionWhichTheNextUnitOfWorkReopens) {
    constexpr int kConnections = 8;  // the pool's: holding them all visits every one
    ASSERT_TRUE(db_->Ping());
    DropAllConnections();
    {
        std::vector<std::unique_ptr<UnitOfWork>> all;
        for (int i = 0; i < kConnections; ++i) all.push_back(db_->Begin(TransactionMode::kSingleStatement));
        for (auto& uow : all) EXPECT_ANY_THROW(uow->users().FindSessionHolder(ada_, "jti"));
    }
    std::vector<std::unique_ptr<UnitOfWork>> all;
    for (int i = 0; i < kConnections; ++i) all.push_back(db_->Begin(TransactionMode::kSingleStatement));
    for (auto& uow : all) {
        auto holder = uow->users().FindSessionHolder(ada_, "jti");
        ASSERT_TRUE(holder);
        EXPECT_EQ(holder->user.id, ada_);
        uow->Commit();
    }
}

}  // namespace
}  // namespace shiftsync
