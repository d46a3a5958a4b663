// Every problem type docs/API.md lists is produced by some request through the real router and
// route tables (router_test_fixture.hpp), so the table cannot name a type the server never sends.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "http/router_test_fixture.hpp"

namespace shiftsync::http {
namespace {

using namespace router_test;

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
