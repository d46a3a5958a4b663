// The VipsPictureProcessor on pictures it must refuse: not the declared format, truncated or
// corrupt, data after the image, decompression bombs. The hostile ones are hand-crafted bytes. The
// pictures it must accept are in vips_picture_processor_accepted_test.cpp.
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>

#include "infra/image/test_images.hpp"
#include "infra/image/vips_picture_processor.hpp"
#include "infra/image/vips_picture_processor_test_fixture.hpp"

namespace shiftsync {
namespace {

using namespace image_test;  // Solid, Photo, Jpeg, Png, Webp, VipsPictureProcessorTest

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
    if (compress2(reinterpret_cast<Bytef*>(out.data()), &length, reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                  9) != Z_OK)
        throw std::runtime_error("compress2");
    out.resize(length);
    return out;
}

// A PNG whose IHDR announces width x height (colour type 0, `depth` bits) over the given IDAT.
std::string HandmadePng(std::uint32_t width, std::uint32_t height, int depth, const std::string& idat) {
    const std::string ihdr = BigEndian32(width) + BigEndian32(height) + static_cast<char>(depth) + std::string(4, '\0');
    return std::string("\x89PNG\r\n\x1A\n", 8) + PngChunk("IHDR", ihdr) + PngChunk("IDAT", idat) + PngChunk("IEND", "");
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
