// Starting and stopping: graceful stop, forced close after the grace period, idle connections, SIGTERM,
// Stop before Run, a port already in use and invalid options.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <stdexcept>
#include <string>
#include <thread>

#include "http/server/server_test_support.hpp"

namespace shiftsync::http {
namespace {

using namespace server_test;
using namespace std::chrono_literals;

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

}  // namespace
}  // namespace shiftsync::http
