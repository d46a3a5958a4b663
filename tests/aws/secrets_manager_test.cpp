// GetSecretString and ResolveAwsCredentials against tests/aws/aws_standin.py, which checks every
// signature with botocore and answers as AWS does.
#include "infra/aws/secrets_manager.hpp"

#include <gtest/gtest.h>

#include <string>

#include "aws_standin.hpp"

namespace shiftsync::aws_test {
namespace {

const std::string kSecret = R"({"session_key":"c2VjcmV0LXZhbHVlLW5ldmVyLWluLWVycm9ycw=="})";

StandInOptions WithAppSecret(StandInOptions options = {}) {
    options.secrets["shiftsync/app"] = kSecret;
    return options;
}

SecretsManagerOptions OptionsFor(const AwsStandIn& standin, std::string secret_id = "shiftsync/app") {
    SecretsManagerOptions options;
    options.secret_id = std::move(secret_id);
    options.region = kRegion;
    options.endpoint = standin.endpoint();
    options.ca_file = standin.ca_file();
    return options;
}

AwsCredentials LongTermKeys() { return {kAccessKeyId, kSecretAccessKey, ""}; }

// The AwsError's message, after checking that it names no credential and no secret value.
std::string ErrorOf(const SecretsManagerOptions& options, const AwsCredentials& credentials) {
    try {
        GetSecretString(options, credentials);
    } catch (const AwsError& error) {
        const std::string message = error.what();
        EXPECT_TRUE(Lacks(message, credentials.secret_access_key));
        if (!credentials.session_token.empty()) {
            EXPECT_TRUE(Lacks(message, credentials.session_token));
        }
        EXPECT_TRUE(Lacks(message, "c2VjcmV0"));
        return message;
    }
    ADD_FAILURE() << "GetSecretString did not throw AwsError";
    return {};
}

TEST(SecretsManager, ReturnsTheSecretStringForLongTermKeys) {
    AwsStandIn standin(WithAppSecret());
    EXPECT_EQ(GetSecretString(OptionsFor(standin), LongTermKeys()), kSecret);
    ASSERT_EQ(standin.Requests().size(), 1u);
    EXPECT_EQ(standin.Requests()[0].secret_id, "shiftsync/app");
}

TEST(SecretsManager, ReturnsTheSecretStringForTemporaryCredentials) {
    // The stand-in refuses a session token that is missing or unsigned, so this passing shows
    // that curl signs the X-Amz-Security-Token header.
    StandInOptions with_token;
    with_token.session_token = kSessionToken;
    AwsStandIn standin(WithAppSecret(with_token));
    EXPECT_EQ(GetSecretString(OptionsFor(standin), {kAccessKeyId, kSecretAccessKey, kSessionToken}), kSecret);
}

TEST(SecretsManager, AcceptsAnArn) {
    AwsStandIn standin(WithAppSecret());
    const auto options =
        OptionsFor(standin, "arn:aws:secretsmanager:eu-central-1:123456789012:secret:shiftsync/app-AbCdEf");
    EXPECT_EQ(GetSecretString(options, LongTermKeys()), kSecret);
}

TEST(SecretsManager, AWrongSecretKeyIsAnInvalidSignature) {
    AwsStandIn standin(WithAppSecret());
    const std::string message = ErrorOf(OptionsFor(standin), {kAccessKeyId, "not-the-secret-key-0123456789", ""});
    EXPECT_TRUE(Contains(message, "HTTP 400 InvalidSignatureException"));
    EXPECT_TRUE(Contains(message, "shiftsync/app"));
}

TEST(SecretsManager, AnotherRegionIsAnInvalidSignature) {
    AwsStandIn standin(WithAppSecret());
    auto options = OptionsFor(standin);
    options.region = "us-west-2";
    EXPECT_TRUE(Contains(ErrorOf(options, LongTermKeys()), "InvalidSignatureException: Credential should be scoped"));
}

TEST(SecretsManager, ASignatureOlderThanFiveMinutesIsRefused) {
    StandInOptions late;
    late.clock_offset_seconds = 6 * 60;  // our fresh X-Amz-Date is six minutes old to the stand-in
    AwsStandIn standin(WithAppSecret(late));
    EXPECT_TRUE(Contains(ErrorOf(OptionsFor(standin), LongTermKeys()), "InvalidSignatureException: Signature expired"));
}

TEST(SecretsManager, AMissingSessionTokenIsAnUnrecognizedClient) {
    StandInOptions with_token;
    with_token.session_token = kSessionToken;
    AwsStandIn standin(WithAppSecret(with_token));
    EXPECT_TRUE(Contains(ErrorOf(OptionsFor(standin), LongTermKeys()), "HTTP 400 UnrecognizedClientException"));
}

TEST(SecretsManager, AWrongSessionTokenIsNotRepeated) {
    StandInOptions with_token;
    with_token.session_token = kSessionToken;
    AwsStandIn standin(WithAppSecret(with_token));
    const std::string message =
        ErrorOf(OptionsFor(standin), {kAccessKeyId, kSecretAccessKey, "an-expired-session-token-0123456789"});
    EXPECT_TRUE(Contains(message, "UnrecognizedClientException"));
}

TEST(SecretsManager, AnUnknownIdIsResourceNotFound) {
    AwsStandIn standin(WithAppSecret());
    EXPECT_TRUE(Contains(ErrorOf(OptionsFor(standin, "shiftsync/missing"), LongTermKeys()), "'shiftsync/missing'"));
    EXPECT_TRUE(Contains(ErrorOf(OptionsFor(standin, "shiftsync/missing"), LongTermKeys()),
                         "HTTP 400 ResourceNotFoundException: Secrets Manager can't find the specified secret."));
}

TEST(SecretsManager, RetriesOnceAfterA500) {
    StandInOptions flaky;
    flaky.fail_first = 1;
    AwsStandIn standin(WithAppSecret(flaky));
    EXPECT_EQ(GetSecretString(OptionsFor(standin), LongTermKeys()), kSecret);
    const auto requests = standin.Requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].status, 500);
    EXPECT_EQ(requests[1].status, 200);
}

TEST(SecretsManager, GivesUpAfterTwo500s) {
    StandInOptions down;
    down.fail_first = 5;
    AwsStandIn standin(WithAppSecret(down));
    EXPECT_TRUE(Contains(ErrorOf(OptionsFor(standin), LongTermKeys()), "HTTP 500 InternalFailure"));
    EXPECT_EQ(standin.Requests().size(), 2u);
}

TEST(SecretsManager, RefusesASecretWithOnlyBinary) {
    StandInOptions binary;
    binary.binary_secrets["shiftsync/binary"] = std::string("\x00\x01secret-bytes", 14);
    AwsStandIn standin(binary);
    EXPECT_TRUE(Contains(ErrorOf(OptionsFor(standin, "shiftsync/binary"), LongTermKeys()), "only SecretBinary"));
}

TEST(SecretsManager, AnUntrustedCertificateIsATransportError) {
    AwsStandIn standin(WithAppSecret());
    auto options = OptionsFor(standin);
    options.ca_file.clear();  // the system's CA bundle does not know the stand-in's certificate
    EXPECT_TRUE(Contains(ErrorOf(options, LongTermKeys()), "certificate"));
    EXPECT_TRUE(standin.Requests().empty());
}

// Options for an endpoint where nothing listens.
SecretsManagerOptions NobodyAt(const std::string& scheme_and_host) {
    SecretsManagerOptions options;
    options.secret_id = "shiftsync/app";
    options.region = kRegion;
    options.endpoint = scheme_and_host + ":" + std::to_string(ClosedPort());
    return options;
}

TEST(SecretsManager, NobodyListeningIsAnAwsError) {
    EXPECT_TRUE(Contains(ErrorOf(NobodyAt("https://127.0.0.1"), LongTermKeys()), "Couldn't connect"));
}

TEST(SecretsManager, BadOptionsAreInvalidArgumentsAndSendNothing) {
    AwsStandIn standin(WithAppSecret());
    const SecretsManagerOptions good = OptionsFor(standin);
    const auto refused = [&](auto change) {
        SecretsManagerOptions options = good;
        change(options);
        EXPECT_THROW(GetSecretString(options, LongTermKeys()), std::invalid_argument);
    };
    refused([](auto& o) { o.secret_id.clear(); });
    refused([](auto& o) { o.secret_id = "has space"; });
    refused([](auto& o) { o.region.clear(); });
    refused([](auto& o) { o.region = "EU West"; });
    refused([](auto& o) { o.timeout = std::chrono::seconds(0); });
    refused([](auto& o) { o.endpoint = "ftp://127.0.0.1"; });
    refused([](auto& o) { o.endpoint += "/path"; });
    refused([](auto& o) { o.endpoint += "/?x=1"; });
    refused([](auto& o) { o.endpoint = "https://user:pass@127.0.0.1"; });
    refused([](auto& o) { o.endpoint = "http://secretsmanager.example.com"; });  // plain http off loopback
    refused([](auto& o) { o.ca_file = "/nonexistent/ca.pem"; });
    EXPECT_THROW(GetSecretString(good, {"", kSecretAccessKey, ""}), std::invalid_argument);
    EXPECT_THROW(GetSecretString(good, {kAccessKeyId, "", ""}), std::invalid_argument);
    EXPECT_TRUE(standin.Requests().empty());
}

TEST(SecretsManager, PlainHttpOnLoopbackIsAllowed) {
    // Only the check: the stand-in speaks https, so the request itself fails at the transport.
    EXPECT_THROW(GetSecretString(NobodyAt("http://localhost"), LongTermKeys()), AwsError);
}

}  // namespace
}  // namespace shiftsync::aws_test
