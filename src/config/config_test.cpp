#include "config/config.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;
using Args = std::vector<std::string>;

class ConfigTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "shiftsync-config-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string WriteFile(const std::string& name, const std::string& text) {
        const fs::path path = dir_ / name;
        std::ofstream(path) << text;
        return path.string();
    }

    // The ConfigError message, or "" when LoadConfig succeeds.
    static std::string ErrorOf(const Args& args, const Env& env = {}) {
        try {
            LoadConfig(args, env);
        } catch (const ConfigError& e) {
            return e.what();
        }
        return "";
    }

    fs::path dir_;
};

TEST_F(ConfigTest, Defaults) {
    const Config config = LoadConfig({}, {});
    EXPECT_EQ(config.server.listen_host, "127.0.0.1");
    EXPECT_EQ(config.server.listen_port, 8080);
    EXPECT_EQ(config.server.public_url, "http://127.0.0.1:8080");
    EXPECT_FALSE(config.server.secure_cookies);
    EXPECT_EQ(config.server.worker_threads, 4);
    EXPECT_EQ(config.server.hashing_threads, 2);
    EXPECT_EQ(config.server.max_body_bytes, 1024u * 1024u);
    EXPECT_EQ(config.data_dir, fs::path("data"));
    EXPECT_TRUE(config.secrets_file.empty());
    EXPECT_TRUE(config.allow_new_organizations);
    EXPECT_EQ(config.invitation_lifetime_days, 7);
    EXPECT_EQ(config.log_level, "info");
}

TEST_F(ConfigTest, FlagsBeatEnvironmentBeatFileBeatDefaults) {
    const std::string file = WriteFile("config.json", R"({"worker_threads": 3, "hashing_threads": 3,
        "invitation_days": 3, "log_level": "warn"})");
    const Env env = {{"SHIFTSYNC_CONFIG", file}, {"SHIFTSYNC_WORKER_THREADS", "5"}, {"SHIFTSYNC_HASHING_THREADS", "5"}};
    const Config config = LoadConfig({"--worker-threads", "7"}, env);
    EXPECT_EQ(config.server.worker_threads, 7);              // flag
    EXPECT_EQ(config.server.hashing_threads, 5);             // environment over file
    EXPECT_EQ(config.invitation_lifetime_days, 3);           // file over default
    EXPECT_EQ(config.log_level, "warn");                     // file
    EXPECT_EQ(config.server.max_body_bytes, 1024u * 1024u);  // default
}

TEST_F(ConfigTest, ConfigFlagBeatsConfigEnvironment) {
    const std::string from_env = WriteFile("env.json", R"({"invitation_days": 11})");
    const std::string from_flag = WriteFile("flag.json", R"({"invitation_days": 22})");
    const Config config = LoadConfig({"--config=" + from_flag}, {{"SHIFTSYNC_CONFIG", from_env}});
    EXPECT_EQ(config.invitation_lifetime_days, 22);
}

TEST_F(ConfigTest, EveryFlagInBothForms) {
    fs::create_directory(dir_ / "static");
    const std::string secrets = (dir_ / "secrets.json").string();
    const Config config =
        LoadConfig({"--listen", "0.0.0.0:9000", "--data-dir=/var/lib/shiftsync", "--secrets-file", secrets,
                    "--static-dir=" + (dir_ / "static").string(), "--public-url", "https://shifts.example.com/",
                    "--allow-new-organizations=false", "--secure-cookies", "true", "--worker-threads=8",
                    "--hashing-threads", "3", "--max-body-bytes=2048", "--invitation-days", "30", "--log-level=DEBUG"},
                   {});
    EXPECT_EQ(config.server.listen_host, "0.0.0.0");
    EXPECT_EQ(config.server.listen_port, 9000);
    EXPECT_EQ(config.data_dir, fs::path("/var/lib/shiftsync"));
    EXPECT_EQ(config.secrets_file, fs::path(secrets));
    EXPECT_EQ(config.server.static_dir, dir_ / "static");
    EXPECT_EQ(config.server.public_url, "https://shifts.example.com");
    EXPECT_FALSE(config.allow_new_organizations);
    EXPECT_TRUE(config.server.secure_cookies);
    EXPECT_EQ(config.server.worker_threads, 8);
    EXPECT_EQ(config.server.hashing_threads, 3);
    EXPECT_EQ(config.server.max_body_bytes, 2048u);
    EXPECT_EQ(config.invitation_lifetime_days, 30);
    EXPECT_EQ(config.log_level, "debug");
}

TEST_F(ConfigTest, EveryEnvironmentVariable) {
    const Config config = LoadConfig({}, {{"SHIFTSYNC_LISTEN", "[::]:0"},
                                          {"SHIFTSYNC_DATA_DIR", "/srv/data"},
                                          {"SHIFTSYNC_SECRETS_FILE", "/etc/shiftsync/secrets.json"},
                                          {"SHIFTSYNC_PUBLIC_URL", "http://localhost:3000"},
                                          {"SHIFTSYNC_ALLOW_NEW_ORGANIZATIONS", "no"},
                                          {"SHIFTSYNC_SECURE_COOKIES", "1"},
                                          {"SHIFTSYNC_WORKER_THREADS", "64"},
                                          {"SHIFTSYNC_HASHING_THREADS", "1"},
                                          {"SHIFTSYNC_MAX_BODY_BYTES", "67108864"},
                                          {"SHIFTSYNC_INVITATION_DAYS", "90"},
                                          {"SHIFTSYNC_LOG_LEVEL", "trace"},
                                          {"SHIFTSYNC_TOKEN_KEY", "ignored here: read by LoadSecrets"}});
    EXPECT_EQ(config.server.listen_host, "::");
    EXPECT_EQ(config.server.listen_port, 0);
    EXPECT_EQ(config.data_dir, fs::path("/srv/data"));
    EXPECT_EQ(config.secrets_file, fs::path("/etc/shiftsync/secrets.json"));
    EXPECT_EQ(config.server.public_url, "http://localhost:3000");
    EXPECT_FALSE(config.allow_new_organizations);
    EXPECT_TRUE(config.server.secure_cookies);
    EXPECT_EQ(config.server.worker_threads, 64);
    EXPECT_EQ(config.server.hashing_threads, 1);
    EXPECT_EQ(config.server.max_body_bytes, 64u * 1024u * 1024u);
    EXPECT_EQ(config.invitation_lifetime_days, 90);
    EXPECT_EQ(config.log_level, "trace");
}

TEST_F(ConfigTest, EmptyEnvironmentVariablesCountAsUnset) {
    const Config config = LoadConfig({}, {{"SHIFTSYNC_LISTEN", ""}, {"SHIFTSYNC_CONFIG", ""}});
    EXPECT_EQ(config.server.listen_port, 8080);
}

TEST_F(ConfigTest, EveryFileKey) {
    const std::string file = WriteFile("all.json", R"({
        "listen": "[::1]:8443", "data_dir": "state", "secrets_file": "/etc/s.json", "public_url": "https://a.example",
        "allow_new_organizations": false, "secure_cookies": true, "worker_threads": 2, "hashing_threads": 4,
        "max_body_bytes": 4096, "invitation_days": 14, "log_level": "error"})");
    const Config config = LoadConfig({"--config", file}, {});
    EXPECT_EQ(config.server.listen_host, "::1");
    EXPECT_EQ(config.server.listen_port, 8443);
    EXPECT_EQ(config.data_dir, dir_ / "state");  // relative to the file, not the working directory
    EXPECT_EQ(config.secrets_file, fs::path("/etc/s.json"));
    EXPECT_EQ(config.server.public_url, "https://a.example");
    EXPECT_FALSE(config.allow_new_organizations);
    EXPECT_TRUE(config.server.secure_cookies);
    EXPECT_EQ(config.server.worker_threads, 2);
    EXPECT_EQ(config.server.hashing_threads, 4);
    EXPECT_EQ(config.server.max_body_bytes, 4096u);
    EXPECT_EQ(config.invitation_lifetime_days, 14);
    EXPECT_EQ(config.log_level, "error");
}

TEST_F(ConfigTest, Ipv6Listen) {
    const Config config = LoadConfig({"--listen", "[::1]:8080"}, {});
    EXPECT_EQ(config.server.listen_host, "::1");
    EXPECT_EQ(config.server.listen_port, 8080);
    EXPECT_EQ(config.server.public_url, "http://[::1]:8080");
}

TEST_F(ConfigTest, PortZeroLeavesPublicUrlForTheServer) {
    const Config config = LoadConfig({"--listen=127.0.0.1:0"}, {});
    EXPECT_EQ(config.server.listen_port, 0);
    EXPECT_TRUE(config.server.public_url.empty());
}

TEST_F(ConfigTest, MalformedListen) {
    for (const char* listen : {"::1:8080", "localhost", "host:65536", "host:-0", "host:+80", "host:", ":8080",
                               "[::1]8080", "[::1", "[localhost]:80", "[]:80", "a b:80"}) {
        const std::string error = ErrorOf({"--listen", listen});
        EXPECT_NE(error.find("--listen"), std::string::npos) << listen << ": " << error;
    }
    EXPECT_NE(ErrorOf({"--listen", "::1:8080"}).find("brackets"), std::string::npos);
    EXPECT_NE(ErrorOf({"--listen", "h:70000"}).find("0 to 65535"), std::string::npos);
}

TEST_F(ConfigTest, MalformedValuesNameTheirSource) {
    EXPECT_EQ(ErrorOf({"--worker-threads", "abc"}),
              "--worker-threads must be a whole number from 1 to 64, not \"abc\"");
    EXPECT_NE(ErrorOf({"--worker-threads", "0"}).find("from 1 to 64"), std::string::npos);
    EXPECT_NE(ErrorOf({"--hashing-threads", "65"}).find("from 1 to 64"), std::string::npos);
    EXPECT_NE(ErrorOf({"--max-body-bytes", "1023"}).find("1 KiB to 64 MiB"), std::string::npos);
    EXPECT_NE(ErrorOf({"--max-body-bytes", "67108865"}).find("1 KiB to 64 MiB"), std::string::npos);
    EXPECT_NE(ErrorOf({"--max-body-bytes", "1e6"}).find("--max-body-bytes"), std::string::npos);
    EXPECT_NE(ErrorOf({"--invitation-days", "91"}).find("from 1 to 90"), std::string::npos);
    EXPECT_NE(ErrorOf({"--log-level", "verbose"}).find("trace, debug, info, warn, error"), std::string::npos);
    EXPECT_NE(ErrorOf({"--secure-cookies", "maybe"}).find("true or false"), std::string::npos);
    EXPECT_NE(ErrorOf({"--public-url", "shifts.example.com"}).find("http:// or https://"), std::string::npos);
    EXPECT_NE(ErrorOf({"--static-dir", (dir_ / "missing").string()}).find("does not exist"), std::string::npos);
    EXPECT_NE(ErrorOf({}, {{"SHIFTSYNC_WORKER_THREADS", "many"}}).find("SHIFTSYNC_WORKER_THREADS"), std::string::npos);
}

TEST_F(ConfigTest, UnknownOrIncompleteFlags) {
    EXPECT_EQ(ErrorOf({"--x"}), "unknown option --x (see --help)");
    EXPECT_EQ(ErrorOf({"--x=1"}), "unknown option --x (see --help)");
    EXPECT_EQ(ErrorOf({"-x"}), "unknown option -x (see --help)");
    EXPECT_EQ(ErrorOf({"--Listen", "1.2.3.4:5"}), "unknown option --Listen (see --help)");
    EXPECT_NE(ErrorOf({"serve"}).find("unexpected argument"), std::string::npos);
    EXPECT_NE(ErrorOf({"--listen"}).find("needs a value"), std::string::npos);
}

TEST_F(ConfigTest, FileProblems) {
    EXPECT_NE(ErrorOf({"--config", (dir_ / "absent.json").string()}).find("does not exist"), std::string::npos);
    const std::string bad_json = WriteFile("bad.json", "{\"listen\": ");
    EXPECT_NE(ErrorOf({"--config", bad_json}).find("not valid JSON"), std::string::npos);
    const std::string array = WriteFile("array.json", "[1]");
    EXPECT_NE(ErrorOf({"--config", array}).find("JSON object"), std::string::npos);
    const std::string unknown = WriteFile("unknown.json", R"({"listen": "127.0.0.1:1", "colour": "blue"})");
    EXPECT_NE(ErrorOf({"--config", unknown}).find("unknown key \"colour\""), std::string::npos);
    const std::string wrong_type = WriteFile("type.json", R"({"worker_threads": "4"})");
    EXPECT_NE(ErrorOf({"--config", wrong_type}).find("worker_threads in"), std::string::npos);
    const std::string wrong_bool = WriteFile("bool.json", R"({"secure_cookies": "true"})");
    EXPECT_NE(ErrorOf({"--config", wrong_bool}).find("JSON boolean"), std::string::npos);
    const std::string out_of_range = WriteFile("range.json", R"({"invitation_days": 99999999999999999999})");
    EXPECT_NE(ErrorOf({"--config", out_of_range}).find("invitation_days"), std::string::npos);
}

TEST_F(ConfigTest, RefusesSecretsInTheConfigFile) {
    const std::string file = WriteFile("secret.json", R"({"token_key": "c2VjcmV0IHZhbHVlIHRoYXQgbXVzdCBub3QgbGVhaw"})");
    const std::string error = ErrorOf({"--config", file});
    EXPECT_NE(error.find("token_key"), std::string::npos) << error;
    EXPECT_NE(error.find("secrets file"), std::string::npos) << error;
    EXPECT_EQ(error.find("c2VjcmV0"), std::string::npos) << error;
}

TEST_F(ConfigTest, HelpMentionsEveryFlagAndVariable) {
    const std::string help = ConfigFlagsHelp();
    for (const char* name : {"--listen",
                             "--data-dir",
                             "--config",
                             "--secrets-file",
                             "--static-dir",
                             "--public-url",
                             "--allow-new-organizations",
                             "--secure-cookies",
                             "--worker-threads",
                             "--hashing-threads",
                             "--max-body-bytes",
                             "--invitation-days",
                             "--log-level",
                             "SHIFTSYNC_LISTEN",
                             "SHIFTSYNC_DATA_DIR",
                             "SHIFTSYNC_CONFIG",
                             "SHIFTSYNC_SECRETS_FILE",
                             "SHIFTSYNC_STATIC_DIR",
                             "SHIFTSYNC_PUBLIC_URL",
                             "SHIFTSYNC_ALLOW_NEW_ORGANIZATIONS",
                             "SHIFTSYNC_SECURE_COOKIES",
                             "SHIFTSYNC_WORKER_THREADS",
                             "SHIFTSYNC_HASHING_THREADS",
                             "SHIFTSYNC_MAX_BODY_BYTES",
                             "SHIFTSYNC_INVITATION_DAYS",
                             "SHIFTSYNC_LOG_LEVEL",
                             "127.0.0.1:8080",
                             "1048576"}) {
        EXPECT_NE(help.find(name), std::string::npos) << name;
    }
    // Aligned: every environment name starts in the same column.
    const auto column = [&](const char* env) {
        const auto at = help.find(env);
        return at - help.rfind('\n', at);
    };
    EXPECT_EQ(column("SHIFTSYNC_LISTEN"), column("SHIFTSYNC_ALLOW_NEW_ORGANIZATIONS"));
}

TEST_F(ConfigTest, ShiftsyncEnvironmentKeepsOnlyOurVariables) {
    setenv("SHIFTSYNC_CONFIG_TEST_VARIABLE", "a=b", 1);
    setenv("NOT_SHIFTSYNC_CONFIG_TEST", "x", 1);
    const auto env = ShiftsyncEnvironment();
    EXPECT_EQ(env.at("SHIFTSYNC_CONFIG_TEST_VARIABLE"), "a=b");
    EXPECT_EQ(env.count("NOT_SHIFTSYNC_CONFIG_TEST"), 0u);
    for (const auto& [name, value] : env) EXPECT_EQ(name.rfind("SHIFTSYNC_", 0), 0u);
    unsetenv("SHIFTSYNC_CONFIG_TEST_VARIABLE");
    unsetenv("NOT_SHIFTSYNC_CONFIG_TEST");
}

}  // namespace
}  // namespace shiftsync

namespace shiftsync {
namespace {

TEST_F(ConfigTest, MailDefaultsWriteEmlFiles) {
    const Config config = LoadConfig({}, {});
    EXPECT_EQ(config.mail.smtp_url, "");
    EXPECT_EQ(config.mail.from_address, "shiftsync@localhost");
    EXPECT_EQ(config.mail.max_attempts, 8);
    EXPECT_TRUE(config.mail.run_worker);
}

TEST_F(ConfigTest, MailSettingsFromFlagsAndEnvironment) {
    const Config config = LoadConfig({"--smtp-url", "smtps://mail.example.com:465", "--mail-from=shifts@example.com"},
                                     {{"SHIFTSYNC_SMTP_USERNAME", "relay-user"},
                                      {"SHIFTSYNC_MAIL_MAX_ATTEMPTS", "3"},
                                      {"SHIFTSYNC_SMTP_REQUIRE_TLS", "true"},
                                      {"SHIFTSYNC_MAIL_WORKER", "false"}});
    EXPECT_EQ(config.mail.smtp_url, "smtps://mail.example.com:465");
    EXPECT_EQ(config.mail.from_address, "shifts@example.com");
    EXPECT_EQ(config.mail.smtp_username, "relay-user");
    EXPECT_EQ(config.mail.max_attempts, 3);
    EXPECT_TRUE(config.mail.smtp_require_tls);
    EXPECT_FALSE(config.mail.run_worker);
}

TEST_F(ConfigTest, SmtpUrlWithCredentialsOrOtherSchemeIsRefused) {
    EXPECT_NE(ErrorOf({"--smtp-url", "smtp://user:secret@mail.example.com:25"}), "");
    EXPECT_EQ(ErrorOf({"--smtp-url", "smtp://user:secret@mail.example.com:25"}).find("user:secret"), std::string::npos);
    EXPECT_NE(ErrorOf({"--smtp-url", "http://mail.example.com"}), "");
    EXPECT_NE(ErrorOf({"--mail-from", "Ada <ada@example.com>"}), "");
    EXPECT_NE(ErrorOf({"--mail-from", "nobody"}), "");
    EXPECT_NE(ErrorOf({"--mail-max-attempts", "0"}), "");
}

}  // namespace
}  // namespace shiftsync

namespace shiftsync {
namespace {

TEST_F(ConfigTest, DatabaseDefaultsToSqliteInTheDataDirectory) {
    EXPECT_EQ(LoadConfig({}, {}).database.postgres_url, "");
    EXPECT_EQ(LoadConfig({"--database", "sqlite"}, {{"SHIFTSYNC_DATABASE", "postgresql://db.internal/shiftsync"}})
                  .database.postgres_url,
              "");
}

TEST_F(ConfigTest, DatabaseUrlFromFlagEnvironmentOrFile) {
    const std::string url = "postgresql://shiftsync@db.internal:5433/shiftsync?sslmode=verify-full";
    EXPECT_EQ(LoadConfig({"--database=" + url}, {}).database.postgres_url, url);
    EXPECT_EQ(LoadConfig({}, {{"SHIFTSYNC_DATABASE", url}}).database.postgres_url, url);
    const std::string file = WriteFile("db.json", R"({"database": "postgresql://[::1]/shifts"})");
    EXPECT_EQ(LoadConfig({"--config", file}, {}).database.postgres_url, "postgresql://[::1]/shifts");
}

TEST_F(ConfigTest, DatabaseUrlWithAPasswordIsRefusedWithoutRepeatingIt) {
    for (const std::string url :
         {"postgresql://app:hunter2secret@db.internal/shiftsync", "postgresql://app:@db.internal/shiftsync",
          "postgresql://app@db.internal/shiftsync?password=hunter2secret",
          "postgresql://app@db.internal/shiftsync?sslmode=require&PASSWORD=hunter2secret",
          "postgresql://app@db.internal/shiftsync?p%61ssword=hunter2secret"}) {
        for (const std::string& error : {ErrorOf({"--database", url}), ErrorOf({}, {{"SHIFTSYNC_DATABASE", url}})}) {
            EXPECT_NE(error.find("database_password"), std::string::npos) << url << ": " << error;
            EXPECT_NE(error.find("SHIFTSYNC_DATABASE_PASSWORD"), std::string::npos) << error;
            EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
            EXPECT_EQ(error.find("db.internal"), std::string::npos) << error;
        }
    }
}

TEST_F(ConfigTest, DatabaseOtherSchemesAndIncompleteUrlsAreRefused) {
    for (const std::string value :
         {"", "mysql://app:pw@db/shiftsync", "postgres://db/shiftsync", "sqlite3", "/var/lib/shiftsync/shiftsync.db",
          "postgresql://", "postgresql:///shiftsync", "postgresql://app@/shiftsync", "postgresql://db.internal",
          "postgresql://db.internal/", "postgresql://db.internal/?sslmode=require",
          "postgresql://db internal/shiftsync"}) {
        const std::string error = ErrorOf({"--database", value});
        EXPECT_NE(error.find("--database"), std::string::npos) << value << ": " << error;
        EXPECT_NE(error.find("postgresql://[user@]host[:port]/dbname"), std::string::npos) << value << ": " << error;
        EXPECT_EQ(error.find(":pw@"), std::string::npos) << error;
    }
}

TEST_F(ConfigTest, HelpMentionsTheDatabaseAndItsPassword) {
    const std::string help = ConfigFlagsHelp();
    for (const char* name : {"--database URL", "SHIFTSYNC_DATABASE ", "SHIFTSYNC_DATABASE_PASSWORD",
                             "database_password", "postgresql://"}) {
        EXPECT_NE(help.find(name), std::string::npos) << name;
    }
}

TEST_F(ConfigTest, RefusesTheDatabasePasswordInTheConfigFile) {
    const std::string file = WriteFile("pw.json", R"({"database_password": "hunter2secret"})");
    const std::string error = ErrorOf({"--config", file});
    EXPECT_NE(error.find("database_password"), std::string::npos) << error;
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
}

}  // namespace
}  // namespace shiftsync
