// ResolveAwsCredentials (declared in secrets_manager.hpp): the environment, then IMDSv2.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "infra/aws/secrets_manager.hpp"
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
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
        throw AwsError("instance metadata service " + base + " gave incomplete credentials for role " + role);
    }
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
        throw AwsError("no AWS credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set and "
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

}  // namespace shiftsync
