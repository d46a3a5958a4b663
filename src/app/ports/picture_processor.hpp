#pragma once
// Turns an uploaded image into the stored renditions. Implemented with libvips (infra/image).
#include <string>
#include <string_view>

#include "domain/picture.hpp"
#include "domain/result.hpp"

namespace shiftsync {

// Both are baseline JPEG, square, with no metadata at all (no EXIF, GPS, XMP, ICC comments).
struct PictureRenditions {
    std::string small;  // 128 x 128
    std::string large;  // 512 x 512
};

class PictureProcessor {
public:
    virtual ~PictureProcessor() = default;
    // Decodes `bytes` with the decoder for `declared` only (no other loader is ever tried, so an
    // SVG or HTML file can never reach one), fully, failing on truncation or corruption. Then
    // applies the EXIF orientation, flattens transparency onto white, crops the centre square and
    // resizes to 512 and 128 pixels (small images are enlarged), and encodes both as JPEG.
    // Refusals are values with ErrorCode::kInvalidPicture and field "picture", whose detail says in
    // plain words what is wrong:
    //   - the bytes are not a `declared` image (other magic, another format, garbage, empty);
    //   - the header announces a side over kMaxPictureSide or more than kMaxPicturePixels pixels
    //     (checked before decoding pixels: decompression bombs);
    //   - the image is truncated or corrupt;
    //   - bytes follow the end of the image (JPEG after EOI, PNG after IEND, WebP beyond its RIFF
    //     size): polyglot files.
    // Blocking and CPU-heavy (tens of milliseconds for a photo): never call it on an I/O thread.
    // Thread-safe. Throws only for infrastructure failures (out of memory).
    // REQUIRES: bytes.size() <= kMaxPictureBytes (callers refuse larger uploads first).
    virtual Result<PictureRenditions> Process(std::string_view bytes, PictureFormat declared) const = 0;
};

}  // namespace shiftsync
