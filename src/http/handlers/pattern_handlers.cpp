#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/dto.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    PatternService& patterns;
};

// The body of POST and PUT alike.
Result<PatternInput> ReadPatternInput(const Request& request) {
    auto body = ParseJsonObject(request);
    if (!body) return body.error();
    BodyReader reader(*body);
    PatternInput input;
    input.user_id = reader.IdValue("user_id");
    input.start_date = reader.DateValue("start_date");
    input.end_date = reader.DateValue("end_date");
    input.position = reader.OptionalString("position");
    const auto* days = reader.OptionalObject("days");
    if (days == nullptr && reader.ok()) reader.Fail(Error::Invalid("days is required", "days"));
    if (days != nullptr) input.days = ReadDays(*days, reader);
    if (auto s = reader.Finish(); !s) return s.error();
    return input;
}

Response SavedResponse(int status, const SavedPattern& saved) {
    boost::json::object out = PatternJson(saved.pattern);
    out["shift_count"] = saved.shift_count;
    return JsonResponse(status, out);
}

Response ListPatterns(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"user_id"}))
        return ProblemFromError(Error::Malformed("unknown or malformed query parameter"));
    auto user_id = QueryIdParam(context.request, "user_id");
    if (!user_id) return ProblemFromError(user_id.error());
    boost::json::array items;
    for (const WeeklyPattern& pattern : services.patterns.List(context.caller(), *user_id))
        items.push_back(PatternJson(pattern));
    return JsonResponse(200, boost::json::object{{"patterns", std::move(items)}});
}

Response GetPattern(HandlerServices& services, RequestContext& context) {
    auto pattern = services.patterns.Get(context.caller(), context.path_ids.at(0));
    if (!pattern) return ProblemFromError(pattern.error());
    return JsonResponse(200, PatternJson(*pattern));
}

Response CreatePattern(HandlerServices& services, RequestContext& context) {
    auto input = ReadPatternInput(context.request);
    if (!input) return ProblemFromError(input.error());
    auto saved = services.patterns.Create(context.caller(), *input);
    if (!saved) return ProblemFromError(saved.error());
    return SavedResponse(201, *saved);
}

Response ReplacePattern(HandlerServices& services, RequestContext& context) {
    auto input = ReadPatternInput(context.request);
    if (!input) return ProblemFromError(input.error());
    auto saved = services.patterns.Replace(context.caller(), context.path_ids.at(0), *input);
    if (!saved) return ProblemFromError(saved.error());
    return SavedResponse(200, *saved);
}

Response DeletePattern(HandlerServices& services, RequestContext& context) {
    if (auto s = services.patterns.Delete(context.caller(), context.path_ids.at(0)); !s)
        return ProblemFromError(s.error());
    return NoContent();
}

}  // namespace

std::vector<Route> PatternRoutes(PatternService& patterns) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{patterns});
    return {
        {"GET", "/api/v1/patterns", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return ListPatterns(*s, c); }},
        {"POST", "/api/v1/patterns", Access::kManager, WorkPool::kGeneral,
         [s](RequestContext& c) { return CreatePattern(*s, c); }},
        {"GET", "/api/v1/patterns/{id}", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return GetPattern(*s, c); }},
        {"PUT", "/api/v1/patterns/{id}", Access::kManager, WorkPool::kGeneral,
         [s](RequestContext& c) { return ReplacePattern(*s, c); }},
        {"DELETE", "/api/v1/patterns/{id}", Access::kManager, WorkPool::kGeneral,
         [s](RequestContext& c) { return DeletePattern(*s, c); }},
    };
}

}  // namespace shiftsync::http
