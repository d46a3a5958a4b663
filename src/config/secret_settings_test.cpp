#include "config/secret_settings.hpp"

#include <gtest/gtest.h>

namespace shiftsync {
namespace {

constexpr char kSource[] = " in AWS secret app";

Secrets WithSettings(std::map<std::string, std::string> values) {
    Secrets secrets;
    for (auto& [key, value] : values) secrets.settings[key] = SecretSetting{value, key + kSource};
    return secrets;
}

std::string ErrorOf(Config& config, Secrets secrets) {
    try {
        ApplySecretSettings(config, secrets);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(SecretSettings, FillEmptyConfigValues) {
    Config config;
    Secrets secrets = WithSettings({{"database_url", "postgresql://app@db.internal/shifts"},
                                    {"s3_bucket", "pictures"},
                                    {"s3_access_key_id", "AKIDEXAMPLE"},
                                    {"smtp_url", "smtps://smtp.example.com:465"},
                                    {"smtp_username", "mailer"}});
    ApplySecretSettings(config, secrets);
    EXPECT_EQ(config.database.postgres_url, "postgresql://app@db.internal/shifts");
    EXPECT_EQ(config.blobs.s3_bucket, "pictures");
    EXPECT_EQ(config.blobs.s3_access_key_id, "AKIDEXAMPLE");
    EXPECT_EQ(config.mail.smtp_url, "smtps://smtp.example.com:465");
    EXPECT_EQ(config.mail.smtp_username, "mailer");
    for (const auto& [key, setting] : secrets.settings) EXPECT_EQ(setting.value, "") << key;
}

TEST(SecretSettings, NeverReplaceWhatTheConfigurationSays) {
    Config config;
    config.database.postgres_url = "postgresql://ops@primary/shifts";
    config.blobs.s3_bucket = "configured";
    config.blobs.s3_access_key_id = "CONFIGURED";
    config.mail.smtp_url = "smtp://relay:25";
    config.mail.smtp_username = "configured";
    Secrets secrets = WithSettings({{"database_url", "postgresql://app:from-url@db/shifts"},
                                    {"s3_bucket", "pictures"},
                                    {"s3_access_key_id", "AKIDEXAMPLE"},
                                    {"smtp_url", "smtps://smtp.example.com:465"},
                                    {"smtp_username", "mailer"}});
    ApplySecretSettings(config, secrets);
    EXPECT_EQ(config.database.postgres_url, "postgresql://ops@primary/shifts");
    EXPECT_EQ(secrets.database_password, "") << "the password of a URL not used is not used either";
    EXPECT_EQ(config.blobs.s3_bucket, "configured");
    EXPECT_EQ(config.blobs.s3_access_key_id, "CONFIGURED");
    EXPECT_EQ(config.mail.smtp_url, "smtp://relay:25");
    EXPECT_EQ(config.mail.smtp_username, "configured");
}

TEST(SecretSettings, DatabaseUrlPasswordIsSplitOff) {
    const struct {
        const char* url;
        const char* kept;
        const char* password;
    } cases[] = {
        {"postgresql://app:s3cr%40t@db:5432/shifts", "postgresql://app@db:5432/shifts", "s3cr@t"},
        {"postgresql://app:pw@db/shifts?sslmode=require", "postgresql://app@db/shifts?sslmode=require", "pw"},
        {"postgresql://app@db/shifts?password=pw&sslmode=verify-full", "postgresql://app@db/shifts?sslmode=verify-full",
         "pw"},
        {"postgresql://app@db/shifts?sslmode=require&PassWord=a%26b", "postgresql://app@db/shifts?sslmode=require",
         "a&b"},
        {"postgresql://db/shifts?password=pw", "postgresql://db/shifts", "pw"},
        {"postgresql://app@db/shifts", "postgresql://app@db/shifts", ""},
    };
    for (const auto& c : cases) {
        Config config;
        Secrets secrets = WithSettings({{"database_url", c.url}});
        ApplySecretSettings(config, secrets);
        EXPECT_EQ(config.database.postgres_url, c.kept) << c.url;
        EXPECT_EQ(secrets.database_password, c.password) << c.url;
    }
}

TEST(SecretSettings, AnExplicitDatabasePasswordWinsButTheUrlStillLosesItsOwn) {
    Config config;
    Secrets secrets = WithSettings({{"database_url", "postgresql://app:old@db/shifts"}});
    secrets.database_password = "explicit";
    ApplySecretSettings(config, secrets);
    EXPECT_EQ(secrets.database_password, "explicit");
    EXPECT_EQ(config.database.postgres_url, "postgresql://app@db/shifts");
}

TEST(SecretSettings, BadSettingsAreRefusedWithoutTheirValues) {
    const std::string password = "hunter2-do-not-print";
    const struct {
        const char* key;
        std::string value;
        const char* message;
    } cases[] = {
        {"database_url", "mysql://app:" + password + "@db/shifts", "database_url in AWS secret app must be sqlite"},
        {"database_url", "postgresql://app:" + password + "@db/shifts?password=" + password,
         "database_url in AWS secret app holds more than one password"},
        {"database_url", "postgresql://app:" + password + "@db", "database_url in AWS secret app names no database"},
        {"smtp_url", "http://mail:" + password + "@example.com", "smtp_url in AWS secret app must be smtp://"},
    };
    for (const auto& c : cases) {
        Config config;
        const std::string error = ErrorOf(config, WithSettings({{c.key, c.value}}));
        EXPECT_EQ(error.rfind(c.message, 0), 0u) << error;
        EXPECT_EQ(error.find(password), std::string::npos) << error;
        EXPECT_EQ(config.database.postgres_url, "") << "a refused setting changes nothing";
        EXPECT_EQ(config.mail.smtp_url, "");
    }
}

}  // namespace
}  // namespace shiftsync
