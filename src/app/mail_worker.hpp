#pragma once
// Delivers the outbox: claims due messages, sends them through the MailTransport, records
// each outcome with retries and exponential backoff.
//
// Delivery is at least once, never at most once. A batch is claimed (leased) in its own
// committed unit of work BEFORE anything is sent, and each result is recorded in another one
// AFTER the send returns; no transaction is held open across the network. If the process dies
// (or the database write fails) between a successful send and MarkSent, the row stays pending
// with a lease that expires `lease` after the claim; a worker then claims it again and sends it
// a second time. The duplicate carries the same Message-ID (fixed at enqueue), so mail clients
// and the relay can recognise it. `lease` must therefore comfortably exceed the time one batch
// takes to send, or a slow batch is sent twice by two workers.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string_view>
#include <thread>

#include "app/ports/mail.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

struct MailWorkerSettings {
    int batch_size = 20;                    // messages claimed per DrainOnce
    std::chrono::seconds lease{300};        // how long a claim keeps other workers off
    int max_attempts = 8;                   // a message is dead after this many failed attempts
    std::chrono::seconds base_backoff{30};  // wait after the first temporary failure
    std::chrono::seconds max_backoff{std::chrono::hours{6}};
};

class MailWorker {
public:
    // `uniform` returns a number in [0, 1) and is only called from the thread running
    // DrainOnce; it jitters backoffs so that messages failing together do not retry together.
    // Keeps references: everything passed must outlive the worker.
    // REQUIRES: settings.batch_size > 0, settings.max_attempts > 0.
    MailWorker(UnitOfWorkFactory& database, MailTransport& transport, const Clock& clock,
               std::function<double()> uniform, MailWorkerSettings settings);

    // One round; blocks on the database and the network. Claims up to batch_size due messages
    // (kWrite, committed), then for each one: sends it outside any transaction and records the
    // result in its own kWrite unit of work:
    //   delivered           -> sent
    //   permanent failure   -> dead at once
    //   temporary failure   -> pending again after min(max_backoff, base_backoff * 2^attempts)
    //                          times a jitter in [0.8, 1.2), or dead when this was attempt
    //                          number max_attempts (attempts counts earlier tries)
    // A transport that throws counts as a temporary failure. Stops between messages once `stop`
    // is requested; messages claimed but not sent wait for their lease to expire.
    // Returns how many messages it recorded a result for. Throws on database failures (the
    // messages not recorded are then retried once their lease expires).
    int DrainOnce(std::stop_token stop = {});

    const MailWorkerSettings& settings() const { return settings_; }

private:
    void Record(const OutboxMessage& message, const DeliveryResult& result);

    UnitOfWorkFactory& database_;
    MailTransport& transport_;
    const Clock& clock_;
    std::function<double()> uniform_;
    MailWorkerSettings settings_;
};

// Runs a MailWorker on its own thread from construction until Stop() (or destruction):
//   - after a full batch it drains again at once (there is probably more);
//   - otherwise it sleeps until `poll_interval` has passed or Wake() is called, so mail that a
//     request just committed goes out promptly without polling the database constantly;
//   - an exception from DrainOnce is passed to `log_error` (as "mail worker: <what>"), then
//     the loop sleeps for poll_interval (Wake() does not cut that short) and tries again.
class MailWorkerLoop {
public:
    // Keeps a reference to `worker`, which must outlive the loop. `log_error` is called from the
    // loop's thread.
    MailWorkerLoop(MailWorker& worker, std::function<void(std::string_view)> log_error,
                   std::chrono::milliseconds poll_interval = std::chrono::seconds{1});
    ~MailWorkerLoop();  // Stop()
    MailWorkerLoop(const MailWorkerLoop&) = delete;
    MailWorkerLoop& operator=(const MailWorkerLoop&) = delete;

    // Asks for a drain now (or right after the current one). Never blocks; thread-safe.
    void Wake();

    // Graceful: lets the message being sent finish and its result be recorded, sends no further
    // one, and joins the thread. Idempotent; thread-safe; must not be called from `log_error`.
    void Stop();
    // The first half of Stop() without the join, so that shutdown can ask every component to
    // stop before waiting for any. Never blocks; thread-safe.
    void RequestStop();

private:
    void Run(std::stop_token stop);

    MailWorker& worker_;
    std::function<void(std::string_view)> log_error_;
    std::chrono::milliseconds poll_interval_;
    std::mutex mutex_;
    std::condition_variable_any wake_cv_;
    bool wake_requested_ = false;  // guarded by mutex_; a Wake() during a drain is not lost
    std::jthread thread_;          // last: started after everything it uses exists
};

}  // namespace shiftsync
