#pragma once
// PasswordHasher backed by libsodium's argon2id.
#include <memory>

#include "app/ports/system.hpp"

namespace shiftsync {

// argon2id with OWASP's minimum parameters (m=19456 KiB, t=2, p=1), in the PHC string format
// ("$argon2id$v=19$m=19456,t=2,p=1$..."), so stored hashes carry their own parameters and stay
// verifiable after the parameters are raised. Each Hash or Verify takes ~19 MiB and tens of
// milliseconds of one core; run them on the hashing pool. Construction computes DummyHash, so it
// blocks for one hash. Hash throws std::runtime_error when memory cannot be had. Thread-safe.
std::unique_ptr<PasswordHasher> MakeArgon2idHasher();

}  // namespace shiftsync
