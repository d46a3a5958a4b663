#include "app/login_throttle.hpp"

namespace shiftsync {

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleLimits limits) : clock_(clock), limits_(limits) {}

std::optional<std::chrono::seconds> LoginThrottle::WaitFor(Failures& failures, int limit, Instant now) const {
    while (!failures.empty() && failures.front() + limits_.window <= now) failures.pop_front();
    if (static_cast<int>(failures.size()) < limit) return std::nullopt;
    // Blocked until enough failures age out of the window to drop below the limit.
    const Instant oldest_counted = failures[failures.size() - limit];
    return std::max(std::chrono::seconds{1}, oldest_counted + limits_.window - now);
}

std::optional<std::chrono::seconds> LoginThrottle::RetryAfter(const std::string& account_key,
                                                              const std::string& address) {
    const Instant now = clock_.Now();
    std::lock_guard lock(mutex_);
    std::optional<std::chrono::seconds> wait;
    if (auto it = by_account_.find(account_key); it != by_account_.end())
        wait = WaitFor(it->second, limits_.account_failures, now);
    if (auto it = by_address_.find(address); it != by_address_.end()) {
        auto address_wait = WaitFor(it->second, limits_.address_failures, now);
        if (address_wait && (!wait || *address_wait > *wait)) wait = address_wait;
    }
    return wait;
}

void LoginThrottle::Prune(std::unordered_map<std::string, Failures>& map, Instant now) {
    if (map.size() < limits_.max_tracked_keys) return;
    for (auto it = map.begin(); it != map.end();) {
        if (it->second.empty() || it->second.back() + limits_.window <= now)
            it = map.erase(it);
        else
            ++it;
    }
    // Still full of live keys: forget everything rather than grow without bound.
    if (map.size() >= limits_.max_tracked_keys) map.clear();
}

void LoginThrottle::RecordFailure(const std::string& account_key, const std::string& address) {
    const Instant now = clock_.Now();
    std::lock_guard lock(mutex_);
    Prune(by_account_, now);
    Prune(by_address_, now);
    by_account_[account_key].push_back(now);
    by_address_[address].push_back(now);
}

void LoginThrottle::RecordSuccess(const std::string& account_key) {
    std::lock_guard lock(mutex_);
    by_account_.erase(account_key);
}

}  // namespace shiftsync
