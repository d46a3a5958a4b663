#pragma once
// Test support for the server tests: a blocking HTTP client over a real socket, and helpers to read
// the problem documents the server answers with. Header-only; include it from *_test.cpp files only.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shiftsync::http::server_test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = asio::ip::tcp;

// Upper bound for anything a test waits for; reaching it means the behaviour is missing.
inline constexpr std::chrono::steady_clock::duration kDeadline = std::chrono::seconds(10);

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

inline boost::json::object ProblemBody(const TestResponse& response) {
    return boost::json::parse(response.body()).as_object();
}

inline std::string ProblemType(const TestResponse& response) {
    return std::string(ProblemBody(response).at("type").as_string());
}

}  // namespace shiftsync::http::server_test
