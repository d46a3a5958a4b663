#pragma once
// Settings carried by a secret store (the seed's secret held the database URL, the bucket and the
// SMTP account beside the passwords), merged into Config after the secrets are loaded.
#include "config/config.hpp"

namespace shiftsync {

// Fills each Config value named in secrets.settings (database_url, s3_bucket, s3_access_key_id,
// smtp_url, smtp_username) only where flags, environment and config file left it empty, validated
// as LoadConfig validates the same setting. A database_url may carry a password: when that URL is
// the one used, the password becomes secrets.database_password unless one was given explicitly,
// and Config keeps the URL without it, so the logged URL never carries it. The settings' values are
// cleared afterwards. Call before opening the database, the mailer or the blob store.
// Throws ConfigError naming the setting and its source, never a value that may hold a password.
void ApplySecretSettings(Config& config, Secrets& secrets);

}  // namespace shiftsync
