#pragma once
// SessionTokens as compact JWS (RFC 7515/7519) signed with HMAC-SHA-256.
#include <memory>
#include <string>
#include <vector>

#include "app/ports/system.hpp"

namespace shiftsync {

// One HMAC key and its JWT "kid".
struct JwtKey {
    std::string key;  // raw bytes, >= 32
    std::string id;   // non-empty; distinct among the keys of one MakeJwtSessionTokens
};

// Tokens look like base64url(header).base64url(payload).base64url(signature) with
//   header  {"alg":"HS256","typ":"JWT","kid":<key id>}
//   payload {"sub":"<user id>","org":<organization id>,"ver":<token version>,"jti":"...","iat":<unix s>,"exp":<unix s>}
// Several keys may be active so keys rotate without signing anyone out: Issue signs with the first
// (the newest); Verify picks the key the token's kid names, among all of them. The lifetime is the
// caller's: Issue signs claims.expires_at as given.
// Verify accepts only what Issue produces under one of these keys: alg exactly "HS256" (never
// "none" or another algorithm named by the token), a kid of ours, a valid signature under that
// kid's key (compared in constant time), the claim types above and exp after `now`; tokens over
// 4 KiB are refused unread. Every failure, an unknown kid included, is the same kUnauthenticated
// error, so callers cannot learn which check failed.
// REQUIRES: keys non-empty; each key >= 32 bytes with a non-empty id; ids distinct.
// Thread-safe, never blocks.
std::unique_ptr<SessionTokens> MakeJwtSessionTokens(std::vector<JwtKey> keys);

}  // namespace shiftsync
