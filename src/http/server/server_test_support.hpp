#pragma once
// Test support for the server tests: a deadline-bounded Signal, the TestApplication the server is
// run with, small test options and the HttpServerTest fixture that starts and stops a real Server.
// Header-only; include it from *_test.cpp files only. Named (not anonymous) namespace, so that every
// test file shares one HttpServerTest type, as GoogleTest requires of one suite.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>

#include "http/server/server.hpp"
#include "http/server/server_test_client.hpp"

namespace shiftsync::http::server_test {

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
    // Paths under /big take bodies up to kBigBodyLimit; the rest the server's limit.
    static constexpr std::size_t kBigBodyLimit = 4096;
    std::size_t BodyLimitFor(std::string_view, std::string_view path, std::string_view) const override {
        return path.rfind("/big/", 0) == 0 ? kBigBodyLimit : 0;
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
        if (request.path == "/echo" || request.path.rfind("/echo/", 0) == 0 || request.path == "/big/echo") {
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

inline ServerOptions TestOptions() {
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.max_header_bytes = 4096;
    options.max_body_bytes = 1024;
    options.read_timeout = std::chrono::seconds(5);
    options.idle_timeout = std::chrono::seconds(30);
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

}  // namespace shiftsync::http::server_test
