#include "infra/blob/s3_blob_store.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace shiftsync {
namespace {

using SteadyClock = std::chrono::steady_clock;
using std::chrono::milliseconds;

void InitLibrariesOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        // curl_global_init is not thread-safe; every later easy handle relies on it.
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
        if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
    });
}

struct EasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

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

// "scheme://host[:port]" split into its parts; throws std::invalid_argument naming the option.
struct Endpoint {
    std::string scheme;     // "http" or "https"
    std::string authority;  // "host" or "host:port", as sent in Host
    bool ip_literal = false;
};

Endpoint ParseEndpoint(std::string_view url) {
    const auto bad = [] { return std::invalid_argument("S3Options.endpoint must be http(s)://host[:port]"); };
    Endpoint endpoint;
    if (url.rfind("http://", 0) == 0) {
        endpoint.scheme = "http";
    } else if (url.rfind("https://", 0) == 0) {
        endpoint.scheme = "https";
    } else {
        throw bad();
    }
    std::string_view authority = url.substr(endpoint.scheme.size() + 3);
    if (!authority.empty() && authority.back() == '/') authority.remove_suffix(1);
    if (authority.empty()) throw bad();
    for (char c : authority) {
        // No path, query, fragment or user:password@.
        if (c == '/' || c == '?' || c == '#' || c == '@' || c == '\\' || static_cast<unsigned char>(c) <= ' ' ||
            static_cast<unsigned char>(c) >= 0x7f) {
            throw bad();
        }
    }
    std::string_view host = authority;
    std::string_view port;
    if (host.front() == '[') {
        const auto close = host.find(']');
        if (close == std::string_view::npos) throw bad();
        port = host.substr(close + 1);
        host = host.substr(0, close + 1);
        endpoint.ip_literal = true;
        if (!port.empty() && port.front() != ':') throw bad();
    } else if (const auto colon = host.find(':'); colon != std::string_view::npos) {
        port = host.substr(colon);
        host = host.substr(0, colon);
    }
    if (host.empty()) throw bad();
    if (!port.empty()) {
        port.remove_prefix(1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), IsDigit)) throw bad();
        const int number = std::stoi(std::string(port));
        if (number < 1 || number > 65535) throw bad();
    }
    if (!endpoint.ip_literal) {
        endpoint.ip_literal = std::all_of(host.begin(), host.end(), [](char c) { return IsDigit(c) || c == '.'; });
    }
    endpoint.authority = std::string(authority);
    return endpoint;
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

struct Response {
    CURLcode transport = CURLE_OK;
    std::string transport_detail;  // curl's error buffer
    long status = 0;
    std::string body;
};

size_t ReadCallback(char* buffer, size_t size, size_t count, void* user) {
    auto* remaining = static_cast<std::string_view*>(user);
    const size_t n = std::min(size * count, remaining->size());
    std::memcpy(buffer, remaining->data(), n);
    remaining->remove_prefix(n);
    return n;
}

size_t WriteCallback(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

class S3BlobStore final : public BlobStore {
  public:
    explicit S3BlobStore(S3Options options) : options_(std::move(options)) {
        const Endpoint endpoint = ParseEndpoint(options_.endpoint);
        if (!IsValidBucketName(options_.bucket))
            throw std::invalid_argument("S3Options.bucket is not a valid bucket name");
        if (options_.region.empty() || !std::all_of(options_.region.begin(), options_.region.end(),
                                                    [](char c) { return IsLowerAlnum(c) || c == '-'; })) {
            throw std::invalid_argument("S3Options.region must be like us-east-1");
        }
        if (options_.access_key_id.empty()) throw std::invalid_argument("S3Options.access_key_id is empty");
        if (options_.secret_access_key.empty()) throw std::invalid_argument("S3Options.secret_access_key is empty");
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

    // Sends the request, once more after a transport error or a 5xx if time is left: the whole
    // call, retry included, stays within options_.timeout.
    Response Perform(const Request& request) const {
        const auto deadline = SteadyClock::now() + options_.timeout;
        for (int attempt = 1;; ++attempt) {
            const auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now());
            Response response = PerformOnce(request, std::max(left, milliseconds(1)));
            const bool retryable = response.transport != CURLE_OK || response.status >= 500;
            if (!retryable || attempt == 2 || deadline - SteadyClock::now() < milliseconds(50)) return response;
        }
    }

    Response PerformOnce(const Request& request, milliseconds timeout) const {
        Response response;
        std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
        if (!curl) {
            response.transport = CURLE_OUT_OF_MEMORY;
            return response;
        }
        // curl 7.88 signs a caller's x-amz-content-sha256 and uses it as the payload hash, but
        // does not add one itself (S3 requires it, even for a GET), so it is always sent.
        const std::string payload_hash = "x-amz-content-sha256: " + Sha256Hex(request.body);
        std::unique_ptr<curl_slist, SlistDeleter> headers(curl_slist_append(nullptr, payload_hash.c_str()));
        std::string content_type;
        std::string_view upload = request.body;
        CURL* h = curl.get();
        char error_buffer[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_AWS_SIGV4);
        curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4_.c_str());
        // Name and secret apart (not "id:secret"), so a ':' in either cannot split them wrongly.
        curl_easy_setopt(h, CURLOPT_USERNAME, options_.access_key_id.c_str());
        curl_easy_setopt(h, CURLOPT_PASSWORD, options_.secret_access_key.c_str());
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, WriteCallback);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
        if (std::strcmp(request.method, "PUT") == 0) {
            content_type = "Content-Type: " + std::string(request.content_type);
            curl_slist* appended = curl_slist_append(headers.get(), content_type.c_str());
            if (appended == nullptr) headers.reset();
            curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
            curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadCallback);
            curl_easy_setopt(h, CURLOPT_READDATA, &upload);
            curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        } else if (std::strcmp(request.method, "DELETE") == 0) {
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
        }
        if (!headers) {
            response.transport = CURLE_OUT_OF_MEMORY;
            return response;
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

        response.transport = curl_easy_perform(h);
        if (response.transport != CURLE_OK) {
            response.transport_detail = error_buffer;
            return response;
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
        return response;
    }

    [[noreturn]] void Throw(std::string_view method, const std::string& key, const Response& response) const {
        std::string message;
        if (response.transport != CURLE_OK) {
            message = fmt::format("S3 {} {} failed: {}", method, key, curl_easy_strerror(response.transport));
            if (!response.transport_detail.empty()) message += " (" + response.transport_detail + ")";
        } else {
            const std::string code = S3ErrorCode(response.body);
            message = fmt::format("S3 {} {} failed: HTTP {}{}{}", method, key, response.status, code.empty() ? "" : " ",
                                  code);
        }
        // Belt and braces: curl's messages carry no credentials, but make sure.
        for (const std::string* secret : {&options_.secret_access_key, &options_.access_key_id}) {
            for (auto pos = message.find(*secret); pos != std::string::npos; pos = message.find(*secret, pos)) {
                message.replace(pos, secret->size(), "***");
            }
        }
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
