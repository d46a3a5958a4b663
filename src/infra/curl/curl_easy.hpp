#pragma once
// The libcurl pieces every adapter that speaks HTTP(S) needs (S3, AWS Secrets Manager, the EC2
// metadata service): global initialisation, owning handles, one request with a deadline and one
// retry, and endpoint checks. Included only by infra/ .cpp files.
#include <curl/curl.h>

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

namespace shiftsync::curl {

// curl_global_init, once per process (it is not thread-safe; every easy handle relies on it).
// Throws std::runtime_error if it fails.
void InitOnce();

struct EasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;
using Headers = std::unique_ptr<curl_slist, SlistDeleter>;

// Appends `line` to `headers`; false (and `headers` left as it was) when out of memory.
bool AppendHeader(Headers& headers, const std::string& line);

struct Response {
    CURLcode transport = CURLE_OK;
    std::string transport_detail;  // curl's error buffer, may be empty
    long status = 0;
    std::string body;

    static Response Failed(CURLcode transport) {
        Response response;
        response.transport = transport;
        return response;
    }
    bool Retryable() const { return transport != CURLE_OK || status >= 500; }
    // "Couldn't connect to server (Failed to connect to ...)"; only for transport != CURLE_OK.
    std::string TransportError() const;
};

// Options every request sets: the URL, http/https only, no signals, `timeout` for the whole
// transfer, the body into `response` and curl's error text into `error_buffer`.
// REQUIRES: error_buffer holds CURL_ERROR_SIZE bytes and outlives the transfer, as does `response`.
void SetCommonOptions(CURL* h, const std::string& url, std::chrono::milliseconds timeout, Response& response,
                      char* error_buffer);

// curl's own AWS Signature Version 4: `provider` is "aws:amz:<region>:<service>". The id and the
// secret go apart (not "id:secret"), so a ':' in either cannot split them wrongly.
void SignWithSigV4(CURL* h, const std::string& provider, const std::string& access_key_id,
                   const std::string& secret_access_key);

// curl_easy_perform, then the status; fills response.transport(_detail) on failure.
void Perform(CURL* h, Response& response, const char* error_buffer);

// Calls attempt(time_left) and once more after a transport error or a 5xx if at least 50 ms are
// left: the whole call, retry included, stays within `total`.
template <class Attempt>
Response WithOneRetry(std::chrono::milliseconds total, Attempt attempt) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + total;
    for (int n = 1;; ++n) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        Response response = attempt(std::max(left, std::chrono::milliseconds(1)));
        if (!response.Retryable() || n == 2 || deadline - Clock::now() < std::chrono::milliseconds(50)) {
            return response;
        }
    }
}

// "scheme://host[:port]" (a trailing '/' allowed) split into its parts.
struct Endpoint {
    std::string scheme;     // "http" or "https"
    std::string authority;  // "host" or "host:port", as sent in Host
    std::string host;       // without the port; an IPv6 literal keeps its brackets
    bool ip_literal = false;
    // 127.0.0.0/8, [::1] or localhost: where plain http cannot be overheard.
    bool IsLoopback() const;
};

// Throws std::invalid_argument("<option> must be http(s)://host[:port]") for anything else,
// including a path, query, fragment or user:password@.
Endpoint ParseEndpoint(std::string_view url, std::string_view option);

// Replaces every occurrence of each non-empty secret in `message` by "***".
void Redact(std::string& message, std::initializer_list<const std::string*> secrets);

}  // namespace shiftsync::curl
