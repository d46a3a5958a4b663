#include "http/router.hpp"

#include <cctype>
#include <charconv>

#include <spdlog/spdlog.h>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "http/error_mapping.hpp"
#include "http/session_cookie.hpp"

namespace shiftsync::http {
namespace {

bool IsUnsafe(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

std::optional<Id> ParseId(std::string_view segment) {
    Id id = 0;
    auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), id);
    if (ec != std::errc{} || end != segment.data() + segment.size() || id <= 0) return std::nullopt;
    return id;
}

// Matches "/a/{id}/b" against a path; fills ids. A non-numeric id segment does not match.
bool MatchPattern(std::string_view pattern, std::string_view path, std::vector<Id>& ids) {
    ids.clear();
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        const auto pattern_end = pattern.find('/');
        const auto path_end = path.find('/');
        const std::string_view want = pattern.substr(0, pattern_end);
        const std::string_view got = path.substr(0, path_end);
        if (want == "{id}") {
            auto id = ParseId(got);
            if (!id) return false;
            ids.push_back(*id);
        } else if (want != got) {
            return false;
        }
        pattern = pattern_end == std::string_view::npos ? std::string_view{} : pattern.substr(pattern_end);
        path = path_end == std::string_view::npos ? std::string_view{} : path.substr(path_end);
    }
    return true;
}

// Whether a Content-Type header value names `media_type` (lower-case), ignoring parameters and case.
bool IsMediaType(std::string_view value, std::string_view media_type) {
    const auto semicolon = value.find(';');
    std::string_view type = value.substr(0, semicolon);
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
    if (type.size() != media_type.size()) return false;
    for (std::size_t i = 0; i < type.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(type[i])) != media_type[i]) return false;
    return true;
}

bool BodyTypeAccepted(BodyKind kind, std::string_view content_type) {
    switch (kind) {
        case BodyKind::kJson: return IsMediaType(content_type, "application/json");
        case BodyKind::kJsonOrForm:
            return IsMediaType(content_type, "application/json") || IsMediaType(content_type, "multipart/form-data");
        case BodyKind::kAny: return true;
    }
    return false;
}

bool HasHeader(const Response& response, std::string_view lower_name) {
    for (const auto& [name, value] : response.headers) {
        if (name.size() != lower_name.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < name.size() && same; ++i)
            same = std::tolower(static_cast<unsigned char>(name[i])) == lower_name[i];
        if (same) return true;
    }
    return false;
}

Access AccessOf(Role role) {
    switch (role) {
        case Role::kOwner: return Access::kOwner;
        case Role::kManager: return Access::kManager;
        case Role::kEmployee: return Access::kEmployee;
    }
    return Access::kEmployee;
}

}  // namespace

std::string_view AccessName(Access access) {
    switch (access) {
        case Access::kPublic: return "public";
        case Access::kEmployee: return "employee";
        case Access::kManager: return "manager";
        case Access::kOwner: return "owner";
    }
    return "unknown";
}

std::string_view PoolName(WorkPool pool) {
    switch (pool) {
        case WorkPool::kGeneral: return "general";
        case WorkPool::kHashing: return "hashing";
    }
    return "unknown";
}

std::string_view BodyKindName(BodyKind kind) {
    switch (kind) {
        case BodyKind::kJson: return "json";
        case BodyKind::kJsonOrForm: return "json-or-form";
        case BodyKind::kAny: return "any";
    }
    return "unknown";
}

std::string RoutesJson(const std::vector<Route>& routes) {
    boost::json::array out;
    for (const Route& route : routes)
        out.push_back(boost::json::object{{"method", route.method},
                                          {"pattern", route.pattern},
                                          {"access", AccessName(route.access)},
                                          {"pool", PoolName(route.pool)},
                                          {"body", BodyKindName(route.body)},
                                          {"max_body_bytes", route.max_body_bytes},
                                          {"personal", route.personal}});
    return boost::json::serialize(out);
}

Router::Router(std::vector<Route> routes, AuthService& auth, RouterSettings settings, const StaticFiles* static_files)
    : routes_(std::move(routes)), auth_(auth), settings_(std::move(settings)), static_files_(static_files) {}

Router::Match Router::Find(std::string_view request_method, std::string_view path) const {
    Match match;
    const std::string_view method = request_method == "HEAD" ? std::string_view("GET") : request_method;
    std::vector<Id> ids;
    for (const Route& route : routes_) {
        if (!MatchPattern(route.pattern, path, ids)) continue;
        match.path_matched = true;
        if (match.allowed.find(route.method) == std::string::npos)
            match.allowed += (match.allowed.empty() ? "" : ", ") + route.method;
        if (route.method == method && match.route == nullptr) {
            match.route = &route;
            match.path_ids = ids;
        }
    }
    return match;
}

WorkPool Router::PoolFor(const Request& request) const {
    const Match match = Find(request.method, request.path);
    return match.route ? match.route->pool : WorkPool::kGeneral;
}

std::size_t Router::BodyLimitFor(std::string_view method, std::string_view decoded_path,
                                 std::string_view content_type) const {
    const Match match = Find(method, decoded_path);
    if (match.route == nullptr) return 0;
    if (match.route->body == BodyKind::kJsonOrForm && !IsMediaType(content_type, "multipart/form-data")) return 0;
    return match.route->max_body_bytes;
}

Response Router::Handle(const Request& request) {
    Response response;
    try {
        response = Dispatch(request);
    } catch (const std::exception& e) {
        // Infrastructure failure: one log line with the request id; the caller sees nothing internal.
        // Serialised, not pasted: a path or message with quotes must not break the JSON line.
        spdlog::error("{}", boost::json::serialize(boost::json::object{{"msg", "request failed"},
                                                                       {"request_id", request.request_id},
                                                                       {"path", request.path},
                                                                       {"error", e.what()}}));
        response = ProblemFromFailure(HttpFailure::kInternalError,
                                      "something went wrong on our side; quote request id " + request.request_id);
    }
    // Every answer declares its type; a browser must never sniff a JSON body into HTML or script.
    if (!HasHeader(response, "x-content-type-options")) response.AddHeader("X-Content-Type-Options", "nosniff");
    return response;
}

Response Router::Dispatch(const Request& request) {
    Match match = Find(request.method, request.path);
    if (match.route == nullptr) {
        if (match.path_matched) {
            Response response =
                ProblemFromFailure(HttpFailure::kMethodNotAllowed, request.method + " is not supported here");
            response.AddHeader("Allow", match.allowed);
            return response;
        }
        const bool api = request.path.rfind("/api/", 0) == 0;
        if (!api && static_files_ != nullptr)
            if (auto file = static_files_->Serve(request)) return *file;
        return ProblemFromError(Error::NotFound("no such resource"));
    }
    const Route& route = *match.route;
    Response response = Authorize(route, request, std::move(match.path_ids));
    // Personal data must not stay in a browser's or a proxy's cache, nor must the problems about it.
    if (route.personal && !HasHeader(response, "cache-control")) response.AddHeader("Cache-Control", "no-store");
    return response;
}

Response Router::Authorize(const Route& route, const Request& request, std::vector<Id> path_ids) {
    RequestContext context{request, std::nullopt, std::move(path_ids), std::nullopt};

    const bool unsafe = IsUnsafe(request.method);
    // Bearer tokens are never added by a browser on its own, so only cookie-authenticated and
    // anonymous writes (sign-in, registration) can be forged cross-site.
    auto token = route.access != Access::kPublic ? ReadBearerToken(request) : std::nullopt;
    const bool browser_credentials = !token.has_value();
    if (unsafe && browser_credentials) {
        // A browser always sends Origin on cross-site writes; it must be ours.
        if (auto origin = request.Header("origin"); origin && *origin != settings_.public_origin)
            return ProblemFromFailure(HttpFailure::kCsrfCheckFailed,
                                      "requests must come from " + settings_.public_origin);
    }
    if (route.access != Access::kPublic) {
        if (!token) token = ReadSessionCookie(request);
        if (!token) return ProblemFromError(Error::Unauthenticated("sign in first"));
        if (browser_credentials && unsafe) {
            auto marker = request.Header("x-requested-with");
            if (!marker || marker->empty())
                return ProblemFromFailure(HttpFailure::kCsrfCheckFailed,
                                          "cookie-authenticated changes need the X-Requested-With header");
        }
        auto principal = auth_.Authenticate(*token);
        if (!principal) return ProblemFromError(principal.error());
        if (AccessOf(principal->role) < route.access)
            return ProblemFromError(Error::Forbidden("your role may not do this"));
        context.principal = std::move(*principal);
        context.session_token = std::move(token);
    }
    if (unsafe && !request.body.empty() && route.body != BodyKind::kAny) {
        auto content_type = request.Header("content-type");
        if (!content_type || !BodyTypeAccepted(route.body, *content_type))
            return ProblemFromError(Error{ErrorCode::kUnsupportedMediaType,
                                          route.body == BodyKind::kJson
                                              ? "send the body as application/json"
                                              : "send the body as application/json or multipart/form-data"});
    }
    return route.handler(context);
}

}  // namespace shiftsync::http
