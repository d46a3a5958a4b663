#include "http/server/server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "http/server/request_parts.hpp"
#include "http/server/session.hpp"

namespace shiftsync::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using server_internal::SessionContext;

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Accept failures such as EMFILE repeat at once; pause instead of spinning.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(50);

ServerOptions Validated(ServerOptions options) {
    if (options.io_threads < 1 || options.worker_threads < 1 || options.hashing_threads < 1) {
        throw std::invalid_argument("ServerOptions: io_threads, worker_threads and hashing_threads must be >= 1");
    }
    if (options.max_header_bytes == 0 || options.hashing_queue_limit == 0) {
        throw std::invalid_argument("ServerOptions: max_header_bytes and hashing_queue_limit must be > 0");
    }
    if (options.read_timeout.count() <= 0 || options.idle_timeout.count() <= 0 || options.shutdown_grace.count() < 0) {
        throw std::invalid_argument("ServerOptions: timeouts must be positive");
    }
    return options;
}

}  // namespace

class Server::Impl {
public:
    // Members are declared in destruction-safe order: pools go first (discarding queued work destroys
    // suspended sessions, whose completion work still points into io_), then io_ (destroying pending
    // handlers destroys sessions too), and context_ last because every destroyed session unregisters there.
    Impl(ServerOptions options, Application& app)
        : options_(Validated(std::move(options))),
          context_(options_, app, general_pool_, hashing_pool_, [this] { OnLastConnectionClosed(); }),
          io_(options_.io_threads),
          control_(asio::make_strand(io_)),
          acceptor_(control_),
          shutdown_deadline_(control_),
          general_pool_(static_cast<std::size_t>(options_.worker_threads)),
          hashing_pool_(static_cast<std::size_t>(options_.hashing_threads)) {}

    ~Impl() {
        context_.connections.Silence();
        general_pool_.stop();
        hashing_pool_.stop();
        general_pool_.join();
        hashing_pool_.join();
    }

    std::uint16_t Start() {
        if (started_) throw std::logic_error("Server::Start called twice");
        const auto fail = [this](std::string_view reason) {
            return std::runtime_error(fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port, reason));
        };
        boost::system::error_code ec;
        tcp::resolver resolver(io_);
        const auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port),
                                                tcp::resolver::passive | tcp::resolver::numeric_service, ec);
        if (ec) throw fail(ec.message());
        for (const auto& entry : endpoints) {
            const tcp::endpoint endpoint = entry.endpoint();
            boost::system::error_code ignored;
            acceptor_.open(endpoint.protocol(), ec);
            if (ec) continue;
            acceptor_.set_option(tcp::acceptor::reuse_address(true), ignored);
            acceptor_.bind(endpoint, ec);
            if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
            if (!ec) {
                started_ = true;
                const auto bound = acceptor_.local_endpoint(ignored);
                spdlog::debug(R"({{"msg":"listening","address":{},"port":{}}})",
                              JsonString(bound.address().to_string()), bound.port());
                return bound.port();
            }
            acceptor_.close(ignored);
        }
        throw fail(ec ? ec.message() : "no usable address");
    }

    void Run() {
        if (!started_) Start();
        signals_.emplace(io_, SIGINT, SIGTERM);
        signals_->async_wait(asio::bind_executor(control_, [this](const boost::system::error_code& ec, int signal) {
            if (ec) return;
            spdlog::info(R"({{"msg":"signal received","signal":{}}})", signal);
            BeginShutdown();
        }));
        asio::co_spawn(control_, Accept(), [](std::exception_ptr failure) {
            if (failure) spdlog::error(R"({"msg":"accept loop failed"})");
        });

        std::vector<std::thread> extra_io_threads;
        for (int i = 1; i < options_.io_threads; ++i) extra_io_threads.emplace_back([this] { io_.run(); });
        io_.run();
        for (auto& thread : extra_io_threads) thread.join();

        // Normally every handler has returned by now; after a forced shutdown queued work is dropped and
        // a still-running handler is waited for (a thread cannot be cancelled).
        if (forced_) {
            general_pool_.stop();
            hashing_pool_.stop();
        }
        general_pool_.join();
        hashing_pool_.join();
        spdlog::info(R"({"msg":"server stopped"})");
    }

    void Stop() {
        asio::post(control_, [this] { BeginShutdown(); });
    }

private:
    asio::awaitable<void> Accept() {
        for (;;) {
            auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kNoThrow);
            if (shutting_down_ || ec == asio::error::operation_aborted) co_return;  // a late socket closes here
            if (ec) {
                spdlog::warn(R"({{"msg":"accept failed","error":{}}})", JsonString(ec.message()));
                asio::steady_timer pause(control_, kAcceptRetryDelay);
                co_await pause.async_wait(kNoThrow);
                continue;
            }
            boost::system::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);  // small responses should not wait for an ACK
            server_internal::StartSession(tcp::socket(std::move(socket)), context_);
        }
    }

    // Runs on control_.
    void BeginShutdown() {
        if (shutting_down_) return;
        shutting_down_ = true;
        spdlog::info(R"({{"msg":"shutting down","connections":{}}})", context_.connections.Count());
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        if (signals_) signals_->cancel(ignored);
        context_.connections.Drain();
        shutdown_deadline_.expires_after(options_.shutdown_grace);
        shutdown_deadline_.async_wait([this](const boost::system::error_code& ec) {
            if (ec) return;  // cancelled: every connection closed in time
            spdlog::warn(R"({{"msg":"shutdown grace period over, closing connections","connections":{}}})",
                         context_.connections.Count());
            forced_ = true;
            context_.connections.Abort();
            general_pool_.stop();
            hashing_pool_.stop();
            // Sessions awaiting a dropped or stuck handler would otherwise keep io_ running forever.
            asio::post(control_, [this] { io_.stop(); });
        });
        if (context_.connections.Count() == 0) shutdown_deadline_.cancel();
    }

    // Any thread; called when the last connection closes during shutdown.
    void OnLastConnectionClosed() {
        asio::post(control_, [this] { shutdown_deadline_.cancel(); });
    }

    const ServerOptions options_;
    SessionContext context_;  // refers to the pools declared below; uses them only once running
    asio::io_context io_;
    asio::strand<asio::io_context::executor_type> control_;  // acceptor, signals and shutdown state
    tcp::acceptor acceptor_;
    std::optional<asio::signal_set> signals_;
    asio::steady_timer shutdown_deadline_;
    asio::thread_pool general_pool_;
    asio::thread_pool hashing_pool_;
    bool started_ = false;
    bool shutting_down_ = false;  // control_ only
    std::atomic<bool> forced_{false};
};

Server::Server(ServerOptions options, Application& app) : impl_(std::make_unique<Impl>(std::move(options), app)) {}

Server::~Server() = default;

std::uint16_t Server::Start() { return impl_->Start(); }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

}  // namespace shiftsync::http
