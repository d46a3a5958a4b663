// The router and every route table in-process: the real tables (AllRoutes) over the real services
// and the in-memory fakes, called through Router::Handle without a socket. Every check that can be
// stated for all routes is derived from the table itself, so a new route joins them by being added
// to AllRoutes. The Python suite (tests/e2e) stays for the real binary.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "http/router_test_fixture.hpp"

namespace shiftsync::http {
namespace {

using namespace router_test;

TEST_F(RouterTest, TheTableIsTheWholeApi) {
    EXPECT_GE(routes_.size(), 30u);
    std::set<std::string> keys;
    for (const Route& route : routes_) EXPECT_TRUE(keys.insert(KeyOf(route)).second) << "twice: " << KeyOf(route);
    const std::string json = RoutesJson(routes_);
    const auto described = boost::json::parse(json).as_array();
    ASSERT_EQ(described.size(), routes_.size());
    EXPECT_EQ(described[0].as_object().at("method").as_string(), routes_[0].method);
    EXPECT_EQ(described[0].as_object().at("access").as_string(), AccessName(routes_[0].access));
}

// Every route, every kind of caller: the anonymous get 401 on non-public routes, a role below the
// route's access gets 403, and everyone else reaches the handler.
TEST_F(RouterTest, EveryRouteLetsThroughExactlyTheRolesItsAccessNames) {
    const std::map<Caller, Access> level{
        {Caller::kEmployee, Access::kEmployee}, {Caller::kManager, Access::kManager}, {Caller::kOwner, Access::kOwner}};
    for (const Route& route : routes_) {
        for (Caller caller : {Caller::kAnonymous, Caller::kEmployee, Caller::kManager, Caller::kOwner}) {
            SCOPED_TRACE(KeyOf(route) + " as caller " + std::to_string(static_cast<int>(caller)));
            const Response response = CallRoute(route, kMissingId, caller);
            if (route.access == Access::kPublic) {
                EXPECT_TRUE(Reached(route)) << Describe(response);
            } else if (caller == Caller::kAnonymous) {
                EXPECT_EQ(response.status, 401);
                EXPECT_EQ(ProblemType(response), "unauthenticated");
                EXPECT_FALSE(Reached(route));
            } else if (level.at(caller) < route.access) {
                EXPECT_EQ(response.status, 403);
                EXPECT_EQ(ProblemType(response), "forbidden");
                EXPECT_FALSE(Reached(route));
            } else {
                EXPECT_TRUE(Reached(route)) << Describe(response);
            }
        }
    }
}

// Every id route, called by the owner (who may do everything) with the other organisation's id of
// the resource it names: 404, and the other organisation's rows are as they were.
TEST_F(RouterTest, AnotherOrganisationsIdsAreNotFoundOnEveryIdRoute) {
    const std::map<std::string, Id> theirs{{"shifts", other_shift_.id},
                                           {"patterns", other_pattern_},
                                           {"users", other_employee_.id},
                                           {"invitations", other_invitation_},
                                           {"mail", other_message_}};
    // Bodies that pass validation, for routes that validate before they look the id up.
    const std::string pattern_body = R"({"user_id":)" + std::to_string(employee_.id) +
                                     R"(,"start_date":"2026-03-02","end_date":"2026-03-08","days":{}})";
    const std::map<std::string, std::string> bodies{{"PUT /api/v1/patterns/{id}", pattern_body}};
    int checked = 0;
    for (const Route& route : routes_) {
        if (route.pattern.find("{id}") == std::string::npos) continue;
        SCOPED_TRACE(KeyOf(route));
        const auto id = theirs.find(ResourceOf(route.pattern));
        ASSERT_NE(id, theirs.end()) << "a new id route: seed a row of the other organisation for it in this test";
        const auto body = bodies.find(KeyOf(route));
        Response response;
        if (route.body == BodyKind::kAny && IsUnsafe(route.method))
            response = Call(route.method, PathOf(route.pattern, id->second), As(Caller::kOwner),
                            FakePictureProcessor::Png(), "image/png");
        else
            response = CallRoute(route, id->second, Caller::kOwner, body == bodies.end() ? "{}" : body->second);
        EXPECT_EQ(response.status, 404) << Describe(response);
        EXPECT_EQ(ProblemType(response), "not-found");
        ++checked;
    }
    EXPECT_GE(checked, 10);

    // Nothing of theirs changed.
    const auto shift = LoadShift(*memory_, other_org_.id, other_shift_.id);
    ASSERT_TRUE(shift.has_value());
    EXPECT_EQ(shift->user_id, other_employee_.id);
    EXPECT_EQ(shift->start, other_shift_.start);
    const auto employee = LoadUser(*memory_, other_employee_.id);
    ASSERT_TRUE(employee.has_value());
    EXPECT_TRUE(employee->active);
    EXPECT_EQ(employee->name, "Tom");
    EXPECT_FALSE(employee->picture_id.has_value());
    auto uow = memory_->Begin(TransactionMode::kRead);
    EXPECT_TRUE(uow->patterns().FindById(other_org_.id, other_pattern_).has_value());
    EXPECT_EQ(uow->invitations().ListPending(other_org_.id, clock_.Now()).size(), 1u);
}

// Cookie-authenticated changes need X-Requested-With, and a browser's Origin must be ours; safe
// methods and bearer tokens need neither.
TEST_F(RouterTest, CsrfChecksGuardEveryUnsafeRoute) {
    int checked = 0;
    for (const Route& route : routes_) {
        if (!IsUnsafe(route.method)) continue;
        SCOPED_TRACE(KeyOf(route));
        const std::string path = PathOf(route.pattern, kMissingId);
        Response response = Call(route.method, path, {{"origin", "https://evil.example"}}, "{}");
        EXPECT_EQ(response.status, 403);
        EXPECT_EQ(ProblemType(response), "csrf-check-failed");
        EXPECT_FALSE(Reached(route));
        if (route.access == Access::kPublic) continue;
        const std::string cookie = std::string(kSessionCookieName) + "=" + TokenOf(owner_);
        response = Call(route.method, path, {{"cookie", cookie}}, "{}");
        EXPECT_EQ(response.status, 403);
        EXPECT_EQ(ProblemType(response), "csrf-check-failed");
        EXPECT_FALSE(Reached(route));
        response =
            Call(route.method, path,
                 {{"cookie", cookie}, {"origin", "https://evil.example"}, {"x-requested-with", "shiftsync"}}, "{}");
        EXPECT_EQ(ProblemType(response), "csrf-check-failed");
        EXPECT_FALSE(Reached(route));
        response =
            Call(route.method, path, {{"cookie", cookie}, {"origin", kOrigin}, {"x-requested-with", "shiftsync"}},
                 route.body == BodyKind::kAny ? "" : "{}");
        EXPECT_TRUE(Reached(route)) << Describe(response);
        response = Call(route.method, path,
                        {{"authorization", "Bearer " + TokenOf(owner_)}, {"origin", "https://evil.example"}},
                        route.body == BodyKind::kAny ? "" : "{}");
        EXPECT_TRUE(Reached(route)) << "a bearer token is never sent by a browser on its own: " << Describe(response);
        ++checked;
    }
    EXPECT_GE(checked, 15);
    // A safe method with the cookie and no marker is read as usual.
    const Response me =
        Call("GET", "/api/v1/me", {{"cookie", std::string(kSessionCookieName) + "=" + TokenOf(owner_)}});
    EXPECT_EQ(me.status, 200) << Describe(me);
}

// Every path of the table, with each method it lacks: 405, and Allow lists exactly its methods.
TEST_F(RouterTest, MethodsAPathLacksAre405WithAllow) {
    std::map<std::string, std::set<std::string>> methods_of;
    for (const Route& route : routes_) methods_of[route.pattern].insert(route.method);
    for (const auto& [pattern, methods] : methods_of) {
        for (const std::string& method : kMethods) {
            if (methods.count(method)) continue;
            SCOPED_TRACE(method + " " + pattern);
            const Response response = Call(method, PathOf(pattern, kMissingId), As(Caller::kOwner), "{}");
            EXPECT_EQ(response.status, 405);
            EXPECT_EQ(ProblemType(response), "method-not-allowed");
            EXPECT_TRUE(reached_.empty());
            const auto allow = HeaderOf(response, "Allow");
            ASSERT_TRUE(allow.has_value());
            std::set<std::string> allowed;
            std::stringstream list(*allow);
            for (std::string item; std::getline(list, item, ',');)
                allowed.insert(item.substr(item.find_first_not_of(' ')));
            EXPECT_EQ(allowed, methods);
        }
    }
    // HEAD is served by the GET route.
    Call("HEAD", "/healthz");
    EXPECT_EQ(reached_.count("GET /healthz"), 1u);
}

// A body of a type the route does not take is refused before the handler runs.
TEST_F(RouterTest, BodiesOfTheWrongTypeAre415) {
    int checked = 0;
    for (const Route& route : routes_) {
        if (!IsUnsafe(route.method) || route.body == BodyKind::kAny) continue;
        SCOPED_TRACE(KeyOf(route));
        const std::string path = PathOf(route.pattern, kMissingId);
        for (const std::string content_type : {"text/plain", "application/x-www-form-urlencoded", ""}) {
            Headers headers = As(Caller::kOwner);
            if (!content_type.empty()) headers.emplace_back("content-type", content_type);
            const Response response = Call(route.method, path, headers, "{}", "");
            EXPECT_EQ(response.status, 415) << content_type;
            EXPECT_EQ(ProblemType(response), "unsupported-media-type");
            EXPECT_FALSE(Reached(route));
        }
        Call(route.method, path, As(Caller::kOwner), "{}", "Application/JSON; charset=utf-8");
        EXPECT_TRUE(Reached(route));
        Call(route.method, path, As(Caller::kOwner), "--x--\r\n", "multipart/form-data; boundary=x");
        EXPECT_EQ(Reached(route), route.body == BodyKind::kJsonOrForm);
        ++checked;
    }
    EXPECT_GE(checked, 15);
}

// Answers carrying personal data, problems included, are never stored by a cache; others keep their
// own caching (the schedule its ETag and 304).
TEST_F(RouterTest, PersonalRoutesAreNeverCached) {
    std::set<std::string> personal;
    for (const Route& route : routes_) {
        if (route.personal) personal.insert(KeyOf(route));
        for (Caller caller : {Caller::kAnonymous, Caller::kEmployee, Caller::kOwner}) {
            SCOPED_TRACE(KeyOf(route) + " as caller " + std::to_string(static_cast<int>(caller)));
            const Response response = CallRoute(route, kMissingId, caller);
            if (route.personal) {
                EXPECT_EQ(CountHeader(response, "Cache-Control"), 1) << Describe(response);
                EXPECT_EQ(HeaderOf(response, "Cache-Control").value_or(""), "no-store");
            } else {
                EXPECT_NE(HeaderOf(response, "Cache-Control").value_or(""), "no-store") << Describe(response);
            }
        }
    }
    for (const char* key : {"GET /api/v1/me", "GET /api/v1/users", "GET /api/v1/users/{id}", "GET /api/v1/invitations",
                            "GET /api/v1/mail", "PATCH /api/v1/me", "PATCH /api/v1/users/{id}"})
        EXPECT_EQ(personal.count(key), 1u) << key << " carries personal data";
    // A successful personal answer too.
    const Response me = Call("GET", "/api/v1/me", As(Caller::kEmployee));
    EXPECT_EQ(me.status, 200);
    EXPECT_EQ(HeaderOf(me, "Cache-Control").value_or(""), "no-store");

    const Response week = Call("GET", "/api/v1/schedule?week=2026-03-04", As(Caller::kEmployee));
    ASSERT_EQ(week.status, 200) << Describe(week);
    EXPECT_EQ(HeaderOf(week, "Cache-Control").value_or(""), "private, no-cache");
    const auto etag = HeaderOf(week, "ETag");
    ASSERT_TRUE(etag.has_value());
    Headers again = As(Caller::kEmployee);
    again.emplace_back("if-none-match", *etag);
    EXPECT_EQ(Call("GET", "/api/v1/schedule?week=2026-03-04", again).status, 304);
}

// Every problem type docs/API.md's table lists is produced by some request here (or, for the few the
// HTTP server itself gives before a request is whole, by the server tests named below).

}  // namespace
}  // namespace shiftsync::http
