#include "infra/secrets/load_secrets.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <thread>
#include <vector>

#include "infra/crypto/bytes.hpp"
#include "infra/crypto/system_adapters.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

const std::string kEnvKey(32, 'E');
const std::string kFileKey(40, 'F');

class LoadSecretsTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "shiftsync-secrets-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        config_.data_dir = dir_ / "data";
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path WriteSecretsFile(const std::string& json, mode_t mode = 0600) {
        const fs::path path = dir_ / "secrets.json";
        std::ofstream(path) << json;
        ::chmod(path.c_str(), mode);
        config_.secrets_file = path;
        return path;
    }

    std::string ErrorOf(const Env& env = {}) {
        try {
            LoadSecrets(config_, env);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "";
    }

    static mode_t ModeOf(const fs::path& path) {
        struct stat info {};
        EXPECT_EQ(::stat(path.c_str(), &info), 0);
        return info.st_mode & 0777;
    }

    fs::path dir_;
    Config config_;
};

TEST_F(LoadSecretsTest, EnvironmentBeatsFile) {
    WriteSecretsFile(R"({"token_key": ")" + Base64Encode(kFileKey) + R"(", "token_lifetime_days": 30})");
    const Secrets secrets =
        LoadSecrets(config_, {{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}, {"SHIFTSYNC_TOKEN_LIFETIME_DAYS", "14"}});
    EXPECT_EQ(secrets.token_key, kEnvKey);
    EXPECT_EQ(secrets.token_lifetime_days, 14);
    EXPECT_FALSE(fs::exists(config_.data_dir / "secrets" / "token_key"));
}

TEST_F(LoadSecretsTest, FileBeatsGenerated) {
    WriteSecretsFile(R"({"token_key": ")" + Base64UrlEncode(kFileKey) + R"(", "token_lifetime_days": 30,
                        "database_password": "later", "smtp_password": "later", "s3_secret_key": "later"})");
    const Secrets secrets = LoadSecrets(config_, {});
    EXPECT_EQ(secrets.token_key, kFileKey);
    EXPECT_EQ(secrets.token_lifetime_days, 30);
    EXPECT_FALSE(fs::exists(config_.data_dir / "secrets" / "token_key"));
}

TEST_F(LoadSecretsTest, KeyIdIsAPrefixOfTheKeysSha256) {
    const Secrets secrets = LoadSecrets(config_, {{"SHIFTSYNC_TOKEN_KEY", Base64Encode(kEnvKey)}});
    EXPECT_EQ(secrets.token_key_id, MakeSha256Digest()->Sha256Hex(kEnvKey).substr(0, 16));
    EXPECT_EQ(secrets.token_lifetime_days, 7);
}

TEST_F(LoadSecretsTest, AcceptsEveryBase64Spelling) {
    const std::string key = RandomBytes(32);  // not a multiple of 3, so padding shows
    std::string url = Base64UrlEncode(key);
    std::string standard = Base64Encode(key);
    for (const std::string& text :
         {standard, standard.substr(0, standard.find('=')), url, url + "=", standard + "\n"}) {
        EXPECT_EQ(LoadSecrets(config_, {{"SHIFTSYNC_TOKEN_KEY", text}}).token_key, key) << text;
    }
}

TEST_F(LoadSecretsTest, GeneratedKeyPersistsWithPrivateModes) {
    const Secrets first = LoadSecrets(config_, {});
    const fs::path key_file = config_.data_dir / "secrets" / "token_key";
    ASSERT_TRUE(fs::exists(key_file));
    EXPECT_EQ(first.token_key.size(), 32u);
    EXPECT_EQ(ModeOf(key_file), 0600u);
    EXPECT_EQ(ModeOf(key_file.parent_path()), 0700u);
    const Secrets second = LoadSecrets(config_, {});
    EXPECT_EQ(second.token_key, first.token_key);
    EXPECT_EQ(second.token_key_id, first.token_key_id);
    // Nothing but the key is left behind in the directory.
    EXPECT_EQ(std::distance(fs::directory_iterator(key_file.parent_path()), fs::directory_iterator()), 1);
}

TEST_F(LoadSecretsTest, ConcurrentFirstStartsAgreeOnOneKey) {
    std::vector<std::string> keys(4);
    std::vector<std::thread> threads;
    for (auto& key : keys) threads.emplace_back([&] { key = LoadSecrets(config_, {}).token_key; });
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
    LoadSecrets(config_, {});
    const fs::path key_file = config_.data_dir / "secrets" / "token_key";
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

    const std::string not_base64 = "this is not base64 but a pass phrase!";
    error = ErrorOf({{"SHIFTSYNC_TOKEN_KEY", not_base64}});
    EXPECT_NE(error.find("not valid base64"), std::string::npos) << error;
    EXPECT_EQ(error.find("pass phrase"), std::string::npos) << error;

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
    EXPECT_EQ(LoadSecrets(config_, ok).token_lifetime_days, 365);
}

}  // namespace
}  // namespace shiftsync

namespace shiftsync {
namespace {

TEST_F(LoadSecretsTest, SmtpPasswordFromEnvironmentBeatsFile) {
    WriteSecretsFile(R"({"smtp_password": "from-file"})");
    EXPECT_EQ(LoadSecrets(config_, {}).smtp_password, "from-file");
    EXPECT_EQ(LoadSecrets(config_, {{"SHIFTSYNC_SMTP_PASSWORD", "from-env"}}).smtp_password, "from-env");
}

TEST_F(LoadSecretsTest, NoSmtpPasswordMeansNone) { EXPECT_EQ(LoadSecrets(config_, {}).smtp_password, ""); }

TEST_F(LoadSecretsTest, S3SecretKeyFromEnvironmentBeatsFile) {
    EXPECT_EQ(LoadSecrets(config_, {}).s3_secret_key, "");
    WriteSecretsFile(R"({"s3_secret_key": "from-file"})");
    EXPECT_EQ(LoadSecrets(config_, {}).s3_secret_key, "from-file");
    EXPECT_EQ(LoadSecrets(config_, {{"SHIFTSYNC_S3_SECRET_KEY", "from-env"}}).s3_secret_key, "from-env");
}

}  // namespace
}  // namespace shiftsync

namespace shiftsync {
namespace {

TEST_F(LoadSecretsTest, DatabasePasswordFromEnvironmentBeatsFile) {
    EXPECT_EQ(LoadSecrets(config_, {}).database_password, "");
    WriteSecretsFile(R"({"database_password": "from-file"})");
    EXPECT_EQ(LoadSecrets(config_, {}).database_password, "from-file");
    EXPECT_EQ(LoadSecrets(config_, {{"SHIFTSYNC_DATABASE_PASSWORD", "from-env"}}).database_password, "from-env");
    EXPECT_EQ(LoadSecrets(config_, {{"SHIFTSYNC_DATABASE_PASSWORD", ""}}).database_password, "from-file");
}

TEST_F(LoadSecretsTest, DatabasePasswordMustBeAString) {
    WriteSecretsFile(R"({"database_password": 12345678})");
    const std::string error = ErrorOf();
    EXPECT_NE(error.find("database_password"), std::string::npos) << error;
    EXPECT_EQ(error.find("12345678"), std::string::npos) << error;
}

TEST_F(LoadSecretsTest, DatabasePasswordAloneNeverGeneratesAKey) {
    EXPECT_EQ(LoadDatabasePassword(config_, {}), "");
    EXPECT_EQ(LoadDatabasePassword(config_, {{"SHIFTSYNC_DATABASE_PASSWORD", "from-env"}}), "from-env");
    WriteSecretsFile(R"({"database_password": "from-file"})");
    EXPECT_EQ(LoadDatabasePassword(config_, {}), "from-file");
    EXPECT_EQ(LoadDatabasePassword(config_, {{"SHIFTSYNC_DATABASE_PASSWORD", "from-env"}}), "from-env");
    EXPECT_FALSE(fs::exists(config_.data_dir / "secrets" / "token_key"));
}

TEST_F(LoadSecretsTest, DatabasePasswordAloneStillChecksTheSecretsFile) {
    WriteSecretsFile(R"({"database_pasword": "typo"})");
    EXPECT_THROW(LoadDatabasePassword(config_, {}), ConfigError);
}

}  // namespace
}  // namespace shiftsync
