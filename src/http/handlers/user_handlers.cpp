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
    PeopleService& people;
    PasswordResetService& password_resets;
};

Response ListUsers(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"include_inactive", "limit", "cursor"}))
        return ProblemFromError(Error::Malformed("unknown or malformed query parameter"));
    const auto flag = QueryParam(context.request, "include_inactive");
    if (flag && *flag != "true" && *flag != "false")
        return ProblemFromError(Error::Malformed("include_inactive must be true or false", "include_inactive"));
    auto page = ParsePageRequest(QueryParam(context.request, "limit"), QueryParam(context.request, "cursor"));
    if (!page) return ProblemFromError(page.error());
    const Page<PersonView> people = services.people.List(context.caller(), flag == "true", *page);
    boost::json::array users;
    for (const PersonView& person : people.items) users.push_back(UserJson(person));
    return JsonResponse(
        200, boost::json::object{{"users", std::move(users)}, {"next_cursor", NextCursorJson(people.next_cursor)}});
}

Response GetUser(HandlerServices& services, RequestContext& context) {
    auto person = services.people.Get(context.caller(), context.path_ids.at(0));
    if (!person) return ProblemFromError(person.error());
    return JsonResponse(200, UserJson(*person));
}

Response PatchUser(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    PersonUpdate update;
    update.name = reader.OptionalString("name");
    update.position = reader.OptionalString("position");
    if (auto role = reader.OptionalString("role")) {
        update.role = ParseRole(*role);
        if (!update.role) reader.Fail(Error::Invalid("role must be owner, manager or employee", "role"));
    }
    update.active = reader.OptionalBool("active");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto person = services.people.Update(context.caller(), context.path_ids.at(0), update);
    if (!person) return ProblemFromError(person.error());
    return JsonResponse(200, UserJson(*person));
}

Response DeleteUser(HandlerServices& services, RequestContext& context) {
    if (auto s = services.people.Remove(context.caller(), context.path_ids.at(0)); !s)
        return ProblemFromError(s.error());
    return NoContent();
}

// A manager or owner sends a colleague a link to choose a new password; the caller never sees it.
Response SendPasswordReset(HandlerServices& services, RequestContext& context) {
    auto sent =
        services.password_resets.SendFor(context.caller(), context.path_ids.at(0), context.request.client_address);
    if (!sent) return ProblemFromError(sent.error());
    return JsonResponse(202, boost::json::object{{"expires_at", FormatInstant(sent->expires_at)}});
}

}  // namespace

std::vector<Route> UserRoutes(PeopleService& people, PasswordResetService& password_resets) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{people, password_resets});
    return {
        Personal({"GET", "/api/v1/users", Access::kEmployee, WorkPool::kGeneral,
                  [s](RequestContext& c) { return ListUsers(*s, c); }}),
        Personal({"GET", "/api/v1/users/{id}", Access::kEmployee, WorkPool::kGeneral,
                  [s](RequestContext& c) { return GetUser(*s, c); }}),
        Personal({"PATCH", "/api/v1/users/{id}", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return PatchUser(*s, c); }}),
        Personal({"DELETE", "/api/v1/users/{id}", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return DeleteUser(*s, c); }}),
        Personal({"POST", "/api/v1/users/{id}/password-reset", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return SendPasswordReset(*s, c); }}),
    };
}

}  // namespace shiftsync::http
