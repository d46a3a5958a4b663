#include "config/config_values.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

#include "config/postgres_url.hpp"

namespace shiftsync::config_detail {

namespace fs = std::filesystem;

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

// "sqlite", or postgresql://[user@]host[:port]/dbname[?params] without a password. No message repeats
// the value: a mistyped URL may still hold a password.
void ApplyDatabase(Config& config, const std::string& value, const Source& source) {
    if (value == "sqlite") {
        config.database.postgres_url.clear();
        return;
    }
    const std::string form = " (sqlite, or postgresql://[user@]host[:port]/dbname[?params])";
    if (!value.starts_with("postgresql://"))
        throw ConfigError(source.label + " must be sqlite or a postgresql:// URL" + form);
    PostgresUrl url;
    try {
        url = ParsePostgresUrl(value);
    } catch (const PostgresUrlError& error) {
        throw ConfigError(source.label + " " + error.what() + form);
    }
    // Credentials belong in the secrets, never in a URL that ends up in process listings and logs.
    if (url.password) {
        throw ConfigError(source.label +
                          " must not contain a password; give it as the secret database_password "
                          "(SHIFTSYNC_DATABASE_PASSWORD or the secrets file)");
    }
    config.database.postgres_url = value;
}

UrlAndPassword SplitDatabasePassword(const std::string& value, const Source& source) {
    PostgresUrl url;
    try {
        url = ParsePostgresUrl(value);
    } catch (const PostgresUrlError&) {
        return {value, {}};  // ApplyDatabase says what is wrong, without the value
    }
    return {url.without_password, url.password.value_or("")};
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
