#pragma once
// The router tests' fixture: the real route tables (AllRoutes) over the real services and the
// in-memory fakes, two organisations seeded, and helpers to call Router::Handle without a socket
// as each kind of caller. Used by router_test.cpp and router_problems_test.cpp. Test-only.
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

namespace shiftsync::http::router_test {

inline constexpr const char* kOrigin = "https://shifts.example.com";
inline constexpr const char* kPassword = "correct horse battery staple";
inline constexpr const char* kProblemPrefix = "https://shiftsync.dev/problems/";
inline constexpr Id kMissingId = 999999;  // no row of any kind has it
inline const std::vector<std::string> kMethods{"GET", "POST", "PUT", "PATCH", "DELETE"};

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

inline std::string KeyOf(const Route& route) { return route.method + " " + route.pattern; }

inline bool IsUnsafe(const std::string& method) { return method != "GET" && method != "HEAD"; }

// "/api/v1/users/{id}/picture" with every {id} replaced by `id`.
inline std::string PathOf(std::string pattern, Id id) {
    for (auto at = pattern.find("{id}"); at != std::string::npos; at = pattern.find("{id}"))
        pattern.replace(at, 4, std::to_string(id));
    return pattern;
}

// The resource an id route is about: "/api/v1/mail/{id}/retry" -> "mail".
inline std::string ResourceOf(const std::string& pattern) {
    const std::string prefix = "/api/v1/";
    const std::string rest = pattern.substr(prefix.size());
    return rest.substr(0, rest.find('/'));
}

inline std::optional<std::string> HeaderOf(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return std::nullopt;
}

inline int CountHeader(const Response& response, std::string_view name) {
    int count = 0;
    for (const auto& [key, value] : response.headers) count += key == name;
    return count;
}

// The problem's type slug ("not-found"), or "" when the answer is not a problem.
inline std::string ProblemType(const Response& response) {
    if (response.content_type != "application/problem+json") return "";
    const auto type = boost::json::parse(response.body).as_object().at("type").as_string();
    const std::string text(type.data(), type.size());
    return text.rfind(kProblemPrefix, 0) == 0 ? text.substr(std::string(kProblemPrefix).size()) : text;
}

inline std::string Describe(const Response& response) { return std::to_string(response.status) + " " + response.body; }

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

}  // namespace shiftsync::http::router_test
