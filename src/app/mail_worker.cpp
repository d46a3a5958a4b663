#include "app/mail_worker.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace shiftsync {
namespace {

// What a throwing transport leaves in last_error: the exception text might hold connection
// details or credentials, and last_error is shown to managers.
constexpr const char* kTransportThrew = "unexpected error in the mail transport";

}  // namespace

MailWorker::MailWorker(UnitOfWorkFactory& database, MailTransport& transport, const Clock& clock,
                       std::function<double()> uniform, MailWorkerSettings settings)
    : database_(database), transport_(transport), clock_(clock), uniform_(std::move(uniform)), settings_(settings) {
    assert(settings_.batch_size > 0 && settings_.max_attempts > 0);
}

int MailWorker::DrainOnce(std::stop_token stop) {
    std::vector<OutboxMessage> batch;
    {
        // Committed before any send: the lease must be visible to other workers while we send.
        auto unit = database_.Begin(TransactionMode::kWrite);
        batch = unit->outbox().Claim(clock_.Now(), settings_.lease, settings_.batch_size);
        unit->Commit();
    }
    int handled = 0;
    for (const OutboxMessage& message : batch) {
        if (stop.stop_requested()) break;
        DeliveryResult result;
        try {
            result = transport_.Send(message);
        } catch (const std::exception&) {
            result = {DeliveryOutcome::kTemporaryFailure, kTransportThrew};
        }
        Record(message, result);
        ++handled;
    }
    return handled;
}

void MailWorker::Record(const OutboxMessage& message, const DeliveryResult& result) {
    const Instant now = clock_.Now();
    auto unit = database_.Begin(TransactionMode::kWrite);
    OutboxRepository& outbox = unit->outbox();
    switch (result.outcome) {
        case DeliveryOutcome::kDelivered: outbox.MarkSent(message.id, now); break;
        case DeliveryOutcome::kPermanentFailure: outbox.MarkFailed(message.id, result.error, std::nullopt); break;
        case DeliveryOutcome::kTemporaryFailure: {
            if (message.attempts + 1 >= settings_.max_attempts) {
                outbox.MarkFailed(message.id, result.error, std::nullopt);
                break;
            }
            // In double seconds so that 2^attempts cannot overflow before the cap applies.
            const double exponential = static_cast<double>(settings_.base_backoff.count()) *
                                       std::exp2(static_cast<double>(std::max(0, message.attempts)));
            const double capped = std::min(exponential, static_cast<double>(settings_.max_backoff.count()));
            const double jitter = 0.8 + 0.4 * std::clamp(uniform_(), 0.0, 1.0);
            const auto delay = std::chrono::seconds{std::llround(capped * jitter)};
            outbox.MarkFailed(message.id, result.error, now + delay);
            break;
        }
    }
    unit->Commit();
}

MailWorkerLoop::MailWorkerLoop(MailWorker& worker, std::function<void(std::string_view)> log_error,
                               std::chrono::milliseconds poll_interval)
    : worker_(worker),
      log_error_(std::move(log_error)),
      poll_interval_(poll_interval),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

MailWorkerLoop::~MailWorkerLoop() { Stop(); }

void MailWorkerLoop::Wake() {
    {
        std::lock_guard lock(mutex_);
        wake_requested_ = true;
    }
    wake_cv_.notify_one();
}

void MailWorkerLoop::RequestStop() {
    thread_.request_stop();  // also wakes a wait on wake_cv_ through the stop token
}

void MailWorkerLoop::Stop() {
    RequestStop();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void MailWorkerLoop::Run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        {
            // A Wake() from here on asks for another drain after this one.
            std::lock_guard lock(mutex_);
            wake_requested_ = false;
        }
        bool failed = false;
        int handled = 0;
        try {
            handled = worker_.DrainOnce(stop);
        } catch (const std::exception& e) {
            failed = true;
            log_error_(std::string("mail worker: ").append(e.what()));
        } catch (...) {
            failed = true;
            log_error_("mail worker: unknown exception");
        }
        if (stop.stop_requested()) break;
        if (!failed && handled >= worker_.settings().batch_size) continue;

        std::unique_lock lock(mutex_);
        if (failed) {
            wake_cv_.wait_for(lock, stop, poll_interval_, [] { return false; });
        } else {
            wake_cv_.wait_for(lock, stop, poll_interval_, [this] { return wake_requested_; });
        }
    }
}

}  // namespace shiftsync
