#pragma once
// Where the secrets come from: the environment, a systemd credentials directory, an AWS Secrets
// Manager secret, a secrets file and (the signing key only) a key generated in the data directory.
#include <functional>
#include <map>
#include <string>

#include "config/config.hpp"

namespace shiftsync {

// The SecretString of the AWS secret `aws` names. Throws AwsError or std::invalid_argument
// (infra/aws/secrets_manager.hpp); LoadSecrets turns both into ConfigError.
using AwsSecretFetcher = std::function<std::string(const AwsSecretConfig& aws)>;

// The real one: credentials from ResolveAwsCredentials over this process's AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_EC2_METADATA_SERVICE_ENDPOINT (no other
// variable), then GetSecretValue over HTTPS. Blocks on network I/O when called.
AwsSecretFetcher MakeSecretsManagerFetcher();

struct LoadSecretsOptions {
    // false for `shiftsync migrate`, which signs nothing: token keys given by a store are still
    // checked, but none is read from or generated in the data directory, so token_keys may be empty.
    bool token_keys = true;
    // Called once when config.aws.secret_id is set. REQUIRES: set whenever config.aws.secret_id is.
    AwsSecretFetcher fetch_aws_secret;
};

// Resolves Secrets once at start. Every value is taken from the first source that has it:
//   1. `environment`: SHIFTSYNC_TOKEN_KEY, SHIFTSYNC_TOKEN_LIFETIME_DAYS, SHIFTSYNC_DATABASE_PASSWORD,
//      SHIFTSYNC_SMTP_PASSWORD, SHIFTSYNC_S3_SECRET_KEY (empty counts as unset);
//   2. config.credentials_dir (systemd LoadCredential=): one file per key, named as below, one
//      trailing newline dropped; files with other names are ignored (they may be other programs');
//   3. the AWS secret config.aws names: a JSON object with the keys below;
//   4. config.secrets_file: a JSON object with the keys below;
//   5. token_key only: <config.data_dir>/secrets/token_key, generated on first start (32 bytes from
//      the CSPRNG, mode 0600 in a 0700 directory, never replaced; processes starting together agree
//      on one key). On PostgreSQL this logs a warning: servers elsewhere need the same key.
// Keys: token_key, token_lifetime_days (1..365, default 7), database_password, smtp_password,
// s3_secret_key, and the settings database_url, s3_bucket, s3_access_key_id, smtp_url,
// smtp_username (into secrets.settings, for ApplySecretSettings; the environment has no such
// variables here: SHIFTSYNC_DATABASE etc. are configuration and already beat every store).
// Unknown keys in the file or the AWS secret are refused, so a typo cannot silently fall through.
// token_key is base64 (standard or url-safe, padding optional) of >= 32 random bytes; a JSON
// array of them, or in any text several separated by commas or whitespace. The first is the
// newest and signs; all verify. Duplicates are refused. Each id is the first 16 hex digits of
// SHA-256(key). Values of passwords and settings that are empty count as unset.
// Every named source is read and checked whole, whichever values win. Files holding secrets
// must not be readable by group or others; a named secrets file or credentials directory must
// exist. Throws ConfigError with a message for the operator that never contains a secret value.
// Blocks on file and (with AWS) network I/O. With options.token_keys, logs the stores read and
// the signing key's id, never a value.
Secrets LoadSecrets(const Config& config, const std::map<std::string, std::string>& environment,
                    const LoadSecretsOptions& options = {});

}  // namespace shiftsync
