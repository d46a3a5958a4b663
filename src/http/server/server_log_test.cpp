// The access log: one JSON line per request, with the path but never the query.
#include <gtest/gtest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "http/server/server_test_support.hpp"

namespace shiftsync::http {
namespace {

using namespace server_test;

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

}  // namespace
}  // namespace shiftsync::http
