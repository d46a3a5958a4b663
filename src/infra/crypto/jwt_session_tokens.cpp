#include "infra/crypto/jwt_session_tokens.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cassert>
#include <charconv>
#include <optional>
#include <string_view>

#include "infra/crypto/bytes.hpp"

namespace shiftsync {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxTokenBytes = 4096;
constexpr std::string_view kAlgorithm = "HS256";

using Mac = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

Error Rejected() { return Error::Unauthenticated("invalid or expired session"); }

std::optional<json::object> ParseObject(std::string_view segment) {
    const auto text = Base64UrlDecode(segment);
    if (!text) return std::nullopt;
    boost::system::error_code ec;
    json::value value = json::parse(*text, ec);
    if (ec || !value.is_object()) return std::nullopt;
    return std::move(value.as_object());
}

std::optional<std::string_view> StringMember(const json::object& object, std::string_view key) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string_view(value->get_string());
}

// Whole numbers only: the parser keeps 1.0 and 1e3 as doubles and huge values as uint64.
std::optional<std::int64_t> IntegerMember(const json::object& object, std::string_view key) {
    const json::value* value = object.if_contains(key);
    if (value == nullptr || !value->is_int64()) return std::nullopt;
    return value->get_int64();
}

// "sub" is a string per RFC 7519; accept only the canonical decimal spelling Issue writes.
std::optional<Id> ParseSubject(std::string_view text) {
    if (text.empty() || text.size() > 19 || text.front() == '0') return std::nullopt;
    Id id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
    return id;
}

class JwtSessionTokens final : public SessionTokens {
public:
    explicit JwtSessionTokens(std::vector<JwtKey> keys) : keys_(std::move(keys)) {
        assert(!keys_.empty());
        for (const JwtKey& key : keys_) {
            assert(key.key.size() >= 32);
            assert(!key.id.empty());
            assert(std::count_if(keys_.begin(), keys_.end(), [&](const JwtKey& k) { return k.id == key.id; }) == 1);
        }
        json::object header;
        header["alg"] = kAlgorithm;
        header["typ"] = "JWT";
        header["kid"] = keys_.front().id;
        encoded_header_ = Base64UrlEncode(json::serialize(header));
    }

    ~JwtSessionTokens() override {
        for (JwtKey& key : keys_) sodium_memzero(key.key.data(), key.key.size());
    }

    std::string Issue(const SessionClaims& claims) const override {
        json::object payload;
        payload["sub"] = std::to_string(claims.user_id);
        payload["org"] = claims.organization_id;
        payload["ver"] = claims.token_version;
        payload["jti"] = claims.token_id;
        payload["iat"] = claims.issued_at.time_since_epoch().count();
        payload["exp"] = claims.expires_at.time_since_epoch().count();
        std::string token = encoded_header_;
        token += '.';
        token += Base64UrlEncode(json::serialize(payload));
        const Mac mac = Sign(keys_.front().key, token);
        token += '.';
        token += Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
        return token;
    }

    Result<SessionClaims> Verify(std::string_view token, Instant now) const override {
        if (token.size() > kMaxTokenBytes) return Rejected();
        const auto first_dot = token.find('.');
        if (first_dot == std::string_view::npos) return Rejected();
        const auto second_dot = token.find('.', first_dot + 1);
        if (second_dot == std::string_view::npos) return Rejected();
        if (token.find('.', second_dot + 1) != std::string_view::npos) return Rejected();

        const std::string_view header_segment = token.substr(0, first_dot);
        const std::string_view payload_segment = token.substr(first_dot + 1, second_dot - first_dot - 1);
        const std::string_view signature_segment = token.substr(second_dot + 1);

        // The header is checked on its own even though we only ever compute HS256: a token that
        // names another algorithm was not made by Issue, whatever its signature says.
        const auto header = ParseObject(header_segment);
        if (!header) return Rejected();
        if (StringMember(*header, "alg") != kAlgorithm) return Rejected();
        // Which key signed is public (the kid), so choosing by it leaks nothing; the signature
        // compare below stays constant-time.
        const auto kid = StringMember(*header, "kid");
        if (!kid) return Rejected();
        const auto key = std::find_if(keys_.begin(), keys_.end(), [&](const JwtKey& k) { return k.id == *kid; });
        if (key == keys_.end()) return Rejected();
        if (header->contains("typ") && StringMember(*header, "typ") != std::string_view("JWT")) return Rejected();
        if (header->contains("crit")) return Rejected();  // extensions we would have to understand

        const auto signature = Base64UrlDecode(signature_segment);
        if (!signature || signature->size() != crypto_auth_hmacsha256_BYTES) return Rejected();
        const Mac expected = Sign(key->key, token.substr(0, second_dot));
        if (sodium_memcmp(expected.data(), signature->data(), expected.size()) != 0) return Rejected();

        const auto payload = ParseObject(payload_segment);
        if (!payload) return Rejected();
        const auto subject = StringMember(*payload, "sub");
        const auto user_id = subject ? ParseSubject(*subject) : std::nullopt;
        const auto organization_id = IntegerMember(*payload, "org");
        const auto token_version = IntegerMember(*payload, "ver");
        const auto token_id = StringMember(*payload, "jti");
        const auto issued_at = IntegerMember(*payload, "iat");
        const auto expires_at = IntegerMember(*payload, "exp");
        if (!user_id || !organization_id || !token_version || !token_id || !issued_at || !expires_at) {
            return Rejected();
        }
        if (*organization_id < 0 || *token_version < 0 || token_id->empty() || *issued_at > *expires_at) {
            return Rejected();
        }
        SessionClaims claims;
        claims.user_id = *user_id;
        claims.organization_id = *organization_id;
        claims.token_version = *token_version;
        claims.token_id = std::string(*token_id);
        claims.issued_at = Instant(std::chrono::seconds(*issued_at));
        claims.expires_at = Instant(std::chrono::seconds(*expires_at));
        if (!(claims.expires_at > now)) return Rejected();
        return claims;
    }

private:
    static Mac Sign(const std::string& key, std::string_view signing_input) {
        // The multi-part API takes keys of any length (RFC 2104); crypto_auth_hmacsha256 wants 32 bytes.
        crypto_auth_hmacsha256_state state;
        crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
        crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(signing_input.data()),
                                      signing_input.size());
        Mac mac;
        crypto_auth_hmacsha256_final(&state, mac.data());
        return mac;
    }

    std::vector<JwtKey> keys_;  // the first signs
    std::string encoded_header_;
};

}  // namespace

std::unique_ptr<SessionTokens> MakeJwtSessionTokens(std::vector<JwtKey> keys) {
    InitializeSodium();
    return std::make_unique<JwtSessionTokens>(std::move(keys));
}

}  // namespace shiftsync
