#pragma once
// Conditional GET (RFC 9110 section 13): shared by every resource that sends an ETag.
#include <string_view>

namespace shiftsync::http {

// True if an If-None-Match header value (a comma-separated list, or "*") names `etag` under the weak
// comparison RFC 9110 asks for on GET: W/ prefixes are ignored. `etag` is quoted ("\"abc\"").
bool IfNoneMatchNames(std::string_view if_none_match, std::string_view etag);

}  // namespace shiftsync::http
