#include "http/server/server.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http/problem.hpp"
#include "http/server/request_parts.hpp"
#include "http/static_files.hpp"

namespace shiftsync::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

// Upper bound for anything a test waits for; reaching it means the behaviour is missing.
constexpr auto kDeadline = 10s;

// A condition to wait for with a deadline, instead of sleeping and hoping.
class Signal {
public:
    void Add(int n = 1) {
        {
            std::lock_guard lock(mutex_);
            count_ += n;
        }
        changed_.notify_all();
    }
    bool WaitFor(int at_least, std::chrono::steady_clock::duration deadline = kDeadline) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, deadline, [&] { return count_ >= at_least; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    int count_ = 0;
};

// Records the threads handlers run on and offers blocking routes released by Open().
class TestApplication : public Application {
public:
    WorkPool PoolFor(const Request& request) const override {
        return request.path.rfind("/hash", 0) == 0 ? WorkPool::kHashing : WorkPool::kGeneral;
    }

    Response Handle(const Request& request) override {
        const bool hashing = PoolFor(request) == WorkPool::kHashing;
        {
            std::lock_guard lock(mutex_);
            (hashing ? hashing_threads_ : general_threads_).insert(std::this_thread::get_id());
        }
        if (request.path == "/throw") throw std::runtime_error("secret database detail");
        if (request.path == "/slow" || request.path == "/hash/slow") {
            entered_.Add();
            std::unique_lock lock(mutex_);
            opened_.wait(lock, [&] { return open_; });
        }
        Response response;
        response.content_type = "text/plain";
        if (request.path == "/echo" || request.path.rfind("/echo/", 0) == 0) {
            std::string headers;
            for (const auto& [name, value] : request.headers) headers += name + ":" + value + "\n";
            response.body = "method=" + request.method + "\npath=" + request.path + "\nquery=" + request.query +
                            "\ntarget=" + request.target + "\nclient=" + request.client_address +
                            "\nid=" + request.request_id + "\nbody=" + request.body + "\n" + headers;
        } else {
            response.body = "ok";
        }
        if (request.path == "/inject") response.AddHeader("X-Bad", "a\r\nSet-Cookie: stolen=1");
        if (request.path == "/bad-status") response.status = 42;
        response.AddHeader("X-Test", "yes");
        response.AddHeader("Content-Length", "999");  // owned by the server: must be ignored
        return response;
    }

    void Open() {
        {
            std::lock_guard lock(mutex_);
            open_ = true;
        }
        opened_.notify_all();
    }
    Signal& entered() { return entered_; }
    std::set<std::thread::id> GeneralThreads() {
        std::lock_guard lock(mutex_);
        return general_threads_;
    }
    std::set<std::thread::id> HashingThreads() {
        std::lock_guard lock(mutex_);
        return hashing_threads_;
    }

private:
    std::mutex mutex_;
    std::condition_variable opened_;
    bool open_ = false;
    Signal entered_;
    std::set<std::thread::id> general_threads_;
    std::set<std::thread::id> hashing_threads_;
};

using TestResponse = beast_http::response<beast_http::string_body>;

// A blocking HTTP client whose every operation gives up after kDeadline.
class Client {
public:
    explicit Client(std::uint16_t port) {
        stream_.expires_after(kDeadline);
        const auto ec = Await([&](auto handler) {
            stream_.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), handler);
        });
        if (ec) throw std::runtime_error("connect failed: " + ec.message());
    }

    void Send(std::string_view bytes) {
        stream_.expires_after(kDeadline);
        const auto ec =
            Await([&](auto handler) { asio::async_write(stream_, asio::buffer(bytes.data(), bytes.size()), handler); });
        if (ec) throw std::runtime_error("send failed: " + ec.message());
    }

    // The next response, or nullopt if the connection ended first.
    std::optional<TestResponse> Read(bool head = false) {
        beast_http::response_parser<beast_http::string_body> parser;
        parser.body_limit(boost::none);
        if (head) parser.skip(true);
        stream_.expires_after(kDeadline);
        const auto ec = Await([&](auto handler) { beast_http::async_read(stream_, buffer_, parser, handler); });
        if (ec) return std::nullopt;
        return parser.release();
    }

    TestResponse Get(std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
        std::string raw = "GET " + target + " HTTP/1.1\r\nHost: test\r\n";
        for (const auto& [name, value] : headers) raw += name + ": " + value + "\r\n";
        Send(raw + "\r\n");
        auto response = Read();
        if (!response) throw std::runtime_error("no response to " + target);
        return *response;
    }

    // True once the server has closed the connection (EOF or reset), false if it is still open at the deadline.
    bool WaitForClose(std::chrono::steady_clock::duration deadline = kDeadline) {
        stream_.expires_after(deadline);
        for (;;) {
            char scratch[512];
            beast::error_code result;
            std::size_t bytes = 0;
            bool done = false;
            stream_.async_read_some(asio::buffer(scratch), [&](beast::error_code ec, std::size_t n) {
                result = ec;
                bytes = n;
                done = true;
            });
            io_.restart();
            io_.run();
            if (!done) return false;
            if (result == beast::error::timeout) return false;
            if (result) return true;
            (void)bytes;  // stray bytes: keep reading until the close
        }
    }

private:
    template <typename Initiate>
    beast::error_code Await(Initiate initiate) {
        beast::error_code result = asio::error::would_block;
        initiate([&](beast::error_code ec, auto&&...) { result = ec; });
        io_.restart();
        io_.run();
        return result;
    }

    asio::io_context io_;
    beast::tcp_stream stream_{io_};
    beast::flat_buffer buffer_;
};

boost::json::object ProblemBody(const TestResponse& response) {
    return boost::json::parse(response.body()).as_object();
}

std::string ProblemType(const TestResponse& response) {
    return std::string(ProblemBody(response).at("type").as_string());
}

// Collects log lines so tests can wait for one.
class CapturingSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    bool WaitForLine(const std::function<bool(const std::string&)>& matches, std::string* found) {
        std::unique_lock lock(lines_mutex_);
        return added_.wait_for(lock, kDeadline, [&] {
            for (const auto& line : lines_) {
                if (matches(line)) {
                    *found = line;
                    return true;
                }
            }
            return false;
        });
    }

protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        {
            std::lock_guard lock(lines_mutex_);
            lines_.emplace_back(message.payload.data(), message.payload.size());
        }
        added_.notify_all();
    }
    void flush_() override {}

private:
    std::mutex lines_mutex_;
    std::condition_variable added_;
    std::vector<std::string> lines_;
};

ServerOptions TestOptions() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.max_header_bytes = 4096;
    options.max_body_bytes = 1024;
    options.read_timeout = 5s;
    options.idle_timeout = 30s;
    options.io_threads = 1;
    options.worker_threads = 2;
    options.hashing_threads = 2;
    options.hashing_queue_limit = 64;
    return options;
}

class HttpServerTest : public ::testing::Test {
protected:
    void StartServer(ServerOptions options = TestOptions(), Application* app = nullptr) {
        server_ = std::make_unique<Server>(std::move(options), app ? *app : app_);
        port_ = server_->Start();
        run_thread_ = std::thread([this] {
            server_->Run();
            run_returned_.Add();
        });
    }

    // Server::Run has returned (within the deadline).
    bool RunReturned() { return run_returned_.WaitFor(1); }

    void StopServer() {
        server_->Stop();
        run_thread_.join();
    }

    void TearDown() override {
        app_.Open();  // never leave a handler blocked, or Run could not return
        if (server_) server_->Stop();
        if (run_thread_.joinable()) run_thread_.join();
    }

    TestApplication app_;
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
    std::thread run_thread_;
    Signal run_returned_;
};

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

TEST_F(HttpServerTest, StopLetsAnInFlightRequestFinishThenRunReturns) {
    StartServer();
    Client client(port_);
    client.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    ASSERT_TRUE(app_.entered().WaitFor(1));
    server_->Stop();
    EXPECT_FALSE(run_returned_.WaitFor(1, 200ms)) << "Run returned while a request was still being handled";

    app_.Open();
    const auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->result_int(), 200);
    EXPECT_FALSE(response->keep_alive());
    EXPECT_TRUE(client.WaitForClose());
    EXPECT_TRUE(RunReturned());
    EXPECT_THROW(Client{port_}, std::runtime_error);  // no longer accepting
}

TEST_F(HttpServerTest, StopClosesConnectionsStillBusyAfterTheGracePeriod) {
    auto options = TestOptions();
    options.shutdown_grace = 1s;
    StartServer(options);
    Client client(port_);
    client.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
    ASSERT_TRUE(app_.entered().WaitFor(1));
    server_->Stop();
    EXPECT_FALSE(client.Read());  // closed without an answer
    // Run waits for the running handler (a thread cannot be cancelled), then returns.
    EXPECT_FALSE(run_returned_.WaitFor(1, 200ms));
    app_.Open();
    EXPECT_TRUE(RunReturned());
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnections) {
    StartServer();
    Client client(port_);
    EXPECT_EQ(client.Get("/other").result_int(), 200);
    server_->Stop();
    EXPECT_TRUE(client.WaitForClose());
    EXPECT_TRUE(RunReturned());
}

TEST_F(HttpServerTest, StopBeforeRunMakesRunReturn) {
    server_ = std::make_unique<Server>(TestOptions(), app_);
    server_->Start();
    server_->Stop();
    run_thread_ = std::thread([this] {
        server_->Run();
        run_returned_.Add();
    });
    EXPECT_TRUE(RunReturned());
}

TEST_F(HttpServerTest, SigtermStopsRun) {
    StartServer();
    Client client(port_);
    EXPECT_EQ(client.Get("/other").result_int(), 200);  // Run is serving, so its signal handler is installed
    std::raise(SIGTERM);
    EXPECT_TRUE(RunReturned());
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

TEST_F(HttpServerTest, BindFailureThrowsAClearError) {
    StartServer();
    auto options = TestOptions();
    options.port = port_;
    TestApplication other_app;
    Server second(options, other_app);
    try {
        second.Start();
        FAIL() << "Start should have thrown";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(port_)), std::string::npos) << e.what();
    }
}

TEST_F(HttpServerTest, RejectsInvalidOptions) {
    auto options = TestOptions();
    options.worker_threads = 0;
    EXPECT_THROW(Server(options, app_), std::invalid_argument);
}

TEST_F(HttpServerTest, LogsOneLinePerRequestWithPathButNoQuery) {
    auto sink = std::make_shared<CapturingSink>();
    auto previous = spdlog::default_logger();
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));
    StartServer();
    {
        Client client(port_);
        EXPECT_EQ(client.Get("/echo?token=SECRET", {{"X-Request-Id", "log-test-1"}}).result_int(), 200);
    }
    std::string line;
    const bool found = sink->WaitForLine(
        [](const std::string& text) { return text.find("\"request_id\":\"log-test-1\"") != std::string::npos; }, &line);
    spdlog::set_default_logger(previous);
    ASSERT_TRUE(found);
    EXPECT_NE(line.find(R"("msg":"request")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("method":"GET")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("path":"/echo")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("status":200)"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("client":"127.0.0.1")"), std::string::npos) << line;
    EXPECT_NE(line.find(R"("duration_ms":)"), std::string::npos) << line;
    EXPECT_EQ(line.find("SECRET"), std::string::npos) << line;
    EXPECT_NO_THROW(boost::json::parse(line));
}

TEST(RequestPartsTest, SplitsAndDecodesTargets) {
    const auto parts = SplitTarget("/a%20b?x=1?y");
    ASSERT_TRUE(parts);
    EXPECT_EQ(parts->path, "/a%20b");
    EXPECT_EQ(parts->query, "x=1?y");
    EXPECT_FALSE(SplitTarget("*"));
    EXPECT_FALSE(SplitTarget("http://host/a"));
    EXPECT_EQ(DecodePath("/a%20b%2fc+d"), "/a b/c+d");
    EXPECT_FALSE(DecodePath("/a%2"));
    EXPECT_FALSE(DecodePath("/a%g0"));
    EXPECT_FALSE(DecodePath("/a%00"));
}

TEST(RequestPartsTest, AccessLogEscapesHostileText) {
    const std::string line = FormatAccessLog({.method = "GET",
                                              .path = "/a\"b\n\xff",
                                              .status = 404,
                                              .duration_ms = 1.5,
                                              .request_id = "id",
                                              .client = "::1"});
    EXPECT_EQ(line, R"({"msg":"request","method":"GET","path":"/a\"b\u000a\u00ff","status":404,"duration_ms":1.500,)"
                    R"("request_id":"id","client":"::1"})");
}

// StaticFiles behind the real server, so the targets go through the server's decoding.
class StaticApplication : public Application {
public:
    explicit StaticApplication(std::filesystem::path root) : files_(std::move(root)) {}
    WorkPool PoolFor(const Request&) const override { return WorkPool::kGeneral; }
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
