#pragma once
// Runs one round of background work (collecting orphaned blobs, say) on a thread of its own,
// again and again until stopped.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <thread>

namespace shiftsync {

class PeriodicLoop {
public:
    // `round` returns true when there is probably more to do at once (a full batch), false to
    // wait `interval` first. An exception from it is passed to `log_error` as "<name>: <what>"
    // and the loop waits `interval`. Both are called on the loop's thread, which starts now.
    PeriodicLoop(std::string name, std::function<bool()> round, std::function<void(std::string_view)> log_error,
                 std::chrono::milliseconds interval);
    ~PeriodicLoop();  // Stop()
    PeriodicLoop(const PeriodicLoop&) = delete;
    PeriodicLoop& operator=(const PeriodicLoop&) = delete;

    // Lets the current round finish and joins the thread. Idempotent; thread-safe.
    void Stop();
    // Stop() without the join. Never blocks.
    void RequestStop();

private:
    void Run(std::stop_token stop);

    std::string name_;
    std::function<bool()> round_;
    std::function<void(std::string_view)> log_error_;
    std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable_any cv_;
    std::jthread thread_;  // last: started after everything it uses exists
};

}  // namespace shiftsync
