#include "config/secret_settings.hpp"

#include <algorithm>

#include "config/config_values.hpp"

namespace shiftsync {

using config_detail::Source;

namespace {

void Apply(Config& config, Secrets& secrets) {
    for (auto& [key, setting] : secrets.settings) {
        const Source source{setting.source, {}};
        if (key == "database_url") {
            auto [url, password] = config_detail::SplitDatabasePassword(setting.value, source);
            if (config.database.postgres_url.empty()) {
                config_detail::ApplyDatabase(config, url, source);
                if (secrets.database_password.empty()) secrets.database_password = std::move(password);
            }
            std::fill(password.begin(), password.end(), '\0');
        } else if (key == "smtp_url") {
            if (config.mail.smtp_url.empty()) config_detail::ApplySmtpUrl(config, setting.value, source);
        } else if (key == "smtp_username") {
            if (config.mail.smtp_username.empty()) config.mail.smtp_username = setting.value;
        } else if (key == "s3_bucket") {
            if (config.blobs.s3_bucket.empty()) config.blobs.s3_bucket = setting.value;
        } else if (key == "s3_access_key_id") {
            if (config.blobs.s3_access_key_id.empty()) config.blobs.s3_access_key_id = setting.value;
        } else {
            throw ConfigError(setting.source + " is not a setting Shift-Sync knows");
        }
        // A database URL's copy may hold a password; the values have done their job.
        std::fill(setting.value.begin(), setting.value.end(), '\0');
        setting.value.clear();
    }
}

}  // namespace

void ApplySecretSettings(Config& config, Secrets& secrets) {
    // On copies, so a refused setting leaves both as they were.
    Config new_config = config;
    Secrets new_secrets = secrets;
    Apply(new_config, new_secrets);
    config = std::move(new_config);
    secrets = std::move(new_secrets);
}

}  // namespace shiftsync
