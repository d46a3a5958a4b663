#pragma once
// The real clock, CSPRNG and SHA-256 behind the ports in app/ports/system.hpp.
#include <memory>

#include "app/ports/system.hpp"

namespace shiftsync {

// Wall-clock UTC now, truncated to whole seconds. Thread-safe, never blocks.
std::unique_ptr<Clock> MakeSystemClock();

// libsodium's randombytes; Token(n) is n random bytes as unpadded base64url (ceil(4n/3) chars).
// Thread-safe. Throws std::runtime_error if libsodium cannot start.
std::unique_ptr<RandomSource> MakeSodiumRandom();

// SHA-256 as 64 lower-case hex digits. Thread-safe.
std::unique_ptr<Digest> MakeSha256Digest();

}  // namespace shiftsync
