#include "infra/image/vips_picture_processor.hpp"

#include <gtest/gtest.h>
#include <vips/vips.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace shiftsync {
namespace {

// Test images are made with libvips itself; the hostile ones are hand-crafted bytes.

class Image {
public:
    Image() = default;
    explicit Image(VipsImage* image) : image_(image, &g_object_unref) {}
    VipsImage* get() const { return image_.get(); }
    VipsImage* operator->() const { return image_.get(); }

private:
    std::shared_ptr<VipsImage> image_;
};

void Check(int status, const char* what) {
    if (status != 0) {
        std::string errors = vips_error_buffer();
        vips_error_clear();
        throw std::runtime_error(std::string(what) + ": " + errors);
    }
}

// `out` by reference: it is read after the call in the first argument has set it.
Image Checked(int status, VipsImage*& out, const char* what) {
    Check(status, what);
    return Image(out);
}

// A w x h image of one colour (one value per band), 8-bit.
Image Solid(int width, int height, std::vector<double> colour) {
    VipsImage* black = nullptr;
    const Image base = Checked(vips_black(&black, width, height, "bands", static_cast<int>(colour.size()), nullptr),
                               black, "black");
    std::vector<double> ones(colour.size(), 1.0);
    VipsImage* linear = nullptr;
    const Image lit = Checked(vips_linear(base.get(), &linear, ones.data(), colour.data(),
                                          static_cast<int>(colour.size()), "uchar", TRUE, nullptr),
                              linear, "linear");
    VipsImage* out = nullptr;
    const VipsInterpretation interpretation = colour.size() <= 2 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
    return Checked(vips_copy(lit.get(), &out, "interpretation", interpretation, nullptr), out, "copy");
}

// `left` on the left half, `right` on the right half.
Image Halves(int width, int height, std::vector<double> left, std::vector<double> right) {
    VipsImage* out = nullptr;
    return Checked(vips_join(Solid(width / 2, height, left).get(), Solid(width - width / 2, height, right).get(), &out,
                             VIPS_DIRECTION_HORIZONTAL, nullptr),
                   out, "join");
}

// Blurred noise in colour: compresses like a photo (about 2.5 MB at 12 MP and quality 92).
Image Photo(int width, int height) {
    std::vector<Image> bands;
    for (int seed = 1; seed <= 3; ++seed) {
        VipsImage* noise = nullptr;
        const Image n = Checked(vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 50.0, "seed", seed,
                                                nullptr),
                                noise, "gaussnoise");
        VipsImage* blurred = nullptr;
        bands.push_back(Checked(vips_gaussblur(n.get(), &blurred, 2.5, nullptr), blurred, "gaussblur"));
    }
    VipsImage* joined = nullptr;
    VipsImage* in[] = {bands[0].get(), bands[1].get(), bands[2].get()};
    const Image rgb = Checked(vips_bandjoin(in, &joined, 3, nullptr), joined, "bandjoin");
    VipsImage* cast = nullptr;
    const Image u8 = Checked(vips_cast_uchar(rgb.get(), &cast, nullptr), cast, "cast");
    VipsImage* out = nullptr;
    return Checked(vips_copy(u8.get(), &out, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr), out, "copy");
}

// `image` with an alpha band of `alpha` everywhere, in the image's own format.
Image WithAlpha(const Image& image, double alpha) {
    VipsImage* black = nullptr;
    const Image zero = Checked(vips_black(&black, image->Xsize, image->Ysize, nullptr), black, "black");
    VipsImage* linear = nullptr;
    const Image constant = Checked(vips_linear1(zero.get(), &linear, 1.0, alpha, nullptr), linear, "linear");
    VipsImage* cast = nullptr;
    const Image band = Checked(vips_cast(constant.get(), &cast, image->BandFmt, nullptr), cast, "cast");
    VipsImage* joined = nullptr;
    VipsImage* in[] = {image.get(), band.get()};
    const Image both = Checked(vips_bandjoin(in, &joined, 2, nullptr), joined, "bandjoin");
    VipsImage* typed = nullptr;
    return Checked(vips_copy(both.get(), &typed, "interpretation", image->Type, nullptr), typed, "copy");
}

std::string Saved(int status, void* buffer, std::size_t length, const char* what) {
    Check(status, what);
    std::string bytes(static_cast<const char*>(buffer), length);
    g_free(buffer);
    return bytes;
}

std::string Jpeg(const Image& image, int quality = 90, bool progressive = false) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status = vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", quality, "interlace", progressive,
                                            nullptr);
    return Saved(status, buffer, length, "jpegsave");
}

std::string Png(const Image& image) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status = vips_pngsave_buffer(image.get(), &buffer, &length, nullptr);
    return Saved(status, buffer, length, "pngsave");
}

std::string Webp(const Image& image, bool lossless = false) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status = vips_webpsave_buffer(image.get(), &buffer, &length, "lossless", lossless, nullptr);
    return Saved(status, buffer, length, "webpsave");
}

// A rendition decoded back, detached from its bytes.
Image DecodeJpeg(const std::string& bytes) {
    VipsImage* loaded = nullptr;
    const Image lazy = Checked(vips_jpegload_buffer(const_cast<char*>(bytes.data()), bytes.size(), &loaded,
                                                    "fail_on", VIPS_FAIL_ON_WARNING, nullptr),
                               loaded, "jpegload");
    VipsImage* memory = vips_image_copy_memory(lazy.get());
    Check(memory == nullptr ? -1 : 0, "decode");
    return Image(memory);
}

std::vector<double> PixelAt(const Image& image, int x, int y) {
    double* values = nullptr;
    int n = 0;
    Check(vips_getpoint(image.get(), &values, &n, x, y, nullptr), "getpoint");
    std::vector<double> pixel(values, values + n);
    g_free(values);
    return pixel;
}

void ExpectColourNear(const std::vector<double>& pixel, std::vector<double> expected, double tolerance = 12) {
    ASSERT_EQ(pixel.size(), expected.size());
    for (std::size_t i = 0; i < pixel.size(); ++i)
        EXPECT_NEAR(pixel[i], expected[i], tolerance) << "band " << i;
}

// The markers of a JPEG up to its first scan.
std::vector<unsigned> MarkersBeforeScan(const std::string& jpeg) {
    std::vector<unsigned> markers;
    std::size_t at = 2;
    while (at + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[at]) == 0xFF) {
        const unsigned marker = static_cast<unsigned char>(jpeg[at + 1]);
        markers.push_back(marker);
        if (marker == 0xDA) break;
        at += 2 + ((static_cast<unsigned char>(jpeg[at + 2]) << 8) | static_cast<unsigned char>(jpeg[at + 3]));
    }
    return markers;
}

std::uint32_t ReadBigEndian32(const std::string& bytes, std::size_t at) {
    std::uint32_t value = 0;
    for (std::size_t i = at; i < at + 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}

std::string BigEndian32(std::uint32_t value) {
    return {static_cast<char>(value >> 24), static_cast<char>(value >> 16), static_cast<char>(value >> 8),
            static_cast<char>(value)};
}

std::string PngChunk(const std::string& type, const std::string& data) {
    const std::string typed = type + data;
    const auto crc = crc32(0, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()));
    return BigEndian32(static_cast<std::uint32_t>(data.size())) + typed + BigEndian32(static_cast<std::uint32_t>(crc));
}

std::string Zlib(const std::string& raw) {
    uLongf length = compressBound(raw.size());
    std::string out(length, '\0');
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &length, reinterpret_cast<const Bytef*>(raw.data()),
                  raw.size(), 9) != Z_OK)
        throw std::runtime_error("compress2");
    out.resize(length);
    return out;
}

// A PNG whose IHDR announces width x height (colour type 0, `depth` bits) over the given IDAT.
std::string HandmadePng(std::uint32_t width, std::uint32_t height, int depth, const std::string& idat) {
    const std::string ihdr = BigEndian32(width) + BigEndian32(height) + static_cast<char>(depth) + std::string(4, '\0');
    return std::string("\x89PNG\r\n\x1A\n", 8) + PngChunk("IHDR", ihdr) + PngChunk("IDAT", idat) +
           PngChunk("IEND", "");
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
    tiff += u16(1) + u16(0x8825) + u16(4) + u32(1) + u32(26) + u32(0);             // IFD0: GPSInfo -> 26
    tiff += u16(2) + u16(0x0001) + u16(2) + u32(2) + std::string("N\0\0\0", 4);     // GPSLatitudeRef
    tiff += u16(0x0002) + u16(5) + u32(3) + u32(56) + u32(0);                       // GPSLatitude -> 56
    tiff += u32(48) + u32(1) + u32(51) + u32(1) + u32(2934) + u32(100);             // 48° 51' 29.34"
    return std::string("Exif\0\0", 6) + tiff;
}

// Patches the first SOF's height and width.
std::string WithJpegSize(std::string jpeg, unsigned width, unsigned height) {
    const std::size_t sof = jpeg.find("\xFF\xC0");
    jpeg[sof + 5] = static_cast<char>(height >> 8);
    jpeg[sof + 6] = static_cast<char>(height);
    jpeg[sof + 7] = static_cast<char>(width >> 8);
    jpeg[sof + 8] = static_cast<char>(width);
    return jpeg;
}

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
    const Image converted = Checked(vips_icc_export(red.get(), &cmyk, "output_profile", "cmyk", nullptr), cmyk,
                                    "icc_export");
    ASSERT_EQ(converted->Type, VIPS_INTERPRETATION_CMYK);
    const PictureRenditions out = ExpectRenditions(Jpeg(converted), PictureFormat::kJpeg);
    ExpectColourNear(PixelAt(DecodeJpeg(out.large), 256, 256), {220, 30, 30}, 30);
}

TEST_F(VipsPictureProcessorTest, PngWithAlphaIsFlattenedOntoWhite) {
    const PictureRenditions out =
        ExpectRenditions(Png(WithAlpha(Solid(40, 30, {255, 0, 0}), 0)), PictureFormat::kPng);
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
    const Image rgb16 = Checked(vips_copy(u16.get(), &typed, "interpretation", VIPS_INTERPRETATION_RGB16, nullptr),
                                typed, "copy");
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
    const Image thirds = Checked(vips_join(left.get(), Solid(100, 100, {0, 0, 255}).get(), &all,
                                           VIPS_DIRECTION_HORIZONTAL, nullptr),
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

// ---- refused: not the declared format ----

TEST_F(VipsPictureProcessorTest, EmptyFileIsRefused) { ExpectRefused("", PictureFormat::kPng, "empty"); }

TEST_F(VipsPictureProcessorTest, JpegBytesDeclaredAsPngAreRefused) {
    ExpectRefused(Jpeg(Solid(10, 10, {0, 0, 0})), PictureFormat::kPng, "not a PNG image");
}

TEST_F(VipsPictureProcessorTest, PngBytesDeclaredAsWebpAreRefused) {
    ExpectRefused(Png(Solid(10, 10, {0, 0, 0})), PictureFormat::kWebp, "not a WebP image");
}

TEST_F(VipsPictureProcessorTest, SvgIsRefused) {
    const std::string svg =
        "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
        "<script>alert(1)</script><rect width=\"10\" height=\"10\"/></svg>";
    ExpectRefused(svg, PictureFormat::kPng, "not a PNG image");
    ExpectRefused(svg, PictureFormat::kJpeg, "not a JPEG image");
}

TEST_F(VipsPictureProcessorTest, HtmlIsRefused) {
    ExpectRefused("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", PictureFormat::kJpeg,
                  "not a JPEG image");
}

TEST_F(VipsPictureProcessorTest, RandomBytesAreRefused) {
    std::mt19937 random(42);
    std::string noise(4096, '\0');
    for (char& c : noise) c = static_cast<char>(random());
    ExpectRefused(noise, PictureFormat::kWebp, "not a WebP image");
    // Noise behind a real signature gets as far as the structure check.
    ExpectRefused(std::string("\x89PNG\r\n\x1A\n", 8) + noise, PictureFormat::kPng, "PNG image");
    ExpectRefused(std::string("\xFF\xD8\xFF", 3) + noise, PictureFormat::kJpeg, "JPEG image");
}

// ---- refused: truncated or corrupt ----

TEST_F(VipsPictureProcessorTest, JpegCutInHalfIsRefused) {
    const std::string jpeg = Jpeg(Photo(400, 300));
    ExpectRefused(jpeg.substr(0, jpeg.size() / 2), PictureFormat::kJpeg, "truncated");
}

TEST_F(VipsPictureProcessorTest, PngCutInHalfIsRefused) {
    const std::string png = Png(Photo(300, 200));
    ExpectRefused(png.substr(0, png.size() / 2), PictureFormat::kPng, "truncated");
}

TEST_F(VipsPictureProcessorTest, WebpCutInHalfIsRefused) {
    const std::string webp = Webp(Photo(300, 200));
    ExpectRefused(webp.substr(0, webp.size() / 2), PictureFormat::kWebp, "truncated");
}

// Cut short inside well-formed containers, so only the decoder can tell (fail_on at work).
TEST_F(VipsPictureProcessorTest, PngWhoseImageDataStopsHalfwayIsRefused) {
    const std::string png = Png(Photo(300, 200));
    std::string idat;
    std::size_t at = 8;
    std::string ihdr_chunk;
    while (at < png.size()) {
        const std::size_t length = ReadBigEndian32(png, at);
        const std::string type = png.substr(at + 4, 4);
        if (type == "IHDR") ihdr_chunk = png.substr(at, 12 + length);
        if (type == "IDAT") idat += png.substr(at + 8, length);
        at += 12 + length;
    }
    const std::string half = std::string("\x89PNG\r\n\x1A\n", 8) + ihdr_chunk +
                             PngChunk("IDAT", idat.substr(0, idat.size() / 2)) + PngChunk("IEND", "");
    ExpectRefused(half, PictureFormat::kPng, "the PNG image is truncated or corrupt");
}

TEST_F(VipsPictureProcessorTest, WebpWhoseImageDataStopsHalfwayIsRefused) {
    std::string webp = Webp(Photo(300, 200));
    const std::size_t vp8 = webp.find("VP8 ");
    ASSERT_NE(vp8, std::string::npos);
    webp.resize((webp.size() / 2) & ~std::size_t{1});
    auto put32 = [&](std::size_t at, std::size_t value) {
        for (int i = 0; i < 4; ++i) webp[at + i] = static_cast<char>(value >> (8 * i));
    };
    put32(4, webp.size() - 8);
    put32(vp8 + 4, webp.size() - vp8 - 8);
    ExpectRefused(webp, PictureFormat::kWebp, "WebP image");
}

TEST_F(VipsPictureProcessorTest, WebpWithGarbageForImageDataIsRefused) {
    // A bad download or disk: the sizes are intact, the last two thirds are noise. (A few flipped
    // bits inside VP8 or JPEG entropy data cannot be found by anyone: neither format has checksums.)
    std::string webp = Webp(Photo(300, 200));
    std::mt19937 random(7);
    for (std::size_t i = webp.size() / 3; i < webp.size(); ++i) webp[i] = static_cast<char>(random());
    ExpectRefused(webp, PictureFormat::kWebp, "WebP image");
}

TEST_F(VipsPictureProcessorTest, WebpWithBrokenFrameHeaderIsRefused) {
    std::string webp = Webp(Photo(300, 200));
    const std::size_t start_code = webp.find("\x9D\x01\x2A");  // VP8 key frame
    ASSERT_NE(start_code, std::string::npos);
    webp[start_code] = '\0';
    ExpectRefused(webp, PictureFormat::kWebp, "not a readable WebP image");
}

TEST_F(VipsPictureProcessorTest, PngWithBadCrcIsRefused) {
    std::string png = Png(Photo(300, 200));
    const std::size_t idat = png.find("IDAT");
    png[idat + 100] = static_cast<char>(png[idat + 100] ^ 0x01);
    ExpectRefused(png, PictureFormat::kPng, "the PNG image is truncated or corrupt");
}

TEST_F(VipsPictureProcessorTest, CorruptionBelowTheCentreSquareOfAPortraitPngIsFound) {
    // Only the middle third of a 200 x 600 picture is kept, but its last rows are decoded too.
    std::string png = Png(Photo(200, 600));
    ExpectRenditions(png, PictureFormat::kPng);
    const std::size_t last_idat = png.rfind("IDAT");
    ASSERT_GT(last_idat, png.size() / 2);
    png[png.size() - 30] = static_cast<char>(png[png.size() - 30] ^ 0x01);  // inside the last IDAT
    ExpectRefused(png, PictureFormat::kPng, "the PNG image is truncated or corrupt");
}

// ---- refused: data after the image (polyglots) ----

TEST_F(VipsPictureProcessorTest, JpegWithHtmlAfterEoiIsRefused) {
    ExpectRefused(Jpeg(Solid(32, 32, {9, 9, 9})) + "<html><script>alert(document.cookie)</script></html>",
                  PictureFormat::kJpeg, "data after the end of the JPEG image");
}

TEST_F(VipsPictureProcessorTest, PngWithDataAfterIendIsRefused) {
    ExpectRefused(Png(Solid(32, 32, {9, 9, 9})) + "PK\x03\x04 a zip file", PictureFormat::kPng,
                  "data after the end of the PNG image");
}

TEST_F(VipsPictureProcessorTest, WebpWithDataBeyondItsRiffSizeIsRefused) {
    ExpectRefused(Webp(Solid(32, 32, {9, 9, 9})) + "<script>x</script>", PictureFormat::kWebp,
                  "data after the end of the WebP image");
}

// ---- refused: decompression bombs, from the header ----

TEST_F(VipsPictureProcessorTest, PngAnnouncing100000By100000IsRefusedFromItsHeader) {
    // A few bytes of IDAT: nothing could be decoded, so a refusal proves the header decided.
    ExpectRefused(HandmadePng(100'000, 100'000, 8, Zlib(std::string(1000, '\0'))), PictureFormat::kPng,
                  "too large: 100000 x 100000 pixels");
}

TEST_F(VipsPictureProcessorTest, PngOf20000By20000ZerosIsRefused) {
    // 1-bit greyscale: 20000 rows of a filter byte and 2500 zero bytes, 50 MB raw, ~50 kB compressed.
    const std::string raw(20'000 * (1 + 2'500), '\0');
    const std::string png = HandmadePng(20'000, 20'000, 1, Zlib(raw));
    ASSERT_LT(png.size(), 200'000u);
    ExpectRefused(png, PictureFormat::kPng, "too large");
}

TEST_F(VipsPictureProcessorTest, PngOverThePixelLimitWithAllowedSidesIsRefused) {
    ExpectRefused(HandmadePng(11'000, 5'000, 8, Zlib(std::string(1000, '\0'))), PictureFormat::kPng,
                  "too large: 11000 x 5000 pixels");
}

TEST_F(VipsPictureProcessorTest, JpegAnnouncing60000By60000IsRefused) {
    ExpectRefused(WithJpegSize(Jpeg(Solid(16, 16, {0, 0, 0})), 60'000, 60'000), PictureFormat::kJpeg,
                  "too large: 60000 x 60000 pixels");
}

}  // namespace
}  // namespace shiftsync
