#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/dto.hpp"
#include "http/json/time_format.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    OrganizationService& organizations;
};

Response GetOrganization(HandlerServices& services, RequestContext& context) {
    auto org = services.organizations.Get(context.caller());
    if (!org) return ProblemFromError(org.error());
    return JsonResponse(200, OrganizationJson(*org));
}

Response PatchOrganization(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    OrganizationUpdate update;
    update.name = reader.OptionalString("name");
    update.time_zone = reader.OptionalString("time_zone");
    update.locale = reader.OptionalString("locale");
    if (auto week_start = reader.OptionalString("week_start")) {
        update.week_start = ParseWeekday(*week_start);
        if (!update.week_start) reader.Fail(Error::Invalid("week_start must be monday..sunday", "week_start"));
    }
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto org = services.organizations.Update(context.caller(), update);
    if (!org) return ProblemFromError(org.error());
    return JsonResponse(200, OrganizationJson(*org));
}

}  // namespace

std::vector<Route> OrganizationRoutes(OrganizationService& organizations) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{organizations});
    return {
        {"GET", "/api/v1/organization", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return GetOrganization(*s, c); }},
        {"PATCH", "/api/v1/organization", Access::kOwner, WorkPool::kGeneral,
         [s](RequestContext& c) { return PatchOrganization(*s, c); }},
    };
}

}  // namespace shiftsync::http
