#include "http/session_cookie.hpp"

#include <fmt/format.h>

namespace shiftsync::http {
namespace {
std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}
}  // namespace

std::string SessionCookie(std::string_view token, std::chrono::seconds max_age, bool secure) {
    return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}", kSessionCookieName, token,
                       max_age.count(), secure ? "; Secure" : "");
}

std::string ClearedSessionCookie(bool secure) {
    return fmt::format("{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{}", kSessionCookieName,
                       secure ? "; Secure" : "");
}

std::optional<std::string> ReadSessionCookie(const Request& request) {
    for (const auto& [name, value] : request.headers) {
        if (name != "cookie") continue;
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto semicolon = rest.find(';');
            std::string_view pair = Trim(rest.substr(0, semicolon));
            rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
            const auto equals = pair.find('=');
            if (equals == std::string_view::npos) continue;
            if (Trim(pair.substr(0, equals)) == kSessionCookieName) {
                std::string_view token = Trim(pair.substr(equals + 1));
                if (!token.empty()) return std::string(token);
            }
        }
    }
    return std::nullopt;
}

std::optional<std::string> ReadBearerToken(const Request& request) {
    auto header = request.Header("authorization");
    if (!header) return std::nullopt;
    std::string_view value = Trim(*header);
    constexpr std::string_view kScheme = "bearer ";
    if (value.size() <= kScheme.size()) return std::nullopt;
    for (std::size_t i = 0; i < kScheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return std::nullopt;
    std::string_view token = Trim(value.substr(kScheme.size()));
    if (token.empty()) return std::nullopt;
    return std::string(token);
}

}  // namespace shiftsync::http
