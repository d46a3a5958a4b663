#include "http/handlers/responses.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <charconv>

namespace shiftsync::http {

Response JsonResponse(int status, const boost::json::value& body) {
    Response response;
    response.status = status;
    response.content_type = "application/json";
    response.body = boost::json::serialize(body);
    return response;
}

Response NoContent() {
    Response response;
    response.status = 204;
    return response;
}

namespace {
// The query's parameters, percent-decoded ("%3A" -> ':'; '+' stays '+', as offsets need it),
// or nullopt when the query string is not valid.
std::optional<boost::urls::params_view> DecodedParams(const Request& request) {
    if (!boost::urls::parse_query(request.query)) return std::nullopt;
    boost::urls::encoding_opts options;
    options.space_as_plus = false;
    return boost::urls::params_view(request.query, options);
}
}  // namespace

std::optional<std::string> QueryParam(const Request& request, std::string_view name) {
    auto params = DecodedParams(request);
    if (!params) return std::nullopt;
    for (const auto& param : *params)
        if (param.key == name) return param.value;
    return std::nullopt;
}

Result<std::optional<Id>> QueryIdParam(const Request& request, std::string_view name) {
    auto text = QueryParam(request, name);
    if (!text) return std::optional<Id>{};
    Id id = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
    if (ec != std::errc{} || end != text->data() + text->size() || id <= 0)
        return Error{ErrorCode::kMalformed, std::string(name) + " must be a positive integer", std::string(name)};
    return std::optional<Id>{id};
}

bool HasUnknownQueryParams(const Request& request, std::initializer_list<std::string_view> allowed) {
    if (request.query.empty()) return false;
    auto params = DecodedParams(request);
    if (!params) return true;
    for (const auto& param : *params)
        if (std::find(allowed.begin(), allowed.end(), param.key) == allowed.end()) return true;
    return false;
}

}  // namespace shiftsync::http
