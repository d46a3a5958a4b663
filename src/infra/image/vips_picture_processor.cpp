#include "infra/image/vips_picture_processor.hpp"

#include <fmt/format.h>
#include <vips/vips.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace shiftsync {
namespace {

constexpr int kLargeSide = static_cast<int>(PictureSize::kLarge);
constexpr int kSmallSide = static_cast<int>(PictureSize::kSmall);
constexpr int kJpegQuality = 85;

// Truncation and decoder errors refuse the file; libjpeg *warnings* do not. Measured on libvips
// 8.14: a JPEG, PNG or WebP cut short fails at every level above NONE, and so do a PNG with a bad
// CRC and a WebP whose data is garbage. WARNING differs only for JPEG (libpng warnings never fail
// a load in 8.14, libwebp has none), where it also refuses photos that libjpeg decodes with a
// warning: stray bytes between segments, as some cameras and scanners write (tested), or "Invalid
// SOS parameters for sequential JPEG". The gain would be small: flipped bytes inside JPEG entropy
// data raise no warning at all (JPEG has no checksums), and a stray marker only greys out a few
// blocks of a picture that is re-encoded anyway. Real truncation is also caught before decoding,
// from the file structure (JpegEnding and friends).
constexpr VipsFailOn kFailOn = VIPS_FAIL_ON_ERROR;

std::string_view NameOf(PictureFormat format) {
    switch (format) {
        case PictureFormat::kJpeg: return "JPEG";
        case PictureFormat::kPng: return "PNG";
        case PictureFormat::kWebp: return "WebP";
    }
    return "image";
}

Error Refusal(std::string detail) { return Error{ErrorCode::kInvalidPicture, std::move(detail), "picture"}; }

// One reference to a VipsImage, dropped on destruction.
class ImageRef {
public:
    ImageRef() = default;
    explicit ImageRef(VipsImage* image) : image_(image) {}
    ImageRef(const ImageRef&) = delete;
    ImageRef& operator=(const ImageRef&) = delete;
    ImageRef(ImageRef&& other) noexcept : image_(std::exchange(other.image_, nullptr)) {}
    ImageRef& operator=(ImageRef&& other) noexcept {
        std::swap(image_, other.image_);
        return *this;
    }
    ~ImageRef() { Reset(); }

    VipsImage* get() const { return image_; }
    VipsImage* operator->() const { return image_; }
    // For vips' output parameters: drops the current image first.
    VipsImage** out() {
        Reset();
        return &image_;
    }
    void Reset() {
        if (image_ != nullptr) g_object_unref(image_);
        image_ = nullptr;
    }

private:
    VipsImage* image_ = nullptr;
};

// libvips 8.14 keeps one error buffer for the whole process, so under concurrency it may hold
// another call's message as well. It is read only to tell out-of-memory apart from a bad file
// and never reaches a caller (its text can name internals).
std::string TakeVipsErrors() {
    std::unique_ptr<char, decltype(&g_free)> text(vips_error_buffer_copy(), &g_free);
    return text ? std::string(text.get()) : std::string();
}

[[noreturn]] void ThrowVipsFailure(std::string_view step) {
    const std::string errors = TakeVipsErrors();
    if (errors.find("out of memory") != std::string::npos) throw std::bad_alloc();
    throw std::runtime_error(fmt::format("libvips failed {}: {}", step, errors));
}

// A decoder failure is the file's fault unless memory ran out.
Error DecodeFailure(std::string_view name) {
    if (TakeVipsErrors().find("out of memory") != std::string::npos) throw std::bad_alloc();
    return Refusal(fmt::format("the {} image is truncated or corrupt", name));
}

// Where a file stops compared with where its image stops, from the container structure alone.
enum class Ending { kExact, kTruncated, kTrailingData, kMalformed };

unsigned Byte(std::string_view bytes, std::size_t at) { return static_cast<unsigned char>(bytes[at]); }

// Walks the markers from SOI to the first EOI, skipping segments by their length and
// entropy-coded data up to the next real marker, as libjpeg does (an embedded EXIF thumbnail
// sits inside its APP1 segment, so its own EOI is never taken for the end). After EOI only zero
// bytes are allowed: some cameras and card writers pad files with zeros, which carry nothing.
// Anything else there (an HTML or script payload, a ZIP, but also the second image of an MPF
// or "motion photo" JPEG) is refused as trailing data.
Ending JpegEnding(std::string_view bytes) {
    const std::size_t n = bytes.size();
    std::size_t at = 2;  // after SOI
    std::size_t end = 0;
    while (end == 0) {
        // libjpeg skips stray bytes before a marker with a warning; so do we.
        while (at < n && Byte(bytes, at) != 0xFF) ++at;
        while (at < n && Byte(bytes, at) == 0xFF) ++at;  // fill bytes
        if (at >= n) return Ending::kTruncated;
        const unsigned marker = Byte(bytes, at++);
        if (marker == 0xD9) {
            end = at;
        } else if (marker == 0xD8) {
            return Ending::kMalformed;
        } else if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            continue;  // a stuffed zero outside a scan, TEM, RSTn: no length field
        } else {
            if (at + 2 > n) return Ending::kTruncated;
            const std::size_t length = (Byte(bytes, at) << 8) | Byte(bytes, at + 1);
            if (length < 2) return Ending::kMalformed;
            if (at + length > n) return Ending::kTruncated;
            at += length;
            if (marker != 0xDA) continue;
            // Entropy-coded data after SOS ends at an FF followed by anything but 00 (a stuffed
            // FF), RSTn or more fill FFs.
            while (true) {
                const void* ff = std::memchr(bytes.data() + at, 0xFF, n - at);
                if (ff == nullptr) return Ending::kTruncated;
                std::size_t next = static_cast<const char*>(ff) - bytes.data() + 1;
                while (next < n && Byte(bytes, next) == 0xFF) ++next;
                if (next >= n) return Ending::kTruncated;
                const unsigned after = Byte(bytes, next);
                if (after != 0x00 && !(after >= 0xD0 && after <= 0xD7)) {
                    at = next - 1;  // the FF before the marker
                    break;
                }
                at = next + 1;
            }
        }
    }
    for (std::size_t i = end; i < n; ++i)
        if (bytes[i] != '\0') return Ending::kTrailingData;
    return Ending::kExact;
}

std::uint32_t BigEndian32(std::string_view bytes, std::size_t at) {
    return (Byte(bytes, at) << 24) | (Byte(bytes, at + 1) << 16) | (Byte(bytes, at + 2) << 8) | Byte(bytes, at + 3);
}

// Chunk by chunk from the signature; the file must stop right after IEND's CRC.
Ending PngEnding(std::string_view bytes) {
    const std::size_t n = bytes.size();
    std::size_t at = 8;  // after the signature
    while (true) {
        if (at + 12 > n) return Ending::kTruncated;
        const std::uint32_t length = BigEndian32(bytes, at);
        if (length > 0x7FFFFFFFu) return Ending::kMalformed;  // PNG's own limit
        const bool iend = bytes.substr(at + 4, 4) == "IEND";
        if (n - at - 12 < length) return Ending::kTruncated;
        at += 12 + std::size_t{length};
        if (iend) break;
    }
    return at == n ? Ending::kExact : Ending::kTrailingData;
}

// The RIFF header says how long the file is: "RIFF", a little-endian size, then that many bytes.
// RIFF pads an odd-sized chunk with one byte not counted in its size, so one zero byte after an
// odd size is allowed (WebP writers keep sizes even, but the container rule is older than WebP).
Ending WebpEnding(std::string_view bytes) {
    const std::uint64_t riff_size =
        Byte(bytes, 4) | (Byte(bytes, 5) << 8) | (Byte(bytes, 6) << 16) | (std::uint64_t{Byte(bytes, 7)} << 24);
    const std::uint64_t expected = riff_size + 8;
    const std::uint64_t n = bytes.size();
    if (n < expected) return Ending::kTruncated;
    if (n == expected) return Ending::kExact;
    if (n == expected + 1 && riff_size % 2 == 1 && bytes.back() == '\0') return Ending::kExact;
    return Ending::kTrailingData;
}

Ending EndingOf(std::string_view bytes, PictureFormat format) {
    switch (format) {
        case PictureFormat::kJpeg: return JpegEnding(bytes);
        case PictureFormat::kPng: return PngEnding(bytes);
        case PictureFormat::kWebp: return WebpEnding(bytes);
    }
    return Ending::kMalformed;
}

// Only the loader of the declared format, never vips' detection by content. Sequential access:
// rows are decoded once, top to bottom, through a small cache. vips reads `bytes` in place, so
// every image made from them must be gone before Process returns.
int Load(std::string_view bytes, PictureFormat format, int jpeg_shrink, VipsImage** out) {
    void* data = const_cast<char*>(bytes.data());
    switch (format) {
        case PictureFormat::kJpeg:
            return vips_jpegload_buffer(data, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", kFailOn,
                                        "shrink", jpeg_shrink, nullptr);
        case PictureFormat::kPng:
            return vips_pngload_buffer(data, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", kFailOn,
                                       nullptr);
        case PictureFormat::kWebp:
            return vips_webpload_buffer(data, bytes.size(), out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on", kFailOn,
                                        nullptr);
    }
    return -1;
}

// libjpeg can decode at 1/2, 1/4 or 1/8 scale: every entropy-coded block is still read (so
// truncation is still found) but only low-frequency coefficients are transformed, several times
// faster. Like vipsthumbnail, leave at least a 2x reduction to the resize that follows, so the
// block-averaged result is never what is stored.
int JpegShrinkFor(int shorter_side) {
    const int factor = shorter_side / kLargeSide;
    if (factor >= 16) return 8;
    if (factor >= 8) return 4;
    if (factor >= 4) return 2;
    return 1;
}

// Transparent pixels onto white, in the image's own range (65535 for 16-bit).
ImageRef FlattenOntoWhite(ImageRef image) {
    if (!vips_image_hasalpha(image.get())) return image;
    const double white = image->BandFmt == VIPS_FORMAT_USHORT ? 65535.0 : 255.0;
    const int colour_bands = image->Bands - 1;
    std::unique_ptr<VipsArrayDouble, void (*)(VipsArrayDouble*)> background(
        vips_array_double_new(std::vector<double>(colour_bands, white).data(), colour_bands),
        [](VipsArrayDouble* array) { vips_area_unref(VIPS_AREA(array)); });
    ImageRef flat;
    if (vips_flatten(image.get(), flat.out(), "background", background.get(), "max_alpha", white, nullptr))
        ThrowVipsFailure("flattening transparency");
    return flat;
}

// To 8-bit sRGB, three bands: through the embedded ICC profile when there is a usable one
// (Adobe RGB and Display P3 photos, CMYK print files), else by the interpretation the loader
// set (greyscale, 16-bit, CMYK without a profile).
ImageRef ToSrgb8(ImageRef image) {
    ImageRef srgb;
    const bool converted_by_profile =
        vips_image_get_typeof(image.get(), VIPS_META_ICC_NAME) != 0 &&
        vips_icc_transform(image.get(), srgb.out(), "srgb", "embedded", TRUE, "depth", 8, nullptr) == 0;
    if (!converted_by_profile) {
        vips_error_clear();  // a broken profile is ignored, as browsers do
        if (vips_colourspace(image.get(), srgb.out(), VIPS_INTERPRETATION_sRGB, nullptr))
            ThrowVipsFailure("converting to sRGB");
    }
    if (srgb->BandFmt != VIPS_FORMAT_UCHAR) {
        ImageRef cast;
        if (vips_cast_uchar(srgb.get(), cast.out(), nullptr)) ThrowVipsFailure("casting to 8 bits");
        srgb = std::move(cast);
    }
    if (srgb->Bands > 3) {
        ImageRef three;
        if (vips_extract_band(srgb.get(), three.out(), 0, "n", 3, nullptr)) ThrowVipsFailure("dropping extra bands");
        srgb = std::move(three);
    }
    return srgb;
}

ImageRef Resize(VipsImage* image, double scale) {
    ImageRef resized;
    if (vips_resize(image, resized.out(), scale, nullptr)) ThrowVipsFailure("resizing");
    return resized;
}

// The 512-pixel square, upright, in memory: the rows above the square and the square itself are
// decoded here (sequential loaders decode from the top), the rows below it are not.
Result<ImageRef> DecodeLargeSquare(VipsImage* loaded, std::string_view name) {
    const int width = loaded->Xsize;
    const int height = loaded->Ysize;
    const int side = std::min(width, height);

    ImageRef square;
    if (vips_extract_area(loaded, square.out(), (width - side) / 2, (height - side) / 2, side, side, nullptr))
        ThrowVipsFailure("cropping");
    square = ToSrgb8(FlattenOntoWhite(std::move(square)));
    const ImageRef resized = Resize(square.get(), static_cast<double>(kLargeSide) / side);

    ImageRef large(vips_image_copy_memory(resized.get()));
    if (large.get() == nullptr) return DecodeFailure(name);
    // vips_resize rounds the scaled size, and side * (512 / side) rounds to 512 for every side up to
    // kMaxPictureSide (checked exhaustively on libvips 8.14).
    assert(large->Xsize == kLargeSide && large->Ysize == kLargeSide);
    ImageRef upright;
    if (vips_autorot(large.get(), upright.out(), nullptr)) ThrowVipsFailure("applying the EXIF orientation");
    return upright;
}

// Decodes the whole file once more and drops the pixels, for the rows below the centre square of
// a portrait image, which the renditions never ask for: libvips 8.14's sequential loaders cannot
// skip ahead to them once the square is done ("out of order read"), and random access would hold
// the whole decoded image in memory. A JPEG is decoded at 1/8 scale, which still reads every
// entropy-coded block.
Status DecodeToTheEnd(std::string_view bytes, PictureFormat format, std::string_view name) {
    ImageRef image;
    double mean = 0;
    if (Load(bytes, format, 8, image.out()) || vips_avg(image.get(), &mean, nullptr)) return DecodeFailure(name);
    return Ok();
}

// Baseline JPEG with no metadata at all ("strip": no EXIF, XMP, IPTC or ICC profile).
std::string EncodeJpeg(VipsImage* image) {
    void* buffer = nullptr;
    std::size_t length = 0;
    if (vips_jpegsave_buffer(image, &buffer, &length, "Q", kJpegQuality, "strip", TRUE, "interlace", FALSE,
                             "optimize_coding", TRUE, nullptr))
        ThrowVipsFailure("encoding a JPEG");
    const std::unique_ptr<void, decltype(&g_free)> owned(buffer, &g_free);
    return std::string(static_cast<const char*>(buffer), length);
}

void DropVipsWarning(const gchar*, GLogLevelFlags, const gchar*, gpointer) {}

void StartVips() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (VIPS_INIT("shiftsync")) throw std::runtime_error("libvips failed to start: " + TakeVipsErrors());
        vips_cache_set_max(0);
        vips_concurrency_set(1);
        // Defence in depth: loaders libvips marks untrusted (ImageMagick, SVG, PDF...) cannot run
        // even by mistake.
        vips_block_untrusted_set(TRUE);
        // vips warns on stderr about every damaged upload ("error in tile ..."); the caller gets
        // a refusal instead, so the warnings are noise in the server's log.
        g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, DropVipsWarning, nullptr);
    });
}

class VipsPictureProcessor final : public PictureProcessor {
public:
    Result<PictureRenditions> Process(std::string_view bytes, PictureFormat declared) const override {
        vips_error_clear();
        const std::string_view name = NameOf(declared);
        if (bytes.empty()) return Refusal("the file is empty");
        if (SniffPictureFormat(bytes) != declared) return Refusal(fmt::format("the file is not a {} image", name));
        switch (EndingOf(bytes, declared)) {
            case Ending::kExact: break;
            case Ending::kTruncated: return Refusal(fmt::format("the {} image is truncated", name));
            case Ending::kTrailingData:
                return Refusal(fmt::format("the file has data after the end of the {} image", name));
            case Ending::kMalformed: return Refusal(fmt::format("the {} image is damaged", name));
        }

        // Only the header is read here; no pixel is decoded before the size is known.
        ImageRef image;
        if (Load(bytes, declared, 1, image.out())) {
            if (TakeVipsErrors().find("out of memory") != std::string::npos) throw std::bad_alloc();
            return Refusal(fmt::format("the file is not a readable {} image", name));
        }
        const int width = image->Xsize;
        const int height = image->Ysize;
        if (width > kMaxPictureSide || height > kMaxPictureSide ||
            static_cast<long long>(width) * height > kMaxPicturePixels) {
            return Refusal(
                fmt::format("the image is too large: {} x {} pixels (at most {} pixels a side and {} million pixels)",
                            width, height, kMaxPictureSide, kMaxPicturePixels / 1'000'000));
        }
        const int shrink = declared == PictureFormat::kJpeg ? JpegShrinkFor(std::min(width, height)) : 1;
        if (shrink > 1 && Load(bytes, declared, shrink, image.out())) return DecodeFailure(name);

        Result<ImageRef> large = DecodeLargeSquare(image.get(), name);
        if (!large) return large.error();
        const bool rows_below_square = image->Ysize > image->Xsize;
        image.Reset();  // one decoder at a time
        if (rows_below_square) {
            const Status whole = DecodeToTheEnd(bytes, declared, name);
            if (!whole) return whole.error();
        }
        const ImageRef small = Resize(large->get(), static_cast<double>(kSmallSide) / kLargeSide);
        return PictureRenditions{EncodeJpeg(small.get()), EncodeJpeg(large->get())};
    }
};

}  // namespace

std::unique_ptr<PictureProcessor> MakeVipsPictureProcessor() {
    StartVips();
    return std::make_unique<VipsPictureProcessor>();
}

}  // namespace shiftsync
