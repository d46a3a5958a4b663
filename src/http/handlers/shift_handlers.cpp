#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/dto.hpp"
#include "http/json/time_format.hpp"
#include "http/problem.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    ShiftService& shifts;
};

Response BadQuery(std::string_view detail) { return ProblemFromError(Error::Malformed(std::string(detail))); }

Response ListShifts(HandlerServices& services, RequestContext& context) {
    const Request& request = context.request;
    if (HasUnknownQueryParams(request, {"from", "to", "user_id", "limit", "cursor"}))
        return BadQuery("unknown or malformed query parameter");
    auto from_text = QueryParam(request, "from");
    auto to_text = QueryParam(request, "to");
    if (!from_text || !to_text) return BadQuery("from and to are required");
    auto from = ParseInstant(*from_text);
    auto to = ParseInstant(*to_text);
    if (!from || !to) return BadQuery("from and to must be RFC 3339 date-times");
    ShiftRange range{*from, *to, std::nullopt};
    auto user_id = QueryIdParam(request, "user_id");
    if (!user_id) return ProblemFromError(user_id.error());
    range.user_id = *user_id;
    auto page = ParsePageRequest(QueryParam(request, "limit"), QueryParam(request, "cursor"));
    if (!page) return ProblemFromError(page.error());
    auto shifts = services.shifts.List(context.caller(), range, *page);
    if (!shifts) return ProblemFromError(shifts.error());
    boost::json::array items;
    for (const Shift& shift : shifts->items) items.push_back(ShiftJson(shift));
    return JsonResponse(
        200, boost::json::object{{"shifts", std::move(items)}, {"next_cursor", NextCursorJson(shifts->next_cursor)}});
}

Response GetShift(HandlerServices& services, RequestContext& context) {
    auto shift = services.shifts.Get(context.caller(), context.path_ids.at(0));
    if (!shift) return ProblemFromError(shift.error());
    return JsonResponse(200, ShiftJson(*shift));
}

Response CreateShift(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    ShiftInput input;
    input.user_id = reader.NullableId("user_id");
    input.start = reader.InstantValue("start");
    input.end = reader.InstantValue("end");
    input.position = reader.OptionalString("position");
    input.note = reader.OptionalString("note").value_or("");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto shift = services.shifts.Create(context.caller(), input);
    if (!shift) return ProblemFromError(shift.error());
    return JsonResponse(201, ShiftJson(*shift));
}

Response PatchShift(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    ShiftPatch patch;
    patch.user_id = reader.OptionalNullableId("user_id");
    patch.start = reader.OptionalInstant("start");
    patch.end = reader.OptionalInstant("end");
    patch.position = reader.OptionalString("position");
    patch.note = reader.OptionalString("note");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto shift = services.shifts.Update(context.caller(), context.path_ids.at(0), patch);
    if (!shift) return ProblemFromError(shift.error());
    return JsonResponse(200, ShiftJson(*shift));
}

Response DeleteShift(HandlerServices& services, RequestContext& context) {
    if (auto s = services.shifts.Delete(context.caller(), context.path_ids.at(0)); !s)
        return ProblemFromError(s.error());
    return NoContent();
}

}  // namespace

std::vector<Route> ShiftRoutes(ShiftService& shifts) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{shifts});
    return {
        {"GET", "/api/v1/shifts", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return ListShifts(*s, c); }},
        {"POST", "/api/v1/shifts", Access::kManager, WorkPool::kGeneral,
         [s](RequestContext& c) { return CreateShift(*s, c); }},
        {"GET", "/api/v1/shifts/{id}", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return GetShift(*s, c); }},
        {"PATCH", "/api/v1/shifts/{id}", Access::kManager, WorkPool::kGeneral,
         [s](RequestContext& c) { return PatchShift(*s, c); }},
        {"DELETE", "/api/v1/shifts/{id}", Access::kManager, WorkPool::kGeneral,
         [s](RequestContext& c) { return DeleteShift(*s, c); }},
    };
}

}  // namespace shiftsync::http
