#pragma once
// SessionTokens as compact JWS (RFC 7515/7519) signed with HMAC-SHA-256.
#include <memory>
#include <string>

#include "app/ports/system.hpp"

namespace shiftsync {

// Tokens look like base64url(header).base64url(payload).base64url(signature) with
//   header  {"alg":"HS256","typ":"JWT","kid":<key_id>}
//   payload {"sub":"<user id>","org":<organization id>,"ver":<token version>,"jti":"...","iat":<unix s>,"exp":<unix s>}
// The lifetime is the caller's: Issue signs claims.expires_at as given.
// Verify accepts only what Issue produces under this key: alg exactly "HS256" (never "none" or
// another algorithm named by the token), our kid, a valid signature (compared in constant time),
// the claim types above and exp after `now`; tokens over 4 KiB are refused unread. Every failure
// is the same kUnauthenticated error, so callers cannot learn which check failed.
// REQUIRES: key.size() >= 32 (raw bytes); key_id non-empty. Thread-safe, never blocks.
std::unique_ptr<SessionTokens> MakeJwtSessionTokens(std::string key, std::string key_id);

}  // namespace shiftsync
