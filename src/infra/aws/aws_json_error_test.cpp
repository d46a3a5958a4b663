#include "infra/aws/aws_json_error.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shiftsync {
namespace {

TEST(AwsJsonError, ReadsTypeAndMessageInEitherCase) {
    const AwsJsonError lower = ParseAwsJsonError(R"({"__type":"ResourceNotFoundException","message":"gone"})");
    EXPECT_EQ(lower.type, "ResourceNotFoundException");
    EXPECT_EQ(lower.message, "gone");
    EXPECT_EQ(ParseAwsJsonError(R"({"__type":"AccessDeniedException","Message":"no"})").message, "no");
}

TEST(AwsJsonError, DropsNamespaceAndSuffixOfTheType) {
    EXPECT_EQ(ParseAwsJsonError(R"({"__type":"com.amazon.coral.service#UnrecognizedClientException"})").type,
              "UnrecognizedClientException");
    EXPECT_EQ(ParseAwsJsonError(R"({"__type":"InvalidSignatureException:http://internal.amazon.com/"})").type,
              "InvalidSignatureException");
}

TEST(AwsJsonError, KeepsOnlyPrintableTextAndCutsLongMessages) {
    const AwsJsonError error = ParseAwsJsonError(R"({"__type":"X\nY","message":")" + std::string(400, 'm') + "\"}");
    EXPECT_EQ(error.type, "X?Y");
    EXPECT_EQ(error.message, std::string(300, 'm'));
}

TEST(AwsJsonError, AnythingElseIsNoError) {
    EXPECT_TRUE(ParseAwsJsonError("<html>502 Bad Gateway</html>").type.empty());
    EXPECT_TRUE(ParseAwsJsonError(R"(["__type"])").type.empty());
    EXPECT_TRUE(ParseAwsJsonError(R"({"__type":42})").type.empty());
}

}  // namespace
}  // namespace shiftsync
