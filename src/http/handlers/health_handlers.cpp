#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/openapi_document.hpp"

namespace shiftsync::http {

std::vector<Route> HealthRoutes(UnitOfWorkFactory& database) {
    return {
        {"GET", "/healthz", Access::kPublic, WorkPool::kGeneral,
         [](RequestContext&) {
             return JsonResponse(200, boost::json::object{{"status", "ok"}});
         }},
        {"GET", "/readyz", Access::kPublic, WorkPool::kGeneral,
         [&database](RequestContext&) {
             if (!database.Ping()) return ProblemFromFailure(HttpFailure::kNotReady, "the database does not answer");
             return JsonResponse(200, boost::json::object{{"status", "ready"}});
         }},
        {"GET", "/api/v1/openapi.json", Access::kPublic, WorkPool::kGeneral,
         [](RequestContext&) {
             Response response;
             response.content_type = "application/json";
             response.body = std::string(OpenApiDocument());
             return response;
         }},
    };
}

}  // namespace shiftsync::http
