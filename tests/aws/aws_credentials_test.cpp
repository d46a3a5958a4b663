// ResolveAwsCredentials: the environment first, then IMDSv2 (the stand-in's metadata endpoint).
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "aws_standin.hpp"
#include "infra/aws/secrets_manager.hpp"

namespace shiftsync::aws_test {
namespace {

using Environment = std::map<std::string, std::string>;

// An IMDS endpoint where nothing answers: no test may reach for the real 169.254.169.254.
std::string NowhereImds() { return "http://127.0.0.1:" + std::to_string(ClosedPort()); }

std::string ErrorOf(const Environment& environment) {
    try {
        ResolveAwsCredentials(environment);
    } catch (const AwsError& error) {
        return error.what();
    }
    ADD_FAILURE() << "ResolveAwsCredentials did not throw AwsError";
    return {};
}

TEST(AwsCredentials, TheEnvironmentComesFirst) {
    const Environment environment = {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                     {"AWS_SECRET_ACCESS_KEY", "env-secret"},
                                     {"AWS_SESSION_TOKEN", "env-token"},
                                     {"AWS_EC2_METADATA_SERVICE_ENDPOINT", NowhereImds()}};
    const AwsCredentials credentials = ResolveAwsCredentials(environment);
    EXPECT_EQ(credentials.access_key_id, "AKIDENV");
    EXPECT_EQ(credentials.secret_access_key, "env-secret");
    EXPECT_EQ(credentials.session_token, "env-token");
    EXPECT_EQ(ResolveAwsCredentials({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}}).session_token, "");
}

TEST(AwsCredentials, HalfAKeyPairIsAnError) {
    const std::string message =
        ErrorOf({{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_EC2_METADATA_SERVICE_ENDPOINT", NowhereImds()}});
    EXPECT_TRUE(Contains(message, "AWS_SECRET_ACCESS_KEY is not"));
    EXPECT_TRUE(Lacks(ErrorOf({{"AWS_SECRET_ACCESS_KEY", "only-the-secret"}}), "only-the-secret"));
}

TEST(AwsCredentials, ComeFromTheInstanceRoleThroughImdsV2AndWork) {
    StandInOptions options;
    options.session_token = kSessionToken;
    options.secrets["shiftsync/app"] = R"({"k":"v"})";
    AwsStandIn standin(options);
    const AwsCredentials credentials =
        ResolveAwsCredentials({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", standin.imds_endpoint()}});
    EXPECT_EQ(credentials.access_key_id, kAccessKeyId);
    EXPECT_EQ(credentials.secret_access_key, kSecretAccessKey);
    EXPECT_EQ(credentials.session_token, kSessionToken);
    // The stand-in, like IMDS, hands out credentials that expire in six hours.
    const auto left = credentials.expires_at - std::chrono::system_clock::now();
    EXPECT_GT(left, std::chrono::hours{6} - std::chrono::minutes{2});
    EXPECT_LT(left, std::chrono::hours{6} + std::chrono::minutes{2});

    SecretsManagerOptions secrets;
    secrets.secret_id = "shiftsync/app";
    secrets.region = kRegion;
    secrets.endpoint = standin.endpoint();
    secrets.ca_file = standin.ca_file();
    EXPECT_EQ(GetSecretString(secrets, credentials), R"({"k":"v"})");
}

TEST(AwsCredentials, NoneAnywhereIsAnAwsError) {
    const std::string message = ErrorOf({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", NowhereImds()}});
    EXPECT_TRUE(Contains(message, "no AWS credentials"));
    EXPECT_TRUE(Contains(message, "PUT"));
}

TEST(AwsCredentials, ImdsCanBeTurnedOff) {
    StandInOptions options;
    AwsStandIn standin(options);
    const std::string message = ErrorOf(
        {{"AWS_EC2_METADATA_SERVICE_ENDPOINT", standin.imds_endpoint()}, {"AWS_EC2_METADATA_DISABLED", "true"}});
    EXPECT_TRUE(Contains(message, "AWS_EC2_METADATA_DISABLED"));
}

TEST(AwsCredentials, ABadImdsEndpointIsNamed) {
    EXPECT_TRUE(Contains(ErrorOf({{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254"}}),
                         "AWS_EC2_METADATA_SERVICE_ENDPOINT must be http(s)://host[:port]"));
}

}  // namespace
}  // namespace shiftsync::aws_test
