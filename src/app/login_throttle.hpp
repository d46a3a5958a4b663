#pragma once
// Counts failed sign-ins per account and per client address in a sliding window and says
// how long a caller must wait. The counts live in the database (LoginFailureRepository), so
// every server on it sees the same ones (see docs/DECISIONS.md); this object keeps none.
// Thread-safe. Every call is one short transaction and blocks on the database; a database
// failure is thrown (std::exception), never taken for "no failures recorded".
#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

struct ThrottleLimits {
    int account_failures = 5;   // per email within the window
    int address_failures = 20;  // per client address within the window
    std::chrono::seconds window{15 * 60};
    // How often one process deletes the expired failures of every key (they no longer count,
    // so this bounds only the table's size).
    std::chrono::seconds purge_interval{60};
};

class LoginThrottle {
public:
    // `database`, `digest` and `clock` must outlive the throttle. Keys are stored as
    // digest.Sha256Hex(key), never as given.
    // REQUIRES: both limits > 0 and window > 0
    LoginThrottle(UnitOfWorkFactory& database, const Digest& digest, const Clock& clock, ThrottleLimits limits);

    // Seconds to wait before another attempt, or nullopt when an attempt may go ahead.
    std::optional<std::chrono::seconds> RetryAfter(const std::string& account_key, const std::string& address);
    // Counts a failure against both keys and deletes the account's and address's expired
    // failures (and, at most every purge_interval, every key's).
    void RecordFailure(const std::string& account_key, const std::string& address);
    // The same inside the caller's kWrite unit of work, committed (or not) with it: for a use case
    // that counts every attempt and writes more in the same transaction (password reset requests).
    void RecordFailure(UnitOfWork& uow, const std::string& account_key, const std::string& address);
    // Forgets the account's failures (not the address's).
    void RecordSuccess(const std::string& account_key);

    // The same, for attempts that name no account (a guessed invitation token): only `address`
    // is counted, against limits.address_failures. Give such callers their own address keys
    // (e.g. a prefix) so they do not spend the sign-in allowance.
    std::optional<std::chrono::seconds> AddressRetryAfter(const std::string& address);
    void RecordAddressFailure(const std::string& address);

private:
    std::optional<std::chrono::seconds> WaitFor(UnitOfWork& uow, LoginFailureScope scope, const std::string& key,
                                                int limit, Instant now) const;
    void PurgeIfDue(UnitOfWork& uow, Instant now);

    UnitOfWorkFactory& database_;
    const Digest& digest_;
    const Clock& clock_;
    ThrottleLimits limits_;
    // Unix seconds at which this process next purges every key; claimed by one caller at a time.
    std::atomic<std::int64_t> next_purge_{std::numeric_limits<std::int64_t>::min()};
};

}  // namespace shiftsync
