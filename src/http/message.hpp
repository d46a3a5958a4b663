#pragma once
// Plain request/response values exchanged between the Beast server and the router, so
// that handlers never see sockets or Beast types (and build without Beast headers).
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shiftsync::http {

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // as received: "/api/v1/shifts?from=..."
    std::string path;    // percent-decoded path without the query: "/api/v1/shifts"
    std::string query;   // raw query string without '?', may be empty
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    std::string client_address;  // the client's IP as text: the peer, or whom a trusted proxy names
    bool https = false;          // a trusted proxy says the client connected over TLS
    std::string request_id;      // from X-Request-Id if sane, else generated

    // First header with this lower-case name, or nullopt.
    std::optional<std::string_view> Header(std::string_view lower_name) const {
        for (const auto& [name, value] : headers)
            if (name == lower_name) return std::string_view(value);
        return std::nullopt;
    }
};

struct Response {
    int status = 200;
    std::string content_type;  // empty: no body
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra: Set-Cookie, Retry-After, ...

    void AddHeader(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

// Where the server runs a request's blocking work.
enum class WorkPool {
    kGeneral,  // database work; sized with the connection pool
    kHashing,  // CPU-heavy work (password hashing, picture decoding): small and bounded so a flood cannot starve others
};

// What the server calls. Implemented by the router.
class Application {
public:
    virtual ~Application() = default;
    // Cheap, non-blocking: decides the pool from method and path alone.
    virtual WorkPool PoolFor(const Request& request) const = 0;
    // Cheap, non-blocking; called once the request head has arrived, before its body is read
    // (`content_type` is the Content-Type header's value, empty if none).
    // The largest body this request may carry, or 0 for ServerOptions::max_body_bytes.
    // Pure so that a wrapper of another Application cannot forget to pass it on.
    virtual std::size_t BodyLimitFor(std::string_view method, std::string_view decoded_path,
                                     std::string_view content_type) const = 0;
    // Blocking; runs on a thread of PoolFor(request). Never throws: failures become a 500 problem.
    virtual Response Handle(const Request& request) = 0;
};

}  // namespace shiftsync::http
