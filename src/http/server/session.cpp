#include "http/server/session.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "http/error_mapping.hpp"
#include "http/server/forwarded.hpp"
#include "http/server/request_parts.hpp"

namespace shiftsync::http::server_internal {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using RequestParser = beast_http::request_parser<beast_http::string_body>;

// Completion token that reports errors as values: a closed connection is routine, not exceptional.
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

constexpr std::size_t kReadChunk = 8 * 1024;
// After refusing a request, read and discard what the client is still sending for a while, so that
// closing with unread data does not reset the connection before the client has read our answer.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1 << 20;

Response InternalError() { return ProblemFromFailure(HttpFailure::kInternalError, ""); }

Response Busy() {
    Error busy{ErrorCode::kUnavailable, "Too many requests are waiting; retry shortly."};
    busy.retry_after_seconds = 1;
    return ProblemFromError(busy);
}

Response TooLarge(std::size_t limit) {
    return ProblemFromError(
        Error{ErrorCode::kPayloadTooLarge, fmt::format("The request body must not exceed {} bytes.", limit)});
}

std::optional<Response> ProblemForReadError(const beast::error_code& ec, const ServerOptions& options,
                                            std::size_t body_limit) {
    if (ec == beast_http::error::header_limit) {
        return ProblemFromFailure(
            HttpFailure::kHeaderTooLarge,
            fmt::format("The request line and headers must not exceed {} bytes.", options.max_header_bytes));
    }
    if (ec == beast_http::error::body_limit) return TooLarge(body_limit);
    // Every other parser error means the bytes were not HTTP; end_of_stream and partial_message only
    // mean the client went away, and no one is left to read an answer.
    const bool parser_error = ec.category() == beast_http::make_error_code(beast_http::error::bad_method).category();
    if (parser_error && ec != beast_http::error::end_of_stream && ec != beast_http::error::partial_message) {
        return ProblemFromError(Error::Malformed("The request is not valid HTTP/1.1."));
    }
    return std::nullopt;
}

// Headers whose value the server derives from the response itself; an application copy would
// contradict it and could desynchronise the connection.
bool IsServerOwnedHeader(std::string_view name) {
    return beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding") ||
           beast::iequals(name, "connection") || beast::iequals(name, "x-request-id");
}

// CR, LF or NUL in a header would let a value smuggle in further headers.
bool IsSafeHeader(std::string_view name, std::string_view value) {
    const auto unsafe = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
    return !name.empty() && std::none_of(name.begin(), name.end(), unsafe) &&
           name.find_first_of(" \t:") == std::string_view::npos && std::none_of(value.begin(), value.end(), unsafe);
}

std::string_view PathForLog(std::string_view target) { return target.substr(0, target.find('?')); }

// Every line of a header field joined with ", " (RFC 9110 5.3), or nullopt when there is none.
template <typename Message>
std::optional<std::string> JoinedField(const Message& message, std::string_view name) {
    std::optional<std::string> joined;
    const auto [first, last] = message.equal_range(name);
    for (auto field = first; field != last; ++field) {
        if (joined)
            joined->append(", ");
        else
            joined.emplace();
        joined->append(field->value());
    }
    return joined;
}

double MillisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, SessionContext& context) : stream_(std::move(socket)), context_(context) {
        beast::error_code ec;
        const auto peer = stream_.socket().remote_endpoint(ec);
        if (!ec) {
            // A dual-stack listener sees IPv4 clients as ::ffff:a.b.c.d; log and rate-limit them as a.b.c.d.
            peer_ = Unmapped(peer.address());
            client_address_ = peer_.to_string();
        }
    }

    ~Session() {
        if (id_ != 0) context_.connections.Remove(id_);
    }

    void Start() {
        id_ = context_.connections.Add(weak_from_this());
        asio::co_spawn(
            stream_.get_executor(), [self = shared_from_this()] { return self->Serve(); },
            [](std::exception_ptr failure) {
                if (!failure) return;
                try {
                    std::rethrow_exception(failure);
                } catch (const std::exception& e) {
                    spdlog::error(R"({{"msg":"connection failed","error":{}}})", JsonString(e.what()));
                }
            });
    }

    // Thread-safe. An idle connection closes now; a busy one after answering its current request.
    void OnDrain() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            if (self->idle_) self->stream_.cancel();
        });
    }

    // Thread-safe. Closes the socket whatever the connection is doing.
    void OnAbort() {
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->stream_.close(); });
    }

private:
    asio::awaitable<void> Serve() {
        const ServerOptions& options = context_.options;
        bool first = true;
        for (;;) {
            // Idle until the first byte of the next request, unless the client has pipelined it already.
            if (buffer_.size() == 0) {
                idle_ = true;
                if (context_.connections.IsDraining()) break;
                stream_.expires_after(first ? options.read_timeout : options.idle_timeout);
                auto [ec, bytes] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
                idle_ = false;
                if (ec) break;  // peer closed, idle timeout or shutdown
                buffer_.commit(bytes);
            }
            first = false;
            if (!co_await ServeOne()) break;
        }
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.close();
    }

    // Reads, handles and answers one request. Returns whether the connection stays open.
    asio::awaitable<bool> ServeOne() {
        const auto started = Clock::now();
        const ServerOptions& options = context_.options;
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(
            std::min<std::size_t>(options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
        // The real limit depends on the route, known once the head is in; until then none.
        parser_->body_limit(boost::none);
        stream_.expires_after(options.read_timeout);

        beast::error_code ec;
        std::tie(ec, std::ignore) = co_await beast_http::async_read_header(stream_, buffer_, *parser_, kNoThrow);
        std::size_t body_limit = options.max_body_bytes;
        if (!ec && !parser_->is_done()) {
            body_limit = BodyLimitFor(parser_->get());
            // A Content-Length over the limit is refused here, before any of the body is read.
            if (const auto announced = parser_->content_length(); announced && *announced > body_limit)
                ec = beast_http::error::body_limit;
            else
                parser_->body_limit(static_cast<std::uint64_t>(body_limit));
        }
        if (!ec && !parser_->is_done()) {
            if (beast::iequals(parser_->get()[beast_http::field::expect], "100-continue")) {
                beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, 11};
                std::tie(ec, std::ignore) = co_await beast_http::async_write(stream_, go_on, kNoThrow);
                if (ec) co_return false;
            }
            std::tie(ec, std::ignore) = co_await beast_http::async_read(stream_, buffer_, *parser_, kNoThrow);
        }

        auto& message = parser_->get();
        const auto offered_id = message["X-Request-Id"];
        const std::string request_id =
            IsAcceptableRequestId(offered_id) ? std::string(offered_id) : GenerateRequestId();
        AccessLogEntry log{.method = message.method_string(),
                           .path = PathForLog(message.target()),
                           .request_id = request_id,
                           .client = client_address_};

        if (ec) {
            std::optional<Response> refusal = ProblemForReadError(ec, options, body_limit);
            if (!refusal) {
                spdlog::debug(R"({{"msg":"connection closed while reading","reason":{},"client":{}}})",
                              JsonString(ec.message()), JsonString(client_address_));
                co_return false;
            }
            log.status = refusal->status;
            co_await Write(std::move(*refusal), /*keep_alive=*/false, /*head=*/false, request_id);
            log.duration_ms = MillisecondsSince(started);
            spdlog::info("{}", FormatAccessLog(log));
            co_await Linger();
            co_return false;
        }

        // Behind a trusted proxy the client is the one it names; the log and the throttle see that one.
        const ClientOrigin origin =
            ResolveClientOrigin(peer_, JoinedField(message, "X-Forwarded-For"),
                                JoinedField(message, "X-Forwarded-Proto"), context_.options.trusted_proxies);
        log.client = origin.address;

        const bool head = message.method() == beast_http::verb::head;
        // HTTP/1.0 keep-alive is an old extension not worth its corner cases.
        const bool client_keeps_alive = message.version() >= 11 && message.keep_alive();

        Response response;
        const auto target = SplitTarget(message.target());
        std::optional<std::string> path = target ? DecodePath(target->path) : std::nullopt;
        if (!path) {
            response = ProblemFromError(
                Error::Malformed("The request target must be an absolute path with valid percent-encoding."));
        } else {
            Request request;
            request.method = std::string(message.method_string());
            request.target = std::string(message.target());
            request.path = std::move(*path);
            request.query = std::string(target->query);
            request.headers.reserve(std::distance(message.begin(), message.end()));
            for (const auto& field : message) {
                std::string name(field.name_string());
                std::transform(name.begin(), name.end(), name.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                request.headers.emplace_back(std::move(name), std::string(field.value()));
            }
            request.body = std::move(message.body());
            request.client_address = origin.address;
            request.https = origin.https;
            request.request_id = request_id;
            response = co_await Dispatch(request);
        }

        if (response.status < 100 || response.status > 599) {
            spdlog::error(R"({{"msg":"handler returned an invalid status","status":{},"request_id":{}}})",
                          response.status, JsonString(request_id));
            response = InternalError();
        }
        // Checked after handling: a drain that began meanwhile still gets this answer, then the close.
        const bool keep_alive = client_keeps_alive && !context_.connections.IsDraining();
        log.status = response.status;
        const bool written = co_await Write(std::move(response), keep_alive, head, request_id);
        log.duration_ms = MillisecondsSince(started);
        spdlog::info("{}", FormatAccessLog(log));
        const bool stay_open = written && keep_alive;
        co_return stay_open;
    }

    // The application's limit for this request's body, or the server's; never throws.
    std::size_t BodyLimitFor(const beast_http::request<beast_http::string_body>& message) const {
        const std::size_t fallback = context_.options.max_body_bytes;
        const auto target = SplitTarget(message.target());
        if (!target) return fallback;
        const auto path = DecodePath(target->path);
        if (!path) return fallback;
        try {
            const std::size_t limit =
                context_.app.BodyLimitFor(message.method_string(), *path, message[beast_http::field::content_type]);
            return limit == 0 ? fallback : limit;
        } catch (...) {
            return fallback;
        }
    }

    asio::awaitable<Response> Dispatch(const Request& request) {
        WorkPool pool = WorkPool::kGeneral;
        try {
            pool = context_.app.PoolFor(request);
        } catch (const std::exception& e) {
            LogHandlerFailure(request, e.what());
            co_return InternalError();
        } catch (...) {
            LogHandlerFailure(request, "unknown exception");
            co_return InternalError();
        }
        if (pool != WorkPool::kHashing) co_return co_await RunOn(context_.general_pool, request);

        // Refuse at once rather than queue without bound: a login flood must not pile up here.
        auto& in_flight = context_.hashing_in_flight;
        if (in_flight.fetch_add(1) >= context_.options.hashing_queue_limit) {
            in_flight.fetch_sub(1);
            co_return Busy();
        }
        struct Release {
            std::atomic<std::size_t>& counter;
            ~Release() { counter.fetch_sub(1); }
        } release{in_flight};
        co_return co_await RunOn(context_.hashing_pool, request);
    }

    // Runs Handle on `pool` and resumes on this connection's strand with the result.
    asio::awaitable<Response> RunOn(asio::thread_pool& pool, const Request& request) {
        Application& app = context_.app;
        std::string failure;
        try {
            // `request` and `app` outlive the call: this coroutine is suspended until Handle returns.
            co_return co_await asio::co_spawn(
                pool, [&app, &request]() -> asio::awaitable<Response> { co_return app.Handle(request); },
                asio::use_awaitable);
        } catch (const std::exception& e) {
            failure = e.what();
        } catch (...) {
            failure = "unknown exception";
        }
        LogHandlerFailure(request, failure);
        co_return InternalError();
    }

    static void LogHandlerFailure(const Request& request, std::string_view what) {
        spdlog::error(R"({{"msg":"request failed","request_id":{},"error":{}}})", JsonString(request.request_id),
                      JsonString(what));
    }

    // Writes `response`; returns false if the connection broke. REQUIRES: 100 <= status <= 599.
    asio::awaitable<bool> Write(Response response, bool keep_alive, bool head, const std::string& request_id) {
        beast_http::response_header<> header;
        header.version(11);
        header.result(static_cast<unsigned>(response.status));
        if (!response.content_type.empty()) header.set(beast_http::field::content_type, response.content_type);
        for (const auto& [name, value] : response.headers) {
            if (IsServerOwnedHeader(name)) continue;
            if (!IsSafeHeader(name, value)) {
                spdlog::error(R"({{"msg":"dropped an unsafe response header","request_id":{}}})",
                              JsonString(request_id));
                continue;
            }
            header.insert(name, value);
        }
        header.set("X-Request-Id", request_id);

        const int status = response.status;
        const bool status_has_no_body = status < 200 || status == 204 || status == 304;
        // A write gets as long as a read: a client that stops reading must not hold the connection forever.
        stream_.expires_after(context_.options.read_timeout);
        beast::error_code ec;
        if (status_has_no_body || head) {
            if (!status_has_no_body) {
                header.set(beast_http::field::content_length, std::to_string(response.body.size()));
            }
            beast_http::response<beast_http::empty_body> out(std::move(header));
            out.keep_alive(keep_alive);
            std::tie(ec, std::ignore) = co_await beast_http::async_write(stream_, out, kNoThrow);
        } else {
            header.set(beast_http::field::content_length, std::to_string(response.body.size()));
            beast_http::response<beast_http::string_body> out(std::move(header), std::move(response.body));
            out.keep_alive(keep_alive);
            std::tie(ec, std::ignore) = co_await beast_http::async_write(stream_, out, kNoThrow);
        }
        co_return !ec;
    }

    asio::awaitable<void> Linger() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.expires_after(kLingerTime);
        std::array<char, kReadChunk> scratch;
        std::size_t drained = 0;
        while (drained < kLingerBytes) {
            auto [ec, bytes] = co_await stream_.async_read_some(asio::buffer(scratch), kNoThrow);
            if (ec) break;
            drained += bytes;
        }
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<RequestParser> parser_;  // a parser serves one message; a fresh one per request
    SessionContext& context_;
    asio::ip::address peer_;
    std::string client_address_;  // the peer, for messages before a request names its client
    std::uint64_t id_ = 0;
    bool idle_ = false;  // waiting for the first byte of a request; touched only on the strand
};

ConnectionSet::ConnectionSet(std::function<void()> on_last_closed) : on_last_closed_(std::move(on_last_closed)) {}

std::uint64_t ConnectionSet::Add(std::weak_ptr<Session> session) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    sessions_.emplace(id, std::move(session));
    return id;
}

void ConnectionSet::Remove(std::uint64_t id) {
    std::function<void()> notify;
    {
        std::lock_guard lock(mutex_);
        sessions_.erase(id);
        if (draining_ && sessions_.empty()) notify = on_last_closed_;
    }
    if (notify) notify();
}

std::size_t ConnectionSet::Count() const {
    std::lock_guard lock(mutex_);
    return sessions_.size();
}

void ConnectionSet::Drain() {
    std::vector<std::shared_ptr<Session>> alive;
    {
        std::lock_guard lock(mutex_);
        draining_ = true;
        for (const auto& [id, weak] : sessions_)
            if (auto session = weak.lock()) alive.push_back(std::move(session));
    }
    for (const auto& session : alive) session->OnDrain();
}

bool ConnectionSet::IsDraining() const {
    std::lock_guard lock(mutex_);
    return draining_;
}

void ConnectionSet::Abort() {
    std::vector<std::shared_ptr<Session>> alive;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [id, weak] : sessions_)
            if (auto session = weak.lock()) alive.push_back(std::move(session));
    }
    for (const auto& session : alive) session->OnAbort();
}

void ConnectionSet::Silence() {
    std::lock_guard lock(mutex_);
    on_last_closed_ = nullptr;
}

void StartSession(tcp::socket socket, SessionContext& context) {
    std::make_shared<Session>(std::move(socket), context)->Start();
}

}  // namespace shiftsync::http::server_internal
