// StaticFiles behind the real server, so that hostile targets go through the server's own decoding.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "http/problem.hpp"
#include "http/server/request_parts.hpp"
#include "http/server/server_test_support.hpp"
#include "http/static_files.hpp"

namespace shiftsync::http {
namespace {

using namespace server_test;

class StaticApplication : public Application {
public:
    explicit StaticApplication(std::filesystem::path root) : files_(std::move(root)) {}
    WorkPool PoolFor(const Request&) const override { return WorkPool::kGeneral; }
    std::size_t BodyLimitFor(std::string_view, std::string_view, std::string_view) const override { return 0; }
    Response Handle(const Request& request) override {
        if (auto response = files_.Serve(request)) return *response;
        return Problem(404, "not-found", "Not Found", "");
    }

private:
    StaticFiles files_;
};

TEST_F(HttpServerTest, StaticFilesRefuseTraversalThroughTheServer) {
    const auto base = std::filesystem::temp_directory_path() / ("shiftsync_static_e2e_" + GenerateRequestId());
    std::filesystem::create_directories(base / "root" / "assets");
    std::ofstream(base / "secret.txt") << "secret";
    std::ofstream(base / "root" / "index.html") << "<html>app</html>";
    std::ofstream(base / "root" / "assets" / "app.js") << "console.log(1)";
    StaticApplication app(base / "root");
    StartServer(TestOptions(), &app);
    Client client(port_);

    for (const std::string target : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
                                     "/assets%2fapp.js", "/..%5csecret.txt", "/%2E%2E/%2E%2E/secret.txt"}) {
        const auto response = client.Get(target);
        EXPECT_EQ(response.result_int(), 404) << target;
        EXPECT_EQ(response.body().find("secret"), std::string::npos) << target;
    }
    const auto script = client.Get("/assets/app.js");
    EXPECT_EQ(script.result_int(), 200);
    EXPECT_EQ(script[beast_http::field::content_type], "text/javascript; charset=utf-8");
    const auto route = client.Get("/schedule/week");
    EXPECT_EQ(route.result_int(), 200);
    EXPECT_EQ(route.body(), "<html>app</html>");

    client.Send("HEAD /assets/app.js HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto head = client.Read(/*head=*/true);
    ASSERT_TRUE(head);
    EXPECT_EQ((*head)[beast_http::field::content_length], "14");

    StopServer();  // before `app` goes out of scope
    std::error_code ignored;
    std::filesystem::remove_all(base, ignored);
}

TEST_F(HttpServerTest, StaticFilesNegotiatePrecompressedFilesThroughTheServer) {
    const auto base = std::filesystem::temp_directory_path() / ("shiftsync_static_br_" + GenerateRequestId());
    std::filesystem::create_directories(base / "root" / "assets");
    std::ofstream(base / "root" / "index.html") << "<html>app</html>";
    std::ofstream(base / "root" / "assets" / "app.js") << "console.log(1)";
    std::ofstream(base / "root" / "assets" / "app.js.br") << "brotli bytes";
    std::ofstream(base / "root" / "assets" / "app.js.gz") << "gzip bytes!";
    StaticApplication app(base / "root");
    StartServer(TestOptions(), &app);
    Client client(port_);

    const auto br = client.Get("/assets/app.js", {{"Accept-Encoding", "gzip, deflate, br, zstd"}});
    EXPECT_EQ(br.result_int(), 200);
    EXPECT_EQ(br.body(), "brotli bytes");
    EXPECT_EQ(br[beast_http::field::content_encoding], "br");
    EXPECT_EQ(br[beast_http::field::content_type], "text/javascript; charset=utf-8");
    EXPECT_EQ(br[beast_http::field::content_length], "12");
    EXPECT_EQ(br[beast_http::field::vary], "Accept-Encoding");
    EXPECT_EQ(br[beast_http::field::cache_control], "public, max-age=31536000, immutable");

    const auto gzip = client.Get("/assets/app.js", {{"Accept-Encoding", "br;q=0, gzip"}});
    EXPECT_EQ(gzip.body(), "gzip bytes!");
    EXPECT_EQ(gzip[beast_http::field::content_encoding], "gzip");
    EXPECT_NE(gzip[beast_http::field::etag], br[beast_http::field::etag]);

    const auto revalidated = client.Get(
        "/assets/app.js", {{"Accept-Encoding", "br"}, {"If-None-Match", std::string(br[beast_http::field::etag])}});
    EXPECT_EQ(revalidated.result_int(), 304);
    EXPECT_EQ(revalidated[beast_http::field::vary], "Accept-Encoding");

    for (const std::string target : {"/assets/app.js.br", "/assets/app.js.gz"}) {
        const auto response = client.Get(target, {{"Accept-Encoding", "br, gzip"}});
        EXPECT_EQ(response.result_int(), 404) << target;
    }

    const auto page = client.Get("/register?invitation=x");
    EXPECT_EQ(page.result_int(), 200);
    EXPECT_EQ(page.body(), "<html>app</html>");
    EXPECT_EQ(page[beast_http::field::cache_control], "no-cache");
    EXPECT_NE(page["Content-Security-Policy"].find("script-src 'self'"), std::string::npos);
    EXPECT_EQ(page["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(page["X-Frame-Options"], "DENY");
    EXPECT_EQ(page["Referrer-Policy"], "same-origin");
    EXPECT_FALSE(page["Permissions-Policy"].empty());

    StopServer();  // before `app` goes out of scope
    std::error_code ignored;
    std::filesystem::remove_all(base, ignored);
}

}  // namespace
}  // namespace shiftsync::http
