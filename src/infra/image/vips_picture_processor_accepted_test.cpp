// The VipsPictureProcessor on pictures it must accept: every format and colour model it takes, and
// what its renditions must (not) carry. The pictures it must refuse are in
// vips_picture_processor_refused_test.cpp.
#include <gtest/gtest.h>
#include <vips/vips.h>

#include <cstddef>
#include <string>
#include <thread>
#include <vector>

#include "infra/image/test_images.hpp"
#include "infra/image/vips_picture_processor.hpp"
#include "infra/image/vips_picture_processor_test_fixture.hpp"

namespace shiftsync {
namespace {

using namespace image_test;  // Image, Solid, Photo, Jpeg, Png, Webp, DecodeJpeg, PixelAt, VipsPictureProcessorTest

void ExpectColourNear(const std::vector<double>& pixel, std::vector<double> expected, double tolerance = 12) {
    ASSERT_EQ(pixel.size(), expected.size());
    for (std::size_t i = 0; i < pixel.size(); ++i) EXPECT_NEAR(pixel[i], expected[i], tolerance) << "band " << i;
}

std::string Segment(unsigned marker, const std::string& payload) {
    const std::size_t length = payload.size() + 2;
    return std::string{'\xFF', static_cast<char>(marker), static_cast<char>(length >> 8), static_cast<char>(length)} +
           payload;
}

// An EXIF APP1 payload (little-endian TIFF) holding only a GPS IFD with a latitude.
std::string ExifWithGps() {
    auto u16 = [](unsigned v) { return std::string{static_cast<char>(v), static_cast<char>(v >> 8)}; };
    auto u32 = [&](std::uint32_t v) { return u16(v & 0xFFFF) + u16(v >> 16); };
    std::string tiff = "II" + u16(42) + u32(8);
    tiff += u16(1) + u16(0x8825) + u16(4) + u32(1) + u32(26) + u32(0);           // IFD0: GPSInfo -> 26
    tiff += u16(2) + u16(0x0001) + u16(2) + u32(2) + std::string("N\0\0\0", 4);  // GPSLatitudeRef
    tiff += u16(0x0002) + u16(5) + u32(3) + u32(56) + u32(0);                    // GPSLatitude -> 56
    tiff += u32(48) + u32(1) + u32(51) + u32(1) + u32(2934) + u32(100);          // 48° 51' 29.34"
    return std::string("Exif\0\0", 6) + tiff;
}

// ---- accepted ----

TEST_F(VipsPictureProcessorTest, JpegBecomesSquareJpegsOf128And512) {
    const PictureRenditions out = ExpectRenditions(Jpeg(Solid(640, 480, {200, 40, 40})), PictureFormat::kJpeg);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {200, 40, 40});
    ExpectColourNear(PixelAt(DecodeJpeg(out.small), 64, 64), {200, 40, 40});
}

TEST_F(VipsPictureProcessorTest, CameraSizedPortraitJpegIsAccepted) {
    // 12 MP: decoded at half size by libjpeg (shrink-on-load), rows below the square read too.
    const PictureRenditions out = ExpectRenditions(Jpeg(Photo(3000, 4000), 92), PictureFormat::kJpeg);
    // Noise averages out to mid grey however it was shrunk.
    ExpectColourNear(PixelAt(DecodeJpeg(out.small), 64, 64), {128, 128, 128}, 20);
}

TEST_F(VipsPictureProcessorTest, ProgressiveJpegIsAccepted) {
    ExpectRenditions(Jpeg(Solid(300, 200, {10, 200, 10}), 90, true), PictureFormat::kJpeg);
}

TEST_F(VipsPictureProcessorTest, JpegPaddedWithZerosAfterEoiIsAccepted) {
    ExpectRenditions(Jpeg(Solid(64, 64, {1, 2, 3})) + std::string(512, '\0'), PictureFormat::kJpeg);
}

TEST_F(VipsPictureProcessorTest, JpegWithOnlyALibjpegWarningIsAccepted) {
    // Stray bytes between header segments, as some cameras and scanners write: libjpeg warns
    // ("extraneous bytes before marker") and decodes; fail_on=warning would refuse the photo.
    const std::string jpeg = Jpeg(Solid(64, 48, {40, 80, 120}));
    const std::size_t dqt = jpeg.find("\xFF\xDB");
    ExpectRenditions(jpeg.substr(0, dqt) + std::string(3, '\0') + jpeg.substr(dqt), PictureFormat::kJpeg);
}

TEST_F(VipsPictureProcessorTest, CmykJpegBecomesSrgb) {
    const Image red = Solid(100, 100, {220, 30, 30});
    VipsImage* cmyk = nullptr;
    const Image converted =
        Checked(vips_icc_export(red.get(), &cmyk, "output_profile", "cmyk", nullptr), cmyk, "icc_export");
    ASSERT_EQ(converted->Type, VIPS_INTERPRETATION_CMYK);
    const PictureRenditions out = ExpectRenditions(Jpeg(converted), PictureFormat::kJpeg);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {220, 30, 30}, 30);
}

TEST_F(VipsPictureProcessorTest, PngWithAlphaIsFlattenedOntoWhite) {
    const PictureRenditions out = ExpectRenditions(Png(WithAlpha(Solid(40, 30, {255, 0, 0}), 0)), PictureFormat::kPng);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {255, 255, 255}, 3);
}

TEST_F(VipsPictureProcessorTest, HalfTransparentGreyscalePngIsBlendedWithWhite) {
    const PictureRenditions out = ExpectRenditions(Png(WithAlpha(Solid(50, 50, {0}), 128)), PictureFormat::kPng);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {127, 127, 127}, 4);
}

TEST_F(VipsPictureProcessorTest, GreyscalePngBecomesThreeBandSrgb) {
    const PictureRenditions out = ExpectRenditions(Png(Solid(70, 90, {90})), PictureFormat::kPng);
    ExpectColourNear(PixelAt(DecodeJpeg(out.small), 64, 64), {90, 90, 90}, 3);
}

TEST_F(VipsPictureProcessorTest, SixteenBitPngWithAlphaIsReducedToEightBits) {
    const Image colour = Solid(60, 40, {1, 1, 1});
    VipsImage* scaled = nullptr;
    const double a[] = {0, 0, 0}, b[] = {65535, 32768, 0};  // white, mid grey, black in 16 bits
    const Image wide = Checked(vips_linear(colour.get(), &scaled, a, b, 3, nullptr), scaled, "linear");
    VipsImage* cast = nullptr;
    const Image u16 = Checked(vips_cast_ushort(wide.get(), &cast, nullptr), cast, "cast");
    VipsImage* typed = nullptr;
    const Image rgb16 =
        Checked(vips_copy(u16.get(), &typed, "interpretation", VIPS_INTERPRETATION_RGB16, nullptr), typed, "copy");
    const PictureRenditions out = ExpectRenditions(Png(WithAlpha(rgb16, 65535)), PictureFormat::kPng);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {255, 128, 0}, 6);
}

TEST_F(VipsPictureProcessorTest, OnePixelPngIsEnlarged) {
    const PictureRenditions out = ExpectRenditions(Png(Solid(1, 1, {0, 0, 255})), PictureFormat::kPng);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 10, 500), {0, 0, 255}, 20);
}

TEST_F(VipsPictureProcessorTest, WideImageIsCroppedToItsCentre) {
    // Blue | red | blue in thirds: the centre square is all red.
    VipsImage* joined = nullptr;
    const Image left = Checked(vips_join(Solid(100, 100, {0, 0, 255}).get(), Solid(100, 100, {255, 0, 0}).get(),
                                         &joined, VIPS_DIRECTION_HORIZONTAL, nullptr),
                               joined, "join");
    VipsImage* all = nullptr;
    const Image thirds =
        Checked(vips_join(left.get(), Solid(100, 100, {0, 0, 255}).get(), &all, VIPS_DIRECTION_HORIZONTAL, nullptr),
                all, "join");
    const Image large = DecodeJpeg(ExpectRenditions(Png(thirds), PictureFormat::kPng).large);
    ExpectColourNear(PixelAt(large, 5, 256), {255, 0, 0}, 30);
    ExpectColourNear(PixelAt(large, 506, 256), {255, 0, 0}, 30);
}

TEST_F(VipsPictureProcessorTest, ExifOrientation6IsApplied) {
    // Stored red | blue; orientation 6 means "rotate 90 degrees clockwise to display", which puts
    // the left half on top.
    Image stored = Halves(600, 300, {255, 0, 0}, {0, 0, 255});
    VipsImage* tagged = nullptr;
    const Image copy = Checked(vips_copy(stored.get(), &tagged, nullptr), tagged, "copy");
    vips_image_set_int(copy.get(), VIPS_META_ORIENTATION, 6);
    const std::string jpeg = Jpeg(copy);
    ASSERT_NE(vips_image_get_typeof(DecodeJpeg(jpeg).get(), "exif-ifd0-Orientation"), 0u) << "no EXIF orientation";

    const Image large = DecodeJpeg(ExpectRenditions(jpeg, PictureFormat::kJpeg).large);
    ExpectColourNear(PixelAt(large, 256, 40), {255, 0, 0}, 30);
    ExpectColourNear(PixelAt(large, 256, 470), {0, 0, 255}, 30);
}

TEST_F(VipsPictureProcessorTest, LossyWebpIsAccepted) {
    const PictureRenditions out = ExpectRenditions(Webp(Solid(300, 300, {30, 90, 200})), PictureFormat::kWebp);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {30, 90, 200}, 15);
}

TEST_F(VipsPictureProcessorTest, LosslessWebpWithAlphaIsFlattened) {
    const PictureRenditions out =
        ExpectRenditions(Webp(WithAlpha(Solid(80, 120, {0, 0, 0}), 0), true), PictureFormat::kWebp);
    ExpectColourNear(PixelAt(DecodeJpeg(out.small), 64, 64), {255, 255, 255}, 3);
}

TEST_F(VipsPictureProcessorTest, RenditionsCarryNoExifGpsXmpIccOrComment) {
    const std::string plain = Jpeg(Solid(200, 150, {120, 130, 140}));
    const std::string xmp = std::string("http://ns.adobe.com/xap/1.0/\0", 29) +
                            "<x:xmpmeta xmlns:x='adobe:ns:meta/'>home address</x:xmpmeta>";
    // SOI, then EXIF with GPS, XMP and a comment before the image's own segments.
    const std::string tagged = plain.substr(0, 2) + Segment(0xE1, ExifWithGps()) + Segment(0xE1, xmp) +
                               Segment(0xFE, "secret comment") + plain.substr(2);
    const Image input = DecodeJpeg(tagged);
    ASSERT_NE(vips_image_get_typeof(input.get(), "exif-ifd3-GPSLatitude"), 0u) << "the fixture has no GPS";
    ASSERT_NE(vips_image_get_typeof(input.get(), VIPS_META_XMP_NAME), 0u);

    const PictureRenditions out = ExpectRenditions(tagged, PictureFormat::kJpeg);
    for (const std::string* jpeg : {&out.small, &out.large}) {
        EXPECT_EQ(jpeg->find("Exif"), std::string::npos);
        EXPECT_EQ(jpeg->find("adobe"), std::string::npos);
        EXPECT_EQ(jpeg->find("secret"), std::string::npos);
        const Image decoded = DecodeJpeg(*jpeg);
        for (const char* field : {VIPS_META_EXIF_NAME, VIPS_META_XMP_NAME, VIPS_META_ICC_NAME, VIPS_META_IPTC_NAME,
                                  "exif-ifd3-GPSLatitude", "jpeg-comment"})
            EXPECT_EQ(vips_image_get_typeof(decoded.get(), field), 0u) << field;
    }
}

TEST_F(VipsPictureProcessorTest, EmbeddedIccProfileIsAppliedThenDropped) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status =
        vips_jpegsave_buffer(Solid(64, 64, {50, 100, 150}).get(), &buffer, &length, "profile", "srgb", nullptr);
    const std::string with_profile = Saved(status, buffer, length, "jpegsave");
    ASSERT_NE(vips_image_get_typeof(DecodeJpeg(with_profile).get(), VIPS_META_ICC_NAME), 0u);
    const PictureRenditions out = ExpectRenditions(with_profile, PictureFormat::kJpeg);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {50, 100, 150}, 8);
}

TEST_F(VipsPictureProcessorTest, EightThreadsAtOnceAllSucceed) {
    const std::string jpeg = Jpeg(Photo(1600, 1200));
    const std::string png = Png(WithAlpha(Solid(700, 500, {10, 20, 30}), 200));
    std::vector<int> ok(8, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 3; ++round) {
                const bool use_png = (t + round) % 2 == 1;
                const Result<PictureRenditions> result =
                    processor_->Process(use_png ? png : jpeg, use_png ? PictureFormat::kPng : PictureFormat::kJpeg);
                if (result && !result->small.empty() && !result->large.empty()) ++ok[t];
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < 8; ++t) EXPECT_EQ(ok[t], 3) << "thread " << t;
}

}  // namespace
}  // namespace shiftsync
