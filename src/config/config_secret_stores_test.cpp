// The options that name secret stores: the systemd credentials directory and AWS Secrets Manager.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "config/config.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;
using Args = std::vector<std::string>;

std::string ErrorOf(const Args& args, const Env& env = {}) {
    try {
        LoadConfig(args, env);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(ConfigSecretStores, NoneByDefault) {
    const Config config = LoadConfig({}, {});
    EXPECT_TRUE(config.credentials_dir.empty());
    EXPECT_TRUE(config.aws.secret_id.empty());
    EXPECT_TRUE(config.aws.region.empty());
}

TEST(ConfigSecretStores, CredentialsDirFromFlagEnvironmentOrSystemd) {
    EXPECT_EQ(LoadConfig({}, {{"CREDENTIALS_DIRECTORY", "/run/credentials/shiftsync.service"}}).credentials_dir,
              fs::path("/run/credentials/shiftsync.service"));
    EXPECT_EQ(LoadConfig({}, {{"CREDENTIALS_DIRECTORY", "/run/credentials/x"}, {"SHIFTSYNC_CREDENTIALS_DIR", "/a"}})
                  .credentials_dir,
              fs::path("/a"));
    EXPECT_EQ(LoadConfig({"--credentials-dir", "/b"}, {{"SHIFTSYNC_CREDENTIALS_DIR", "/a"}}).credentials_dir,
              fs::path("/b"));
    EXPECT_EQ(LoadConfig({"--credentials-dir=/c"}, {{"CREDENTIALS_DIRECTORY", ""}}).credentials_dir, fs::path("/c"));
    EXPECT_NE(ErrorOf({"--credentials-dir="}).find("--credentials-dir must not be empty"), std::string::npos);
}

TEST(ConfigSecretStores, AwsOptionsFromFlagsAndEnvironment) {
    Config config = LoadConfig({"--aws-secret-id", "shiftsync/prod", "--aws-region=eu-west-1", "--aws-secrets-endpoint",
                                "https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com"},
                               {});
    EXPECT_EQ(config.aws.secret_id, "shiftsync/prod");
    EXPECT_EQ(config.aws.region, "eu-west-1");
    EXPECT_EQ(config.aws.endpoint, "https://vpce-1.secretsmanager.eu-west-1.vpce.amazonaws.com");
    config = LoadConfig({}, {{"SHIFTSYNC_AWS_SECRET_ID", "arn:aws:secretsmanager:us-west-2:1:secret:s"},
                             {"SHIFTSYNC_AWS_REGION", "us-west-2"},
                             {"SHIFTSYNC_AWS_SECRETS_ENDPOINT", "http://127.0.0.1:4566"}});
    EXPECT_EQ(config.aws.secret_id, "arn:aws:secretsmanager:us-west-2:1:secret:s");
    EXPECT_EQ(config.aws.region, "us-west-2");
    EXPECT_EQ(config.aws.endpoint, "http://127.0.0.1:4566");
}

TEST(ConfigSecretStores, AwsRegionDefaultsToAnExplicitS3Region) {
    EXPECT_EQ(LoadConfig({"--aws-secret-id", "s", "--s3-region", "ap-south-1"}, {}).aws.region, "ap-south-1");
    EXPECT_EQ(LoadConfig({"--aws-secret-id", "s", "--s3-region", "us-east-1"}, {}).aws.region, "us-east-1");
    EXPECT_EQ(
        LoadConfig({"--aws-secret-id", "s", "--s3-region", "ap-south-1", "--aws-region", "eu-north-1"}, {}).aws.region,
        "eu-north-1");
    // The S3 region's default is not a choice the operator made for the secret.
    const std::string error = ErrorOf({"--aws-secret-id", "s"});
    EXPECT_NE(error.find("--aws-secret-id needs a region"), std::string::npos) << error;
}

TEST(ConfigSecretStores, AwsOptionsWithoutASecretIdAreRefused) {
    EXPECT_NE(ErrorOf({"--aws-secrets-endpoint", "https://example.com"}).find("need --aws-secret-id"),
              std::string::npos);
    EXPECT_NE(ErrorOf({"--aws-ca-file", "/etc/ssl/certs/ca-certificates.crt"}).find("need --aws-secret-id"),
              std::string::npos);
    EXPECT_EQ(ErrorOf({"--aws-region", "eu-west-1"}), "");  // harmless alone
}

TEST(ConfigSecretStores, BadAwsEndpointOrCaFileIsRefused) {
    const Args base = {"--aws-secret-id", "s", "--aws-region", "eu-west-1"};
    for (const char* bad : {"ftp://x", "https://user:pw@host", "https://host/path", "host:443", "https://"}) {
        Args args = base;
        args.insert(args.end(), {"--aws-secrets-endpoint", bad});
        EXPECT_NE(ErrorOf(args).find("--aws-secrets-endpoint must be http(s)://host[:port]"), std::string::npos) << bad;
    }
    Args args = base;
    args.insert(args.end(), {"--aws-ca-file", "/nonexistent/ca.pem"});
    EXPECT_NE(ErrorOf(args).find("AWS CA file /nonexistent/ca.pem does not exist"), std::string::npos);
}

TEST(ConfigSecretStores, ConfigFileKeys) {
    std::string pattern = (fs::temp_directory_path() / "shiftsync-stores-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    const fs::path dir = pattern;
    std::ofstream(dir / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
    std::ofstream(dir / "config.json") << R"({"credentials_dir": "creds", "aws_secret_id": "app",
        "aws_region": "eu-central-1", "aws_secrets_endpoint": "https://127.0.0.1:8443", "aws_ca_file": "ca.pem"})";
    const Config config = LoadConfig({"--config", (dir / "config.json").string()}, {});
    EXPECT_EQ(config.credentials_dir, dir / "creds");
    EXPECT_EQ(config.aws.secret_id, "app");
    EXPECT_EQ(config.aws.region, "eu-central-1");
    EXPECT_EQ(config.aws.endpoint, "https://127.0.0.1:8443");
    EXPECT_EQ(config.aws.ca_file, dir / "ca.pem");
    fs::remove_all(dir);
}

TEST(ConfigSecretStores, HelpNamesTheStoresAndTheirOrder) {
    const std::string help = ConfigFlagsHelp();
    for (const char* text : {"--credentials-dir", "SHIFTSYNC_CREDENTIALS_DIR", "$CREDENTIALS_DIRECTORY",
                             "--aws-secret-id", "--aws-region", "--aws-secrets-endpoint", "--aws-ca-file",
                             "the environment,\nthe credentials directory, the AWS secret, the secrets file"}) {
        EXPECT_NE(help.find(text), std::string::npos) << text;
    }
}

TEST(ConfigSecretStores, ShiftsyncEnvironmentKeepsCredentialsDirectoryButNotAws) {
    setenv("CREDENTIALS_DIRECTORY", "/run/credentials/test", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "never-for-the-config-loader", 1);
    const auto env = ShiftsyncEnvironment();
    EXPECT_EQ(env.at("CREDENTIALS_DIRECTORY"), "/run/credentials/test");
    EXPECT_EQ(env.count("AWS_SECRET_ACCESS_KEY"), 0u);
    unsetenv("CREDENTIALS_DIRECTORY");
    unsetenv("AWS_SECRET_ACCESS_KEY");
}

}  // namespace
}  // namespace shiftsync
