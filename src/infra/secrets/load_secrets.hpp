#pragma once
// Where the session-token signing key comes from.
#include <map>
#include <string>

#include "config/config.hpp"

namespace shiftsync {

// Resolves Secrets once at start. The key is taken from the first of:
//   1. SHIFTSYNC_TOKEN_KEY in `environment`: base64 (standard or url-safe, padding optional) of
//      >= 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`;
//   2. "token_key" in config.secrets_file, a JSON object that may also hold
//      "token_lifetime_days", "smtp_password", "s3_secret_key" and "database_password" (other
//      keys are refused, so a typo cannot silently fall through);
//   3. <config.data_dir>/secrets/token_key (base64 text), generated on first start: 32 bytes
//      from the CSPRNG, written atomically with mode 0600 in a 0700 directory, never replaced,
//      so sessions survive restarts. Two processes starting together agree on one key.
// The lifetime is SHIFTSYNC_TOKEN_LIFETIME_DAYS, else the file's "token_lifetime_days", else 7;
// it must be 1..365. smtp_password, s3_secret_key and database_password are SHIFTSYNC_SMTP_PASSWORD,
// SHIFTSYNC_S3_SECRET_KEY and SHIFTSYNC_DATABASE_PASSWORD, else the file's, else empty.
// token_key_id is the first 16 hex digits of SHA-256(key).
// Any file holding a key (the secrets file, the generated key) must not be readable by group or
// others. A secrets file that is named must exist. Throws ConfigError with a message for the
// operator that never contains a secret value; blocks on file I/O. Logs (never the key) when it
// generates a key.
Secrets LoadSecrets(const Config& config, const std::map<std::string, std::string>& environment);

// Only database_password, resolved as LoadSecrets does, for `shiftsync migrate`: it needs no
// signing key, so it never generates one in the data directory. Throws ConfigError like LoadSecrets
// (the secrets file, when named, is read and checked whole).
std::string LoadDatabasePassword(const Config& config, const std::map<std::string, std::string>& environment);

}  // namespace shiftsync
