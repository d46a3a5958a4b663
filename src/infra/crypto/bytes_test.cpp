#include "infra/crypto/bytes.hpp"

#include <gtest/gtest.h>

namespace shiftsync {
namespace {

TEST(Base64Test, UrlRoundTripWithoutPadding) {
    const std::string bytes("\xfb\xff\x00\x01", 4);
    EXPECT_EQ(Base64UrlEncode(bytes), "-_8AAQ");
    EXPECT_EQ(Base64UrlDecode("-_8AAQ"), bytes);
}

TEST(Base64Test, UrlDecodeIsStrict) {
    EXPECT_FALSE(Base64UrlDecode("-_8AAQ=="));  // padding
    EXPECT_FALSE(Base64UrlDecode("+/8AAQ"));    // standard alphabet
    EXPECT_FALSE(Base64UrlDecode("-_8A AQ"));   // whitespace
    EXPECT_FALSE(Base64UrlDecode("-_8AAR"));    // non-zero trailing bits: a second spelling of the same bytes
    EXPECT_FALSE(Base64UrlDecode("A"));         // impossible length
}

TEST(Base64Test, AnyVariantAcceptsWhatOperatorsPaste) {
    const std::string bytes("\xfb\xff\x00\x01", 4);
    EXPECT_EQ(Base64DecodeAnyVariant("+/8AAQ=="), bytes);
    EXPECT_EQ(Base64DecodeAnyVariant("+/8AAQ"), bytes);
    EXPECT_EQ(Base64DecodeAnyVariant("-_8AAQ=="), bytes);
    EXPECT_EQ(Base64DecodeAnyVariant("-_8AAQ"), bytes);
    EXPECT_EQ(Base64DecodeAnyVariant("  +/8AAQ==\n"), bytes);
    EXPECT_FALSE(Base64DecodeAnyVariant("not base64!"));
    EXPECT_FALSE(Base64DecodeAnyVariant(""));
    EXPECT_FALSE(Base64DecodeAnyVariant("+_8AAQ"));  // mixed alphabets
    EXPECT_EQ(Base64Encode(bytes), "+/8AAQ==");
}

TEST(RandomBytesTest, RightSizeAndDistinct) {
    EXPECT_EQ(RandomBytes(32).size(), 32u);
    EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

}  // namespace
}  // namespace shiftsync
