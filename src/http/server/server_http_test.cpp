// HTTP/1.1 semantics as a client sees them: keep-alive, pipelining, HTTP/1.0, HEAD, 100-continue, the
// request handed to the application and the X-Request-Id.
#include <gtest/gtest.h>

#include <string>

#include "http/server/request_parts.hpp"
#include "http/server/server_test_support.hpp"

namespace shiftsync::http {
namespace {

using namespace server_test;

TEST_F(HttpServerTest, ServesTwoRequestsOnOneKeptAliveConnection) {
    StartServer();
    Client client(port_);
    const auto first = client.Get("/echo");
    EXPECT_EQ(first.result_int(), 200);
    EXPECT_TRUE(first.keep_alive());
    const auto second = client.Get("/other");
    EXPECT_EQ(second.result_int(), 200);
    EXPECT_EQ(second.body(), "ok");
    EXPECT_EQ(second[beast_http::field::content_length], "2");
    EXPECT_EQ(second[beast_http::field::content_type], "text/plain");
    EXPECT_EQ(second["X-Test"], "yes");
    EXPECT_EQ(second.count(beast_http::field::server), 0u);
}

TEST_F(HttpServerTest, AnswersPipelinedRequestsInOrder) {
    StartServer();
    Client client(port_);
    client.Send("GET /echo/one HTTP/1.1\r\nHost: t\r\n\r\nGET /echo/two HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto first = client.Read();
    const auto second = client.Read();
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->body().find("path=/echo/one\n"), std::string::npos);
    EXPECT_NE(second->body().find("path=/echo/two\n"), std::string::npos);
}

TEST_F(HttpServerTest, Http10ConnectionIsClosedAfterTheResponse) {
    StartServer();
    Client client(port_);
    client.Send("GET /echo HTTP/1.0\r\n\r\n");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_FALSE(response->keep_alive());
    EXPECT_TRUE(client.WaitForClose());
}

TEST_F(HttpServerTest, FillsTheRequestForTheApplication) {
    StartServer();
    Client client(port_);
    client.Send(
        "POST /echo/a%20b%2Fc?x=1&token=t HTTP/1.1\r\nHost: t\r\nX-Mixed-Case: Value\r\nContent-Length: "
        "5\r\n\r\nhello");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    const std::string& body = response->body();
    EXPECT_NE(body.find("method=POST\n"), std::string::npos) << body;
    EXPECT_NE(body.find("path=/echo/a b/c\n"), std::string::npos) << body;
    EXPECT_NE(body.find("query=x=1&token=t\n"), std::string::npos) << body;
    EXPECT_NE(body.find("target=/echo/a%20b%2Fc?x=1&token=t\n"), std::string::npos) << body;
    EXPECT_NE(body.find("client=127.0.0.1\n"), std::string::npos) << body;
    EXPECT_NE(body.find("body=hello\n"), std::string::npos) << body;
    EXPECT_NE(body.find("x-mixed-case:Value\n"), std::string::npos) << body;
}

TEST_F(HttpServerTest, ContinuesWhenTheClientExpectsIt) {
    StartServer();
    Client client(port_);
    client.Send("POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    const auto go_on = client.Read();
    ASSERT_TRUE(go_on);
    EXPECT_EQ(go_on->result_int(), 100);
    client.Send("abc");
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_NE(response->body().find("body=abc\n"), std::string::npos);
}

TEST_F(HttpServerTest, HeadKeepsContentLengthButSendsNoBody) {
    StartServer();
    Client client(port_);
    client.Send("HEAD /other HTTP/1.1\r\nHost: t\r\n\r\n");
    const auto head = client.Read(/*head=*/true);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->result_int(), 200);
    EXPECT_EQ((*head)[beast_http::field::content_length], "2");
    EXPECT_TRUE(head->body().empty());
    // Stray body bytes would corrupt the next response on this connection.
    const auto next = client.Get("/other");
    EXPECT_EQ(next.result_int(), 200);
    EXPECT_EQ(next.body(), "ok");
}

TEST_F(HttpServerTest, EchoesAValidRequestIdAndReplacesAnInvalidOne) {
    StartServer();
    Client client(port_);
    const auto valid = client.Get("/echo", {{"X-Request-Id", "abc-123.X_y"}});
    EXPECT_EQ(valid["X-Request-Id"], "abc-123.X_y");
    EXPECT_NE(valid.body().find("id=abc-123.X_y\n"), std::string::npos);

    for (const std::string& invalid : {std::string("bad id!"), std::string(65, 'a'), std::string("a\"b")}) {
        const auto replaced = client.Get("/echo", {{"X-Request-Id", invalid}});
        const std::string id(replaced["X-Request-Id"]);
        EXPECT_NE(id, invalid);
        EXPECT_TRUE(IsAcceptableRequestId(id)) << id;
        EXPECT_NE(replaced.body().find("id=" + id + "\n"), std::string::npos);
    }
    const auto generated_a = client.Get("/echo");
    const auto generated_b = client.Get("/echo");
    EXPECT_EQ(generated_a["X-Request-Id"].size(), 32u);
    EXPECT_NE(generated_a["X-Request-Id"], generated_b["X-Request-Id"]);
}

}  // namespace
}  // namespace shiftsync::http
