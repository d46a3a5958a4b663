#include "domain/validation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <iterator>

namespace shiftsync {
namespace {

// Decodes the code point starting at text[pos] and advances pos past it. Returns nullopt
// (pos unspecified) for anything RFC 3629 forbids: stray continuation bytes, truncated
// sequences, overlong forms, UTF-16 surrogates and values above U+10FFFF. Overlongs and
// surrogates matter because other decoders may map them onto '/', '<' or NUL.
std::optional<char32_t> DecodeNext(std::string_view text, std::size_t& pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) {
        ++pos;
        return lead;
    }
    std::size_t length = 0;
    char32_t value = 0;
    char32_t min_value = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {  // 0xC0 and 0xC1 can only start overlongs
        length = 2;
        value = lead & 0x1F;
        min_value = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        value = lead & 0x0F;
        min_value = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {  // 0xF5.. would exceed U+10FFFF
        length = 4;
        value = lead & 0x07;
        min_value = 0x10000;
    } else {
        return std::nullopt;
    }
    if (text.size() - pos < length) return std::nullopt;
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte(pos + i);
        if ((next & 0xC0) != 0x80) return std::nullopt;
        value = (value << 6) | (next & 0x3F);
    }
    if (value < min_value || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
    pos += length;
    return value;
}

bool IsControl(char32_t c, bool multiline) {
    // Multiline text keeps line breaks of every platform (browsers send CR LF) and tabs.
    if (c == U'\n' || c == U'\r' || c == U'\t') return !multiline;
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F);
}

// Unicode White_Space plus the zero-width characters that render as nothing, so that a
// name of only invisible characters counts as blank.
bool IsBlank(char32_t c) {
    constexpr char32_t kBlanks[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,   0xA0,   0x1680, 0x180E,
                                    0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF};
    if (c >= 0x2000 && c <= 0x200A) return true;
    return std::find(std::begin(kBlanks), std::end(kBlanks), c) != std::end(kBlanks);
}

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool IsValidUtf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!DecodeNext(text, pos)) return false;
    }
    return true;
}

std::size_t CodePointCount(std::string_view text) {
    assert(IsValidUtf8(text));
    std::size_t count = 0;
    for (const char c : text) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
    }
    return count;
}

Status ValidateText(std::string_view text, std::string_view field, std::size_t max_length, bool required,
                    bool multiline) {
    const auto fail = [&](std::string detail) { return Error::Invalid(std::move(detail), std::string(field)); };
    const auto length_rule = [&] {
        return required ? fmt::format("{} must be 1 to {} characters", field, max_length)
                        : fmt::format("{} must be at most {} characters", field, max_length);
    };

    std::size_t count = 0;
    bool blank = true;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::optional<char32_t> c = DecodeNext(text, pos);
        if (!c) return fail(fmt::format("{} must be valid UTF-8", field));
        if (IsControl(*c, multiline)) return fail(fmt::format("{} must not contain control characters", field));
        if (!IsBlank(*c)) blank = false;
        ++count;
    }
    if (count > max_length || (required && count == 0)) return fail(length_rule());
    if (required && blank) return fail(fmt::format("{} must not be blank", field));
    return Ok();
}

Status ValidateEmail(std::string_view email) {
    constexpr std::string_view kField = "email";
    const auto invalid = [&] { return Error::Invalid("email must be a valid address", std::string(kField)); };

    if (!IsValidUtf8(email)) return invalid();
    if (CodePointCount(email) > kMaxEmailLength) {
        return Error::Invalid(fmt::format("email must be at most {} characters", kMaxEmailLength), std::string(kField));
    }
    std::size_t pos = 0;
    while (pos < email.size()) {
        const char32_t c = *DecodeNext(email, pos);
        if (IsControl(c, false) || IsBlank(c)) return invalid();
        // Characters that are only legal inside quoted local parts; refusing them keeps
        // addresses safe to put in mail headers without quoting.
        if (c < 0x80 && std::string_view("\"(),:;<>[\\]").find(static_cast<char>(c)) != std::string_view::npos) {
            return invalid();
        }
    }

    const std::size_t at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return invalid();
    const std::string_view local = email.substr(0, at);
    const std::string_view domain = email.substr(at + 1);
    if (local.empty() || local.size() > 64) return invalid();
    if (domain.find('.') == std::string_view::npos) return invalid();
    std::size_t label_start = 0;
    while (true) {
        const std::size_t dot = domain.find('.', label_start);
        const std::size_t label_end = dot == std::string_view::npos ? domain.size() : dot;
        if (label_end == label_start) return invalid();
        if (dot == std::string_view::npos) break;
        label_start = dot + 1;
    }
    return Ok();
}

std::string EmailKey(std::string_view email) {
    std::string key(email);
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

Status ValidatePasswordShape(std::string_view password) {
    constexpr std::string_view kField = "password";
    if (!IsValidUtf8(password)) return Error::Invalid("password must be valid UTF-8", std::string(kField));
    const std::size_t count = CodePointCount(password);
    if (count < kMinPasswordLength || count > kMaxPasswordLength) {
        return Error::Invalid(
            fmt::format("password must be {} to {} characters", kMinPasswordLength, kMaxPasswordLength),
            std::string(kField));
    }
    return Ok();
}

std::optional<int> ParseClockTime(std::string_view text) {
    if (text.size() != 5 || text[2] != ':') return std::nullopt;
    if (!IsAsciiDigit(text[0]) || !IsAsciiDigit(text[1]) || !IsAsciiDigit(text[3]) || !IsAsciiDigit(text[4])) {
        return std::nullopt;
    }
    const int hours = (text[0] - '0') * 10 + (text[1] - '0');
    const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 23 || minutes > 59) return std::nullopt;
    return hours * 60 + minutes;
}

std::string FormatClockTime(int minutes) {
    assert(minutes >= 0 && minutes < 24 * 60);
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

}  // namespace shiftsync
