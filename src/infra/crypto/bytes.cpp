#include "infra/crypto/bytes.hpp"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>

namespace shiftsync {
namespace {

std::string Encode(std::string_view bytes, int variant) {
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      variant);
    out.resize(out.size() - 1);  // the encoder writes a terminating NUL we do not keep
    return out;
}

std::optional<std::string> Decode(std::string_view text, int variant) {
    std::string out(text.size() / 4 * 3 + 3, '\0');
    std::size_t length = 0;
    // No ignore set and no end pointer: libsodium then refuses anything but the whole input
    // being valid, including non-zero trailing bits, so each token has one accepted spelling.
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                          &length, nullptr, variant) != 0) {
        return std::nullopt;
    }
    out.resize(length);
    return out;
}

}  // namespace

void InitializeSodium() {
    static std::once_flag once;
    static bool ok = false;
    std::call_once(once, [] { ok = sodium_init() >= 0; });
    if (!ok) throw std::runtime_error("libsodium failed to initialise");
}

std::string RandomBytes(std::size_t count) {
    InitializeSodium();
    std::string out(count, '\0');
    randombytes_buf(out.data(), out.size());
    return out;
}

std::string Base64UrlEncode(std::string_view bytes) {
    InitializeSodium();
    return Encode(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    InitializeSodium();
    return Decode(text, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

std::string Base64Encode(std::string_view bytes) {
    InitializeSodium();
    return Encode(bytes, sodium_base64_VARIANT_ORIGINAL);
}

std::optional<std::string> Base64DecodeAnyVariant(std::string_view text) {
    InitializeSodium();
    constexpr std::string_view kWhitespace = " \t\r\n";
    const auto first = text.find_first_not_of(kWhitespace);
    if (first == std::string_view::npos) return std::nullopt;
    text = text.substr(first, text.find_last_not_of(kWhitespace) - first + 1);
    // The padded variants want padding, the unpadded ones refuse it, so trying all four accepts
    // exactly the spellings an operator is likely to paste.
    constexpr std::array kVariants = {sodium_base64_VARIANT_ORIGINAL, sodium_base64_VARIANT_ORIGINAL_NO_PADDING,
                                      sodium_base64_VARIANT_URLSAFE, sodium_base64_VARIANT_URLSAFE_NO_PADDING};
    for (int variant : kVariants) {
        if (auto decoded = Decode(text, variant)) return decoded;
    }
    return std::nullopt;
}

}  // namespace shiftsync
