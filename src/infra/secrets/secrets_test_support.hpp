#pragma once
// The fixture of the secrets tests: a temporary directory with a data directory, a secrets file,
// a credentials directory and an AWS secret (served by a fetcher that hands out its text: the
// real client has tests of its own in tests/aws and the end-to-end suite).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "infra/secrets/load_secrets.hpp"

namespace shiftsync::testing_secrets {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

class SecretsTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "shiftsync-secrets-XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        config_.data_dir = dir_ / "data";
        options_.fetch_aws_secret = [this](const AwsSecretConfig& aws) {
            ++aws_calls_;
            last_aws_ = aws;
            return aws_secret_;
        };
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path WriteSecretsFile(const std::string& json, mode_t mode = 0600) {
        const fs::path path = dir_ / "secrets.json";
        std::ofstream(path) << json;
        ::chmod(path.c_str(), mode);
        config_.secrets_file = path;
        return path;
    }

    // A systemd-style credential: config_.credentials_dir/name, mode 0400 unless told.
    fs::path WriteCredential(const std::string& name, const std::string& text, mode_t mode = 0400) {
        config_.credentials_dir = dir_ / "credentials";
        fs::create_directories(config_.credentials_dir);
        const fs::path path = config_.credentials_dir / name;
        ::chmod(path.c_str(), 0600);  // writable again when rewritten
        std::ofstream(path) << text;
        ::chmod(path.c_str(), mode);
        return path;
    }

    void UseAwsSecret(const std::string& json) {
        config_.aws.secret_id = "shiftsync/test";
        config_.aws.region = "eu-west-1";
        aws_secret_ = json;
    }

    Secrets Load(const Env& env = {}) { return LoadSecrets(config_, env, options_); }

    std::string ErrorOf(const Env& env = {}) {
        try {
            Load(env);
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

    fs::path KeyFile() const { return config_.data_dir / "secrets" / "token_key"; }

    fs::path dir_;
    Config config_;
    LoadSecretsOptions options_;
    std::string aws_secret_;
    AwsSecretConfig last_aws_;
    int aws_calls_ = 0;
};

}  // namespace shiftsync::testing_secrets
