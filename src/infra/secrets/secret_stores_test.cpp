// The secret stores together: which source wins each value, the systemd credentials directory,
// the AWS secret, several token keys, and settings carried by a secret.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>

#include "config/secret_settings.hpp"
#include "infra/aws/secrets_manager.hpp"
#include "infra/crypto/bytes.hpp"
#include "infra/crypto/system_adapters.hpp"
#include "infra/secrets/secrets_test_support.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using SecretStoresTest = testing_secrets::SecretsTest;

const std::string kEnvKey(32, 'E');
const std::string kCredKey(32, 'C');
const std::string kAwsKey(32, 'A');
const std::string kFileKey(32, 'F');

std::string Id(const std::string& key) { return MakeSha256Digest()->Sha256Hex(key).substr(0, 16); }

// Each store holds a different subset, so every value shows which store it came from.
TEST_F(SecretStoresTest, EachValueComesFromTheFirstStoreThatHasIt) {
    WriteSecretsFile(R"({"token_key": ")" + Base64Encode(kFileKey) + R"(", "token_lifetime_days": 5,
        "database_password": "file-db", "smtp_password": "file-smtp", "s3_secret_key": "file-s3",
        "smtp_username": "file-user", "s3_bucket": "file-bucket"})");
    UseAwsSecret(R"({"token_key": ")" + Base64Encode(kAwsKey) + R"(", "token_lifetime_days": "4",
        "database_password": "aws-db", "smtp_password": "aws-smtp", "smtp_username": "aws-user"})");
    WriteCredential("token_key", Base64Encode(kCredKey) + "\n");
    WriteCredential("token_lifetime_days", "3\n");
    WriteCredential("database_password", "cred-db\n");
    const testing_secrets::Env env = {{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}};

    Secrets secrets = Load(env);
    EXPECT_EQ(secrets.token_keys.at(0).key, kEnvKey);
    EXPECT_EQ(secrets.token_lifetime_days, 3);
    EXPECT_EQ(secrets.database_password, "cred-db");
    EXPECT_EQ(secrets.smtp_password, "aws-smtp");
    EXPECT_EQ(secrets.s3_secret_key, "file-s3");
    EXPECT_EQ(secrets.settings.at("smtp_username").value, "aws-user");
    EXPECT_EQ(secrets.settings.at("smtp_username").source, "smtp_username in AWS secret shiftsync/test");
    EXPECT_EQ(secrets.settings.at("s3_bucket").value, "file-bucket");
    EXPECT_EQ(secrets.token_keys.size(), 1u) << "the first store's list is the whole list";

    EXPECT_EQ(Load().token_keys.at(0).key, kCredKey);
    fs::remove_all(config_.credentials_dir);
    config_.credentials_dir.clear();
    secrets = Load();
    EXPECT_EQ(secrets.token_keys.at(0).key, kAwsKey);
    EXPECT_EQ(secrets.token_lifetime_days, 4);
    EXPECT_EQ(secrets.database_password, "aws-db");
    config_.aws = {};
    secrets = Load();
    EXPECT_EQ(secrets.token_keys.at(0).key, kFileKey);
    EXPECT_EQ(secrets.token_lifetime_days, 5);
    EXPECT_EQ(secrets.database_password, "file-db");
    EXPECT_EQ(secrets.settings.at("smtp_username").value, "file-user");
    EXPECT_FALSE(fs::exists(KeyFile()));
    config_.secrets_file.clear();
    secrets = Load();
    EXPECT_TRUE(fs::exists(KeyFile())) << "the generated key comes last";
    EXPECT_EQ(secrets.token_lifetime_days, 7);
    EXPECT_TRUE(secrets.settings.empty());
    EXPECT_EQ(aws_calls_, 3);
    EXPECT_EQ(last_aws_.secret_id, "shiftsync/test");
    EXPECT_EQ(last_aws_.region, "eu-west-1");
}

TEST_F(SecretStoresTest, CredentialFilesLoseOneTrailingNewline) {
    WriteCredential("smtp_password", "two newlines\n\n");
    WriteCredential("s3_secret_key", "none");
    WriteCredential("smtp_url", "smtp://mail.internal:25\n");
    const Secrets secrets = Load();
    EXPECT_EQ(secrets.smtp_password, "two newlines\n");
    EXPECT_EQ(secrets.s3_secret_key, "none");
    EXPECT_EQ(secrets.settings.at("smtp_url").value, "smtp://mail.internal:25");
    EXPECT_EQ(secrets.settings.at("smtp_url").source, "credential " + (config_.credentials_dir / "smtp_url").string());
}

TEST_F(SecretStoresTest, CredentialsReadableByOthersAreRefused) {
    const fs::path path = WriteCredential("smtp_password", "hunter2\n", 0644);
    const std::string error = ErrorOf();
    EXPECT_EQ(error, "credential " + path.string() + " is readable by group or others; run chmod 600 " + path.string());
}

TEST_F(SecretStoresTest, OtherFilesInTheCredentialsDirectoryAreIgnored) {
    WriteCredential("smtp_password", "ours\n");
    WriteCredential("other-program.key", "not ours", 0644);  // mode and name would both be refused if read
    fs::create_directories(config_.credentials_dir / "token_key.d");
    EXPECT_EQ(Load().smtp_password, "ours");
}

TEST_F(SecretStoresTest, AMissingCredentialsDirectoryIsAnError) {
    config_.credentials_dir = dir_ / "absent";
    EXPECT_NE(ErrorOf().find("credentials directory " + config_.credentials_dir.string() + " does not exist"),
              std::string::npos);
}

TEST_F(SecretStoresTest, SeveralKeysInOrderWithTheirIds) {
    const std::string second(40, '2');
    const std::string third(64, '3');
    const auto check = [&](const Secrets& secrets) {
        ASSERT_EQ(secrets.token_keys.size(), 3u);
        EXPECT_EQ(secrets.token_keys[0].key, kEnvKey);
        EXPECT_EQ(secrets.token_keys[1].key, second);
        EXPECT_EQ(secrets.token_keys[2].key, third);
        EXPECT_EQ(secrets.token_keys[0].id, Id(kEnvKey));
        EXPECT_EQ(secrets.token_keys[2].id, Id(third));
    };
    const std::string list = Base64Encode(kEnvKey) + "," + Base64UrlEncode(second) + " ,\n" + Base64Encode(third);
    check(Load({{"SHIFTSYNC_TOKEN_KEY", list}}));
    WriteCredential("token_key",
                    Base64Encode(kEnvKey) + "\n" + Base64Encode(second) + "\n" + Base64Encode(third) + "\n");
    check(Load());
    config_.credentials_dir.clear();
    WriteSecretsFile(R"({"token_key": [")" + Base64Encode(kEnvKey) + R"(", ")" + Base64Encode(second) + R"(", ")" +
                     Base64Encode(third) + R"("]})");
    check(Load());
    // The console's key/value form holds strings only.
    UseAwsSecret(R"({"token_key": ")" + Base64Encode(kEnvKey) + ", " + Base64Encode(second) + " " +
                 Base64Encode(third) + R"("})");
    check(Load());
}

TEST_F(SecretStoresTest, DuplicateOrBadKeysInAListAreRefusedWithoutShowingThem) {
    const std::string good = Base64Encode(kEnvKey);
    const std::string other = Base64Encode(kFileKey);
    std::string error = ErrorOf({{"SHIFTSYNC_TOKEN_KEY", good + "," + other + "," + good}});
    EXPECT_EQ(error, "SHIFTSYNC_TOKEN_KEY lists the same key twice (keys 1 and 3)");
    // The same bytes spelt in another alphabet are the same key.
    error = ErrorOf({{"SHIFTSYNC_TOKEN_KEY", good + " " + Base64UrlEncode(kEnvKey)}});
    EXPECT_EQ(error, "SHIFTSYNC_TOKEN_KEY lists the same key twice (keys 1 and 2)");

    const std::string short_key = Base64Encode(std::string(20, 's'));
    error = ErrorOf({{"SHIFTSYNC_TOKEN_KEY", good + "," + short_key}});
    EXPECT_EQ(error.rfind("SHIFTSYNC_TOKEN_KEY (key 2) must encode at least 32 bytes", 0), 0u) << error;
    EXPECT_EQ(error.find(short_key), std::string::npos);
    EXPECT_EQ(error.find(good), std::string::npos);
    EXPECT_EQ(ErrorOf({{"SHIFTSYNC_TOKEN_KEY", " , "}}), "SHIFTSYNC_TOKEN_KEY holds no key");

    WriteSecretsFile(R"({"token_key": []})");
    EXPECT_EQ(ErrorOf().find("token_key in secrets file"), 0u);
    EXPECT_NE(ErrorOf().find("holds no key"), std::string::npos);
    WriteSecretsFile(R"({"token_key": [")" + good + R"(", 12345]})");
    EXPECT_NE(ErrorOf().find("must hold base64 strings only"), std::string::npos);
    WriteSecretsFile(R"({"token_key": {"k": ")" + good + R"("}})");
    error = ErrorOf();
    EXPECT_NE(error.find("must be a base64 string or an array of them"), std::string::npos) << error;
    EXPECT_EQ(error.find(good), std::string::npos);
    WriteSecretsFile(R"({"token_key": [")" + good + R"(", "not base64!"]})");
    EXPECT_NE(ErrorOf().find("(key 2) is not valid base64"), std::string::npos);
}

TEST_F(SecretStoresTest, UnknownKeysInTheAwsSecretAreRefusedByName) {
    const std::string value = "a-secret-value-that-must-not-leak";
    UseAwsSecret(R"({"smtp_password": ")" + value + R"(", "smtp_pasword": ")" + value + R"("})");
    const std::string error = ErrorOf();
    EXPECT_EQ(error, "AWS secret shiftsync/test has unknown key \"smtp_pasword\"");
    UseAwsSecret(R"({"token_key": ")" + value + R"(", )");
    EXPECT_EQ(ErrorOf().rfind("AWS secret shiftsync/test is not valid JSON", 0), 0u);
    EXPECT_EQ(ErrorOf().find(value), std::string::npos);
    UseAwsSecret(R"(["token_key"])");
    EXPECT_EQ(ErrorOf(), "AWS secret shiftsync/test must hold a JSON object");
}

TEST_F(SecretStoresTest, AwsFailuresAreConfigurationErrors) {
    UseAwsSecret("{}");
    options_.fetch_aws_secret = [](const AwsSecretConfig&) -> std::string {
        throw AwsError(
            "GetSecretValue at https://secretsmanager.eu-west-1.amazonaws.com: HTTP 400 "
            "ResourceNotFoundException");
    };
    EXPECT_EQ(ErrorOf(),
              "AWS Secrets Manager: GetSecretValue at https://secretsmanager.eu-west-1.amazonaws.com: HTTP 400 "
              "ResourceNotFoundException");
    options_.fetch_aws_secret = [](const AwsSecretConfig&) -> std::string {
        throw std::invalid_argument("endpoint must be an http(s) URL");
    };
    EXPECT_EQ(ErrorOf(), "AWS Secrets Manager: endpoint must be an http(s) URL");
}

TEST_F(SecretStoresTest, ADatabaseUrlWithAPasswordIsSplitAndNeverShown) {
    const std::string password = "pw-from-the-seed";
    UseAwsSecret(R"({"database_url": "postgresql://app:)" + password + R"(@db.internal:5432/shifts",
                     "token_key": ")" +
                 Base64Encode(kAwsKey) + R"("})");
    Secrets secrets = Load();
    ApplySecretSettings(config_, secrets);
    EXPECT_EQ(config_.database.postgres_url, "postgresql://app@db.internal:5432/shifts");
    EXPECT_EQ(secrets.database_password, password);

    // An explicit database_password from a store that comes first wins over the URL's.
    config_.database.postgres_url.clear();
    WriteCredential("database_password", "explicit\n");
    secrets = Load();
    ApplySecretSettings(config_, secrets);
    EXPECT_EQ(secrets.database_password, "explicit");
    EXPECT_EQ(config_.database.postgres_url, "postgresql://app@db.internal:5432/shifts");

    config_.database.postgres_url.clear();
    UseAwsSecret(R"({"database_url": "postgres://app:)" + password + R"(@db/shifts"})");
    secrets = Load();
    try {
        ApplySecretSettings(config_, secrets);
        ADD_FAILURE() << "postgres:// is not a scheme Shift-Sync takes";
    } catch (const ConfigError& e) {
        EXPECT_EQ(std::string(e.what()).find(password), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("database_url in AWS secret shiftsync/test"), std::string::npos);
    }
}

TEST_F(SecretStoresTest, AGeneratedKeyOnPostgresqlIsUsedWithAWarning) {
    std::ostringstream log;
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(
        std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log)));
    Load();
    EXPECT_EQ(log.str().find("servers on other machines need the same key"), std::string::npos) << "SQLite: no warning";
    UseAwsSecret(R"({"database_url": "postgresql://app@db/shifts"})");
    const Secrets secrets = Load();
    spdlog::set_default_logger(previous);
    EXPECT_EQ(secrets.token_keys.size(), 1u);
    EXPECT_NE(log.str().find("servers on other machines need the same key"), std::string::npos) << log.str();
    EXPECT_NE(log.str().find("\"signing_kid\":\"" + secrets.token_keys[0].id + "\""), std::string::npos);
    EXPECT_EQ(log.str().find(Base64Encode(secrets.token_keys[0].key)), std::string::npos);
}

}  // namespace
}  // namespace shiftsync
