#include "config/config_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

namespace shiftsync::config_detail {

namespace fs = std::filesystem;

namespace {

std::string PercentDecoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned byte = 0;
        if (text[i] == '%' && i + 3 <= text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, byte, 16).ptr == text.data() + i + 3) {
            out += static_cast<char>(byte);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// One key=value of a query: is the key "password", however spelt?
bool IsPasswordPair(std::string_view pair) {
    std::string key = PercentDecoded(pair.substr(0, pair.find('=')));
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
    return key == "password";
}

bool HasPasswordParameter(std::string_view query) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        if (IsPasswordPair(query.substr(0, amp))) return true;
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
    return false;
}

// "sqlite", or postgresql://[user@]host[:port]/dbname[?params] without a password. No message repeats
// the value: a mistyped URL may still hold a password.
}  // namespace

std::string Quoted(std::string_view value) {
    std::string quoted;  // built in place: g++ 12 warns falsely (-Wrestrict) on a chain of operator+
    quoted.reserve(value.size() + 2);
    quoted.append(1, '"').append(value).append(1, '"');
    return quoted;
}

std::int64_t ParseInteger(const std::string& value, const Source& source, std::int64_t min, std::int64_t max,
                          std::string_view unit) {
    std::int64_t number = 0;
    const char* end = value.data() + value.size();
    const auto [ptr, ec] = std::from_chars(value.data(), end, number);
    if (value.empty() || ec != std::errc() || ptr != end || number < min || number > max) {
        throw ConfigError(source.label + " must be a whole number from " + std::to_string(min) + " to " +
                          std::to_string(max) + std::string(unit) + ", not " + Quoted(value));
    }
    return number;
}

bool ParseBool(const std::string& value, const Source& source) {
    std::string lowered(value);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    if (lowered == "true" || lowered == "1" || lowered == "yes" || lowered == "on") return true;
    if (lowered == "false" || lowered == "0" || lowered == "no" || lowered == "off") return false;
    throw ConfigError(source.label + " must be true or false, not " + Quoted(value));
}

fs::path ParsePath(const std::string& value, const Source& source) {
    if (value.empty()) throw ConfigError(source.label + " must not be empty");
    fs::path path(value);
    if (path.is_relative() && !source.base_dir.empty()) path = source.base_dir / path;
    return path;
}

void ApplyListen(Config& config, const std::string& value, const Source& source) {
    const std::string example = " (HOST:PORT, e.g. 127.0.0.1:8080 or [::1]:8080)";
    std::string host;
    std::string port_text;
    if (!value.empty() && value.front() == '[') {
        const auto close = value.find(']');
        if (close == std::string::npos || close + 1 >= value.size() || value[close + 1] != ':') {
            throw ConfigError(source.label + " " + Quoted(value) + " is not [IPV6]:PORT" + example);
        }
        host = value.substr(1, close - 1);
        port_text = value.substr(close + 2);
        if (host.find(':') == std::string::npos) {
            throw ConfigError(source.label + " " + Quoted(value) + ": brackets are only for IPv6 addresses" + example);
        }
    } else {
        const auto colon = value.rfind(':');
        if (colon == std::string::npos) {
            throw ConfigError(source.label + " " + Quoted(value) + " has no port" + example);
        }
        host = value.substr(0, colon);
        port_text = value.substr(colon + 1);
        if (host.find(':') != std::string::npos) {
            throw ConfigError(source.label + " " + Quoted(value) + ": write IPv6 addresses in brackets" + example);
        }
    }
    if (host.empty()) throw ConfigError(source.label + " " + Quoted(value) + " has no host" + example);
    if (host.find_first_of(" \t\r\n/[]") != std::string::npos) {
        throw ConfigError(source.label + " " + Quoted(value) + " has an invalid host" + example);
    }
    const bool digits_only =
        !port_text.empty() && port_text.size() <= 5 &&
        std::all_of(port_text.begin(), port_text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const Source port_source{source.label + " port", {}};
    if (!digits_only) {
        throw ConfigError(port_source.label + " must be a whole number from 0 to 65535, not " + Quoted(port_text));
    }
    config.server.listen_host = host;
    config.server.listen_port = static_cast<std::uint16_t>(ParseInteger(port_text, port_source, 0, 65535));
}

void ApplyPublicUrl(Config& config, const std::string& value, const Source& source) {
    std::string url = value;
    while (!url.empty() && url.back() == '/') url.pop_back();  // routes are appended with their own slash
    const std::size_t scheme_end = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
    if (scheme_end == 0 || url.size() == scheme_end || url.find_first_of(" \t\r\n") != std::string::npos) {
        throw ConfigError(source.label +
                          " must be an http:// or https:// URL such as https://shifts.example.com, not " +
                          Quoted(value));
    }
    config.server.public_url = url;
}

void ApplySmtpUrl(Config& config, const std::string& value, const Source& source) {
    const bool known_scheme = value.rfind("smtp://", 0) == 0 || value.rfind("smtps://", 0) == 0;
    // Credentials belong in the secrets, never in a URL that ends up in process listings and logs.
    const bool has_userinfo = value.find('@') != std::string::npos;
    if (!known_scheme || has_userinfo || value.find_first_of(" \t\r\n") != std::string::npos) {
        throw ConfigError(source.label +
                          " must be smtp://host:port or smtps://host:port without credentials (give the user with "
                          "--smtp-username and the password as the secret smtp_password)");
    }
    config.mail.smtp_url = value;
}

namespace {

// http(s)://host[:port]. Credentials belong in the secrets; a path would be taken for part of
// every request.
std::string CheckedEndpoint(const std::string& value, const Source& source) {
    const std::size_t scheme_end = value.rfind("https://", 0) == 0 ? 8 : value.rfind("http://", 0) == 0 ? 7 : 0;
    const std::string_view rest = std::string_view(value).substr(scheme_end);
    if (scheme_end == 0 || rest.empty() || rest.find_first_of("@/?# \t\r\n") != std::string_view::npos) {
        throw ConfigError(source.label + " must be http(s)://host[:port] without a path or credentials, not " +
                          Quoted(value));
    }
    return value;
}

}  // namespace

void ApplyS3Endpoint(Config& config, const std::string& value, const Source& source) {
    config.blobs.s3_endpoint = CheckedEndpoint(value, source);
}

void ApplyAwsSecretsEndpoint(Config& config, const std::string& value, const Source& source) {
    config.aws.endpoint = CheckedEndpoint(value, source);
}

// Percent-decodes a URL component as libpq does, so "p%61ssword=" is recognised as "password=".
void ApplyDatabase(Config& config, const std::string& value, const Source& source) {
    if (value == "sqlite") {
        config.database.postgres_url.clear();
        return;
    }
    constexpr std::string_view kScheme = "postgresql://";
    const std::string form = " (sqlite, or postgresql://[user@]host[:port]/dbname[?params])";
    if (value.rfind(kScheme, 0) != 0 || value.find_first_of(" \t\r\n") != std::string::npos) {
        throw ConfigError(source.label + " must be sqlite or a postgresql:// URL" + form);
    }
    const std::string_view rest = std::string_view(value).substr(kScheme.size());
    const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
    const std::string_view authority = rest.substr(0, authority_end);
    const std::size_t at = authority.rfind('@');
    const std::string_view userinfo = at == std::string_view::npos ? std::string_view() : authority.substr(0, at);
    const std::size_t query_start = rest.find('?');
    const std::string_view query = query_start == std::string_view::npos
                                       ? std::string_view()
                                       : rest.substr(query_start + 1, rest.find('#') - query_start - 1);
    // Credentials belong in the secrets, never in a URL that ends up in process listings and logs.
    if (userinfo.find(':') != std::string_view::npos || HasPasswordParameter(query)) {
        throw ConfigError(source.label +
                          " must not contain a password; give it as the secret database_password "
                          "(SHIFTSYNC_DATABASE_PASSWORD or the secrets file)");
    }
    const std::string_view host = at == std::string_view::npos ? authority : authority.substr(at + 1);
    if (host.empty() || host.front() == ':') throw ConfigError(source.label + " has no host" + form);
    const std::string_view path = rest.substr(authority_end);
    const std::string_view database =
        path.empty() || path.front() != '/' ? std::string_view() : path.substr(1, path.find_first_of("?#") - 1);
    if (database.empty()) throw ConfigError(source.label + " names no database" + form);
    config.database.postgres_url = value;
}

UrlAndPassword SplitDatabasePassword(const std::string& value, const Source& source) {
    constexpr std::string_view kScheme = "postgresql://";
    if (value.rfind(kScheme, 0) != 0) return {value, {}};  // ApplyDatabase says what is wrong
    const std::string_view rest = std::string_view(value).substr(kScheme.size());
    const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
    const std::string_view authority = rest.substr(0, authority_end);
    const std::size_t at = authority.rfind('@');
    const std::string_view userinfo = at == std::string_view::npos ? std::string_view() : authority.substr(0, at);
    const std::size_t colon = userinfo.find(':');

    UrlAndPassword result;
    int passwords = 0;
    result.url = std::string(kScheme);
    if (colon != std::string_view::npos) {
        ++passwords;
        result.password = PercentDecoded(userinfo.substr(colon + 1));
        result.url.append(userinfo.substr(0, colon)).append(authority.substr(at));
    } else {
        result.url.append(authority);
    }
    const std::size_t query_start = rest.find('?');
    const std::size_t fragment_start = std::min(rest.find('#'), rest.size());
    result.url.append(rest.substr(authority_end, std::min(query_start, fragment_start) - authority_end));
    if (query_start != std::string_view::npos && query_start < fragment_start) {
        std::string_view query = rest.substr(query_start + 1, fragment_start - query_start - 1);
        std::string kept;
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            const auto equals = pair.find('=');
            if (IsPasswordPair(pair)) {
                ++passwords;
                result.password = equals == std::string_view::npos ? "" : PercentDecoded(pair.substr(equals + 1));
            } else if (!pair.empty()) {
                kept.append(kept.empty() ? "?" : "&").append(pair);
            }
            query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        }
        result.url += kept;
    }
    result.url.append(rest.substr(fragment_start));
    if (passwords > 1) throw ConfigError(source.label + " holds more than one password");
    return result;
}

void ApplyMailFrom(Config& config, const std::string& value, const Source& source) {
    const auto at = value.find('@');
    if (at == 0 || at == std::string::npos || at + 1 == value.size() ||
        value.find_first_of(" \t\r\n<>,;\"") != std::string::npos) {
        throw ConfigError(source.label + " must be a plain email address such as shifts@example.com, not " +
                          Quoted(value));
    }
    config.mail.from_address = value;
}

void ApplyLogLevel(Config& config, const std::string& value, const Source& source) {
    std::string lowered(value);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view level : {"trace", "debug", "info", "warn", "error"}) {
        if (lowered == level) {
            config.log_level = lowered;
            return;
        }
    }
    throw ConfigError(source.label + " must be one of trace, debug, info, warn, error, not " + Quoted(value));
}

}  // namespace shiftsync::config_detail
