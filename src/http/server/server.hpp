#pragma once
// The HTTP/1.1 server: accepts connections, turns each request into an http::Request, runs
// Application::Handle on a worker pool (never on an I/O thread) and writes the Response.
// Deliberately free of Beast and Asio headers: main.cpp and tests include this file.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/server/forwarded.hpp"

namespace shiftsync::http {

struct ServerOptions {
    std::string host = "127.0.0.1";  // address or name to bind
    std::uint16_t port = 8080;       // 0: any free port; Start() returns the one chosen
    // Request line plus header fields; beyond this the request is answered 431 and the connection closed.
    std::size_t max_header_bytes = 16 * 1024;
    // Decoded body; beyond this (or a Content-Length announcing more) 413 and the connection closed.
    // Application::BodyLimitFor may set another limit per request.
    std::size_t max_body_bytes = 1 << 20;
    // A request must arrive whole within this once its first byte has arrived; also bounds writing the
    // response. On expiry the connection is closed without an answer.
    std::chrono::seconds read_timeout{30};
    // A keep-alive connection with no new request for this long is closed.
    std::chrono::seconds idle_timeout{75};
    // After Stop(), how long in-flight requests get to finish before their connections are closed.
    std::chrono::seconds shutdown_grace{30};
    int io_threads = 1;                    // threads running the sockets; only parsing and writing happen here
    int worker_threads = 4;                // runs WorkPool::kGeneral requests (database work)
    int hashing_threads = 2;               // runs WorkPool::kHashing requests (password hashing)
    std::size_t hashing_queue_limit = 64;  // kHashing requests queued or running; beyond: 503 + Retry-After
    // Peers whose X-Forwarded-For / X-Forwarded-Proto are believed (see forwarded.hpp); empty: none.
    TrustedProxies trusted_proxies;
};

// Error responses the server produces itself are RFC 9457 problems (http/problem.hpp):
//   400 malformed-request (malformed HTTP, target not origin-form, undecodable path or a NUL in it),
//   408 is never sent (a timed-out connection is closed), 413 payload-too-large,
//   431 header-too-large, 500 internal-error (Handle threw; no internal text),
//   503 service-busy with Retry-After: 1 (hashing pool full).
// Every answered request produces one info line on spdlog's default logger: a JSON object with
// method, path (still percent-encoded; never the query, which may carry tokens), status, duration_ms,
// request_id and client. Headers and bodies are never logged.
//
// Responses carry Content-Type (when non-empty), Content-Length, the Response's extra headers,
// Connection as negotiated, and X-Request-Id; the server owns Content-Length, Transfer-Encoding and
// Connection and drops those if the application supplies them. HEAD is handled by the application
// like GET; the server keeps Content-Length and sends no body. HTTP/1.0 connections are not kept alive.
class Server {
public:
    // Creates the worker pools (their threads start now). `app` must outlive the Server.
    // Throws std::invalid_argument if a thread count is < 1 or a limit is 0.
    Server(ServerOptions options, Application& app);
    // REQUIRES: Run() is not executing on another thread. Joins every thread the server started.
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens. Returns the bound port (useful with port 0). Does not accept yet: connections
    // queue in the backlog until Run(). Throws std::runtime_error naming host, port and the reason when
    // the address cannot be resolved or bound. REQUIRES: called at most once.
    std::uint16_t Start();

    // Serves until Stop() or SIGINT/SIGTERM, then shuts down gracefully: stops accepting, closes idle
    // keep-alive connections, lets in-flight requests finish and be answered (with Connection: close)
    // for up to shutdown_grace, then closes whatever is left (queued work is dropped, running handlers
    // are waited for: a thread cannot be cancelled), joins all threads and returns. Blocks; the calling
    // thread is one of the io_threads. Calls Start() first if it has not been called.
    // REQUIRES: called at most once. A handler that never returns keeps Run() from returning.
    void Run();

    // Begins the graceful shutdown described at Run(). Thread-safe, idempotent, does not block;
    // may be called before Run() (Run() then shuts down at once).
    void Stop();

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace shiftsync::http
