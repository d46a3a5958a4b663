// Images for the PictureProcessor tests (see test_images.hpp).
#include "infra/image/test_images.hpp"

#include <vips/vips.h>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace shiftsync::image_test {

void Check(int status, const char* what) {
    if (status != 0) {
        std::string errors = vips_error_buffer();
        vips_error_clear();
        throw std::runtime_error(std::string(what) + ": " + errors);
    }
}

Image Checked(int status, VipsImage*& out, const char* what) {
    Check(status, what);
    return Image(out);
}

Image Solid(int width, int height, std::vector<double> colour) {
    VipsImage* black = nullptr;
    const Image base =
        Checked(vips_black(&black, width, height, "bands", static_cast<int>(colour.size()), nullptr), black, "black");
    std::vector<double> ones(colour.size(), 1.0);
    VipsImage* linear = nullptr;
    const Image lit = Checked(vips_linear(base.get(), &linear, ones.data(), colour.data(),
                                          static_cast<int>(colour.size()), "uchar", TRUE, nullptr),
                              linear, "linear");
    VipsImage* out = nullptr;
    const VipsInterpretation interpretation = colour.size() <= 2 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
    return Checked(vips_copy(lit.get(), &out, "interpretation", interpretation, nullptr), out, "copy");
}

Image Halves(int width, int height, std::vector<double> left, std::vector<double> right) {
    VipsImage* out = nullptr;
    return Checked(vips_join(Solid(width / 2, height, left).get(), Solid(width - width / 2, height, right).get(), &out,
                             VIPS_DIRECTION_HORIZONTAL, nullptr),
                   out, "join");
}

Image Photo(int width, int height) {
    std::vector<Image> bands;
    for (int seed = 1; seed <= 3; ++seed) {
        VipsImage* noise = nullptr;
        const Image n =
            Checked(vips_gaussnoise(&noise, width, height, "mean", 128.0, "sigma", 50.0, "seed", seed, nullptr), noise,
                    "gaussnoise");
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

std::string Jpeg(const Image& image, int quality, bool progressive) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status =
        vips_jpegsave_buffer(image.get(), &buffer, &length, "Q", quality, "interlace", progressive, nullptr);
    return Saved(status, buffer, length, "jpegsave");
}

std::string Png(const Image& image) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status = vips_pngsave_buffer(image.get(), &buffer, &length, nullptr);
    return Saved(status, buffer, length, "pngsave");
}

std::string Webp(const Image& image, bool lossless) {
    void* buffer = nullptr;
    std::size_t length = 0;
    const int status = vips_webpsave_buffer(image.get(), &buffer, &length, "lossless", lossless, nullptr);
    return Saved(status, buffer, length, "webpsave");
}

Image DecodeJpeg(const std::string& bytes) {
    VipsImage* loaded = nullptr;
    const Image lazy = Checked(vips_jpegload_buffer(const_cast<char*>(bytes.data()), bytes.size(), &loaded, "fail_on",
                                                    VIPS_FAIL_ON_WARNING, nullptr),
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

}  // namespace shiftsync::image_test
