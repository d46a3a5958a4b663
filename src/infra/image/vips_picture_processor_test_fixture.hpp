#pragma once
// The fixture of the VipsPictureProcessorTest suite, shared by the accepted-images and the
// refused-images tests: one processor for the suite, and the checks every test ends with.
#include <gtest/gtest.h>
#include <vips/vips.h>

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "infra/image/test_images.hpp"
#include "infra/image/vips_picture_processor.hpp"

namespace shiftsync::image_test {

class VipsPictureProcessorTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { processor_ = MakeVipsPictureProcessor(); }
    static void TearDownTestSuite() { processor_.reset(); }

    // Both renditions are baseline JPEGs of the right size, 8-bit sRGB, without metadata.
    static PictureRenditions ExpectRenditions(const std::string& bytes, PictureFormat format) {
        Result<PictureRenditions> result = processor_->Process(bytes, format);
        if (!result) {
            ADD_FAILURE() << "refused: " << result.error().detail;
            return {};
        }
        for (const auto& [jpeg, side] : {std::pair{&result->small, 128}, std::pair{&result->large, 512}}) {
            const Image decoded = DecodeJpeg(*jpeg);
            EXPECT_EQ(decoded->Xsize, side);
            EXPECT_EQ(decoded->Ysize, side);
            EXPECT_EQ(decoded->Bands, 3);
            EXPECT_EQ(decoded->BandFmt, VIPS_FORMAT_UCHAR);
            EXPECT_EQ(decoded->Type, VIPS_INTERPRETATION_sRGB);
            const std::vector<unsigned> markers = MarkersBeforeScan(*jpeg);
            EXPECT_NE(std::find(markers.begin(), markers.end(), 0xC0u), markers.end()) << "not baseline";
            for (unsigned marker : markers) {
                EXPECT_FALSE(marker >= 0xE1 && marker <= 0xEF) << "APP" << (marker - 0xE0) << " segment";
                EXPECT_NE(marker, 0xFEu) << "COM segment";
            }
        }
        return std::move(result).value();
    }

    static void ExpectRefused(const std::string& bytes, PictureFormat format, const std::string& detail_part) {
        const Result<PictureRenditions> result = processor_->Process(bytes, format);
        ASSERT_FALSE(result.ok()) << "accepted";
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidPicture);
        EXPECT_EQ(result.error().field, "picture");
        EXPECT_NE(result.error().detail.find(detail_part), std::string::npos) << result.error().detail;
    }

    static inline std::unique_ptr<PictureProcessor> processor_;
};

}  // namespace shiftsync::image_test
