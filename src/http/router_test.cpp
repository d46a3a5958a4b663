// The router and every route table in-process: the real tables (AllRoutes) over the real services
// and the in-memory fakes, called through Router::Handle without a socket. Every check that can be
// stated for all routes is derived from the table itself, so a new route joins them by being added
// to AllRoutes. The Python suite (tests/e2e) stays for the real binary.
#include "http/router.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/all_routes.hpp"
#include "http/session_cookie.hpp"
#include "testing/fake_picture_processor.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_blob_store.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync::http {
namespace {

constexpr const char* kOrigin = "https://shifts.example.com";
constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kProblemPrefix = "https://shiftsync.dev/problems/";
constexpr Id kMissingId = 999999;  // no row of any kind has it
const std::vector<std::string> kMethods{"GET", "POST", "PUT", "PATCH", "DELETE"};

// The router tests read no email, so every kind renders the same.
class BlankMailTemplates final : public MailTemplates {
public:
    std::string_view Text(EmailKind) const override { return "Subject: notice\n\nbody"; }
    std::string_view Html(EmailKind) const override { return "<p>body</p>"; }
};

// The in-memory database with a switch that makes it unreachable, as a stopped server would be.
class SwitchableDatabase final : public UnitOfWorkFactory {
public:
    explicit SwitchableDatabase(UnitOfWorkFactory& inner) : inner_(inner) {}
    std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override {
        if (down) throw std::runtime_error("database unreachable");
        return inner_.Begin(mode);
    }
    bool Ping() override { return !down && inner_.Ping(); }

    bool down = false;

private:
    UnitOfWorkFactory& inner_;
};

std::string KeyOf(const Route& route) { return route.method + " " + route.pattern; }

bool IsUnsafe(const std::string& method) { return method != "GET" && method != "HEAD"; }

// "/api/v1/users/{id}/picture" with every {id} replaced by `id`.
std::string PathOf(std::string pattern, Id id) {
    for (auto at = pattern.find("{id}"); at != std::string::npos; at = pattern.find("{id}"))
        pattern.replace(at, 4, std::to_string(id));
    return pattern;
}

// The resource an id route is about: "/api/v1/mail/{id}/retry" -> "mail".
std::string ResourceOf(const std::string& pattern) {
    const std::string prefix = "/api/v1/";
    const std::string rest = pattern.substr(prefix.size());
    return rest.substr(0, rest.find('/'));
}

std::optional<std::string> HeaderOf(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return std::nullopt;
}

int CountHeader(const Response& response, std::string_view name) {
    int count = 0;
    for (const auto& [key, value] : response.headers) count += key == name;
    return count;
}

// The problem's type slug ("not-found"), or "" when the answer is not a problem.
std::string ProblemType(const Response& response) {
    if (response.content_type != "application/problem+json") return "";
    const auto type = boost::json::parse(response.body).as_object().at("type").as_string();
    const std::string text(type.data(), type.size());
    return text.rfind(kProblemPrefix, 0) == 0 ? text.substr(std::string(kProblemPrefix).size()) : text;
}

std::string Describe(const Response& response) { return std::to_string(response.status) + " " + response.body; }

// The type slugs of docs/API.md's problem table ("`service-busy` / `not-ready`" gives two).
std::vector<std::string> DocumentedProblemTypes() {
    std::ifstream file(SHIFTSYNC_API_MD);
    if (!file) throw std::runtime_error(std::string("cannot read ") + SHIFTSYNC_API_MD);
    std::vector<std::string> types;
    bool in_table = false;
    for (std::string line; std::getline(file, line);) {
        if (line.rfind("| status | type slug |", 0) == 0) {
            in_table = true;
            continue;
        }
        if (!in_table) continue;
        if (line.rfind("|", 0) != 0) break;
        const auto cells_start = line.find('|', 1);
        const auto cells_end = line.find('|', cells_start + 1);
        const std::string cell = line.substr(cells_start + 1, cells_end - cells_start - 1);
        for (auto open = cell.find('`'); open != std::string::npos; open = cell.find('`', open + 1)) {
            const auto close = cell.find('`', open + 1);
            types.push_back(cell.substr(open + 1, close - open - 1));
            open = close;
        }
    }
    return types;
}

class RouterTest : public testing::Test {
protected:
    enum class Caller { kAnonymous, kEmployee, kManager, kOwner };
    using Headers = std::vector<std::pair<std::string, std::string>>;

    RouterTest() {
        org_ = SeedOrganization(*memory_, Organization{.name = "Bakery", .time_zone = "UTC"});
        owner_ = Seed(org_.id, "Olga", "olga@example.com", Role::kOwner);
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        employee_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);

        // Another organisation with one row of every kind an id route names.
        other_org_ = SeedOrganization(*memory_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
        other_owner_ = Seed(other_org_.id, "Sam", "sam@example.com", Role::kOwner);
        other_employee_ = Seed(other_org_.id, "Tom", "tom@example.com", Role::kEmployee);
        other_shift_ = SeedShift(*memory_, Shift{.organization_id = other_org_.id,
                                                 .user_id = other_employee_.id,
                                                 .start = UtcAt(2026, 3, 10, 8),
                                                 .end = UtcAt(2026, 3, 10, 16)});
        WeeklyPattern pattern;
        pattern.organization_id = other_org_.id;
        pattern.user_id = other_employee_.id;
        pattern.start_date = Day(2026, 3, 2);
        pattern.end_date = Day(2026, 3, 8);
        pattern.days[0] = DayTimes{LocalTime{8 * 60}, LocalTime{16 * 60}};
        {
            auto uow = memory_->Begin(TransactionMode::kWrite);
            other_pattern_ = uow->patterns().Create(pattern);
            uow->Commit();
        }
        // An invitation queues its email, so this gives the other organisation an outbox message too.
        InvitationCommand invitation;
        invitation.email = "new@example.com";
        auto invited = app_.invitations.Create(PrincipalFor(other_owner_), invitation);
        if (!invited) throw std::logic_error(invited.error().detail);
        other_invitation_ = invited->invitation.id;
        auto messages = app_.mail.List(PrincipalFor(other_owner_));
        if (!messages || messages->items.empty()) throw std::logic_error("the invitation queued no email");
        other_message_ = messages->items.front().id;
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role) {
        return SeedUser(*memory_, User{.organization_id = organization_id,
                                       .name = name,
                                       .email = email,
                                       .password_hash = hasher_.Hash(kPassword),
                                       .role = role});
    }

    // The table with every handler wrapped so a test can tell whether the router let a request through.
    std::vector<Route> Instrumented(std::vector<Route> routes) {
        for (Route& route : routes)
            route.handler = [this, key = KeyOf(route), inner = route.handler](RequestContext& context) {
                reached_.insert(key);
                return inner(context);
            };
        return routes;
    }

    // A fresh session (a test that signs out must not spoil the next request).
    std::string TokenOf(const User& user) {
        auto grant = app_.auth.Login(user.email, kPassword, "192.0.2.1");
        if (!grant) throw std::logic_error("login failed: " + grant.error().detail);
        return grant->token;
    }

    Headers As(Caller caller) {
        switch (caller) {
            case Caller::kAnonymous: return {};
            case Caller::kEmployee: return {{"authorization", "Bearer " + TokenOf(employee_)}};
            case Caller::kManager: return {{"authorization", "Bearer " + TokenOf(manager_)}};
            case Caller::kOwner: return {{"authorization", "Bearer " + TokenOf(owner_)}};
        }
        return {};
    }

    Response Call(const std::string& method, const std::string& target, Headers headers = {}, std::string body = "",
                  const std::string& content_type = "application/json") {
        Request request;
        request.method = method;
        request.target = target;
        const auto question = target.find('?');
        request.path = target.substr(0, question);
        request.query = question == std::string::npos ? "" : target.substr(question + 1);
        if (!body.empty() && !content_type.empty()) headers.emplace_back("content-type", content_type);
        request.headers = std::move(headers);
        request.body = std::move(body);
        request.client_address = "192.0.2.1";
        request.request_id = "router-test";
        reached_.clear();
        return router_.Handle(request);
    }

    // A route called with a body its kind accepts ("{}" for JSON, unless given), as `caller`.
    Response CallRoute(const Route& route, Id id, Caller caller, std::string body = "{}") {
        if (!IsUnsafe(route.method)) body.clear();
        return Call(route.method, PathOf(route.pattern, id), As(caller), body);
    }

    bool Reached(const Route& route) const { return reached_.count(KeyOf(route)) > 0; }

    // Registration of new organisations is off, so that registration-closed can be produced.
    static ServiceSettings Settings() {
        ServiceSettings settings;
        settings.public_url = kOrigin;
        settings.allow_new_organizations = false;
        return settings;
    }

    // The database and the fakes behind the real services, wired as main.cpp wires the real adapters.
    std::unique_ptr<UnitOfWorkFactory> memory_ = MakeInMemoryDatabase();
    SwitchableDatabase db_{*memory_};
    FakeClock clock_;
    FakePasswordHasher hasher_;
    FakeCommonPasswords common_;
    FakeSessionTokens tokens_;
    SequenceRandom random_;
    FakeDigest digest_;
    FakeTimeZones zones_;
    BlankMailTemplates templates_;
    InMemoryBlobStore blobs_;
    FakePictureProcessor processor_;
    Services app_{
        ServicePorts{db_, hasher_, common_, tokens_, clock_, random_, digest_, zones_, templates_, blobs_, processor_},
        Settings()};
    ScheduleCache schedule_cache_;
    RouteServices services_{app_, schedule_cache_, SessionCookieSettings{std::chrono::hours{24}, false}};
    const std::vector<Route> routes_ = AllRoutes(services_);  // the table under test
    Router router_{Instrumented(routes_), app_.auth, RouterSettings{kOrigin}, nullptr};
    std::set<std::string> reached_;  // the routes whose handler ran during the last Call

    Organization org_, other_org_;
    User owner_, manager_, employee_, other_owner_, other_employee_;
    Shift other_shift_;
    Id other_pattern_ = 0, other_invitation_ = 0, other_message_ = 0;
};

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
TEST_F(RouterTest, EveryDocumentedProblemTypeIsProduced) {
    std::set<std::string> produced;
    std::vector<std::string> log;
    const auto expect = [&](const std::string& what, const Response& response, int status, const std::string& type) {
        EXPECT_EQ(response.status, status) << what << ": " << Describe(response);
        EXPECT_EQ(ProblemType(response), type) << what;
        if (response.status == status && ProblemType(response) == type) produced.insert(type);
    };
    const Headers owner = As(Caller::kOwner);
    const std::string employee_id = std::to_string(employee_.id);
    expect("a body that is not JSON", Call("POST", "/api/v1/shifts", owner, "{not json"), 400, "malformed-request");
    expect("an unknown query parameter", Call("GET", "/api/v1/patterns?colour=red", owner), 400, "malformed-request");
    expect("no session", Call("GET", "/api/v1/me"), 401, "unauthenticated");
    expect("a forged token", Call("GET", "/api/v1/me", {{"authorization", "Bearer fake-session.1.1.1.x.1.1.0"}}), 401,
           "unauthenticated");
    expect("a wrong password",
           Call("POST", "/api/v1/auth/login", {}, R"({"email":"max@example.com","password":"wrong password!"})"), 401,
           "invalid-credentials");
    expect("an employee creating a shift", Call("POST", "/api/v1/shifts", As(Caller::kEmployee), "{}"), 403,
           "forbidden");
    expect("a cookie without the CSRF header",
           Call("POST", "/api/v1/shifts", {{"cookie", std::string(kSessionCookieName) + "=" + TokenOf(owner_)}}, "{}"),
           403, "csrf-check-failed");
    expect("registering an organisation",
           Call("POST", "/api/v1/auth/register", {},
                R"({"name":"New","email":"new-owner@example.com","password":"a long enough password",)"
                R"("organization":{"name":"New Inc","time_zone":"UTC"}})"),
           403, "registration-closed");
    expect("no such route", Call("GET", "/api/v1/nothing-here", owner), 404, "not-found");
    expect("no such shift", Call("GET", "/api/v1/shifts/" + std::to_string(kMissingId), owner), 404, "not-found");
    expect("a method the path lacks", Call("DELETE", "/api/v1/organization", owner), 405, "method-not-allowed");
    const std::string shift =
        R"({"user_id":)" + employee_id + R"(,"start":"2026-04-01T08:00:00Z","end":"2026-04-01T16:00:00Z"})";
    ASSERT_EQ(Call("POST", "/api/v1/shifts", owner, shift).status, 201);
    expect("an overlapping shift", Call("POST", "/api/v1/shifts", owner, shift), 409, "shift-overlap");
    expect("inviting a registered email",
           Call("POST", "/api/v1/invitations", owner, R"({"email":"emma@example.com","role":"employee"})"), 409,
           "email-taken");
    expect("the last owner leaving",
           Call("DELETE", "/api/v1/me", owner, std::string(R"({"current_password":")") + kPassword + "\"}"), 409,
           "conflict");
    expect("registering with an unknown invitation",
           Call("POST", "/api/v1/auth/register", {},
                R"({"name":"Ivan","email":"ivan@example.com","password":"a long enough password",)"
                R"("invitation":"no-such-invitation"})"),
           410, "invitation-gone");
    expect("a picture over 10 MB",
           Call("PUT", "/api/v1/me/picture", owner, FakePictureProcessor::Png(std::string(kMaxPictureBytes, 'x')),
                "image/png"),
           413, "payload-too-large");
    expect("a body of another type", Call("POST", "/api/v1/shifts", owner, "{}", "text/plain"), 415,
           "unsupported-media-type");
    expect("a shift without times", Call("POST", "/api/v1/shifts", owner, "{}"), 422, "invalid-input");
    expect("a picture that is not the declared kind",
           Call("PUT", "/api/v1/me/picture", owner, FakePictureProcessor::Jpeg(), "image/png"), 422, "invalid-picture");
    {
        // A link that has expired: only its hash is stored, so the token is made here.
        auto uow = db_.Begin(TransactionMode::kWrite);
        PasswordReset expired;
        expired.organization_id = org_.id;
        expired.user_id = employee_.id;
        expired.token_hash = digest_.Sha256Hex("an-expired-reset-token");
        expired.created_at = clock_.Now() - std::chrono::hours{2};
        expired.expires_at = clock_.Now() - std::chrono::hours{1};
        uow->password_resets().Create(expired);
        uow->Commit();
    }
    expect("an expired reset link",
           Call("POST", "/api/v1/auth/password-reset/confirm", {},
                R"({"token":"an-expired-reset-token","password":"a brand new passphrase"})"),
           410, "reset-link-gone");
    Response throttled;
    for (int attempt = 0; attempt < 10 && throttled.status != 429; ++attempt)
        throttled = Call("POST", "/api/v1/auth/login", {}, R"({"email":"emma@example.com","password":"guess guess"})");
    expect("guessing a password", throttled, 429, "too-many-requests");
    EXPECT_TRUE(HeaderOf(throttled, "Retry-After").has_value());
    blobs_.FailNextCalls(10);
    expect("the picture store unreachable",
           Call("PUT", "/api/v1/me/picture", owner, FakePictureProcessor::Png(), "image/png"), 503, "service-busy");
    db_.down = true;
    expect("the database unreachable, readiness", Call("GET", "/readyz"), 503, "not-ready");
    expect("the database unreachable, a request", Call("GET", "/api/v1/me", owner), 500, "internal-error");
    db_.down = false;

    // Given by the HTTP server (src/http/server) before the router sees a request:
    // http.HttpServerTest.RefusesHugeHeadersWith431 and the other server_limits_test.cpp cases.
    const std::set<std::string> server_only{"header-too-large"};
    const std::vector<std::string> documented = DocumentedProblemTypes();
    EXPECT_GE(documented.size(), 18u) << "the problem table in docs/API.md was not found or not understood";
    for (const std::string& type : documented)
        EXPECT_TRUE(produced.count(type) || server_only.count(type))
            << "docs/API.md lists " << type << " but no request here produces it";
    for (const std::string& type : produced)
        EXPECT_NE(std::find(documented.begin(), documented.end(), type), documented.end())
            << type << " is produced but not in docs/API.md's problem table";
}

}  // namespace
}  // namespace shiftsync::http
