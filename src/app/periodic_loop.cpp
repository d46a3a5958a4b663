#include "app/periodic_loop.hpp"

#include <exception>
#include <utility>

namespace shiftsync {

PeriodicLoop::PeriodicLoop(std::string name, std::function<bool()> round,
                           std::function<void(std::string_view)> log_error, std::chrono::milliseconds interval)
    : name_(std::move(name)),
      round_(std::move(round)),
      log_error_(std::move(log_error)),
      interval_(interval),
      thread_([this](std::stop_token stop) { Run(stop); }) {}

PeriodicLoop::~PeriodicLoop() { Stop(); }

void PeriodicLoop::RequestStop() { thread_.request_stop(); }

void PeriodicLoop::Stop() {
    RequestStop();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

void PeriodicLoop::Run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        bool more = false;
        try {
            more = round_();
        } catch (const std::exception& e) {
            log_error_(name_ + ": " + e.what());
        } catch (...) {
            log_error_(name_ + ": unknown exception");
        }
        if (more) continue;
        std::unique_lock lock(mutex_);
        cv_.wait_for(lock, stop, interval_, [] { return false; });  // woken early only by a stop
    }
}

}  // namespace shiftsync
