#pragma once
// Byte-level helpers shared by the crypto and secrets adapters: libsodium start-up, raw random
// bytes and base64. Strings here hold raw bytes, not text.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace shiftsync {

// Initialises libsodium once per process; safe to call from any thread, any number of times.
// Throws std::runtime_error if libsodium cannot start (no entropy source).
void InitializeSodium();

// `count` bytes from libsodium's CSPRNG. Thread-safe.
std::string RandomBytes(std::size_t count);

// Unpadded base64url (RFC 4648 section 5), as used by JWT.
std::string Base64UrlEncode(std::string_view bytes);

// Strict inverse of Base64UrlEncode: nullopt on padding, whitespace, characters outside the
// url-safe alphabet, or non-canonical trailing bits. Never throws on bad input.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Padded standard base64 (RFC 4648 section 4), what `base64` on the command line prints.
std::string Base64Encode(std::string_view bytes);

// For keys typed or pasted by operators: standard or url-safe alphabet, with or without
// padding, surrounding whitespace ignored. nullopt when it is none of those.
std::optional<std::string> Base64DecodeAnyVariant(std::string_view text);

}  // namespace shiftsync
