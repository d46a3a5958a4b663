// The environment, the secrets file and the generated key; secret_stores_test.cpp has the
// credentials directory, the AWS secret and the order of all of them.
#include <thread>
#include <vector>

#include "infra/crypto/bytes.hpp"
#include "infra/crypto/system_adapters.hpp"
#include "infra/secrets/secrets_test_support.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using testing_secrets::Env;

const std::string kEnvKey(32, 'E');
const std::string kFileKey(40, 'F');

using LoadSecretsTest = testing_secrets::SecretsTest;

TEST_F(LoadSecretsTest, EnvironmentBeatsFile) {
    WriteSecretsFile(R"({"token_key": ")" + Base64Encode(kFileKey) + R"(", "token_lifetime_days": 30})");
    const Secrets secrets =
        Load({{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}, {"SHIFTSYNC_TOKEN_LIFETIME_DAYS", "14"}});
    EXPECT_EQ(secrets.token_keys.at(0).key, kEnvKey);
    EXPECT_EQ(secrets.token_lifetime_days, 14);
    EXPECT_FALSE(fs::exists(KeyFile()));
}

TEST_F(LoadSecretsTest, FileBeatsGenerated) {
    WriteSecretsFile(R"({"token_key": ")" + Base64UrlEncode(kFileKey) + R"(", "token_lifetime_days": 30,
                        "database_password": "later", "smtp_password": "later", "s3_secret_key": "later"})");
    const Secrets secrets = Load();
    EXPECT_EQ(secrets.token_keys.at(0).key, kFileKey);
    EXPECT_EQ(secrets.token_lifetime_days, 30);
    EXPECT_FALSE(fs::exists(KeyFile()));
}

TEST_F(LoadSecretsTest, KeyIdIsAPrefixOfTheKeysSha256) {
    const Secrets secrets = Load({{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}});
    EXPECT_EQ(secrets.token_keys.at(0).id, MakeSha256Digest()->Sha256Hex(kEnvKey).substr(0, 16));
    EXPECT_EQ(secrets.token_lifetime_days, 7);
}

TEST_F(LoadSecretsTest, AcceptsEveryBase64Spelling) {
    const std::string key = RandomBytes(32);  // not a multiple of 3, so padding shows
    std::string url = Base64UrlEncode(key);
    std::string standard = Base64Encode(key);
    for (const std::string& text :
         {standard, standard.substr(0, standard.find('=')), url, url + "=", standard + "\n"}) {
        EXPECT_EQ(Load({{"SHIFTSYNC_TOKEN_KEY", text}}).token_keys.at(0).key, key) << text;
    }
}

TEST_F(LoadSecretsTest, GeneratedKeyPersistsWithPrivateModes) {
    const Secrets first = Load();
    const fs::path key_file = KeyFile();
    ASSERT_TRUE(fs::exists(key_file));
    EXPECT_EQ(first.token_keys.at(0).key.size(), 32u);
    EXPECT_EQ(ModeOf(key_file), 0600u);
    EXPECT_EQ(ModeOf(key_file.parent_path()), 0700u);
    const Secrets second = Load();
    EXPECT_EQ(second.token_keys.at(0).key, first.token_keys.at(0).key);
    EXPECT_EQ(second.token_keys.at(0).id, first.token_keys.at(0).id);
    // Nothing but the key is left behind in the directory.
    EXPECT_EQ(std::distance(fs::directory_iterator(key_file.parent_path()), fs::directory_iterator()), 1);
}

TEST_F(LoadSecretsTest, ConcurrentFirstStartsAgreeOnOneKey) {
    std::vector<std::string> keys(4);
    std::vector<std::thread> threads;
    for (auto& key : keys) threads.emplace_back([&] { key = Load().token_keys.at(0).key; });
    for (auto& thread : threads) thread.join();
    for (const auto& key : keys) EXPECT_EQ(key, keys.front());
}

TEST_F(LoadSecretsTest, RefusesGroupReadableSecretsFile) {
    const fs::path path = WriteSecretsFile(R"({"token_key": ")" + Base64Encode(kFileKey) + R"("})", 0644);
    const std::string error = ErrorOf();
    EXPECT_EQ(error,
              "secrets file " + path.string() + " is readable by group or others; run chmod 600 " + path.string());
    // Refused even when the environment supplies the key: the file is exposed all the same.
    EXPECT_NE(ErrorOf({{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}}).find("chmod 600"), std::string::npos);
}

TEST_F(LoadSecretsTest, RefusesGroupReadableGeneratedKeyFile) {
    Load();
    const fs::path key_file = KeyFile();
    ::chmod(key_file.c_str(), 0640);
    EXPECT_NE(ErrorOf().find("chmod 600 " + key_file.string()), std::string::npos);
}

TEST_F(LoadSecretsTest, NamedSecretsFileMustExist) {
    config_.secrets_file = dir_ / "absent.json";
    EXPECT_NE(ErrorOf().find("absent.json"), std::string::npos);
}

TEST_F(LoadSecretsTest, RefusesBadOrShortKeysWithoutShowingThem) {
    const std::string short_key = Base64Encode(std::string(31, 'S'));
    std::string error = ErrorOf({{"SHIFTSYNC_TOKEN_KEY", short_key}});
    EXPECT_NE(error.find("at least 32 bytes"), std::string::npos) << error;
    EXPECT_EQ(error.find(short_key), std::string::npos) << error;

    const std::string not_base64 = "this-is-not-base64-but-a-pass-phrase!";
    error = ErrorOf({{"SHIFTSYNC_TOKEN_KEY", not_base64}});
    EXPECT_NE(error.find("not valid base64"), std::string::npos) << error;
    EXPECT_EQ(error.find("pass-phrase"), std::string::npos) << error;

    WriteSecretsFile(R"({"token_key": ")" + short_key + R"("})");
    error = ErrorOf();
    EXPECT_NE(error.find("token_key in secrets file"), std::string::npos) << error;
    EXPECT_EQ(error.find(short_key), std::string::npos) << error;
}

TEST_F(LoadSecretsTest, ErrorsAboutTheFileDoNotQuoteIt) {
    const std::string key = Base64Encode(kFileKey);
    WriteSecretsFile(R"({"token_key": ")" + key + R"(", "token_lifetime_days": 0})");
    std::string error = ErrorOf();
    EXPECT_NE(error.find("token_lifetime_days"), std::string::npos) << error;
    EXPECT_EQ(error.find(key), std::string::npos) << error;

    WriteSecretsFile(R"({"token_key": ")" + key + R"(", "tokn_key": ")" + key + R"("})");
    error = ErrorOf();
    EXPECT_NE(error.find("unknown key \"tokn_key\""), std::string::npos) << error;
    EXPECT_EQ(error.find(key), std::string::npos) << error;

    WriteSecretsFile(R"({"token_key": ")" + key + R"(", )");
    error = ErrorOf();
    EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
    EXPECT_EQ(error.find(key), std::string::npos) << error;
}

TEST_F(LoadSecretsTest, LifetimeRange) {
    const Env env = {{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}};
    for (const char* bad : {"0", "366", "-1", "7d", "1.5"}) {
        Env with = env;
        with["SHIFTSYNC_TOKEN_LIFETIME_DAYS"] = bad;
        EXPECT_NE(ErrorOf(with).find("from 1 to 365"), std::string::npos) << bad;
    }
    Env ok = env;
    ok["SHIFTSYNC_TOKEN_LIFETIME_DAYS"] = "365";
    EXPECT_EQ(Load(ok).token_lifetime_days, 365);
}

}  // namespace
}  // namespace shiftsync

namespace shiftsync {
namespace {

TEST_F(LoadSecretsTest, SmtpPasswordFromEnvironmentBeatsFile) {
    WriteSecretsFile(R"({"smtp_password": "from-file"})");
    EXPECT_EQ(Load().smtp_password, "from-file");
    EXPECT_EQ(Load({{"SHIFTSYNC_SMTP_PASSWORD", "from-env"}}).smtp_password, "from-env");
}

TEST_F(LoadSecretsTest, NoSmtpPasswordMeansNone) { EXPECT_EQ(Load().smtp_password, ""); }

TEST_F(LoadSecretsTest, S3SecretKeyFromEnvironmentBeatsFile) {
    EXPECT_EQ(Load().s3_secret_key, "");
    WriteSecretsFile(R"({"s3_secret_key": "from-file"})");
    EXPECT_EQ(Load().s3_secret_key, "from-file");
    EXPECT_EQ(Load({{"SHIFTSYNC_S3_SECRET_KEY", "from-env"}}).s3_secret_key, "from-env");
}

}  // namespace
}  // namespace shiftsync

namespace shiftsync {
namespace {

TEST_F(LoadSecretsTest, DatabasePasswordFromEnvironmentBeatsFile) {
    EXPECT_EQ(Load().database_password, "");
    WriteSecretsFile(R"({"database_password": "from-file"})");
    EXPECT_EQ(Load().database_password, "from-file");
    EXPECT_EQ(Load({{"SHIFTSYNC_DATABASE_PASSWORD", "from-env"}}).database_password, "from-env");
    EXPECT_EQ(Load({{"SHIFTSYNC_DATABASE_PASSWORD", ""}}).database_password, "from-file");
}

TEST_F(LoadSecretsTest, DatabasePasswordMustBeAString) {
    WriteSecretsFile(R"({"database_password": 12345678})");
    const std::string error = ErrorOf();
    EXPECT_NE(error.find("database_password"), std::string::npos) << error;
    EXPECT_EQ(error.find("12345678"), std::string::npos) << error;
}

// `shiftsync migrate` signs nothing: it must not leave a key behind in the data directory.
TEST_F(LoadSecretsTest, WithoutTokenKeysNothingIsGenerated) {
    options_.token_keys = false;
    EXPECT_EQ(Load().database_password, "");
    EXPECT_TRUE(Load().token_keys.empty());
    EXPECT_EQ(Load({{"SHIFTSYNC_DATABASE_PASSWORD", "from-env"}}).database_password, "from-env");
    WriteSecretsFile(R"({"database_password": "from-file"})");
    EXPECT_EQ(Load().database_password, "from-file");
    EXPECT_EQ(Load({{"SHIFTSYNC_DATABASE_PASSWORD", "from-env"}}).database_password, "from-env");
    EXPECT_FALSE(fs::exists(KeyFile()));
    EXPECT_FALSE(fs::exists(config_.data_dir));
}

TEST_F(LoadSecretsTest, WithoutTokenKeysTheSourcesAreStillChecked) {
    options_.token_keys = false;
    WriteSecretsFile(R"({"database_pasword": "typo"})");
    EXPECT_NE(ErrorOf().find("unknown key \"database_pasword\""), std::string::npos);
    WriteSecretsFile(R"({"token_key": "short"})");
    EXPECT_NE(ErrorOf().find("token_key in secrets file"), std::string::npos);
}

}  // namespace
}  // namespace shiftsync
