#pragma once
// Profile pictures: the formats we accept and how a client's upload is recognised. Pure rules;
// decoding and re-encoding live behind the PictureProcessor port.
#include <cstddef>
#include <optional>
#include <string_view>

namespace shiftsync {

enum class PictureFormat { kJpeg, kPng, kWebp };

// The sizes a picture is stored and served at: square, this many pixels a side.
enum class PictureSize { kSmall = 128, kLarge = 512 };

// Uploads above this are refused before any decoding (413).
inline constexpr std::size_t kMaxPictureBytes = 10 * 1024 * 1024;
// Decompression-bomb guards, checked from the image header before any pixel is decoded.
inline constexpr int kMaxPictureSide = 12'000;              // pixels, either side
inline constexpr long long kMaxPicturePixels = 50'000'000;  // width * height

// "image/jpeg" -> kJpeg, "image/png" -> kPng, "image/webp" -> kWebp; parameters after ';' and
// case are ignored ("IMAGE/PNG; q=1"). nullopt for anything else (image/svg+xml, text/html, ...).
std::optional<PictureFormat> PictureFormatFromContentType(std::string_view content_type);

// The format the first bytes announce (JPEG: FF D8 FF; PNG: the 8-byte signature; WebP:
// "RIFF" ???? "WEBP"), or nullopt. Only a first check: the processor still decodes for real.
std::optional<PictureFormat> SniffPictureFormat(std::string_view bytes);

// "image/jpeg", "image/png", "image/webp".
std::string_view ContentTypeOf(PictureFormat format);

}  // namespace shiftsync
