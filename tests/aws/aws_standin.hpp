#pragma once
// tests/aws/aws_standin.py as a child process of a test: AWS Secrets Manager over HTTPS with every
// SigV4 signature checked by botocore, and an IMDSv2 endpoint on plain HTTP.
#include <gtest/gtest.h>
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "../contract/temp_dir.hpp"

namespace shiftsync::aws_test {

// The credentials the stand-in accepts unless a test says otherwise.
inline constexpr const char* kAccessKeyId = "AKIDSTANDINEXAMPLE";
inline constexpr const char* kSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTANDINKEY";
inline constexpr const char* kSessionToken = "FwoGZXIvYXdzEStandInSessionToken//0123456789";
inline constexpr const char* kRegion = "eu-central-1";

struct StandInOptions {
    std::string session_token;  // empty: long-term keys only
    std::string region = kRegion;
    std::map<std::string, std::string> secrets;         // name -> SecretString
    std::map<std::string, std::string> binary_secrets;  // name -> bytes served as SecretBinary only
    int fail_first = 0;                                 // answer the first N requests with a 500
    int clock_offset_seconds = 0;                       // the stand-in's clock runs this far ahead
};

// One request the stand-in answered, from its requests.log.
struct LoggedRequest {
    std::string secret_id;
    int status = 0;
    std::string error;  // AWS error type, empty on success
};

// Started by the constructor, which blocks until ready.json appears (20 s deadline) and throws
// std::runtime_error if python or the stand-in fails before then. Stopped (SIGTERM, then SIGKILL
// after 5 s) on destruction; it also stops by itself if this process dies, since its stdin (our
// pipe) then closes.
class AwsStandIn {
public:
    explicit AwsStandIn(StandInOptions options);
    AwsStandIn(const AwsStandIn&) = delete;
    AwsStandIn& operator=(const AwsStandIn&) = delete;
    ~AwsStandIn();

    std::string endpoint() const { return "https://127.0.0.1:" + std::to_string(https_port_); }
    std::string imds_endpoint() const { return "http://127.0.0.1:" + std::to_string(imds_port_); }
    const std::string& ca_file() const { return ca_file_; }
    // Every Secrets Manager request answered so far (control requests excluded), oldest first.
    std::vector<LoggedRequest> Requests() const;

private:
    TempDir dir_;
    pid_t pid_ = -1;
    int stdin_ = -1;
    int https_port_ = 0;
    int imds_port_ = 0;
    std::string ca_file_;
};

// gtest assertions on error messages (gmock is not among the build's packages).
inline ::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}
inline ::testing::AssertionResult Lacks(const std::string& text, const std::string& part) {
    if (text.find(part) == std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "\"" << text << "\" contains \"" << part << "\"";
}

// A loopback TCP port nothing listens on (bound, then closed), for "nobody answers" tests.
int ClosedPort();

}  // namespace shiftsync::aws_test
