#pragma once
// Ports for the clock, randomness, hashing, time zones and session tokens.
#include <memory>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync {

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant Now() const = 0;  // thread-safe
};

class RandomSource {
public:
    virtual ~RandomSource() = default;
    // `bytes` bytes from a CSPRNG, encoded as unpadded base64url. Thread-safe.
    virtual std::string Token(std::size_t bytes) = 0;
};

class Digest {
public:
    virtual ~Digest() = default;
    virtual std::string Sha256Hex(std::string_view data) const = 0;  // lower-case hex
};

// Password hashing: slow on purpose (argon2id). Blocking and CPU-bound: callers run it on
// the bounded hashing pool. Thread-safe.
class PasswordHasher {
public:
    virtual ~PasswordHasher() = default;
    virtual std::string Hash(std::string_view password) const = 0;
    virtual bool Verify(std::string_view password, std::string_view encoded_hash) const = 0;
    // A valid hash of some random password, so unknown accounts cost the same time to check.
    virtual const std::string& DummyHash() const = 0;
};

// The list of commonly used passwords kept in the repo (compared case-insensitively).
class CommonPasswords {
public:
    virtual ~CommonPasswords() = default;
    virtual bool Contains(std::string_view password) const = 0;
};

class TimeZones {
public:
    virtual ~TimeZones() = default;
    // The zone with this IANA name, or nullptr. The zone lives as long as the TimeZones.
    virtual const TimeZone* Find(std::string_view iana_name) const = 0;
};

struct SessionClaims {
    Id user_id = 0;
    Id organization_id = 0;
    std::int64_t token_version = 0;
    std::string token_id;  // jti: random, for revocation on logout
    Instant issued_at{};
    Instant expires_at{};
};

// Signed session tokens (JWT HS256 with a kid header). Thread-safe.
class SessionTokens {
public:
    virtual ~SessionTokens() = default;
    virtual std::string Issue(const SessionClaims& claims) const = 0;
    // kUnauthenticated for anything not signed by us with HS256, malformed, or expired at `now`.
    virtual Result<SessionClaims> Verify(std::string_view token, Instant now) const = 0;
};

}  // namespace shiftsync
