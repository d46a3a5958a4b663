#include "http/problem.hpp"

#include <boost/json.hpp>

namespace shiftsync::http {

Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 ProblemFields extra) {
    boost::json::object body;
    body["type"] = std::string("https://shiftsync.dev/problems/") + std::string(slug);
    body["title"] = title;
    body["status"] = status;
    if (!detail.empty()) body["detail"] = detail;
    if (!extra.field.empty()) body["field"] = extra.field;
    if (extra.conflicting_id != 0) body["conflicting_shift_id"] = extra.conflicting_id;
    Response response;
    response.status = status;
    response.content_type = std::string(kProblemContentType);
    response.body = boost::json::serialize(body);
    return response;
}

}  // namespace shiftsync::http
