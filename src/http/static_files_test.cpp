#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <chrono>
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

Request WithHeader(Request request, std::string name, std::string value) {
    request.headers.emplace_back(std::move(name), std::move(value));
    return request;
}

Request Accepting(const std::string& target, const std::string& accept_encoding) {
    return WithHeader(MakeRequest(target), "accept-encoding", accept_encoding);
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

TEST_F(StaticFilesTest, FallsBackToIndexForSignInAndInvitationLinks) {
    const StaticFiles files(root_);
    for (const char* target : {"/sign-in", "/register?invitation=x", "/register?invitation=a.b-c_d", "/team"}) {
        const auto response = files.Serve(MakeRequest(target));
        ASSERT_TRUE(response) << target;
        EXPECT_EQ(response->body, "<html>app</html>") << target;
        EXPECT_EQ(HeaderOf(*response, "Cache-Control"), "no-cache") << target;
    }
}

TEST_F(StaticFilesTest, EveryResponseCarriesTheSecurityHeaders) {
    const StaticFiles files(root_);
    const auto first = files.Serve(MakeRequest("/assets/app.3f9a.js"));
    ASSERT_TRUE(first);
    const auto revalidated =
        files.Serve(WithHeader(MakeRequest("/assets/app.3f9a.js"), "if-none-match", HeaderOf(*first, "ETag")));
    ASSERT_TRUE(revalidated);
    ASSERT_EQ(revalidated->status, 304);
    for (const auto& response : {*files.Serve(MakeRequest("/")), *files.Serve(MakeRequest("/index.html")),
                                 *files.Serve(MakeRequest("/schedule")), *first, *revalidated,
                                 *files.Serve(MakeRequest("/a.png")), *files.Serve(MakeRequest("/a.svg"))}) {
        const std::string csp = HeaderOf(response, "Content-Security-Policy");
        EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
        EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
        EXPECT_NE(csp.find("style-src 'self';"), std::string::npos) << csp;
        EXPECT_NE(csp.find("object-src 'none'"), std::string::npos) << csp;
        EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
        EXPECT_NE(csp.find("base-uri 'self'"), std::string::npos) << csp;
        EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
        EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
        EXPECT_EQ(HeaderOf(response, "X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(HeaderOf(response, "Referrer-Policy"), "same-origin");
        EXPECT_EQ(HeaderOf(response, "X-Frame-Options"), "DENY");
        EXPECT_NE(HeaderOf(response, "Permissions-Policy").find("camera=()"), std::string::npos);
    }
}

// The build's output with its precompressed siblings (bodies tagged so a test sees which was sent).
class PrecompressedTest : public StaticFilesTest {
protected:
    void SetUp() override {
        StaticFilesTest::SetUp();
        for (const char* name : {"index.html", "assets/app.3f9a.js", "a.svg"}) {
            WriteFile(root_ / (std::string(name) + ".br"), std::string("br:") + name);
            WriteFile(root_ / (std::string(name) + ".gz"), std::string("gz:") + name);
        }
        WriteFile(root_ / "assets" / "style.css.gz", "gz:style");  // no .br for this one
        WriteFile(root_ / "a.png.br", "br:png");                   // never made by the build; ignored
    }

    // Which variant `accept_encoding` gets for `target`: "br", "gzip" or "identity".
    std::string Chosen(const std::string& target, const std::string& accept_encoding) {
        const auto response = StaticFiles(root_).Serve(Accepting(target, accept_encoding));
        if (!response) return "not found";
        const std::string encoding = HeaderOf(*response, "Content-Encoding");
        return encoding.empty() ? "identity" : encoding;
    }
};

TEST_F(PrecompressedTest, SendsBrotliOrGzipWithTheOriginalType) {
    const StaticFiles files(root_);
    const auto br = files.Serve(Accepting("/assets/app.3f9a.js", "gzip, deflate, br, zstd"));
    ASSERT_TRUE(br);
    EXPECT_EQ(br->status, 200);
    EXPECT_EQ(br->body, "br:assets/app.3f9a.js");
    EXPECT_EQ(HeaderOf(*br, "Content-Encoding"), "br");
    EXPECT_EQ(br->content_type, "text/javascript; charset=utf-8");
    EXPECT_EQ(HeaderOf(*br, "Vary"), "Accept-Encoding");
    EXPECT_EQ(HeaderOf(*br, "Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(HeaderOf(*br, "X-Content-Type-Options"), "nosniff");

    const auto gzip = files.Serve(Accepting("/assets/app.3f9a.js", "gzip"));
    ASSERT_TRUE(gzip);
    EXPECT_EQ(gzip->body, "gz:assets/app.3f9a.js");
    EXPECT_EQ(HeaderOf(*gzip, "Content-Encoding"), "gzip");
    EXPECT_EQ(gzip->content_type, "text/javascript; charset=utf-8");

    const auto plain = files.Serve(MakeRequest("/assets/app.3f9a.js"));
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->body, "console.log(1)");
    EXPECT_EQ(HeaderOf(*plain, "Content-Encoding"), "");
    EXPECT_EQ(HeaderOf(*plain, "Vary"), "Accept-Encoding");  // compressible: varies even when not compressed

    const auto svg = files.Serve(Accepting("/a.svg", "br"));
    ASSERT_TRUE(svg);
    EXPECT_EQ(svg->content_type, "image/svg+xml");
    EXPECT_EQ(HeaderOf(*svg, "Content-Encoding"), "br");
}

TEST_F(PrecompressedTest, TheAppShellAndItsRoutesComeCompressedToo) {
    const StaticFiles files(root_);
    for (const char* target : {"/", "/index.html", "/team", "/register?invitation=x"}) {
        const auto response = files.Serve(Accepting(target, "br, gzip"));
        ASSERT_TRUE(response) << target;
        EXPECT_EQ(response->body, "br:index.html") << target;
        EXPECT_EQ(response->content_type, "text/html; charset=utf-8") << target;
        EXPECT_EQ(HeaderOf(*response, "Cache-Control"), "no-cache") << target;
        EXPECT_EQ(HeaderOf(*response, "Vary"), "Accept-Encoding") << target;
    }
}

TEST_F(PrecompressedTest, HonoursQualityValues) {
    const std::pair<const char*, const char*> cases[] = {
        {"br", "br"},
        {"BR", "br"},
        {"gzip", "gzip"},
        {"x-gzip", "gzip"},
        {"br, gzip", "br"},
        {"gzip, br", "br"},          // equal weights: brotli is smaller
        {"br;q=0.5, gzip", "gzip"},  // the higher weight wins
        {"br;q=0.9, gzip;q=0.8", "br"},
        {"gzip;q=1.0, br;q=0.999", "gzip"},
        {"br;q=0, gzip", "gzip"},  // q=0: not acceptable
        {"br;q=0.000, gzip;q=0", "identity"},
        {"br; q=0 , gzip ;Q=0.0", "identity"},  // whitespace and case around the weight
        {"*", "br"},
        {"*;q=0.1, br;q=0", "gzip"},  // "*" covers what is not listed
        {"gzip;q=0.5, *;q=0", "gzip"},
        {"identity", "identity"},
        {"deflate, zstd", "identity"},
        {"", "identity"},
        {" , ,", "identity"},
        {"br;q=2", "identity"},  // malformed weights make the element void
        {"br;q=1.001", "identity"},
        {"br;q=0.5000", "identity"},
        {"br;q=abc, gzip", "gzip"},
        {"br;q", "identity"},
        {"br;level=5", "br"},                    // unknown parameters are ignored
        {"br, br;q=0", "br"},                    // the first mention counts
        {"br;q=0.5, identity;q=1", "identity"},  // identity listed with a higher weight
        {"br, identity;q=0.5", "br"},
    };
    for (const auto& [header, expected] : cases) EXPECT_EQ(Chosen("/assets/app.3f9a.js", header), expected) << header;
    // No Accept-Encoding header at all: identity.
    EXPECT_EQ(HeaderOf(*StaticFiles(root_).Serve(MakeRequest("/index.html")), "Content-Encoding"), "");
}

TEST_F(PrecompressedTest, FallsBackToWhatExists) {
    EXPECT_EQ(Chosen("/assets/style.css", "br, gzip"), "gzip");
    EXPECT_EQ(Chosen("/assets/style.css", "br"), "identity");
    EXPECT_EQ(Chosen("/favicon.ico", "br, gzip"), "identity");  // not a compressible type: no siblings looked for
    EXPECT_EQ(Chosen("/a.png", "br"), "identity");
    const auto png = StaticFiles(root_).Serve(Accepting("/a.png", "br"));
    EXPECT_EQ(HeaderOf(*png, "Vary"), "");
    EXPECT_EQ(png->body, "x");
}

TEST_F(PrecompressedTest, IgnoresASiblingOlderThanTheFile) {
    const auto file = root_ / "assets" / "app.3f9a.js";
    fs::last_write_time(file, fs::last_write_time(root_ / "assets" / "app.3f9a.js.br") + std::chrono::hours(1));
    EXPECT_EQ(Chosen("/assets/app.3f9a.js", "br, gzip"), "identity");
}

TEST_F(PrecompressedTest, IgnoresASiblingThatLeadsOutOfTheRoot) {
    fs::remove(root_ / "index.html.br");
    fs::create_symlink(base_ / "secret.txt", root_ / "index.html.br");
    const auto response = StaticFiles(root_).Serve(Accepting("/index.html", "br"));
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "<html>app</html>");
    EXPECT_EQ(HeaderOf(*response, "Content-Encoding"), "");
}

TEST_F(PrecompressedTest, EachEncodingHasItsOwnETag) {
    const StaticFiles files(root_);
    const std::string identity = HeaderOf(*files.Serve(MakeRequest("/index.html")), "ETag");
    const std::string br = HeaderOf(*files.Serve(Accepting("/index.html", "br")), "ETag");
    const std::string gzip = HeaderOf(*files.Serve(Accepting("/index.html", "gzip")), "ETag");
    EXPECT_NE(identity, br);
    EXPECT_NE(identity, gzip);
    EXPECT_NE(br, gzip);
    for (const auto& tag : {identity, br, gzip}) {
        ASSERT_GE(tag.size(), 2u);
        EXPECT_EQ(tag.front(), '"');
        EXPECT_EQ(tag.back(), '"');
    }

    // A cached brotli copy revalidates as long as brotli is what would be sent.
    const auto same = files.Serve(WithHeader(Accepting("/index.html", "br"), "if-none-match", br));
    EXPECT_EQ(same->status, 304);
    EXPECT_EQ(HeaderOf(*same, "ETag"), br);
    EXPECT_EQ(HeaderOf(*same, "Vary"), "Accept-Encoding");
    EXPECT_EQ(HeaderOf(*same, "Content-Encoding"), "");  // no representation metadata on a 304
    const auto changed = files.Serve(WithHeader(Accepting("/index.html", "gzip"), "if-none-match", br));
    EXPECT_EQ(changed->status, 200);
    EXPECT_EQ(changed->body, "gz:index.html");
    const auto uncompressed = files.Serve(WithHeader(MakeRequest("/index.html"), "if-none-match", br));
    EXPECT_EQ(uncompressed->status, 200);
    EXPECT_EQ(uncompressed->body, "<html>app</html>");
}

TEST_F(PrecompressedTest, HeadSendsTheChosenVariantsLength) {
    const auto head = StaticFiles(root_).Serve(WithHeader(MakeRequest("/index.html", "HEAD"), "accept-encoding", "br"));
    ASSERT_TRUE(head);
    EXPECT_EQ(head->body, "br:index.html");  // the server drops the body but keeps Content-Length
    EXPECT_EQ(HeaderOf(*head, "Content-Encoding"), "br");
}

TEST_F(PrecompressedTest, NeverServesTheSiblingsUnderTheirOwnNames) {
    const StaticFiles files(root_);
    for (const char* target : {"/index.html.br", "/index.html.gz", "/assets/app.3f9a.js.br", "/assets/app.3f9a.js.gz",
                               "/assets/style.css.gz", "/a.png.br", "/A.SVG.BR", "/index.html.Gz"}) {
        EXPECT_FALSE(files.Serve(MakeRequest(target))) << target;
        EXPECT_FALSE(files.Serve(Accepting(target, "br, gzip"))) << target;
    }
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
