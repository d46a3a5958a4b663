#include "domain/picture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shiftsync {
namespace {

TEST(PictureFormat, AcceptsTheThreeImageTypesWhateverTheirCaseAndParameters) {
    EXPECT_EQ(PictureFormatFromContentType("image/jpeg"), PictureFormat::kJpeg);
    EXPECT_EQ(PictureFormatFromContentType("IMAGE/PNG; q=1"), PictureFormat::kPng);
    EXPECT_EQ(PictureFormatFromContentType(" image/webp "), PictureFormat::kWebp);
}

TEST(PictureFormat, RefusesEveryOtherType) {
    for (const char* type : {"image/svg+xml", "text/html", "image/gif", "image/jpg2", "application/octet-stream", "",
                             "image/", "image/jpegx"})
        EXPECT_FALSE(PictureFormatFromContentType(type)) << type;
}

TEST(PictureFormat, SniffsTheMagicBytes) {
    EXPECT_EQ(SniffPictureFormat(std::string("\xFF\xD8\xFF\xE0rest", 8)), PictureFormat::kJpeg);
    EXPECT_EQ(SniffPictureFormat(std::string("\x89PNG\r\n\x1A\nIHDR", 12)), PictureFormat::kPng);
    EXPECT_EQ(SniffPictureFormat("RIFF\x10\0\0\0WEBPVP8 "), std::nullopt);  // stops at the NUL: too short
    EXPECT_EQ(SniffPictureFormat(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), PictureFormat::kWebp);
}

TEST(PictureFormat, SniffsNothingInTextOrShortInput) {
    EXPECT_FALSE(SniffPictureFormat(""));
    EXPECT_FALSE(SniffPictureFormat("\xFF\xD8"));
    EXPECT_FALSE(SniffPictureFormat("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    EXPECT_FALSE(SniffPictureFormat("<html><script>alert(1)</script></html>"));
    EXPECT_FALSE(SniffPictureFormat(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)));
}

TEST(PictureFormat, NamesTheContentTypeOfEachFormat) {
    EXPECT_EQ(ContentTypeOf(PictureFormat::kJpeg), "image/jpeg");
    EXPECT_EQ(ContentTypeOf(PictureFormat::kPng), "image/png");
    EXPECT_EQ(ContentTypeOf(PictureFormat::kWebp), "image/webp");
}

}  // namespace
}  // namespace shiftsync
