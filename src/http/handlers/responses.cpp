#include "http/handlers/responses.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/url/parse_query.hpp>

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

std::optional<std::string> QueryParam(const Request& request, std::string_view name) {
    auto params = boost::urls::parse_query(request.query);
    if (!params) return std::nullopt;
    for (const auto& param : *params)
        if (param.key == name) return std::string(param.value);
    return std::nullopt;
}

bool HasUnknownQueryParams(const Request& request, std::initializer_list<std::string_view> allowed) {
    if (request.query.empty()) return false;
    auto params = boost::urls::parse_query(request.query);
    if (!params) return true;
    for (const auto& param : *params)
        if (std::find(allowed.begin(), allowed.end(), param.key) == allowed.end()) return true;
    return false;
}

}  // namespace shiftsync::http
