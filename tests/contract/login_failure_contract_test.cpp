// The failed sign-ins store (LoginFailureRepository in app/ports/repositories.hpp), run against
// every database implementation, and LoginThrottle on it: what keeps the sign-in limits shared
// by every server on one database.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/login_throttle.hpp"
#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "postgres_server.hpp"
#include "temp_dir.hpp"
#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // Backend, kInMemory, kSqlite, kPostgres, At, InWrite, InRead, PostgresServer

constexpr LoginFailureScope kAccount = LoginFailureScope::kAccount;
constexpr LoginFailureScope kAddress = LoginFailureScope::kAddress;

class LoginFailureContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { db_ = GetParam().open(dir_.path()); }

    void Record(LoginFailureScope scope, const std::string& key, std::int64_t at) {
        InWrite(*db_, [&](UnitOfWork& uow) { uow.login_failures().Record(scope, key, At(at)); });
    }

    std::vector<std::int64_t> Recent(LoginFailureScope scope, const std::string& key, std::int64_t since,
                                     int limit = 100) {
        std::vector<std::int64_t> seconds;
        for (Instant at : InRead(
                 *db_, [&](UnitOfWork& uow) { return uow.login_failures().RecentSince(scope, key, At(since), limit); }))
            seconds.push_back(Unix(at) - kBase);
        return seconds;
    }

    TempDir dir_;
    std::unique_ptr<UnitOfWorkFactory> db_;
};

using Seconds = std::vector<std::int64_t>;

TEST_P(LoginFailureContract, RecentSinceGivesTheNewestWithinTheLimitOldestFirst) {
    for (std::int64_t at : {30, 10, 40, 20, 40}) Record(kAccount, "k", at);
    EXPECT_EQ(Recent(kAccount, "k", 0), (Seconds{10, 20, 30, 40, 40}));
    EXPECT_EQ(Recent(kAccount, "k", 0, 3), (Seconds{30, 40, 40}));
    EXPECT_EQ(Recent(kAccount, "k", 20), (Seconds{30, 40, 40})) << "strictly after `since`";
    EXPECT_EQ(Recent(kAccount, "k", 40), Seconds{});
}

TEST_P(LoginFailureContract, ScopesAndKeysAreCountedApart) {
    Record(kAccount, "k", 1);
    Record(kAddress, "k", 2);
    Record(kAccount, "j", 3);
    EXPECT_EQ(Recent(kAccount, "k", 0), Seconds{1});
    EXPECT_EQ(Recent(kAddress, "k", 0), Seconds{2});
    EXPECT_EQ(Recent(kAccount, "j", 0), Seconds{3});
    EXPECT_EQ(Recent(kAddress, "j", 0), Seconds{});
}

TEST_P(LoginFailureContract, ForgetRemovesOneKeyOfOneScope) {
    Record(kAccount, "k", 1);
    Record(kAccount, "k", 2);
    Record(kAddress, "k", 3);
    Record(kAccount, "j", 4);
    EXPECT_EQ(InWrite(*db_, [](UnitOfWork& uow) { return uow.login_failures().Forget(kAccount, "k"); }), 2);
    EXPECT_EQ(Recent(kAccount, "k", 0), Seconds{});
    EXPECT_EQ(Recent(kAddress, "k", 0), Seconds{3});
    EXPECT_EQ(Recent(kAccount, "j", 0), Seconds{4});
    EXPECT_EQ(InWrite(*db_, [](UnitOfWork& uow) { return uow.login_failures().Forget(kAccount, "k"); }), 0);
}

TEST_P(LoginFailureContract, ForgetBeforeRemovesOneKeysOlderFailures) {
    for (std::int64_t at : {10, 20, 30}) Record(kAccount, "k", at);
    Record(kAddress, "k", 10);
    Record(kAccount, "j", 10);
    EXPECT_EQ(InWrite(*db_, [](UnitOfWork& uow) { return uow.login_failures().ForgetBefore(kAccount, "k", At(20)); }),
              1);
    EXPECT_EQ(Recent(kAccount, "k", 0), (Seconds{20, 30})) << "strictly before";
    EXPECT_EQ(Recent(kAddress, "k", 0), Seconds{10});
    EXPECT_EQ(Recent(kAccount, "j", 0), Seconds{10});
}

TEST_P(LoginFailureContract, PurgeBeforeRemovesEveryKeysOlderFailures) {
    Record(kAccount, "k", 10);
    Record(kAddress, "a", 15);
    Record(kAccount, "j", 20);
    Record(kAccount, "k", 25);
    EXPECT_EQ(InWrite(*db_, [](UnitOfWork& uow) { return uow.login_failures().PurgeBefore(At(20)); }), 2);
    EXPECT_EQ(Recent(kAccount, "k", 0), Seconds{25});
    EXPECT_EQ(Recent(kAddress, "a", 0), Seconds{});
    EXPECT_EQ(Recent(kAccount, "j", 0), Seconds{20});
}

TEST_P(LoginFailureContract, NothingIsKeptWithoutCommit) {
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        uow->login_failures().Record(kAccount, "k", At(1));
    }
    EXPECT_EQ(Recent(kAccount, "k", 0), Seconds{});
}

// A PostgreSQL database that two pools ("servers") open, copied from the migrated template and
// dropped afterwards.
class SharedPostgresDatabase {
public:
    SharedPostgresDatabase() : server_(SharedPostgresServer()) {
        static std::atomic<int> sequence{0};
        name_ = "shared_" + std::to_string(::getpid()) + "_" + std::to_string(++sequence);
        server_.Execute("CREATE DATABASE " + name_ + " TEMPLATE " + PostgresServer::kTemplate);
    }
    ~SharedPostgresDatabase() {
        try {
            server_.Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (...) {
        }
    }
    std::unique_ptr<UnitOfWorkFactory> Open() { return OpenPostgresDatabase(OptionsFor(server_.Url(name_))); }

private:
    PostgresServer& server_;
    std::string name_;
};

// Two servers on one database: each has its own LoginThrottle and, on SQLite and PostgreSQL,
// its own connection pool; both see every failure.
TEST_P(LoginFailureContract, TwoServersShareTheSignInLimits) {
    std::optional<SharedPostgresDatabase> postgres;
    std::unique_ptr<UnitOfWorkFactory> first_pool;
    std::unique_ptr<UnitOfWorkFactory> second_pool;
    if (GetParam().name == kSqlite.name) {
        first_pool = OpenSqliteDatabase(SqliteOptions{dir_.path() / "shared.db"});
        second_pool = OpenSqliteDatabase(SqliteOptions{dir_.path() / "shared.db"});
    } else if (GetParam().name == kPostgres.name) {
        postgres.emplace();
        first_pool = postgres->Open();
        second_pool = postgres->Open();
    }
    UnitOfWorkFactory& first_db = first_pool ? *first_pool : *db_;  // in memory: one database object
    UnitOfWorkFactory& second_db = second_pool ? *second_pool : *db_;
    FakeDigest digest;
    FakeClock clock(At(0));
    LoginThrottle first(first_db, digest, clock, ThrottleLimits{});
    LoginThrottle second(second_db, digest, clock, ThrottleLimits{});
    for (int i = 0; i < 3; ++i) first.RecordFailure("ada@example.com", "192.0.2.1");
    clock.Advance(std::chrono::seconds{10});
    for (int i = 0; i < 2; ++i) second.RecordFailure("ada@example.com", "192.0.2.2");
    // The fifth failure blocks the account everywhere, until the first one ages out.
    EXPECT_EQ(first.RetryAfter("ada@example.com", "192.0.2.3"), std::chrono::seconds{15 * 60 - 10});
    EXPECT_EQ(second.RetryAfter("ada@example.com", "192.0.2.3"), std::chrono::seconds{15 * 60 - 10});
    EXPECT_EQ(second.RetryAfter("bob@example.com", "192.0.2.3"), std::nullopt);
    // A success through one server clears the account for both; the addresses keep their counts.
    first.RecordSuccess("ada@example.com");
    EXPECT_EQ(second.RetryAfter("ada@example.com", "192.0.2.3"), std::nullopt);
    // Twenty failures from one address, spread over both servers, block that address on both.
    for (int i = 0; i < 10; ++i) first.RecordFailure("user" + std::to_string(i) + "@example.com", "198.51.100.7");
    for (int i = 10; i < 20; ++i) second.RecordFailure("user" + std::to_string(i) + "@example.com", "198.51.100.7");
    EXPECT_TRUE(first.RetryAfter("carol@example.com", "198.51.100.7"));
    EXPECT_TRUE(second.RetryAfter("carol@example.com", "198.51.100.7"));
}

INSTANTIATE_TEST_SUITE_P(Backends, LoginFailureContract, ::testing::Values(kInMemory, kSqlite, kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace shiftsync
