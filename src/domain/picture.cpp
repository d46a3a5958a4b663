#include "domain/picture.hpp"

#include <cctype>

namespace shiftsync {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<PictureFormat> PictureFormatFromContentType(std::string_view content_type) {
    const std::string_view media_type = Trim(content_type.substr(0, content_type.find(';')));
    if (EqualsIgnoringCase(media_type, "image/jpeg")) return PictureFormat::kJpeg;
    if (EqualsIgnoringCase(media_type, "image/png")) return PictureFormat::kPng;
    if (EqualsIgnoringCase(media_type, "image/webp")) return PictureFormat::kWebp;
    return std::nullopt;
}

std::optional<PictureFormat> SniffPictureFormat(std::string_view bytes) {
    using namespace std::string_view_literals;
    if (bytes.substr(0, 3) == "\xFF\xD8\xFF"sv) return PictureFormat::kJpeg;
    if (bytes.substr(0, 8) == "\x89PNG\r\n\x1A\n"sv) return PictureFormat::kPng;
    if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF"sv && bytes.substr(8, 4) == "WEBP"sv)
        return PictureFormat::kWebp;
    return std::nullopt;
}

std::string_view ContentTypeOf(PictureFormat format) {
    switch (format) {
        case PictureFormat::kJpeg: return "image/jpeg";
        case PictureFormat::kPng: return "image/png";
        case PictureFormat::kWebp: return "image/webp";
    }
    return "application/octet-stream";
}

}  // namespace shiftsync
