#pragma once
// The one table from failures to HTTP problems: every problem type, its status and its title live
// in error_mapping.cpp. Expected failures of the use cases arrive as Error values
// (domain/error.hpp); the few that only the HTTP layer meets (a method the path lacks, a failed
// CSRF check, ...) are HttpFailure values. docs/API.md's problem table lists them all
// (http.router.RouterTest.EveryDocumentedProblemTypeIsProduced checks it).
#include <string_view>

#include "domain/error.hpp"
#include "http/message.hpp"

namespace shiftsync::http {

enum class HttpFailure {
    kMethodNotAllowed,  // the path exists, not with this method (405); the caller adds Allow
    kCsrfCheckFailed,   // a cookie-authenticated change without the CSRF header, or a foreign Origin (403)
    kHeaderTooLarge,    // the request line and headers are over the limit (431)
    kNotReady,          // the database does not answer, or the server is starting (503)
    kInternalError,     // an infrastructure failure inside a request (500); detail never internal
};

// The problem for `error`, with Retry-After when error.retry_after_seconds > 0.
Response ProblemFromError(const Error& error);
Response ProblemFromFailure(HttpFailure failure, std::string_view detail);

}  // namespace shiftsync::http
