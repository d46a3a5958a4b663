#include "app/periodic_loop.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace shiftsync {
namespace {

using namespace std::chrono_literals;

// Counts rounds and lets a test wait, with a deadline, until a number of them has run.
class Rounds {
public:
    void Count() {
        std::lock_guard lock(mutex_);
        ++count_;
        cv_.notify_all();
    }
    bool WaitFor(int n, std::chrono::seconds deadline = 10s) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, deadline, [&] { return count_ >= n; });
    }
    int count() {
        std::lock_guard lock(mutex_);
        return count_;
    }

private:
    std::mutex mutex_;
    std::condition_variable cv_;
    int count_ = 0;
};

TEST(PeriodicLoop, RunsAgainAtOnceWhileThereIsMoreWork) {
    Rounds rounds;
    std::atomic<int> more_left{5};
    // A long interval: only the "more" answers can make five rounds happen in time.
    PeriodicLoop loop(
        "test",
        [&] {
            rounds.Count();
            return more_left.fetch_sub(1) > 1;
        },
        [](std::string_view) {}, std::chrono::hours{1});
    EXPECT_TRUE(rounds.WaitFor(5));
    loop.Stop();
    EXPECT_EQ(rounds.count(), 5);
}

TEST(PeriodicLoop, WaitsTheIntervalBetweenIdleRounds) {
    Rounds rounds;
    PeriodicLoop loop(
        "test",
        [&] {
            rounds.Count();
            return false;
        },
        [](std::string_view) {}, 10ms);
    EXPECT_TRUE(rounds.WaitFor(3));
}

TEST(PeriodicLoop, ReportsExceptionsAndKeepsGoing) {
    Rounds rounds;
    std::mutex mutex;
    std::vector<std::string> errors;
    PeriodicLoop loop(
        "collector",
        [&]() -> bool {
            rounds.Count();
            throw std::runtime_error("disk on fire");
        },
        [&](std::string_view message) {
            std::lock_guard lock(mutex);
            errors.emplace_back(message);
        },
        5ms);
    EXPECT_TRUE(rounds.WaitFor(2));
    loop.Stop();
    std::lock_guard lock(mutex);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.front(), "collector: disk on fire");
}

TEST(PeriodicLoop, StopEndsAWaitAtOnce) {
    Rounds rounds;
    auto loop = std::make_unique<PeriodicLoop>(
        "test",
        [&] {
            rounds.Count();
            return false;
        },
        [](std::string_view) {}, std::chrono::hours{1});
    ASSERT_TRUE(rounds.WaitFor(1));
    loop->Stop();  // would hang for an hour if the wait ignored the stop
    loop.reset();
    EXPECT_EQ(rounds.count(), 1);
}

}  // namespace
}  // namespace shiftsync
