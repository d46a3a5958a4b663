// ResolveAwsCredentials: the environment, then IMDSv2; and RefreshingAwsCredentials.
#include "infra/aws/aws_credentials.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <optional>

#include <cstdio>
#include <cstdlib>

#include "infra/curl/curl_easy.hpp"

namespace shiftsync {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kImdsTimeout{2000};  // per request: off EC2 the address just does not answer
constexpr const char* kImdsDefault = "http://169.254.169.254";
constexpr const char* kCredentialsPath = "/latest/meta-data/iam/security-credentials/";

std::string Lookup(const std::map<std::string, std::string>& environment, const std::string& name) {
    const auto it = environment.find(name);
    return it == environment.end() ? std::string() : it->second;
}

// One IMDS request; `token` empty means the PUT that asks for one. IMDS is link-local plain HTTP
// by design, and its answers are small, so no retry: a miss falls through to "no credentials".
curl::Response ImdsRequest(const std::string& url, const std::string& token) {
    curl::Response response;
    curl::Easy easy(curl_easy_init());
    curl::Headers headers;
    const bool headers_ok =
        easy && (token.empty() ? curl::AppendHeader(headers, "X-aws-ec2-metadata-token-ttl-seconds: 300")
                               : curl::AppendHeader(headers, "X-aws-ec2-metadata-token: " + token));
    if (!headers_ok) return curl::Response::Failed(CURLE_OUT_OF_MEMORY);
    CURL* h = easy.get();
    char error_buffer[CURL_ERROR_SIZE];
    curl::SetCommonOptions(h, url, kImdsTimeout, response, error_buffer);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");  // a proxy could not reach a link-local address
    if (token.empty()) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, 0L);
    }
    curl::Perform(h, response, error_buffer);
    return response;
}

// The body of a 200 answer, else an AwsError naming the step. Error bodies are not quoted: the
// last step's could carry a credential.
std::string ImdsBody(const std::string& base, const std::string& path, const std::string& token) {
    curl::Response response = ImdsRequest(base + path, token);
    if (response.transport == CURLE_OK && response.status == 200) return std::move(response.body);
    const std::string method = token.empty() ? "PUT" : "GET";
    const std::string why =
        response.transport != CURLE_OK ? response.TransportError() : fmt::format("HTTP {}", response.status);
    throw AwsError(fmt::format("instance metadata service {} {}{}: {}", method, base, path, why));
}

std::string StringField(const boost::json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

// "2026-11-25T20:00:00Z", as IMDS writes it.
std::optional<std::chrono::system_clock::time_point> ParseExpiration(const std::string& text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &year, &month, &day, &hour, &minute, &second,
                    &consumed) != 6 ||
        static_cast<std::size_t>(consumed) != text.size()) {
        return std::nullopt;
    }
    const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                           std::chrono::day{static_cast<unsigned>(day)}};
    if (!date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    return std::chrono::sys_days{date} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
           std::chrono::seconds{second};
}

AwsCredentials FromImds(const std::string& base) {
    const std::string token = ImdsBody(base, "/latest/api/token", "");
    if (token.empty()) throw AwsError("instance metadata service " + base + " gave an empty token");
    std::string roles = ImdsBody(base, kCredentialsPath, token);
    const std::string role = roles.substr(0, roles.find('\n'));
    const bool role_ok = !role.empty() && std::all_of(role.begin(), role.end(), [](char c) {
        return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x7f && c != '/' && c != '?' &&
               c != '#' && c != '%';
    });
    if (!role_ok) throw AwsError("instance metadata service " + base + " names no usable instance role");
    boost::system::error_code error;
    const boost::json::value document = boost::json::parse(ImdsBody(base, kCredentialsPath + role, token), error);
    const boost::json::object* object = error ? nullptr : document.if_object();
    if (object == nullptr || StringField(*object, "Code") != "Success") {
        throw AwsError("instance metadata service " + base + " gave no credentials for role " + role);
    }
    AwsCredentials credentials{StringField(*object, "AccessKeyId"), StringField(*object, "SecretAccessKey"),
                               StringField(*object, "Token")};
    const auto expires_at = ParseExpiration(StringField(*object, "Expiration"));
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty() || !expires_at) {
        throw AwsError("instance metadata service " + base + " gave incomplete credentials for role " + role);
    }
    credentials.expires_at = *expires_at;
    return credentials;
}

}  // namespace

AwsCredentials ResolveAwsCredentials(const std::map<std::string, std::string>& environment) {
    const std::string key_id = Lookup(environment, "AWS_ACCESS_KEY_ID");
    const std::string secret = Lookup(environment, "AWS_SECRET_ACCESS_KEY");
    if (!key_id.empty() && !secret.empty()) return {key_id, secret, Lookup(environment, "AWS_SESSION_TOKEN")};
    if (!key_id.empty() || !secret.empty()) {
        // Half a key pair is a mistake to report, not a reason to try the instance role instead.
        throw AwsError(key_id.empty() ? "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"
                                      : "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    }
    if (Lookup(environment, "AWS_EC2_METADATA_DISABLED") == "true") {
        throw AwsError(
            "no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and "
            "AWS_EC2_METADATA_DISABLED=true");
    }
    std::string base = Lookup(environment, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (base.empty()) base = kImdsDefault;
    try {
        const curl::Endpoint endpoint = curl::ParseEndpoint(base, "AWS_EC2_METADATA_SERVICE_ENDPOINT");
        base = endpoint.scheme + "://" + endpoint.authority;
    } catch (const std::invalid_argument& bad) {
        throw AwsError(bad.what());
    }
    curl::InitOnce();
    try {
        return FromImds(base);
    } catch (const AwsError& error) {
        throw AwsError(fmt::format("no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and {}",
                                   error.what()));
    }
}

std::map<std::string, std::string> AwsProcessEnvironment() {
    std::map<std::string, std::string> environment;
    for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                             "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_DISABLED"}) {
        if (const char* value = std::getenv(name)) environment.emplace(name, value);
    }
    return environment;
}

RefreshingAwsCredentials::RefreshingAwsCredentials(Fetch fetch, Now now, std::chrono::seconds renew_before)
    : fetch_(std::move(fetch)), now_(std::move(now)), renew_before_(renew_before) {}

AwsCredentials RefreshingAwsCredentials::Get() {
    std::lock_guard lock(mutex_);
    const auto now = now_();
    const auto never = std::chrono::system_clock::time_point{};
    if (cached_ && (cached_->expires_at == never || now + renew_before_ < cached_->expires_at)) return *cached_;
    try {
        cached_ = fetch_();
    } catch (const AwsError&) {
        // The instance metadata service can hiccup; credentials that still work are still good.
        if (cached_ && now < cached_->expires_at) return *cached_;
        throw;
    }
    return *cached_;
}

}  // namespace shiftsync
