#pragma once
// Rules for free-text input. Lengths count Unicode code points, not bytes.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"

namespace shiftsync {

inline constexpr std::size_t kMaxNameLength = 100;  // person and organisation names
inline constexpr std::size_t kMaxPositionLength = 100;
inline constexpr std::size_t kMaxNoteLength = 1000;
inline constexpr std::size_t kMaxEmailLength = 254;
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 128;

bool IsValidUtf8(std::string_view text);
// REQUIRES: IsValidUtf8(text)
std::size_t CodePointCount(std::string_view text);

// Valid UTF-8, no control characters (newline and tab allowed only if multiline),
// not only whitespace when required, at most max_length code points.
// `field` names the input in the error ("name", "position").
Status ValidateText(std::string_view text, std::string_view field, std::size_t max_length, bool required,
                    bool multiline = false);

// A plausible address: one '@', non-empty local part (<= 64 bytes), a domain with a dot and
// no empty labels, no spaces or control characters, at most kMaxEmailLength.
Status ValidateEmail(std::string_view email);

// The key that makes emails unique case-insensitively (ASCII lower-case of the whole address).
std::string EmailKey(std::string_view email);

// 12 to 128 code points of valid UTF-8; any characters; no composition rules.
// (The common-password check needs the list and lives in the app layer.)
Status ValidatePasswordShape(std::string_view password);

// "HH:MM" 00:00..23:59 -> minutes after midnight.
std::optional<int> ParseClockTime(std::string_view text);
std::string FormatClockTime(int minutes);  // "08:05"

}  // namespace shiftsync
