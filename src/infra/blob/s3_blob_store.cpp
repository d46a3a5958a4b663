#include "infra/blob/s3_blob_store.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "infra/curl/curl_easy.hpp"

namespace shiftsync {
namespace {

using std::chrono::milliseconds;

void InitLibrariesOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        curl::InitOnce();
        if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    });
}

std::string Sha256Hex(std::string_view bytes) {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// S3's bucket naming rules: 3-63 of [a-z0-9.-], a letter or digit at both ends, no "..", not an IP.
bool IsValidBucketName(std::string_view name) {
    if (name.size() < 3 || name.size() > 63) return false;
    if (!IsLowerAlnum(name.front()) || !IsLowerAlnum(name.back())) return false;
    if (name.find("..") != std::string_view::npos) return false;
    if (!std::all_of(name.begin(), name.end(), [](char c) { return IsLowerAlnum(c) || c == '.' || c == '-'; })) {
        return false;
    }
    const bool looks_like_ip = std::all_of(name.begin(), name.end(), [](char c) { return IsDigit(c) || c == '.'; });
    return !looks_like_ip;
}

// RFC 3986 percent-encoding of a key, keeping '/' (what S3 and SigV4 expect in the path). Valid keys
// are [a-z0-9._/-], all unreserved, so this changes nothing today; it keeps the URL right if that
// alphabet ever grows.
std::string EncodeKey(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-' ||
                                c == '.' || c == '_' || c == '~' || c == '/';
        if (unreserved) {
            out += c;
        } else {
            out += fmt::format("%{:02X}", u);
        }
    }
    return out;
}

// The Code of an S3 XML error body ("NoSuchKey", "SignatureDoesNotMatch", ...), or "" if none. Only
// letters, digits and '.' are kept, so a strange body cannot smuggle anything into a message.
std::string S3ErrorCode(std::string_view body) {
    const auto start = body.find("<Code>");
    if (start == std::string_view::npos) return {};
    const auto from = start + std::strlen("<Code>");
    const auto end = body.find("</Code>", from);
    if (end == std::string_view::npos) return {};
    std::string code;
    for (char c : body.substr(from, std::min<std::size_t>(end - from, 64))) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || IsDigit(c) || c == '.') code += c;
    }
    return code;
}

struct Request {
    const char* method;  // "GET", "PUT" or "DELETE"
    std::string url;
    std::string_view body;          // PUT only
    std::string_view content_type;  // PUT only
};

using curl::Response;

size_t ReadCallback(char* buffer, size_t size, size_t count, void* user) {
    auto* remaining = static_cast<std::string_view*>(user);
    const size_t n = std::min(size * count, remaining->size());
    std::memcpy(buffer, remaining->data(), n);
    remaining->remove_prefix(n);
    return n;
}

class S3BlobStore final : public BlobStore {
public:
    explicit S3BlobStore(S3Options options) : options_(std::move(options)) {
        const curl::Endpoint endpoint = curl::ParseEndpoint(options_.endpoint, "S3Options.endpoint");
        if (!IsValidBucketName(options_.bucket))
            throw std::invalid_argument("S3Options.bucket is not a valid bucket name");
        if (options_.region.empty() || !std::all_of(options_.region.begin(), options_.region.end(),
                                                    [](char c) { return IsLowerAlnum(c) || c == '-'; })) {
            throw std::invalid_argument("S3Options.region must be like us-east-1");
        }
        if (options_.credentials) {
            if (!options_.access_key_id.empty() || !options_.secret_access_key.empty())
                throw std::invalid_argument("S3Options has both keys and a credentials source");
        } else {
            if (options_.access_key_id.empty()) throw std::invalid_argument("S3Options.access_key_id is empty");
            if (options_.secret_access_key.empty()) throw std::invalid_argument("S3Options.secret_access_key is empty");
        }
        if (options_.timeout <= std::chrono::seconds::zero())
            throw std::invalid_argument("S3Options.timeout must be positive");
        if (!options_.path_style && endpoint.ip_literal) {
            throw std::invalid_argument("S3Options.path_style is needed for an endpoint that is an IP address");
        }
        base_url_ = options_.path_style
                        ? fmt::format("{}://{}/{}/", endpoint.scheme, endpoint.authority, options_.bucket)
                        : fmt::format("{}://{}.{}/", endpoint.scheme, options_.bucket, endpoint.authority);
        sigv4_ = "aws:amz:" + options_.region + ":s3";
        InitLibrariesOnce();
    }

    void Put(const std::string& key, std::string_view bytes, std::string_view content_type) override {
        RequireValidKey(key);
        if (content_type.empty()) content_type = "application/octet-stream";
        for (char c : content_type) {
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
                throw std::invalid_argument("invalid content type");
            }
        }
        const Response response = Perform({"PUT", Url(key), bytes, content_type});
        if (response.transport != CURLE_OK || response.status != 200) Throw("PUT", key, response);
    }

    std::optional<std::string> Get(const std::string& key) override {
        RequireValidKey(key);
        Response response = Perform({"GET", Url(key), {}, {}});
        if (response.transport == CURLE_OK && response.status == 200) return std::move(response.body);
        if (IsMissingKey(response)) return std::nullopt;
        Throw("GET", key, response);
    }

    void Delete(const std::string& key) override {
        RequireValidKey(key);
        const Response response = Perform({"DELETE", Url(key), {}, {}});
        if (response.transport == CURLE_OK && (response.status == 204 || response.status == 200)) return;
        if (IsMissingKey(response)) return;
        Throw("DELETE", key, response);
    }

private:
    static void RequireValidKey(const std::string& key) {
        if (!IsValidBlobKey(key)) throw std::invalid_argument("invalid blob key");
    }

    // A 404 about the key; a 404 NoSuchBucket is a misconfiguration and stays an error.
    static bool IsMissingKey(const Response& response) {
        return response.transport == CURLE_OK && response.status == 404 && S3ErrorCode(response.body) != "NoSuchBucket";
    }

    std::string Url(const std::string& key) const { return base_url_ + EncodeKey(key); }

    // The source's (may fetch; an AwsError becomes the BlobStoreError of a store that is down), or the
    // configured keys.
    AwsCredentials Credentials() const {
        if (!options_.credentials) return {options_.access_key_id, options_.secret_access_key, {}, {}};
        try {
            return options_.credentials();
        } catch (const AwsError& e) {
            throw BlobStoreError(std::string("S3 credentials: ") + e.what());
        }
    }

    // Sends the request, once more after a transport error or a 5xx if time is left: the whole
    // call, retry included, stays within options_.timeout.
    Response Perform(const Request& request) const {
        return curl::WithOneRetry(options_.timeout, [&](milliseconds left) { return PerformOnce(request, left); });
    }

    Response PerformOnce(const Request& request, milliseconds timeout) const {
        Response response;
        curl::Easy easy(curl_easy_init());
        if (!easy) {
            response.transport = CURLE_OUT_OF_MEMORY;
            return response;
        }
        // curl 7.88 signs a caller's x-amz-content-sha256 and uses it as the payload hash, but
        // does not add one itself (S3 requires it, even for a GET), so it is always sent.
        const std::string payload_hash = "x-amz-content-sha256: " + Sha256Hex(request.body);
        const AwsCredentials credentials = Credentials();
        curl::Headers headers;
        bool headers_ok = curl::AppendHeader(headers, payload_hash);
        // curl signs every header it is given, this one included, as AWS requires.
        if (!credentials.session_token.empty())
            headers_ok =
                headers_ok && curl::AppendHeader(headers, "X-Amz-Security-Token: " + credentials.session_token);
        std::string_view upload = request.body;
        CURL* h = easy.get();
        char error_buffer[CURL_ERROR_SIZE] = {};
        curl::SetCommonOptions(h, request.url, timeout, response, error_buffer);
        curl::SignWithSigV4(h, sigv4_, credentials.access_key_id, credentials.secret_access_key);
        if (std::strcmp(request.method, "PUT") == 0) {
            headers_ok =
                headers_ok && curl::AppendHeader(headers, "Content-Type: " + std::string(request.content_type));
            curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadCallback);
            curl_easy_setopt(h, CURLOPT_READDATA, &upload);
            curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        } else if (std::strcmp(request.method, "DELETE") == 0) {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
        }
        if (!headers_ok) {
            response.transport = CURLE_OUT_OF_MEMORY;
            return response;
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
        curl::Perform(h, response, error_buffer);
        return response;
    }

    [[noreturn]] void Throw(std::string_view method, const std::string& key, const Response& response) const {
        std::string message;
        if (response.transport != CURLE_OK) {
            message = fmt::format("S3 {} {} failed: {}", method, key, response.TransportError());
        } else {
            const std::string code = S3ErrorCode(response.body);
            message = fmt::format("S3 {} {} failed: HTTP {}{}{}", method, key, response.status, code.empty() ? "" : " ",
                                  code);
        }
        // Belt and braces: curl's messages carry no credentials, but make sure.
        curl::Redact(message, {&options_.secret_access_key, &options_.access_key_id});
        throw BlobStoreError(message);
    }

    const S3Options options_;
    std::string base_url_;  // ends with '/'; the encoded key follows
    std::string sigv4_;
};

}  // namespace

std::unique_ptr<BlobStore> MakeS3BlobStore(S3Options options) {
    return std::make_unique<S3BlobStore>(std::move(options));
}

}  // namespace shiftsync
