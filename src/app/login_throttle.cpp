#include "app/login_throttle.hpp"

#include <algorithm>
#include <cassert>
#include <vector>

namespace shiftsync {

LoginThrottle::LoginThrottle(UnitOfWorkFactory& database, const Digest& digest, const Clock& clock,
                             ThrottleLimits limits)
    : database_(database), digest_(digest), clock_(clock), limits_(limits) {
    assert(limits_.account_failures > 0 && limits_.address_failures > 0 && limits_.window.count() > 0);
}

std::optional<std::chrono::seconds> LoginThrottle::WaitFor(UnitOfWork& uow, LoginFailureScope scope,
                                                           const std::string& key, int limit, Instant now) const {
    // A failure at exactly now - window has aged out, hence "strictly after".
    const std::vector<Instant> counted =
        uow.login_failures().RecentSince(scope, digest_.Sha256Hex(key), now - limits_.window, limit);
    if (static_cast<int>(counted.size()) < limit) return std::nullopt;
    // Blocked until the oldest of the newest `limit` failures ages out and the count drops below it.
    return std::max(std::chrono::seconds{1}, counted.front() + limits_.window - now);
}

std::optional<std::chrono::seconds> LoginThrottle::RetryAfter(const std::string& account_key,
                                                              const std::string& address) {
    const Instant now = clock_.Now();
    auto uow = database_.Begin(TransactionMode::kRead);
    auto wait = WaitFor(*uow, LoginFailureScope::kAccount, account_key, limits_.account_failures, now);
    auto address_wait = WaitFor(*uow, LoginFailureScope::kAddress, address, limits_.address_failures, now);
    if (address_wait && (!wait || *address_wait > *wait)) wait = address_wait;
    return wait;
}

void LoginThrottle::PurgeIfDue(UnitOfWork& uow, Instant now) {
    const std::int64_t now_unix = now.time_since_epoch().count();
    std::int64_t due = next_purge_.load();
    // One caller claims each purge; the others (and this one, if its transaction then fails)
    // leave it to the next interval, which is soon enough for rows that no longer count.
    if (now_unix < due || !next_purge_.compare_exchange_strong(due, now_unix + limits_.purge_interval.count())) return;
    uow.login_failures().PurgeBefore(now - limits_.window);
}

void LoginThrottle::RecordFailure(const std::string& account_key, const std::string& address) {
    auto uow = database_.Begin(TransactionMode::kWrite);
    RecordFailure(*uow, account_key, address);
    uow->Commit();
}

void LoginThrottle::RecordFailure(UnitOfWork& uow, const std::string& account_key, const std::string& address) {
    const Instant now = clock_.Now();
    const Instant expired_before = now - limits_.window;
    const std::string account_hash = digest_.Sha256Hex(account_key);
    const std::string address_hash = digest_.Sha256Hex(address);
    LoginFailureRepository& failures = uow.login_failures();
    failures.Record(LoginFailureScope::kAccount, account_hash, now);
    failures.Record(LoginFailureScope::kAddress, address_hash, now);
    // A key under steady attack keeps only its live rows, whenever the purge last ran.
    failures.ForgetBefore(LoginFailureScope::kAccount, account_hash, expired_before);
    failures.ForgetBefore(LoginFailureScope::kAddress, address_hash, expired_before);
    PurgeIfDue(uow, now);
}

std::optional<std::chrono::seconds> LoginThrottle::AddressRetryAfter(const std::string& address) {
    const Instant now = clock_.Now();
    auto uow = database_.Begin(TransactionMode::kRead);
    return WaitFor(*uow, LoginFailureScope::kAddress, address, limits_.address_failures, now);
}

void LoginThrottle::RecordAddressFailure(const std::string& address) {
    const Instant now = clock_.Now();
    const std::string address_hash = digest_.Sha256Hex(address);
    auto uow = database_.Begin(TransactionMode::kWrite);
    uow->login_failures().Record(LoginFailureScope::kAddress, address_hash, now);
    uow->login_failures().ForgetBefore(LoginFailureScope::kAddress, address_hash, now - limits_.window);
    PurgeIfDue(*uow, now);
    uow->Commit();
}

void LoginThrottle::RecordSuccess(const std::string& account_key) {
    auto uow = database_.Begin(TransactionMode::kWrite);
    uow->login_failures().Forget(LoginFailureScope::kAccount, digest_.Sha256Hex(account_key));
    uow->Commit();
}

}  // namespace shiftsync
