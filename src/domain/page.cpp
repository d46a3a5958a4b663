#include "domain/page.hpp"

#include <charconv>
#include <system_error>

namespace shiftsync {
namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// base64url without padding (RFC 4648 section 5).
std::string Base64Url(std::string_view bytes) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(buffer >> bits) & 0x3f];
        }
    }
    if (bits > 0) out += kAlphabet[(buffer << (6 - bits)) & 0x3f];
    return out;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        const auto value = kAlphabet.find(c);
        if (value == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<unsigned>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    if (bits >= 6 || (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;  // not what Base64Url writes
    return out;
}

template <typename Number>
std::optional<Number> WholeNumber(std::string_view text) {
    Number number{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return number;
}

Error BadCursor() {
    return {ErrorCode::kMalformed, "cursor is not one this list gave; start again without it", "cursor"};
}

}  // namespace

std::string EncodeCursor(const PageKey& key) { return Base64Url(std::to_string(key.id) + ":" + key.sort_key); }

Result<PageRequest> ParsePageRequest(const std::optional<std::string>& limit,
                                     const std::optional<std::string>& cursor) {
    PageRequest request;
    if (limit) {
        const auto number = WholeNumber<int>(*limit);
        if (!number || *number < 1 || *number > kMaxPageLimit) {
            return Error{ErrorCode::kMalformed,
                         "limit must be a whole number from 1 to " + std::to_string(kMaxPageLimit), "limit"};
        }
        request.limit = *number;
    }
    if (cursor) {
        const auto text = FromBase64Url(*cursor);
        const auto colon = text ? text->find(':') : std::string::npos;
        if (colon == std::string::npos) return BadCursor();
        const auto id = WholeNumber<Id>(std::string_view(*text).substr(0, colon));
        if (!id || *id < 1) return BadCursor();
        request.after = PageKey{*id, text->substr(colon + 1)};
    }
    return request;
}

Result<long long> NumericSortKey(const PageKey& key) {
    const auto number = WholeNumber<long long>(key.sort_key);
    if (!number) return BadCursor();
    return *number;
}

}  // namespace shiftsync
