// Where handlers run: the general and hashing pools on their own threads, never on an I/O thread; 503
// on a full hashing queue; a throwing handler answered 500; several I/O threads at once.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "http/problem.hpp"
#include "http/server/server_test_support.hpp"

namespace shiftsync::http {
namespace {

using namespace server_test;

TEST_F(HttpServerTest, HandlerExceptionBecomes500ProblemWithoutItsMessage) {
    StartServer();
    Client client(port_);
    const auto response = client.Get("/throw");
    EXPECT_EQ(response.result_int(), 500);
    EXPECT_EQ(response[beast_http::field::content_type], kProblemContentType);
    EXPECT_EQ(ProblemType(response), "https://shiftsync.dev/problems/internal-error");
    EXPECT_EQ(response.body().find("secret"), std::string::npos);
    EXPECT_FALSE(response["X-Request-Id"].empty());
    // The connection survives a failed handler.
    EXPECT_EQ(client.Get("/other").result_int(), 200);
}

TEST_F(HttpServerTest, RunsEachPoolOnItsOwnThreadsAndNeverOnTheIoThread) {
    StartServer();
    Client client(port_);
    for (int i = 0; i < 6; ++i) {
        EXPECT_EQ(client.Get("/echo").result_int(), 200);
        EXPECT_EQ(client.Get("/hash/echo").result_int(), 200);
    }
    const auto general = app_.GeneralThreads();
    const auto hashing = app_.HashingThreads();
    ASSERT_FALSE(general.empty());
    ASSERT_FALSE(hashing.empty());
    for (const auto& id : general) EXPECT_EQ(hashing.count(id), 0u);
    const auto io_thread = run_thread_.get_id();  // with io_threads = 1, Run's caller is the only I/O thread
    EXPECT_EQ(general.count(io_thread), 0u);
    EXPECT_EQ(hashing.count(io_thread), 0u);
    EXPECT_EQ(general.count(std::this_thread::get_id()), 0u);
}

TEST_F(HttpServerTest, FullHashingQueueAnswers503AtOnce) {
    auto options = TestOptions();
    options.hashing_threads = 2;
    options.hashing_queue_limit = 2;
    StartServer(options);
    Client first(port_);
    Client second(port_);
    first.Send("GET /hash/slow HTTP/1.1\r\nHost: t\r\n\r\n");
    second.Send("GET /hash/slow HTTP/1.1\r\nHost: t\r\n\r\n");
    ASSERT_TRUE(app_.entered().WaitFor(2));

    Client third(port_);
    const auto busy = third.Get("/hash/login");
    EXPECT_EQ(busy.result_int(), 503);
    EXPECT_EQ(busy[beast_http::field::retry_after], "1");
    EXPECT_EQ(ProblemType(busy), "https://shiftsync.dev/problems/service-busy");
    // The general pool is not affected.
    EXPECT_EQ(third.Get("/other").result_int(), 200);

    app_.Open();
    const auto first_response = first.Read();
    const auto second_response = second.Read();
    ASSERT_TRUE(first_response && second_response);
    EXPECT_EQ(first_response->result_int(), 200);
    EXPECT_EQ(second_response->result_int(), 200);
    // Capacity is given back once they are done.
    EXPECT_EQ(third.Get("/hash/login").result_int(), 200);
}

TEST_F(HttpServerTest, ServesConcurrentClientsOnSeveralIoThreads) {
    auto options = TestOptions();
    options.io_threads = 3;
    options.worker_threads = 3;
    StartServer(options);
    std::vector<std::thread> clients;
    std::atomic<int> ok{0};
    for (int c = 0; c < 6; ++c) {
        clients.emplace_back([&, c] {
            Client client(port_);
            for (int i = 0; i < 20; ++i) {
                const std::string target = fmt::format("/echo/{}/{}", c, i);
                const auto response = client.Get(target);
                if (response.result_int() == 200 && response.body().find("path=" + target + "\n") != std::string::npos)
                    ++ok;
            }
        });
    }
    for (auto& thread : clients) thread.join();
    EXPECT_EQ(ok.load(), 120);
}

}  // namespace
}  // namespace shiftsync::http
