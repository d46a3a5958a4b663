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
    InvitationService& invitations;
};

Response CreateInvitation(HandlerServices& services, RequestContext& context) {
    auto body = ParseJsonObject(context.request);
    if (!body) return ProblemFromError(body.error());
    BodyReader reader(*body);
    InvitationCommand command;
    command.email = reader.String("email");
    const std::string role = reader.String("role");
    command.position = reader.OptionalString("position");
    if (reader.ok()) {
        auto parsed = ParseRole(role);
        if (!parsed) reader.Fail(Error::Invalid("role must be owner, manager or employee", "role"));
        command.role = parsed.value_or(Role::kEmployee);
    }
    if (auto s = reader.Finish(); !s) return ProblemFromError(s.error());
    auto created = services.invitations.Create(context.caller(), command);
    if (!created) return ProblemFromError(created.error());
    boost::json::object out = InvitationJson(created->invitation);
    out["token"] = created->token;
    out["link"] = created->link;
    Response response = JsonResponse(201, out);
    response.AddHeader("Cache-Control", "no-store");
    return response;
}

Response ListInvitations(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"limit", "cursor"}))
        return ProblemFromError(Error::Malformed("unknown or malformed query parameter"));
    auto page = ParsePageRequest(QueryParam(context.request, "limit"), QueryParam(context.request, "cursor"));
    if (!page) return ProblemFromError(page.error());
    auto invitations = services.invitations.ListPending(context.caller(), *page);
    if (!invitations) return ProblemFromError(invitations.error());
    boost::json::array items;
    for (const Invitation& invitation : invitations->items) items.push_back(InvitationJson(invitation));
    return JsonResponse(200, boost::json::object{{"invitations", std::move(items)},
                                                 {"next_cursor", NextCursorJson(invitations->next_cursor)}});
}

// Public: the token is the credential. Never logged (the access log has no query string).
Response LookupInvitation(HandlerServices& services, RequestContext& context) {
    if (HasUnknownQueryParams(context.request, {"token"}))
        return ProblemFromError(Error{ErrorCode::kMalformed, "the only query parameter is token", "token"});
    auto preview =
        services.invitations.Lookup(QueryParam(context.request, "token").value_or(""), context.request.client_address);
    if (!preview) return ProblemFromError(preview.error());
    Response response = JsonResponse(200, boost::json::object{{"organization_name", preview->organization_name},
                                                              {"email", preview->email},
                                                              {"role", RoleName(preview->role)},
                                                              {"position", preview->position},
                                                              {"expires_at", FormatInstant(preview->expires_at)}});
    response.AddHeader("Cache-Control", "no-store");
    return response;
}

Response DeleteInvitation(HandlerServices& services, RequestContext& context) {
    if (auto s = services.invitations.Withdraw(context.caller(), context.path_ids.at(0)); !s)
        return ProblemFromError(s.error());
    return NoContent();
}

}  // namespace

std::vector<Route> InvitationRoutes(InvitationService& invitations) {
    auto s = std::make_shared<HandlerServices>(HandlerServices{invitations});
    return {
        Personal({"POST", "/api/v1/invitations", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return CreateInvitation(*s, c); }}),
        Personal({"GET", "/api/v1/invitations", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return ListInvitations(*s, c); }}),
        Personal({"GET", "/api/v1/invitations/lookup", Access::kPublic, WorkPool::kGeneral,
                  [s](RequestContext& c) { return LookupInvitation(*s, c); }}),
        Personal({"DELETE", "/api/v1/invitations/{id}", Access::kManager, WorkPool::kGeneral,
                  [s](RequestContext& c) { return DeleteInvitation(*s, c); }}),
    };
}

}  // namespace shiftsync::http
