#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "http/server/request_parts.hpp"

namespace shiftsync::http {
namespace {

namespace fs = std::filesystem;

// The request as the server would build it from a raw target.
Request MakeRequest(const std::string& target, const std::string& method = "GET") {
    Request request;
    request.method = method;
    request.target = target;
    const auto parts = SplitTarget(target);
    const auto path = parts ? DecodePath(parts->path) : std::nullopt;
    if (!path) throw std::invalid_argument("the server would refuse " + target);
    request.path = *path;
    request.query = std::string(parts->query);
    return request;
}

std::string HeaderOf(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers)
        if (key == name) return value;
    return {};
}

void WriteFile(const fs::path& file, const std::string& content) {
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << content;
}

class StaticFilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        base_ = fs::temp_directory_path() / ("shiftsync_static_" + GenerateRequestId());
        root_ = base_ / "dist";
        WriteFile(base_ / "secret.txt", "outside the root");
        WriteFile(base_ / "outside" / "secret.txt", "outside the root");
        WriteFile(root_ / "index.html", "<html>app</html>");
        WriteFile(root_ / "assets" / "app.3f9a.js", "console.log(1)");
        WriteFile(root_ / "assets" / "style.css", "body{}");
        WriteFile(root_ / ".env", "TOKEN=1");
        for (const char* name : {"a.mjs", "a.json", "a.svg", "a.png", "a.jpg", "a.webp", "favicon.ico", "a.woff2",
                                 "robots.txt", "a.js.map", "site.webmanifest", "a.bin", "UPPER.PNG"}) {
            WriteFile(root_ / name, "x");
        }
        fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");
        fs::create_directory_symlink(base_ / "outside", root_ / "linked");
    }

    void TearDown() override {
        std::error_code ignored;
        fs::remove_all(base_, ignored);
    }

    fs::path base_;
    fs::path root_;
};

TEST_F(StaticFilesTest, ServesAFileWithItsContentType) {
    const StaticFiles files(root_);
    const auto response = files.Serve(MakeRequest("/assets/app.3f9a.js"));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "console.log(1)");
    EXPECT_EQ(response->content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(HeaderOf(*response, "X-Content-Type-Options"), "nosniff");
}

TEST_F(StaticFilesTest, ChoosesContentTypeByExtension) {
    const StaticFiles files(root_);
    const std::pair<const char*, const char*> expected[] = {
        {"/index.html", "text/html; charset=utf-8"},
        {"/assets/style.css", "text/css; charset=utf-8"},
        {"/a.mjs", "text/javascript; charset=utf-8"},
        {"/a.json", "application/json"},
        {"/a.svg", "image/svg+xml"},
        {"/a.png", "image/png"},
        {"/UPPER.PNG", "image/png"},
        {"/a.jpg", "image/jpeg"},
        {"/a.webp", "image/webp"},
        {"/favicon.ico", "image/x-icon"},
        {"/a.woff2", "font/woff2"},
        {"/robots.txt", "text/plain; charset=utf-8"},
        {"/a.js.map", "application/json"},
        {"/site.webmanifest", "application/manifest+json"},
        {"/a.bin", "application/octet-stream"},
    };
    for (const auto& [target, type] : expected) {
        const auto response = files.Serve(MakeRequest(target));
        ASSERT_TRUE(response) << target;
        EXPECT_EQ(response->content_type, type) << target;
    }
}

TEST_F(StaticFilesTest, CachesHashedAssetsForeverAndRevalidatesTheRest) {
    const StaticFiles files(root_);
    EXPECT_EQ(HeaderOf(*files.Serve(MakeRequest("/assets/app.3f9a.js")), "Cache-Control"),
              "public, max-age=31536000, immutable");
    EXPECT_EQ(HeaderOf(*files.Serve(MakeRequest("/index.html")), "Cache-Control"), "no-cache");
    EXPECT_EQ(HeaderOf(*files.Serve(MakeRequest("/")), "Cache-Control"), "no-cache");
    EXPECT_EQ(HeaderOf(*files.Serve(MakeRequest("/schedule")), "Cache-Control"), "no-cache");
    EXPECT_EQ(HeaderOf(*files.Serve(MakeRequest("/favicon.ico")), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, AnswersAMatchingIfNoneMatchWith304) {
    const StaticFiles files(root_);
    const auto first = files.Serve(MakeRequest("/assets/app.3f9a.js"));
    ASSERT_TRUE(first);
    const std::string etag = HeaderOf(*first, "ETag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(etag.front(), '"');

    for (const std::string& condition : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
        auto request = MakeRequest("/assets/app.3f9a.js");
        request.headers.emplace_back("if-none-match", condition);
        const auto response = files.Serve(request);
        ASSERT_TRUE(response) << condition;
        EXPECT_EQ(response->status, 304) << condition;
        EXPECT_TRUE(response->body.empty());
        EXPECT_TRUE(response->content_type.empty());
        EXPECT_EQ(HeaderOf(*response, "ETag"), etag);
    }
    auto stale = MakeRequest("/assets/app.3f9a.js");
    stale.headers.emplace_back("if-none-match", "\"1-1\"");
    EXPECT_EQ(files.Serve(stale)->status, 200);

    // A changed file gets a new tag.
    WriteFile(root_ / "assets" / "app.3f9a.js", "console.log(12345)");
    EXPECT_NE(HeaderOf(*files.Serve(MakeRequest("/assets/app.3f9a.js")), "ETag"), etag);
}

TEST_F(StaticFilesTest, FallsBackToIndexForAppRoutes) {
    const StaticFiles files(root_);
    for (const char* target : {"/", "/schedule", "/schedule/week/", "/people/42?tab=roles"}) {
        const auto response = files.Serve(MakeRequest(target));
        ASSERT_TRUE(response) << target;
        EXPECT_EQ(response->status, 200);
        EXPECT_EQ(response->body, "<html>app</html>") << target;
        EXPECT_EQ(response->content_type, "text/html; charset=utf-8");
    }
}

TEST_F(StaticFilesTest, DoesNotFallBackForApiPathsOrMissingFiles) {
    const StaticFiles files(root_);
    for (const char* target :
         {"/api", "/api/", "/api/v1/shifts", "/api/v1/unknown/route", "/missing.js", "/assets/missing.css"}) {
        EXPECT_FALSE(files.Serve(MakeRequest(target))) << target;
    }
}

TEST_F(StaticFilesTest, RefusesTraversalAndHiddenNames) {
    const StaticFiles files(root_);
    for (const char* target :
         {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/secret.txt", "/assets/../../secret.txt",
          "/assets/..%2f..%2fsecret.txt", "/assets%2fapp.3f9a.js", "/..%5csecret.txt", "/.env", "/./index.html",
          "//index.html", "/assets//style.css", "/leak.txt", "/linked/secret.txt"}) {
        const auto response = files.Serve(MakeRequest(target));
        EXPECT_FALSE(response) << target << " served: " << (response ? response->body : "");
    }
    // Paths the server never decodes this way still cannot escape.
    Request backslash = MakeRequest("/index.html");
    backslash.path = "/..\\secret.txt";
    EXPECT_FALSE(files.Serve(backslash));
    Request nul = MakeRequest("/index.html");
    nul.path = std::string("/index.html\0.js", 15);
    EXPECT_FALSE(files.Serve(nul));
    Request relative = MakeRequest("/index.html");
    relative.path = "index.html";
    EXPECT_FALSE(files.Serve(relative));
}

TEST_F(StaticFilesTest, ServesOnlyGetAndHead) {
    const StaticFiles files(root_);
    const auto head = files.Serve(MakeRequest("/index.html", "HEAD"));
    ASSERT_TRUE(head);  // the server drops the body but keeps Content-Length
    EXPECT_EQ(head->body, "<html>app</html>");
    EXPECT_FALSE(files.Serve(MakeRequest("/index.html", "POST")));
    EXPECT_FALSE(files.Serve(MakeRequest("/schedule", "DELETE")));
}

TEST_F(StaticFilesTest, MissingRootServesNothing) {
    const StaticFiles files(base_ / "no-such-dir");
    EXPECT_FALSE(files.Serve(MakeRequest("/")));
    EXPECT_FALSE(files.Serve(MakeRequest("/index.html")));
    const StaticFiles file_as_root(root_ / "index.html");
    EXPECT_FALSE(file_as_root.Serve(MakeRequest("/")));
}

}  // namespace
}  // namespace shiftsync::http
