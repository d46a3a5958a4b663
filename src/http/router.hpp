#pragma once
// Routes are data: each resource contributes a table of {method, path pattern, access,
// pool, handler}. The router matches, authenticates, checks the role, CSRF and content
// type once for every route, then calls the handler. Paths no route has and that are outside
// /api/ go to the static files (the web app). Every response leaves with X-Content-Type-Options:
// nosniff.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/auth_service.hpp"
#include "app/principal.hpp"
#include "http/message.hpp"
#include "http/static_files.hpp"

namespace shiftsync::http {

enum class Access { kPublic, kEmployee, kManager, kOwner };

struct RequestContext {
    const Request& request;
    std::optional<Principal> principal;        // set for every non-public route
    std::vector<Id> path_ids;                  // the {id} segments, in order
    std::optional<std::string> session_token;  // the token the caller authenticated with

    // REQUIRES: the route is not public.
    const Principal& caller() const { return *principal; }
};

using Handler = std::function<Response(RequestContext&)>;

// What a route's non-empty body may be; anything else is answered 415 before the handler runs.
enum class BodyKind {
    kJson,        // application/json
    kJsonOrForm,  // application/json or multipart/form-data (a sign-up form with a file input)
    kAny,         // the handler checks the type itself (raw uploads: image/*)
};

struct Route {
    std::string method;   // GET, POST, PUT, PATCH, DELETE (HEAD is served by GET routes)
    std::string pattern;  // "/api/v1/shifts/{id}"
    Access access = Access::kEmployee;
    WorkPool pool = WorkPool::kGeneral;
    Handler handler;
    BodyKind body = BodyKind::kJson;
    // 0: the server's limit (ServerOptions::max_body_bytes). For kJsonOrForm it applies to forms only:
    // a JSON body keeps the server's limit.
    std::size_t max_body_bytes = 0;
    // The answers carry personal data (people, emails, invitations, mail): the router sends every
    // answer of this route, problems included, with Cache-Control: no-store, unless the handler
    // chose a Cache-Control itself. Mark a row with Personal(...).
    bool personal = false;
};

// The route, marked as answering personal data.
inline Route Personal(Route route) {
    route.personal = true;
    return route;
}

// Names for the route table's values, as `shiftsync routes --json` prints them.
std::string_view AccessName(Access access);    // "public", "employee", "manager", "owner"
std::string_view PoolName(WorkPool pool);      // "general", "hashing"
std::string_view BodyKindName(BodyKind kind);  // "json", "json-or-form", "any"
// [{"method", "pattern", "access", "pool", "body", "max_body_bytes", "personal"}, ...] in table order.
std::string RoutesJson(const std::vector<Route>& routes);

struct RouterSettings {
    std::string public_origin;  // scheme://host[:port] that browsers send as Origin
};

class Router : public Application {
public:
    Router(std::vector<Route> routes, AuthService& auth, RouterSettings settings, const StaticFiles* static_files);

    WorkPool PoolFor(const Request& request) const override;
    std::size_t BodyLimitFor(std::string_view method, std::string_view decoded_path,
                             std::string_view content_type) const override;
    Response Handle(const Request& request) override;

private:
    struct Match {
        const Route* route = nullptr;
        std::vector<Id> path_ids;
        bool path_matched = false;  // some route has this path (for 405)
        std::string allowed;        // methods of the routes with this path
    };
    Match Find(std::string_view method, std::string_view path) const;
    Response Dispatch(const Request& request);
    // The checks every route shares (CSRF, session, role, body type), then the handler.
    Response Authorize(const Route& route, const Request& request, std::vector<Id> path_ids);

    std::vector<Route> routes_;
    AuthService& auth_;
    RouterSettings settings_;
    const StaticFiles* static_files_;
};

}  // namespace shiftsync::http
