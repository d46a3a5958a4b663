// What the server refuses and when it gives up: body and header limits (413, 431), malformed requests
// (400), unsafe response headers and statuses, and the read and idle timeouts.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "http/problem.hpp"
#include "http/server/server_test_support.hpp"

namespace shiftsync::http {
namespace {

using namespace server_test;
using namespace std::chrono_literals;

TEST_F(HttpServerTest, RefusesAnOversizedContentLengthBeforeReadingTheBody) {
    StartServer();
    Client client(port_);
    client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000000\r\n\r\n");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 413);
    EXPECT_EQ((*response)[beast_http::field::content_type], kProblemContentType);
    EXPECT_EQ(ProblemType(*response), "https://shiftsync.dev/problems/payload-too-large");
    EXPECT_FALSE(response->keep_alive());
    EXPECT_TRUE(client.WaitForClose());
}

TEST_F(HttpServerTest, RefusesAnOversizedChunkedBody) {
    StartServer();
    Client client(port_);
    client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + std::string(1024, 'a') +
                "\r\n400\r\n" + std::string(1024, 'b') + "\r\n0\r\n\r\n");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 413);
    EXPECT_EQ(ProblemType(*response), "https://shiftsync.dev/problems/payload-too-large");
    EXPECT_TRUE(client.WaitForClose());
}

TEST_F(HttpServerTest, ARouteOwnBodyLimitReplacesTheServers) {
    StartServer();  // the server's limit is 1024 bytes; /big/ takes up to 4096
    Client client(port_);
    const std::string body(3000, 'p');
    client.Send("POST /big/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n" + body);
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_NE(response->body().find("body=" + body + "\n"), std::string::npos);

    Client small(port_);
    small.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3000\r\n\r\n" + body);
    response = small.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 413);
}

TEST_F(HttpServerTest, ARouteOwnBodyLimitIsEnforcedForLengthAndChunks) {
    StartServer();
    Client announced(port_);
    announced.Send("POST /big/echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4097\r\n\r\n");
    auto response = announced.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 413);
    EXPECT_NE(response->body().find("4096 bytes"), std::string::npos) << response->body();
    EXPECT_TRUE(announced.WaitForClose());

    Client chunked(port_);
    chunked.Send("POST /big/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" +
                 std::string(4096, 'a') + "\r\n1\r\nb\r\n0\r\n\r\n");
    response = chunked.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 413);
}

TEST_F(HttpServerTest, RefusesHugeHeadersWith431) {
    StartServer();
    Client client(port_);
    client.Send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(8000, 'x') + "\r\n\r\n");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 431);
    EXPECT_EQ(ProblemType(*response), "https://shiftsync.dev/problems/header-too-large");
    EXPECT_TRUE(client.WaitForClose());
}

TEST_F(HttpServerTest, AnswersGarbageWith400AndCloses) {
    StartServer();
    Client client(port_);
    client.Send("\x01\x02 this is not http\r\n\r\n");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 400);
    EXPECT_EQ(ProblemType(*response), "https://shiftsync.dev/problems/malformed-request");
    EXPECT_TRUE(client.WaitForClose());
}

TEST_F(HttpServerTest, RefusesUndecodableAndNulPaths) {
    StartServer();
    Client client(port_);
    EXPECT_EQ(client.Get("/echo/%zz").result_int(), 400);
    EXPECT_EQ(client.Get("/echo/a%00b").result_int(), 400);
    EXPECT_EQ(client.Get("/echo/%4").result_int(), 400);
    // A target that is not a path ("*", absolute form) is not served either.
    client.Send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto star = client.Read();
    ASSERT_TRUE(star);
    EXPECT_EQ(star->result_int(), 400);
}

TEST_F(HttpServerTest, DropsUnsafeHeadersAndInvalidStatuses) {
    StartServer();
    Client client(port_);
    const auto injected = client.Get("/inject");
    EXPECT_EQ(injected.result_int(), 200);
    EXPECT_EQ(injected.count(beast_http::field::set_cookie), 0u);
    EXPECT_EQ(injected.count("X-Bad"), 0u);
    EXPECT_EQ(injected["X-Test"], "yes");
    const auto invalid = client.Get("/bad-status");
    EXPECT_EQ(invalid.result_int(), 500);
    EXPECT_EQ(ProblemType(invalid), "https://shiftsync.dev/problems/internal-error");
}

TEST_F(HttpServerTest, IdleTimeoutClosesTheConnection) {
    auto options = TestOptions();
    options.idle_timeout = 1s;
    StartServer(options);
    Client client(port_);
    EXPECT_EQ(client.Get("/other").result_int(), 200);
    const auto start = std::chrono::steady_clock::now();
    EXPECT_TRUE(client.WaitForClose(5s));
    EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(HttpServerTest, ReadTimeoutClosesAConnectionThatNeverFinishesItsRequest) {
    auto options = TestOptions();
    options.read_timeout = 1s;
    StartServer(options);
    Client client(port_);
    client.Send("GET /other HTTP/1.1\r\nHost: t\r\n");  // headers never end
    EXPECT_TRUE(client.WaitForClose(5s));
}

}  // namespace
}  // namespace shiftsync::http
