#include "infra/aws/secrets_manager.hpp"

#include <fmt/format.h>
#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "infra/aws/aws_json_error.hpp"
#include "infra/curl/curl_easy.hpp"

namespace shiftsync {
namespace {

using std::chrono::milliseconds;

bool IsRegionChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// The URL to POST to; throws std::invalid_argument for options GetSecretString refuses.
std::string CheckedUrl(const SecretsManagerOptions& options, const AwsCredentials& credentials) {
    // A secret id is a name (ASCII letters, digits and /_+=.@-) or an ARN, at most 2048 characters.
    const bool id_ok = !options.secret_id.empty() && options.secret_id.size() <= 2048 &&
                       std::all_of(options.secret_id.begin(), options.secret_id.end(), [](char c) {
                           return static_cast<unsigned char>(c) > ' ' && static_cast<unsigned char>(c) < 0x7f;
                       });
    if (!id_ok) throw std::invalid_argument("SecretsManagerOptions.secret_id must be a secret's name or ARN");
    if (options.region.empty() || !std::all_of(options.region.begin(), options.region.end(), IsRegionChar)) {
        throw std::invalid_argument("SecretsManagerOptions.region must be like eu-west-1");
    }
    if (options.timeout <= std::chrono::seconds::zero()) {
        throw std::invalid_argument("SecretsManagerOptions.timeout must be positive");
    }
    if (!options.ca_file.empty() && !std::filesystem::is_regular_file(options.ca_file)) {
        throw std::invalid_argument("SecretsManagerOptions.ca_file is not a file: " + options.ca_file);
    }
    if (credentials.access_key_id.empty() || credentials.secret_access_key.empty()) {
        throw std::invalid_argument("AwsCredentials need an access key id and a secret access key");
    }
    if (options.endpoint.empty()) return "https://secretsmanager." + options.region + ".amazonaws.com/";
    const curl::Endpoint endpoint = curl::ParseEndpoint(options.endpoint, "SecretsManagerOptions.endpoint");
    if (endpoint.scheme == "http" && !endpoint.IsLoopback()) {
        // Plain http would show the request (and the secret in the answer) to the network.
        throw std::invalid_argument("SecretsManagerOptions.endpoint must be https unless it is a loopback address");
    }
    return endpoint.scheme + "://" + endpoint.authority + "/";
}

curl::Response PostOnce(const std::string& url, const std::string& body, const SecretsManagerOptions& options,
                        const AwsCredentials& credentials, const std::string& sigv4, milliseconds timeout) {
    curl::Response response;
    curl::Easy easy(curl_easy_init());
    curl::Headers headers;
    // curl 7.88 signs every header given here, X-Amz-Security-Token included (AWS requires that
    // for temporary credentials; tests/aws's stand-in refuses it unsigned).
    bool headers_ok = easy && curl::AppendHeader(headers, "X-Amz-Target: secretsmanager.GetSecretValue") &&
                      curl::AppendHeader(headers, "Content-Type: application/x-amz-json-1.1");
    if (headers_ok && !credentials.session_token.empty()) {
        headers_ok = curl::AppendHeader(headers, "X-Amz-Security-Token: " + credentials.session_token);
    }
    if (!headers_ok) return curl::Response::Failed(CURLE_OUT_OF_MEMORY);
    CURL* h = easy.get();
    char error_buffer[CURL_ERROR_SIZE];
    curl::SetCommonOptions(h, url, timeout, response, error_buffer);
    curl::SignWithSigV4(h, sigv4, credentials.access_key_id, credentials.secret_access_key);
    if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
    // POSTFIELDS (not a read callback) so that curl hashes the body into the signature.
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl::Perform(h, response, error_buffer);
    return response;
}

// The SecretString of a 200 answer. Never quotes the body: it holds the secret.
std::string SecretStringOf(const curl::Response& response, const std::string& what) {
    boost::system::error_code error;
    const boost::json::value document = boost::json::parse(response.body, error);
    const boost::json::object* object = error ? nullptr : document.if_object();
    if (object == nullptr) throw AwsError(what + " failed: the answer is not a JSON object");
    if (const auto* value = object->if_contains("SecretString"); value != nullptr && value->is_string()) {
        return std::string(value->get_string());
    }
    if (object->contains("SecretBinary")) {
        throw AwsError(what + " failed: the secret has only SecretBinary; store it as a string (a JSON object)");
    }
    throw AwsError(what + " failed: the answer has no SecretString");
}

}  // namespace

std::string GetSecretString(const SecretsManagerOptions& options, const AwsCredentials& credentials) {
    const std::string url = CheckedUrl(options, credentials);
    curl::InitOnce();
    const std::string body = boost::json::serialize(boost::json::object{{"SecretId", options.secret_id}});
    const std::string sigv4 = "aws:amz:" + options.region + ":secretsmanager";
    const curl::Response response = curl::WithOneRetry(
        options.timeout, [&](milliseconds left) { return PostOnce(url, body, options, credentials, sigv4, left); });

    const std::string what = fmt::format("AWS Secrets Manager GetSecretValue of '{}' at {}", options.secret_id, url);
    if (response.transport == CURLE_OK && response.status == 200) return SecretStringOf(response, what);
    std::string message = what + " failed: ";
    if (response.transport != CURLE_OK) {
        message += response.TransportError();
    } else {
        message += fmt::format("HTTP {}", response.status);
        if (const AwsJsonError error = ParseAwsJsonError(response.body); !error.type.empty()) {
            message += " " + error.type;
            if (!error.message.empty()) message += ": " + error.message;
        }
    }
    // AWS's messages can quote the canonical request, session token included; curl's never
    // should hold a credential, but make sure.
    curl::Redact(message, {&credentials.secret_access_key, &credentials.session_token});
    throw AwsError(message);
}

}  // namespace shiftsync
