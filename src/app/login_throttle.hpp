#pragma once
// Counts failed sign-ins per account and per client address in a sliding window and says
// how long a caller must wait. In memory, per process (see docs/DECISIONS.md). Thread-safe.
#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "app/ports/system.hpp"

namespace shiftsync {

struct ThrottleLimits {
    int account_failures = 5;                   // per email within the window
    int address_failures = 20;                  // per client address within the window
    std::chrono::seconds window{15 * 60};
    std::size_t max_tracked_keys = 100'000;     // memory bound under a flood of distinct keys
};

class LoginThrottle {
public:
    LoginThrottle(const Clock& clock, ThrottleLimits limits);

    // Seconds to wait before another attempt, or nullopt when an attempt may go ahead.
    std::optional<std::chrono::seconds> RetryAfter(const std::string& account_key, const std::string& address);
    void RecordFailure(const std::string& account_key, const std::string& address);
    void RecordSuccess(const std::string& account_key);

private:
    using Failures = std::deque<Instant>;
    std::optional<std::chrono::seconds> WaitFor(Failures& failures, int limit, Instant now) const;
    void Prune(std::unordered_map<std::string, Failures>& map, Instant now);

    const Clock& clock_;
    ThrottleLimits limits_;
    std::mutex mutex_;
    std::unordered_map<std::string, Failures> by_account_;
    std::unordered_map<std::string, Failures> by_address_;
};

}  // namespace shiftsync
