#include "http/error_mapping.hpp"
#include "http/handlers/handlers.hpp"
#include "http/handlers/responses.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/dto.hpp"
#include "http/json/time_format.hpp"
#include "http/multipart.hpp"
#include "http/session_cookie.hpp"

namespace shiftsync::http {
namespace {

// What this file's handlers use.
struct HandlerServices {
    AuthService& auth;
    PasswordResetService& password_resets;
    SessionCookieSettings cookies;
};

Response SessionResponse(int status, const SessionGrant& grant, const HandlerServices& services,
                         const Request& request) {
    const bool show_email = true;  // it is the caller's own record
    Response response = JsonResponse(status, boost::json::object{
                                                 {"token", grant.token},
                                                 {"expires_at", FormatInstant(grant.expires_at)},
                                                 {"user", UserJson(PersonView{grant.user, show_email})},
                                                 {"organization", OrganizationJson(grant.organization)},
                                             });
    response.AddHeader(
        "Set-Cookie", SessionCookie(grant.token, services.cookies.token_lifetime, services.cookies.SecureFor(request)));
    response.AddHeader("Cache-Control", "no-store");
    return response;
}

// A registration body: JSON, or a sign-up form (multipart/form-data) whose text fields carry the
// JSON field names ("organization.time_zone" for nested ones) and whose "picture" part is the file.
struct RegistrationBody {
    boost::json::object fields;
    std::optional<PictureUpload> picture;
};

Result<RegistrationBody> ReadRegistrationBody(const Request& request) {
    const auto boundary = MultipartBoundary(request.Header("content-type").value_or(""));
    if (!boundary) {
        auto json = ParseJsonObject(request);
        if (!json) return json.error();
        return RegistrationBody{std::move(*json), std::nullopt};
    }
    auto parts = ParseMultipart(request.body, *boundary);
    if (!parts) return parts.error();
    RegistrationBody body;
    for (FormPart& part : *parts) {
        if (part.name == "picture") {
            // An empty file input is how a browser sends "no picture chosen".
            if (part.filename && part.filename->empty() && part.body.empty()) continue;
            body.picture = PictureUpload{std::move(part.content_type), std::move(part.body)};
            continue;
        }
        if (part.filename) return Error::Invalid("only the picture field may be a file", part.name);
        const auto dot = part.name.find('.');
        if (dot == std::string::npos) {
            body.fields[part.name] = part.body;
            continue;
        }
        auto& nested = body.fields[part.name.substr(0, dot)];
        if (!nested.is_object()) nested = boost::json::object{};
        nested.as_object()[part.name.substr(dot + 1)] = part.body;
    }
    return body;
}

Response Register(HandlerServices& services, RequestContext& context) {
    auto body = ReadRegistrationBody(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(body->fields);
    RegisterCommand command;
    command.name = reader.String("name");
    command.email = reader.String("email");
    command.password = reader.String("password");
    command.position = reader.OptionalString("position");
    command.invitation_token = reader.OptionalString("invitation");
    if (const auto* org = reader.OptionalObject("organization")) {
        BodyReader org_reader(*org, "organization.");
        NewOrganization input;
        input.name = org_reader.String("name");
        input.time_zone = org_reader.String("time_zone");
        if (auto week_start = org_reader.OptionalString("week_start")) {
            input.week_start = ParseWeekday(*week_start);
            if (!input.week_start)
                org_reader.Fail(Error::Invalid("week_start must be monday..sunday", "organization.week_start"));
        }
        if (auto s = org_reader.Finish(); !s) reader.Fail(s.error());
        command.organization = std::move(input);
    }
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    command.picture = std::move(body->picture);
    auto grant = services.auth.Register(command);
    if (!grant) return ProblemFromError(grant.error());
    return SessionResponse(201, *grant, services, context.request);
}

Response Login(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    const std::string email = reader.String("email");
    const std::string password = reader.String("password");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto grant = services.auth.Login(email, password, context.request.client_address);
    if (!grant) return ProblemFromError(grant.error());
    return SessionResponse(200, *grant, services, context.request);
}

Response Logout(HandlerServices& services, RequestContext& context) {
    if (auto s = services.auth.Logout(context.caller()); !s) return ProblemFromError(s.error());
    Response response = NoContent();
    response.AddHeader("Set-Cookie", ClearedSessionCookie(services.cookies.SecureFor(context.request)));
    return response;
}

// The same answer whether or not the email belongs to anyone (see PasswordResetService::Request).
Response RequestPasswordReset(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    const std::string email = reader.String("email");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    if (auto s = services.password_resets.Request(email, context.request.client_address); !s)
        return ProblemFromError(s.error());
    Response response = JsonResponse(
        202, boost::json::object{{"message",
                                  "If an account uses this email, we sent it a link to choose a new password. "
                                  "The link works once, for an hour."}});
    response.AddHeader("Cache-Control", "no-store");
    return response;
}

Response ConfirmPasswordReset(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    const std::string token = reader.String("token");
    const std::string password = reader.String("password");
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    if (auto s = services.password_resets.Confirm(token, password); !s) return ProblemFromError(s.error());
    return NoContent();
}

}  // namespace

std::vector<Route> AuthRoutes(AuthService& auth, PasswordResetService& password_resets, SessionCookieSettings cookies) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{auth, password_resets, cookies});
    return {
        Personal({"POST", "/api/v1/auth/register", Access::kPublic, WorkPool::kHashing,
                  [s](RequestContext& c) { return Register(*s, c); }, BodyKind::kJsonOrForm, kPictureUploadBodyLimit}),
        Personal({"POST", "/api/v1/auth/login", Access::kPublic, WorkPool::kHashing,
                  [s](RequestContext& c) { return Login(*s, c); }}),
        {"POST", "/api/v1/auth/logout", Access::kEmployee, WorkPool::kGeneral,
         [s](RequestContext& c) { return Logout(*s, c); }},
        Personal({"POST", "/api/v1/auth/password-reset", Access::kPublic, WorkPool::kGeneral,
                  [s](RequestContext& c) { return RequestPasswordReset(*s, c); }}),
        {"POST", "/api/v1/auth/password-reset/confirm", Access::kPublic, WorkPool::kHashing,
         [s](RequestContext& c) { return ConfirmPasswordReset(*s, c); }},
    };
}

}  // namespace shiftsync::http
