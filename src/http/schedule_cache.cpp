#include "http/schedule_cache.hpp"

namespace shiftsync::http {

ScheduleCache::ScheduleCache(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

ScheduleCache::Week ScheduleCache::WeekOf(const ScheduleKey& key) {
    return {key.organization_id, static_cast<int>(key.week_start.year()), static_cast<unsigned>(key.week_start.month()),
            static_cast<unsigned>(key.week_start.day())};
}

std::shared_ptr<const std::string> ScheduleCache::Find(const ScheduleKey& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(WeekOf(key));
    if (it == entries_.end() || it->second.revision != key.revision) return nullptr;
    recency_.splice(recency_.begin(), recency_, it->second.recency);
    return it->second.body;
}

void ScheduleCache::Store(const ScheduleKey& key, std::shared_ptr<const std::string> body) {
    const Week week = WeekOf(key);
    std::lock_guard lock(mutex_);
    auto it = entries_.find(week);
    if (it != entries_.end()) {
        // A slower request may finish after a newer one: never go back to an older revision.
        if (it->second.revision > key.revision) return;
        it->second.revision = key.revision;
        it->second.body = std::move(body);
        recency_.splice(recency_.begin(), recency_, it->second.recency);
        return;
    }
    if (entries_.size() >= capacity_) {
        entries_.erase(recency_.back());
        recency_.pop_back();
    }
    recency_.push_front(week);
    entries_.emplace(week, Entry{key.revision, std::move(body), recency_.begin()});
}

}  // namespace shiftsync::http
