#pragma once
// The socket-free pieces of serving a request: splitting and decoding the target, choosing the
// request id and formatting the access-log line. Internal to the server; no Beast here so that
// these rules are testable on their own.
#include <optional>
#include <string>
#include <string_view>

namespace shiftsync::http {

struct TargetParts {
    std::string_view path;   // still percent-encoded
    std::string_view query;  // raw, without '?'; empty if none
};

// Splits an origin-form target ("/a/b?x=1"). nullopt for any other form ("*", "http://host/..."),
// which this server does not serve.
std::optional<TargetParts> SplitTarget(std::string_view target);

// Percent-decodes a path ("%2F" becomes '/', '+' stays '+'). nullopt when a '%' is not followed by two
// hex digits or the decoded path contains NUL: such a path cannot name anything and is answered 400.
std::optional<std::string> DecodePath(std::string_view encoded_path);

// True when a client-supplied X-Request-Id may be reused: 1..64 characters of [A-Za-z0-9._-], so it is
// safe to echo in a header and to write into a log line.
bool IsAcceptableRequestId(std::string_view id);

// 32 lower-case hex digits (128 random bits) from a per-thread generator. Not a secret: it only has to
// be unique enough to find one request in the logs.
std::string GenerateRequestId();

struct AccessLogEntry {
    std::string_view method;  // empty if the request line was not understood
    std::string_view path;    // percent-encoded path, never the query
    int status = 0;
    double duration_ms = 0;
    std::string_view request_id;
    std::string_view client;
};

// `text` as a JSON string literal, quotes included, escaped as described at FormatAccessLog.
std::string JsonString(std::string_view text);

// {"msg":"request","method":"GET","path":"/api/v1/shifts","status":200,"duration_ms":1.23,
//  "request_id":"...","client":"127.0.0.1"}: one JSON object on one line. Control characters, quotes,
// backslashes and non-ASCII bytes are escaped, so a hostile path cannot forge or break log lines.
std::string FormatAccessLog(const AccessLogEntry& entry);

}  // namespace shiftsync::http
