#include "infra/crypto/jwt_session_tokens.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/json.hpp>

#include "infra/crypto/bytes.hpp"

namespace shiftsync {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

const std::string kKey(32, 'k');
const std::string kKeyId = "0123456789abcdef";
const Instant kIssued{seconds(1'700'000'000)};
const Instant kExpires = kIssued + std::chrono::days(7);

SessionClaims SampleClaims() {
    SessionClaims claims;
    claims.user_id = 42;
    claims.organization_id = 7;
    claims.token_version = 3;
    claims.token_id = "jti-abc";
    claims.issued_at = kIssued;
    claims.expires_at = kExpires;
    return claims;
}

json::object SampleHeader() { return {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kKeyId}}; }

json::object SamplePayload() {
    return {{"sub", "42"},
            {"org", 7},
            {"ver", 3},
            {"jti", "jti-abc"},
            {"iat", kIssued.time_since_epoch().count()},
            {"exp", kExpires.time_since_epoch().count()}};
}

std::string Hmac(std::string_view key, std::string_view input) {
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()), input.size());
    crypto_auth_hmacsha256_final(&state, mac);
    return std::string(reinterpret_cast<const char*>(mac), sizeof mac);
}

// A token built by hand, signed with HMAC-SHA-256 under `key` whatever the header claims.
std::string Forge(const json::value& header, const json::value& payload, std::string_view key = kKey) {
    std::string input = Base64UrlEncode(json::serialize(header)) + "." + Base64UrlEncode(json::serialize(payload));
    return input + "." + Base64UrlEncode(Hmac(key, input));
}

class JwtSessionTokensTest : public ::testing::Test {
protected:
    std::unique_ptr<SessionTokens> tokens_ = MakeJwtSessionTokens({{kKey, kKeyId}});

    void ExpectRejected(std::string_view token, Instant now = kIssued) {
        const auto result = tokens_->Verify(token, now);
        ASSERT_FALSE(result.ok()) << token;
        EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(result.error().detail, "invalid or expired session");
    }
};

TEST_F(JwtSessionTokensTest, RoundTrip) {
    const std::string token = tokens_->Issue(SampleClaims());
    const auto claims = tokens_->Verify(token, kIssued + seconds(1));
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(claims->user_id, 42);
    EXPECT_EQ(claims->organization_id, 7);
    EXPECT_EQ(claims->token_version, 3);
    EXPECT_EQ(claims->token_id, "jti-abc");
    EXPECT_EQ(claims->issued_at, kIssued);
    EXPECT_EQ(claims->expires_at, kExpires);
}

TEST_F(JwtSessionTokensTest, IssuesStandardCompactJws) {
    const std::string token = tokens_->Issue(SampleClaims());
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    const auto header = json::parse(*Base64UrlDecode(token.substr(0, first)));
    EXPECT_EQ(header, json::value(SampleHeader()));
    const auto payload = json::parse(*Base64UrlDecode(token.substr(first + 1, second - first - 1)));
    EXPECT_EQ(payload, json::value(SamplePayload()));
    EXPECT_EQ(token, Forge(SampleHeader(), SamplePayload()));  // interoperable with any HS256 library
}

TEST_F(JwtSessionTokensTest, AcceptsKeysLongerThanTheHashBlock) {
    const std::string long_key(100, 'L');
    const auto tokens = MakeJwtSessionTokens({{long_key, kKeyId}});
    const std::string token = tokens->Issue(SampleClaims());
    EXPECT_TRUE(tokens->Verify(token, kIssued).ok());
    EXPECT_EQ(token, Forge(SampleHeader(), SamplePayload(), long_key));
}

TEST_F(JwtSessionTokensTest, RejectsAlgNone) {
    json::object header = SampleHeader();
    header["alg"] = "none";
    const std::string forged = Forge(header, SamplePayload());
    ExpectRejected(forged);
    ExpectRejected(forged.substr(0, forged.rfind('.') + 1));  // the usual unsigned form
}

TEST_F(JwtSessionTokensTest, RejectsOtherAlgorithmsEvenWithAValidHs256Signature) {
    for (const char* alg : {"HS512", "hs256", "HS384", "RS256", ""}) {
        json::object header = SampleHeader();
        header["alg"] = alg;
        ExpectRejected(Forge(header, SamplePayload()));
    }
    json::object missing = SampleHeader();
    missing.erase("alg");
    ExpectRejected(Forge(missing, SamplePayload()));
    json::object not_string = SampleHeader();
    not_string["alg"] = 256;
    ExpectRejected(Forge(not_string, SamplePayload()));
}

TEST_F(JwtSessionTokensTest, RejectsWrongKey) {
    ExpectRejected(Forge(SampleHeader(), SamplePayload(), std::string(32, 'x')));
    const auto other = MakeJwtSessionTokens({{std::string(32, 'x'), kKeyId}});
    ExpectRejected(other->Issue(SampleClaims()));
}

TEST_F(JwtSessionTokensTest, RejectsWrongOrMissingKid) {
    json::object header = SampleHeader();
    header["kid"] = "fedcba9876543210";
    ExpectRejected(Forge(header, SamplePayload()));
    header.erase("kid");
    ExpectRejected(Forge(header, SamplePayload()));
}

TEST_F(JwtSessionTokensTest, RejectsTamperedPayload) {
    const std::string token = tokens_->Issue(SampleClaims());
    const auto first = token.find('.');
    const auto second = token.find('.', first + 1);
    json::object payload = SamplePayload();
    payload["sub"] = "1";
    const std::string tampered =
        token.substr(0, first + 1) + Base64UrlEncode(json::serialize(payload)) + token.substr(second);
    ExpectRejected(tampered);
}

TEST_F(JwtSessionTokensTest, RejectsTamperedSignature) {
    std::string token = tokens_->Issue(SampleClaims());
    token[token.size() - 3] = token[token.size() - 3] == 'A' ? 'B' : 'A';
    ExpectRejected(token);
    const std::string original = tokens_->Issue(SampleClaims());
    ExpectRejected(original.substr(0, original.size() - 1));  // truncated
}

TEST_F(JwtSessionTokensTest, RejectsExpired) {
    const std::string token = tokens_->Issue(SampleClaims());
    EXPECT_TRUE(tokens_->Verify(token, kExpires - seconds(1)).ok());
    ExpectRejected(token, kExpires);
    ExpectRejected(token, kExpires + seconds(1));
}

TEST_F(JwtSessionTokensTest, RejectsGarbage) {
    for (const char* garbage :
         {"", ".", "..", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9", "Bearer x.y.z", "\xff\xfe.a.b"}) {
        ExpectRejected(garbage);
    }
}

TEST_F(JwtSessionTokensTest, RejectsExtraOrMissingSegments) {
    const std::string token = tokens_->Issue(SampleClaims());
    ExpectRejected(token + ".");
    ExpectRejected(token + "." + token.substr(token.rfind('.') + 1));
    ExpectRejected(token.substr(0, token.rfind('.')));
}

TEST_F(JwtSessionTokensTest, RejectsPaddingAndNonUrlSafeCharacters) {
    const std::string token = tokens_->Issue(SampleClaims());
    ExpectRejected(token + "=");
    const auto first = token.find('.');
    ExpectRejected(token.substr(0, first) + "=" + token.substr(first));
    std::string standard = token;
    for (char& c : standard) {
        if (c == '-') c = '+';
        if (c == '_') c = '/';
    }
    if (standard != token) ExpectRejected(standard);
    ExpectRejected(" " + token);
}

TEST_F(JwtSessionTokensTest, RejectsWrongClaimTypes) {
    const auto with = [](std::string_view key, json::value value) {
        json::object payload = SamplePayload();
        payload[key] = std::move(value);
        return payload;
    };
    ExpectRejected(Forge(SampleHeader(), with("sub", 42)));     // sub is a string
    ExpectRejected(Forge(SampleHeader(), with("sub", "042")));  // canonical decimal only
    ExpectRejected(Forge(SampleHeader(), with("sub", "-1")));
    ExpectRejected(Forge(SampleHeader(), with("org", "7")));
    ExpectRejected(Forge(SampleHeader(), with("ver", 3.0)));
    ExpectRejected(Forge(SampleHeader(), with("exp", "never")));
    ExpectRejected(Forge(SampleHeader(), with("jti", "")));
    json::object no_iat = SamplePayload();
    no_iat.erase("iat");
    ExpectRejected(Forge(SampleHeader(), no_iat));
    json::object no_exp = SamplePayload();
    no_exp.erase("exp");
    ExpectRejected(Forge(SampleHeader(), no_exp));
    ExpectRejected(Forge(SampleHeader(), json::array{1, 2}));
    EXPECT_TRUE(tokens_->Verify(Forge(SampleHeader(), SamplePayload()), kIssued).ok());  // the baseline passes
}

TEST_F(JwtSessionTokensTest, RejectsOversizedTokens) {
    SessionClaims claims = SampleClaims();
    claims.token_id = std::string(4000, 'j');
    ExpectRejected(tokens_->Issue(claims));
}

// Several keys: the first signs, every one verifies, so keys rotate without signing anyone out.
const std::string kOldKey(32, 'o');
const std::string kNewKey(48, 'n');
const std::string kOldId = "00000000000000aa";
const std::string kNewId = "00000000000000bb";

TEST(JwtKeyRotation, ATokenOfTheOldKeyVerifiesWhileTheListHoldsIt) {
    const auto before = MakeJwtSessionTokens({{kOldKey, kOldId}});
    const std::string old_token = before->Issue(SampleClaims());

    const auto during = MakeJwtSessionTokens({{kNewKey, kNewId}, {kOldKey, kOldId}});
    const auto claims = during->Verify(old_token, kIssued);
    ASSERT_TRUE(claims.ok());
    EXPECT_EQ(claims->user_id, 42);

    const auto after = MakeJwtSessionTokens({{kNewKey, kNewId}});
    const auto refused = after->Verify(old_token, kIssued);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(refused.error().detail, "invalid or expired session");
}

TEST(JwtKeyRotation, NewTokensCarryTheFirstKeysKidAndSignature) {
    const auto tokens = MakeJwtSessionTokens({{kNewKey, kNewId}, {kOldKey, kOldId}});
    const std::string token = tokens->Issue(SampleClaims());
    const auto header = json::parse(*Base64UrlDecode(token.substr(0, token.find('.'))));
    EXPECT_EQ(header.at("kid").as_string(), kNewId);
    const std::string input = token.substr(0, token.rfind('.'));
    EXPECT_EQ(*Base64UrlDecode(token.substr(token.rfind('.') + 1)), Hmac(kNewKey, input));
    // Verified by a server that has only the new key, so rotation can end.
    EXPECT_TRUE(MakeJwtSessionTokens({{kNewKey, kNewId}})->Verify(token, kIssued).ok());
    EXPECT_FALSE(MakeJwtSessionTokens({{kOldKey, kOldId}})->Verify(token, kIssued).ok());
}

TEST(JwtKeyRotation, TheKidChoosesTheKeyAndAnotherKeysSignatureFails) {
    const auto tokens = MakeJwtSessionTokens({{kNewKey, kNewId}, {kOldKey, kOldId}});
    json::object header = SampleHeader();
    header["kid"] = kOldId;
    // Control: the old key's own signature under its kid passes.
    EXPECT_TRUE(tokens->Verify(Forge(header, SamplePayload(), kOldKey), kIssued).ok());
    // kid names the old key, signed with the new one: both keys are ours, still refused.
    const auto crossed = tokens->Verify(Forge(header, SamplePayload(), kNewKey), kIssued);
    ASSERT_FALSE(crossed.ok());
    EXPECT_EQ(crossed.error().code, ErrorCode::kUnauthenticated);
    header["kid"] = kNewId;
    EXPECT_FALSE(tokens->Verify(Forge(header, SamplePayload(), kOldKey), kIssued).ok());
    // A kid that names no key of ours fails like every other check.
    header["kid"] = "00000000000000cc";
    const auto unknown = tokens->Verify(Forge(header, SamplePayload(), kNewKey), kIssued);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(unknown.error().detail, "invalid or expired session");
}

}  // namespace
}  // namespace shiftsync
