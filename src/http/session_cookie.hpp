#pragma once
// The session cookie: HttpOnly, SameSite=Lax, Path=/, Secure when configured.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace shiftsync::http {

inline constexpr std::string_view kSessionCookieName = "shiftsync_session";

std::string SessionCookie(std::string_view token, std::chrono::seconds max_age, bool secure);
std::string ClearedSessionCookie(bool secure);
// The session cookie's value from the Cookie header(s), if any.
std::optional<std::string> ReadSessionCookie(const Request& request);
// The token of an "Authorization: Bearer <token>" header, if any.
std::optional<std::string> ReadBearerToken(const Request& request);

}  // namespace shiftsync::http
