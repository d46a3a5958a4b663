#pragma once
// Internal to the server: the connections alive right now and the state they share. Includes Asio,
// so only server/*.cpp include this file.
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "http/message.hpp"
#include "http/server/server.hpp"

namespace shiftsync::http::server_internal {

class Session;

// Lets shutdown reach every session. Thread-safe.
class ConnectionSet {
public:
    // on_last_closed runs (on whichever thread ends the last session) each time the set becomes empty
    // after Drain(); it must not block.
    explicit ConnectionSet(std::function<void()> on_last_closed);

    std::uint64_t Add(std::weak_ptr<Session> session);
    void Remove(std::uint64_t id);
    std::size_t Count() const;

    // From now on sessions answer their current request with Connection: close and then close; idle ones
    // (waiting for the next request) close at once.
    void Drain();
    bool IsDraining() const;
    // Closes every socket now. Handlers already running still finish; their answers are lost.
    void Abort();
    // on_last_closed is not called any more: the server is going away.
    void Silence();

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, std::weak_ptr<Session>> sessions_;
    std::uint64_t next_id_ = 1;
    bool draining_ = false;
    std::function<void()> on_last_closed_;
};

// Shared by every session; owned by the server and outlives them all.
struct SessionContext {
    SessionContext(const ServerOptions& options, Application& app, boost::asio::thread_pool& general_pool,
                   boost::asio::thread_pool& hashing_pool, std::function<void()> on_last_closed)
        : options(options),
          app(app),
          general_pool(general_pool),
          hashing_pool(hashing_pool),
          connections(std::move(on_last_closed)) {}

    const ServerOptions& options;
    Application& app;
    boost::asio::thread_pool& general_pool;
    boost::asio::thread_pool& hashing_pool;
    std::atomic<std::size_t> hashing_in_flight{0};  // kHashing requests queued or running
    ConnectionSet connections;
};

// Serves HTTP on `socket` until the peer leaves, a timeout, an error or shutdown; returns at once.
// REQUIRES: the socket's executor is a strand of its own (sessions run on several I/O threads).
void StartSession(boost::asio::ip::tcp::socket socket, SessionContext& context);

}  // namespace shiftsync::http::server_internal
