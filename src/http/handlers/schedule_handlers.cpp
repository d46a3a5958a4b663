#include <fmt/format.h>
#include <boost/json/serialize.hpp>

#include "http/conditional.hpp"
#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/dto.hpp"
#include "http/json/time_format.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    ScheduleService& schedule;
    ScheduleCache& schedule_cache;
};

// Everyone in an organisation sees the same schedule, so one validator serves every role.
std::string ETagOf(const ScheduleKey& key) {
    return fmt::format("\"s{}-{}-r{}\"", key.organization_id, FormatDate(key.week_start), key.revision);
}

bool Matches(const Request& request, const std::string& etag) {
    auto header = request.Header("if-none-match");
    return header && IfNoneMatchNames(*header, etag);
}

Response ScheduleResponse(const Request& request, const ScheduleKey& key,
                          const std::shared_ptr<const std::string>& body) {
    const std::string etag = ETagOf(key);
    Response response;
    if (Matches(request, etag)) {
        response.status = 304;
    } else {
        response.content_type = "application/json";
        response.body = *body;
    }
    response.AddHeader("ETag", etag);
    response.AddHeader("Cache-Control", "private, no-cache");
    return response;
}

Response GetSchedule(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"week"}))
        return ProblemFromError(Error::Malformed("unknown or malformed query parameter"));
    std::optional<Date> day;
    if (auto text = QueryParam(context.request, "week")) {
        day = ParseDate(*text);
        if (!day) return ProblemFromError(Error::Malformed("week must be a date YYYY-MM-DD", "week"));
    }
    const ScheduleKey key = services.schedule.Locate(context.caller(), day);
    if (auto cached = services.schedule_cache.Find(key)) return ScheduleResponse(context.request, key, cached);

    auto view = services.schedule.Week(context.caller(), key.week_start);
    if (!view) return ProblemFromError(view.error());
    // Stored under the revision the view was read at, which may be newer than the key's.
    const ScheduleKey built = (*view)->key();
    auto body = std::make_shared<const std::string>(boost::json::serialize(ScheduleJson(**view)));
    services.schedule_cache.Store(built, body);
    return ScheduleResponse(context.request, built, body);
}

}  // namespace

std::vector<Route> ScheduleRoutes(ScheduleService& schedule, ScheduleCache& schedule_cache) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{schedule, schedule_cache});
    return {
        {"GET", "/api/v1/schedule", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return GetSchedule(*s, c); }},
    };
}

}  // namespace shiftsync::http
