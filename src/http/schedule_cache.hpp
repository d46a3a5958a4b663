#pragma once
// Serialised schedules kept for reuse. A schedule depends only on its organisation's data,
// which carries a revision raised by every change (see Organization::schedule_revision), so an
// entry stored at revision R answers every request that finds the revision still at R — on
// any server, since the revision lives in the database. Bounded; thread-safe.
#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

#include "app/schedule_service.hpp"

namespace shiftsync::http {

class ScheduleCache {
public:
    explicit ScheduleCache(std::size_t capacity = 512);

    // The body stored for exactly this key (organisation, week, revision), or nullptr.
    std::shared_ptr<const std::string> Find(const ScheduleKey& key);
    // Keeps `body` for `key`, replacing an entry of an older revision for the same week.
    void Store(const ScheduleKey& key, std::shared_ptr<const std::string> body);

private:
    using Week = std::tuple<Id, int, unsigned, unsigned>;  // organisation, year, month, day
    struct Entry {
        std::int64_t revision = 0;
        std::shared_ptr<const std::string> body;
        std::list<Week>::iterator recency;  // position in recency_, most recent first
    };
    static Week WeekOf(const ScheduleKey& key);

    std::size_t capacity_;
    std::mutex mutex_;
    std::map<Week, Entry> entries_;
    std::list<Week> recency_;
};

}  // namespace shiftsync::http
