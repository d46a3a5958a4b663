#include "app/login_throttle.hpp"

#include <gtest/gtest.h>

#include <string>

#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

class LoginThrottleTest : public testing::Test {
  protected:
    void Fail(const std::string& account, const std::string& address, int times = 1) {
        for (int i = 0; i < times; ++i) throttle_.RecordFailure(account, address);
    }

    FakeClock clock_;
    LoginThrottle throttle_{clock_, ThrottleLimits{}};
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
    LoginThrottle strict(clock_, ThrottleLimits{.account_failures = 2, .address_failures = 3, .window = seconds{60}});
    strict.RecordFailure("a@example.com", "10.0.0.1");
    EXPECT_EQ(strict.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
    strict.RecordFailure("a@example.com", "10.0.0.1");
    EXPECT_EQ(strict.RetryAfter("a@example.com", "10.0.0.9"), seconds{60});
    strict.RecordFailure("b@example.com", "10.0.0.1");
    EXPECT_EQ(strict.RetryAfter("c@example.com", "10.0.0.1"), seconds{60});
}

TEST_F(LoginThrottleTest, TrackedKeysAreBounded) {
    LoginThrottle small(clock_, ThrottleLimits{.account_failures = 1, .address_failures = 100, .max_tracked_keys = 2});
    small.RecordFailure("a@example.com", "10.0.0.1");
    small.RecordFailure("b@example.com", "10.0.0.1");
    ASSERT_TRUE(small.RetryAfter("a@example.com", "10.0.0.1"));
    // A third live key does not fit: the throttle forgets rather than grows.
    small.RecordFailure("c@example.com", "10.0.0.1");
    EXPECT_EQ(small.RetryAfter("a@example.com", "10.0.0.1"), std::nullopt);
    EXPECT_TRUE(small.RetryAfter("c@example.com", "10.0.0.1"));
}

TEST_F(LoginThrottleTest, ExpiredKeysArePrunedFirst) {
    LoginThrottle small(clock_, ThrottleLimits{.account_failures = 1, .address_failures = 100, .max_tracked_keys = 2});
    small.RecordFailure("a@example.com", "10.0.0.1");
    clock_.Advance(seconds{15 * 60});
    small.RecordFailure("b@example.com", "10.0.0.2");
    // "a" is stale and goes; "b" is live and stays.
    small.RecordFailure("c@example.com", "10.0.0.3");
    EXPECT_TRUE(small.RetryAfter("b@example.com", "10.0.0.2"));
    EXPECT_TRUE(small.RetryAfter("c@example.com", "10.0.0.3"));
}

}  // namespace
}  // namespace shiftsync
