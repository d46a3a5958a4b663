#include "infra/curl/curl_easy.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace shiftsync::curl {
namespace {

size_t AppendToString(char* data, size_t size, size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

void InitOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
}

bool AppendHeader(Headers& headers, const std::string& line) {
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (appended == nullptr) return false;
    if (!headers) headers.reset(appended);  // else appended is the same head, one longer
    return true;
}

std::string Response::TransportError() const {
    std::string message = curl_easy_strerror(transport);
    if (!transport_detail.empty()) message += " (" + transport_detail + ")";
    return message;
}

void SetCommonOptions(CURL* h, const std::string& url, std::chrono::milliseconds timeout, Response& response,
                      char* error_buffer) {
    error_buffer[0] = '\0';
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, AppendToString);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
}

void SignWithSigV4(CURL* h, const std::string& provider, const std::string& access_key_id,
                   const std::string& secret_access_key) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_AWS_SIGV4);
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, provider.c_str());
    curl_easy_setopt(h, CURLOPT_USERNAME, access_key_id.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, secret_access_key.c_str());
}

void Perform(CURL* h, Response& response, const char* error_buffer) {
    response.transport = curl_easy_perform(h);
    if (response.transport != CURLE_OK) {
        response.transport_detail = error_buffer;
        return;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response.status);
}

bool Endpoint::IsLoopback() const {
    if (host == "localhost" || host == "[::1]") return true;
    return host.rfind("127.", 0) == 0 && ip_literal;
}

Endpoint ParseEndpoint(std::string_view url, std::string_view option) {
    const auto bad = [option] { return std::invalid_argument(std::string(option) + " must be http(s)://host[:port]"); };
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
    endpoint.host = std::string(host);
    return endpoint;
}

void Redact(std::string& message, std::initializer_list<const std::string*> secrets) {
    for (const std::string* secret : secrets) {
        if (secret->empty()) continue;
        for (auto pos = message.find(*secret); pos != std::string::npos; pos = message.find(*secret, pos + 3)) {
            message.replace(pos, secret->size(), "***");
        }
    }
}

}  // namespace shiftsync::curl
