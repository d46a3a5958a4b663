#pragma once
// A PictureProcessor for service tests: no decoding, just the rules a caller can observe.
// Accepts bytes whose magic matches the declared format (SniffPictureFormat) and returns
// "small:<bytes>" and "large:<bytes>" as renditions; refuses anything else with
// kInvalidPicture, as the libvips adapter would. Thread-safe.
#include <atomic>
#include <string>
#include <string_view>

#include "app/ports/picture_processor.hpp"

namespace shiftsync {

class FakePictureProcessor final : public PictureProcessor {
public:
    Result<PictureRenditions> Process(std::string_view bytes, PictureFormat declared) const override {
        calls_.fetch_add(1);
        if (SniffPictureFormat(bytes) != declared)
            return Error{ErrorCode::kInvalidPicture, "the file is not the declared kind of image", "picture"};
        return PictureRenditions{"small:" + std::string(bytes), "large:" + std::string(bytes)};
    }

    int calls() const { return calls_.load(); }

    // A few bytes that pass as each format here.
    static std::string Png(std::string_view tag = "") { return std::string("\x89PNG\r\n\x1A\n", 8) + std::string(tag); }
    static std::string Jpeg(std::string_view tag = "") { return std::string("\xFF\xD8\xFF\xE0", 4) + std::string(tag); }

private:
    mutable std::atomic<int> calls_{0};
};

}  // namespace shiftsync
