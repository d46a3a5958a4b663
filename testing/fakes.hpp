#pragma once
// Fast, deterministic fakes of the system ports (app/ports/system.hpp) and small builders
// for service tests. Nothing here sleeps, reads the real clock, or touches the tz database;
// every fake is thread-safe like the port it stands in for.
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/invitation.hpp"
#include "domain/organization.hpp"
#include "domain/shift.hpp"
#include "domain/user.hpp"

namespace shiftsync {

// --- Calendar helpers ----------------------------------------------------------------------

// A UTC instant from calendar parts.
Instant UtcAt(int year, unsigned month, unsigned day, int hour = 0, int minute = 0);
Date Day(int year, unsigned month, unsigned day);

// --- Clock -------------------------------------------------------------------------------

// Stands still until a test moves it. Starts at 2026-03-04T12:00:00Z (a Wednesday).
class FakeClock final : public Clock {
public:
    FakeClock();
    explicit FakeClock(Instant now);
    Instant Now() const override;
    void Set(Instant now);
    void Advance(std::chrono::seconds by);

private:
    std::atomic<std::int64_t> now_seconds_;
};

// --- Passwords ---------------------------------------------------------------------------

// Hash(p) = "fake$" + reverse(p): fast, deterministic, and never equal to the password.
// Counts calls and remembers which hashes Verify() was asked about, so a test can prove the
// dummy hash was checked for an unknown account.
class FakePasswordHasher final : public PasswordHasher {
public:
    std::string Hash(std::string_view password) const override;
    bool Verify(std::string_view password, std::string_view encoded_hash) const override;
    // Not a Hash() of any password (a different prefix), so nothing verifies against it.
    const std::string& DummyHash() const override;

    int hash_calls() const;
    int verify_calls() const;
    std::vector<std::string> verified_hashes() const;  // in call order

private:
    mutable std::mutex mutex_;
    mutable int hash_calls_ = 0;
    mutable std::vector<std::string> verified_hashes_;
};

// Compared case-insensitively (ASCII), like the real list.
class FakeCommonPasswords final : public CommonPasswords {
public:
    // A few entries long enough to pass the length rule, so the list itself is what refuses them.
    FakeCommonPasswords();
    explicit FakeCommonPasswords(std::set<std::string> lower_case_entries);
    bool Contains(std::string_view password) const override;

private:
    std::set<std::string> entries_;
};

// --- Randomness and digests ----------------------------------------------------------------

// Token(n) returns "r000001", "r000002", ... padded to the length a real base64url token of
// n bytes would have (ceil(4n/3)), so every token is distinct and predictable.
class SequenceRandom final : public RandomSource {
public:
    std::string Token(std::size_t bytes) override;
    int calls() const;

private:
    std::atomic<int> next_{1};
};

// Sha256Hex(data) is the lower-case hex of the bytes of `data` itself: injective (never a
// collision), deterministic, readable in failures, and never equal to a non-empty input.
class FakeDigest final : public Digest {
public:
    std::string Sha256Hex(std::string_view data) const override;
};

// --- Session tokens ------------------------------------------------------------------------

// Issue() writes the claims as "fake-session.<uid>.<org>.<version>.<jti>.<iat>.<exp>.<check>"
// where <check> is a checksum of the rest, so a tampered token is refused. Verify() refuses
// malformed, tampered and expired (expires_at <= now) tokens with kUnauthenticated, like the
// JWT adapter. Token ids must not contain '.'.
class FakeSessionTokens final : public SessionTokens {
public:
    std::string Issue(const SessionClaims& claims) const override;
    Result<SessionClaims> Verify(std::string_view token, Instant now) const override;
};

// --- Time zones ----------------------------------------------------------------------------

// A zone with one offset all year (no DST).
class FixedOffsetZone final : public TimeZone {
public:
    explicit FixedOffsetZone(std::chrono::seconds utc_offset);  // local = UTC + offset
    Instant ToUtc(LocalSeconds local) const override;
    LocalSeconds ToLocal(Instant instant) const override;

private:
    std::chrono::seconds offset_;
};

// Knows "UTC", "Etc/UTC" and "Etc/GMT-14" .. "Etc/GMT+12" (POSIX signs: "Etc/GMT-2" is two
// hours AHEAD of UTC), plus any zone a test adds. Anything else gives nullptr.
class FakeTimeZones final : public TimeZones {
public:
    FakeTimeZones();
    const TimeZone* Find(std::string_view iana_name) const override;

    // REQUIRES: called before the zones are shared between threads.
    void AddFixed(std::string name, std::chrono::seconds utc_offset);
    // Lends a zone owned elsewhere (a real tz database zone for DST tests); it must outlive this.
    void AddBorrowed(std::string name, const TimeZone& zone);

private:
    std::map<std::string, std::unique_ptr<TimeZone>, std::less<>> owned_;
    std::map<std::string, const TimeZone*, std::less<>> borrowed_;
};

// --- Builders ------------------------------------------------------------------------------
// Write rows straight through the database ports, bypassing the services, so a test can set
// up exactly the state it needs. Each runs and commits its own kWrite unit of work.

Organization SeedOrganization(UnitOfWorkFactory& database, Organization org);
// Throws std::logic_error when the email is taken (a bug in the test, not an outcome).
User SeedUser(UnitOfWorkFactory& database, User user);
Shift SeedShift(UnitOfWorkFactory& database, Shift shift);
Invitation SeedInvitation(UnitOfWorkFactory& database, Invitation invitation);

// The principal a verified session of `user` resolves to (role from the row given).
Principal PrincipalFor(const User& user);

// Reads a row back in a fresh kRead unit of work (nullopt when absent).
std::optional<User> LoadUser(UnitOfWorkFactory& database, Id id);
std::optional<Shift> LoadShift(UnitOfWorkFactory& database, Id organization_id, Id id);
// Every shift of the organisation in [from, to), by start.
std::vector<Shift> LoadShifts(UnitOfWorkFactory& database, Id organization_id, Instant from, Instant to);

}  // namespace shiftsync
