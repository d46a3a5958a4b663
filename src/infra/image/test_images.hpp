#pragma once
// Images for the PictureProcessor tests, made with libvips itself, and what the tests read back
// from the JPEGs it makes. Every function throws std::runtime_error (with libvips' error buffer)
// when libvips fails. (The hostile, hand-crafted bytes are in the refused-images tests.)
#include <vips/vips.h>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace shiftsync::image_test {

// A reference to a VipsImage, shared; unreferenced by the last copy.
class Image {
public:
    Image() = default;
    explicit Image(VipsImage* image) : image_(image, &g_object_unref) {}
    VipsImage* get() const { return image_.get(); }
    VipsImage* operator->() const { return image_.get(); }

private:
    std::shared_ptr<VipsImage> image_;
};

// Throws with libvips' error buffer (and clears it) unless `status` is 0.
void Check(int status, const char* what);

// `out` by reference: it is read after the call in the first argument has set it.
Image Checked(int status, VipsImage*& out, const char* what);

// A w x h image of one colour (one value per band), 8-bit.
Image Solid(int width, int height, std::vector<double> colour);

// `left` on the left half, `right` on the right half.
Image Halves(int width, int height, std::vector<double> left, std::vector<double> right);

// Blurred noise in colour: compresses like a photo (about 2.5 MB at 12 MP and quality 92).
Image Photo(int width, int height);

// `image` with an alpha band of `alpha` everywhere, in the image's own format.
Image WithAlpha(const Image& image, double alpha);

// The bytes of a *save_buffer call's `buffer` (which it frees), once `status` is checked.
std::string Saved(int status, void* buffer, std::size_t length, const char* what);

std::string Jpeg(const Image& image, int quality = 90, bool progressive = false);
std::string Png(const Image& image);
std::string Webp(const Image& image, bool lossless = false);

// A rendition decoded back, detached from its bytes.
Image DecodeJpeg(const std::string& bytes);

// The band values of one pixel.
std::vector<double> PixelAt(const Image& image, int x, int y);

// The markers of a JPEG up to its first scan.
std::vector<unsigned> MarkersBeforeScan(const std::string& jpeg);

}  // namespace shiftsync::image_test
