#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/dto.hpp"
#include "http/session_cookie.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    PeopleService& people;
    SessionCookieSettings cookies;
};

Response GetMe(HandlerServices& services, RequestContext& context) {
    auto me = services.people.GetMe(context.caller());
    if (!me) return ProblemFromError(me.error());
    return JsonResponse(200, UserJson(*me));
}

Response PatchMe(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    MeUpdate update;
    update.name = reader.OptionalString("name");
    update.position = reader.OptionalString("position");
    update.email = reader.OptionalString("email");
    update.password = reader.OptionalString("password");
    update.current_password = reader.OptionalString("current_password");
    update.email_notifications = reader.OptionalBool("email_notifications");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto me = services.people.UpdateMe(context.caller(), update);
    if (!me) return ProblemFromError(me.error());
    Response response = JsonResponse(200, UserJson(*me));
    // Email and password changes end every session, this one included.
    if (update.email || update.password)
        response.AddHeader("Set-Cookie", ClearedSessionCookie(services.cookies.SecureFor(context.request)));
    return response;
}

Response DeleteMe(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    const std::string current_password = reader.String("current_password");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    if (auto s = services.people.RemoveMe(context.caller(), current_password); !s) return ProblemFromError(s.error());
    Response response = NoContent();
    response.AddHeader("Set-Cookie", ClearedSessionCookie(services.cookies.SecureFor(context.request)));
    return response;
}

}  // namespace

std::vector<Route> MeRoutes(PeopleService& people, SessionCookieSettings cookies) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{people, cookies});
    return {
        Personal({"GET", "/api/v1/me", Access::kEmployee, WorkPool::kGeneral,
                  [s](RequestContext& c) { return GetMe(*s, c); }}),
        // Password checks hash: the bounded pool.
        Personal({"PATCH", "/api/v1/me", Access::kEmployee, WorkPool::kHashing,
                  [s](RequestContext& c) { return PatchMe(*s, c); }}),
        Personal({"DELETE", "/api/v1/me", Access::kEmployee, WorkPool::kHashing,
                  [s](RequestContext& c) { return DeleteMe(*s, c); }}),
    };
}

}  // namespace shiftsync::http
