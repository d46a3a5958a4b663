#include "config/postgres_url.hpp"

#include <algorithm>
#include <cctype>

namespace shiftsync {
namespace {

constexpr std::string_view kScheme = "postgresql://";

int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// As libpq decodes URL components: "p%61ssword" is "password".
std::string PercentDecoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out += text[i];
            continue;
        }
        const int high = i + 2 < text.size() ? HexDigit(text[i + 1]) : -1;
        const int low = i + 2 < text.size() ? HexDigit(text[i + 2]) : -1;
        if (high < 0 || low < 0) throw PostgresUrlError("has a bad percent escape");
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

bool IsPasswordKey(std::string key) {
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    return key == "password";
}

}  // namespace

PostgresUrl ParsePostgresUrl(std::string_view url) {
    if (!url.starts_with(kScheme)) throw PostgresUrlError("must start with postgresql://");
    for (char c : url) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) {
            throw PostgresUrlError("must not contain spaces or control characters");
        }
    }
    PostgresUrl parsed;
    int passwords = 0;
    const std::string_view rest = url.substr(kScheme.size());
    const std::size_t fragment_start = std::min(rest.find('#'), rest.size());
    const std::size_t query_start = std::min(rest.find('?'), fragment_start);
    const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
    std::string_view authority = rest.substr(0, authority_end);
    parsed.without_password = std::string(kScheme);

    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const std::string_view userinfo = authority.substr(0, at);
        const auto colon = userinfo.find(':');
        parsed.user = PercentDecoded(userinfo.substr(0, colon));
        if (colon != std::string_view::npos) {
            ++passwords;
            parsed.password = PercentDecoded(userinfo.substr(colon + 1));
        }
        parsed.without_password.append(userinfo.substr(0, colon)).append("@");
        authority.remove_prefix(at + 1);
    }
    parsed.without_password.append(authority);
    if (authority.starts_with('[')) {  // [IPv6]
        const auto close = authority.find(']');
        if (close == std::string_view::npos) throw PostgresUrlError("has an unclosed [ around its host");
        parsed.host = std::string(authority.substr(1, close - 1));
        authority.remove_prefix(close + 1);
        if (authority.starts_with(':')) {
            parsed.port = std::string(authority.substr(1));
        } else if (!authority.empty()) {
            throw PostgresUrlError("has unexpected text after the ] of its host");
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        parsed.host = PercentDecoded(authority.substr(0, colon));
        parsed.port = std::string(authority.substr(colon + 1));
    } else {
        parsed.host = PercentDecoded(authority);
    }
    if (parsed.host.empty()) throw PostgresUrlError("has no host");
    if (!std::all_of(parsed.port.begin(), parsed.port.end(), [](unsigned char c) { return std::isdigit(c); })) {
        throw PostgresUrlError("has a bad port");
    }

    const std::string_view path = rest.substr(authority_end, query_start - std::min(authority_end, query_start));
    parsed.without_password.append(path);
    if (path.size() > 1 && path.front() == '/') parsed.database = PercentDecoded(path.substr(1));
    if (parsed.database.empty()) throw PostgresUrlError("names no database");

    std::string kept;
    std::string_view query = query_start < fragment_start
                                 ? rest.substr(query_start + 1, fragment_start - query_start - 1)
                                 : std::string_view();
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) continue;
        const auto equals = pair.find('=');
        std::string key = PercentDecoded(pair.substr(0, equals));
        std::string value = equals == std::string_view::npos ? "" : PercentDecoded(pair.substr(equals + 1));
        if (IsPasswordKey(key)) {
            ++passwords;
            parsed.password = std::move(value);
            continue;
        }
        kept.append(kept.empty() ? "?" : "&").append(pair);
        parsed.parameters.emplace_back(std::move(key), std::move(value));
    }
    parsed.without_password.append(kept).append(rest.substr(fragment_start));
    if (passwords > 1) throw PostgresUrlError("holds more than one password");
    return parsed;
}

}  // namespace shiftsync
