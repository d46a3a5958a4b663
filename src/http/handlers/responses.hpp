#pragma once
// Small helpers shared by the handlers.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/result.hpp"
#include "domain/types.hpp"
#include "http/message.hpp"

namespace shiftsync::http {

Response JsonResponse(int status, const boost::json::value& body);
Response NoContent();
// A query parameter, percent-decoded; nullopt if absent. Malformed queries yield nullopt too.
std::optional<std::string> QueryParam(const Request& request, std::string_view name);
// A positive integer id from the query: nullopt when absent; kMalformed when present but not
// a positive integer.
Result<std::optional<Id>> QueryIdParam(const Request& request, std::string_view name);

// True when the query string contains parameters other than `allowed` or cannot be parsed.
bool HasUnknownQueryParams(const Request& request, std::initializer_list<std::string_view> allowed);

}  // namespace shiftsync::http
