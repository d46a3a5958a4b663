#include "app/login_throttle.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

class LoginThrottleTest : public testing::Test {
protected:
    void Fail(const std::string& account, const std::string& address, int times = 1) {
        for (int i = 0; i < times; ++i) throttle_.RecordFailure(account, address);
    }

    // Every failure the database holds for `key` (expired ones too), oldest first.
    std::vector<Instant> Stored(LoginFailureScope scope, const std::string& key) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->login_failures().RecentSince(scope, digest_.Sha256Hex(key), Instant{}, 1000);
    }
    std::vector<Instant> StoredForAccount(const std::string& key) { return Stored(LoginFailureScope::kAccount, key); }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeDigest digest_;
    FakeClock clock_;
    LoginThrottle throttle_{*db_, digest_, clock_, ThrottleLimits{}};
};

TEST_F(LoginThrottleTest, NothingRecordedMeansNoWait) {
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
}

TEST_F(LoginThrottleTest, FifthAccountFailureBlocksForTheWholeWindow) {
    Fail("a@example.com", "10.0.0.1", 4);
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
    Fail("a@example.com", "10.0.0.1");
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), seconds{15 * 60});
    // The account is blocked from any address; other accounts are not.
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.2"), seconds{15 * 60});
    EXPECT_EQ(throttle_.RetryAfter("b@example.com", "10.0.0.2"), std::nullopt);
}

TEST_F(LoginThrottleTest, WaitCountsFromTheOldestCountedFailure) {
    for (int i = 0; i < 5; ++i) {
        Fail("a@example.com", "10.0.0.1");
        clock_.Advance(seconds{60});
    }
    // Failures at +0, +60, ..., +240; now is +300; the first ages out at +900.
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), seconds{600});
    clock_.Advance(seconds{599});
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), seconds{1});
    clock_.Advance(seconds{1});
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
}

TEST_F(LoginThrottleTest, WindowSlides) {
    for (int i = 0; i < 5; ++i) {
        Fail("a@example.com", "10.0.0.1");
        clock_.Advance(seconds{60});
    }
    clock_.Advance(seconds{600});  // the first failure has aged out: four remain
    ASSERT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
    Fail("a@example.com", "10.0.0.1");
    // Blocked again until the (new) oldest of the five counted, from +60, ages out at +960.
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), seconds{60});
}

TEST_F(LoginThrottleTest, TwentyFailuresFromOneAddressBlockTheAddress) {
    for (int i = 0; i < 19; ++i) Fail("user" + std::to_string(i) + "@example.com", "10.0.0.1");
    EXPECT_EQ(throttle_.RetryAfter("fresh@example.com", "10.0.0.1"), std::nullopt);
    Fail("user19@example.com", "10.0.0.1");
    EXPECT_EQ(throttle_.RetryAfter("fresh@example.com", "10.0.0.1"), seconds{15 * 60});
    EXPECT_EQ(throttle_.RetryAfter("fresh@example.com", "10.0.0.2"), std::nullopt);
}

TEST_F(LoginThrottleTest, TheLongerOfTheTwoWaitsApplies) {
    for (int i = 0; i < 20; ++i) Fail("user" + std::to_string(i) + "@example.com", "10.0.0.1");
    clock_.Advance(seconds{300});
    Fail("a@example.com", "10.0.0.2", 5);
    // The address has 600 s left, the account 900 s.
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.1"), seconds{900});
    EXPECT_EQ(throttle_.RetryAfter("b@example.com", "10.0.0.1"), seconds{600});
}

TEST_F(LoginThrottleTest, SuccessForgetsTheAccountButNotTheAddress) {
    Fail("a@example.com", "10.0.0.1", 5);
    for (int i = 0; i < 15; ++i) Fail("user" + std::to_string(i) + "@example.com", "10.0.0.1");
    ASSERT_TRUE(throttle_.RetryAfter("a@example.com", "10.0.0.2"));
    throttle_.RecordSuccess("a@example.com");
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.2"), std::nullopt);
    EXPECT_TRUE(throttle_.RetryAfter("a@example.com", "10.0.0.1"));  // still 20 from that address
}

TEST_F(LoginThrottleTest, LimitsAreConfigurable) {
    LoginThrottle strict(*db_, digest_, clock_,
                         ThrottleLimits{.account_failures = 2, .address_failures = 3, .window = seconds{60}});
    strict.RecordFailure("a@example.com", "10.0.0.1");
    EXPECT_EQ(strict.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
    strict.RecordFailure("a@example.com", "10.0.0.1");
    EXPECT_EQ(strict.RetryAfter("a@example.com", "10.0.0.9"), seconds{60});
    strict.RecordFailure("b@example.com", "10.0.0.1");
    EXPECT_EQ(strict.RetryAfter("c@example.com", "10.0.0.1"), seconds{60});
}

TEST_F(LoginThrottleTest, KeysAreStoredAsDigests) {
    Fail("a@example.com", "10.0.0.1");
    EXPECT_EQ(Stored(LoginFailureScope::kAccount, "a@example.com").size(), 1U);
    EXPECT_EQ(Stored(LoginFailureScope::kAddress, "10.0.0.1").size(), 1U);
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_TRUE(uow->login_failures().RecentSince(LoginFailureScope::kAccount, "a@example.com", Instant{}, 10).empty());
}

TEST_F(LoginThrottleTest, AFailureForgetsThatKeysExpiredFailures) {
    const Instant start = clock_.Now();
    Fail("a@example.com", "10.0.0.1");  // the first purge runs now, the next 60 s later at the earliest
    Fail("y@example.com", "10.0.0.9");
    clock_.Advance(seconds{15 * 60});
    Fail("other@example.com", "10.0.0.5");  // purges what is older than `start`: not a's or y's
    ASSERT_EQ(StoredForAccount("y@example.com"), std::vector<Instant>{start});
    clock_.Advance(seconds{30});  // a's and y's have expired; the next purge is 30 s away
    Fail("a@example.com", "10.0.0.1");
    // a's (and its address's) expired failure went with the new one; y's waits for the purge.
    EXPECT_EQ(StoredForAccount("a@example.com"), std::vector<Instant>{clock_.Now()});
    EXPECT_EQ(Stored(LoginFailureScope::kAddress, "10.0.0.1"), std::vector<Instant>{clock_.Now()});
    EXPECT_EQ(StoredForAccount("y@example.com"), std::vector<Instant>{start});
    EXPECT_EQ(Stored(LoginFailureScope::kAddress, "10.0.0.9"), std::vector<Instant>{start});
}

TEST_F(LoginThrottleTest, ThePurgeForgetsEveryKeysExpiredFailures) {
    Fail("quiet@example.com", "10.0.0.2");
    clock_.Advance(seconds{15 * 60 + 1});
    Fail("busy@example.com", "10.0.0.3");
    EXPECT_TRUE(StoredForAccount("quiet@example.com").empty());
    EXPECT_TRUE(Stored(LoginFailureScope::kAddress, "10.0.0.2").empty());
    EXPECT_EQ(StoredForAccount("busy@example.com"), std::vector<Instant>{clock_.Now()});
}

TEST_F(LoginThrottleTest, ThePurgeRunsAtMostOncePerInterval) {
    LoginThrottle quick(*db_, digest_, clock_, ThrottleLimits{.window = seconds{10}, .purge_interval = seconds{60}});
    quick.RecordFailure("busy@example.com", "10.0.0.1");  // purges now; the next is due at +60
    quick.RecordFailure("quiet@example.com", "10.0.0.2");
    clock_.Advance(seconds{30});  // quiet's has expired
    quick.RecordFailure("busy@example.com", "10.0.0.1");
    EXPECT_EQ(StoredForAccount("quiet@example.com").size(), 1U);
    clock_.Advance(seconds{29});
    quick.RecordFailure("busy@example.com", "10.0.0.1");
    EXPECT_EQ(StoredForAccount("quiet@example.com").size(), 1U);
    clock_.Advance(seconds{1});  // +60: due
    quick.RecordFailure("busy@example.com", "10.0.0.1");
    EXPECT_TRUE(StoredForAccount("quiet@example.com").empty());
}

// A database failure must not read as "nothing recorded", or an attacker who can make the
// database fail (exhaust its connections) would get unlimited attempts.
class FailingDatabase final : public UnitOfWorkFactory {
public:
    std::unique_ptr<UnitOfWork> Begin(TransactionMode) override { throw std::runtime_error("database is down"); }
    bool Ping() override { return false; }
};

TEST_F(LoginThrottleTest, DatabaseFailuresAreThrownNotIgnored) {
    FailingDatabase down;
    LoginThrottle throttle(down, digest_, clock_, ThrottleLimits{});
    EXPECT_THROW(throttle.RetryAfter("a@example.com", "10.0.0.1"), std::runtime_error);
    EXPECT_THROW(throttle.RecordFailure("a@example.com", "10.0.0.1"), std::runtime_error);
    EXPECT_THROW(throttle.RecordSuccess("a@example.com"), std::runtime_error);
}

TEST_F(LoginThrottleTest, TwoThrottlesOnOneDatabaseShareTheCounts) {
    LoginThrottle other_server(*db_, digest_, clock_, ThrottleLimits{});
    Fail("a@example.com", "10.0.0.1", 3);
    for (int i = 0; i < 2; ++i) other_server.RecordFailure("a@example.com", "10.0.0.2");
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.3"), seconds{15 * 60});
    EXPECT_EQ(other_server.RetryAfter("a@example.com", "10.0.0.3"), seconds{15 * 60});
    other_server.RecordSuccess("a@example.com");
    EXPECT_EQ(throttle_.RetryAfter("a@example.com", "10.0.0.3"), std::nullopt);
}

}  // namespace
}  // namespace shiftsync
