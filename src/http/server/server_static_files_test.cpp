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

}  // namespace
}  // namespace shiftsync::http
