#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/dto.hpp"
#include "http/json/time_format.hpp"
#include "http/problem.hpp"

namespace shiftsync::http {
namespace {

Response GetSchedule(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"week"}))
        return Problem(400, "malformed-request", "Malformed request", "unknown or malformed query parameter");
    std::optional<Date> week;
    if (auto text = QueryParam(context.request, "week")) {
        week = ParseDate(*text);
        if (!week) return Problem(400, "malformed-request", "Malformed request", "week must be a date YYYY-MM-DD");
    }
    auto view = services.schedule.Week(context.caller(), week);
    if (!view) return ProblemFromError(view.error());
    return JsonResponse(200, ScheduleJson(**view));
}

}  // namespace

std::vector<Route> ScheduleRoutes(HandlerServices& s) {
    return {
        {"GET", "/api/v1/schedule", Access::kEmployee, WorkPool::kGeneral,
         [&s](RequestContext& c) { return GetSchedule(s, c); }},
    };
}

}  // namespace shiftsync::http
