#include "infra/tz/tz_database.hpp"

#include <date/tz.h>

#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace shiftsync {
namespace {

// Longest IANA name today is 32 bytes; the margin only bounds what we hand to date/tz.
constexpr std::size_t kMaxZoneNameLength = 64;

bool IsZoneNameChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
           c == '-' || c == '+';
}

// IANA names are slash-separated components of letters, digits, '_', '-' and '+'. The
// names come from users and date/tz maps them onto files, so anything that could climb out
// of the zoneinfo directory (leading '/', "..") is refused before it gets there.
bool LooksLikeZoneName(std::string_view name) {
    if (name.empty() || name.size() > kMaxZoneNameLength) return false;
    if (name.front() == '/' || name.back() == '/') return false;
    if (name.find("//") != std::string_view::npos) return false;
    for (const char c : name) {
        if (!IsZoneNameChar(c)) return false;  // also rules out '.', so ".." and "./"
    }
    return true;
}

class TzZone final : public TimeZone {
public:
    explicit TzZone(const date::time_zone* zone) : zone_(zone) {}

    Instant ToUtc(LocalSeconds local) const override {
        const date::local_info info = zone_->get_info(date::local_seconds{local});
        // For a unique time `first` is the only period. In a spring-forward gap `first` is
        // the period before the gap, whose offset carries the wall time past the gap by the
        // gap's length. For a repeated autumn time `first` is the earlier occurrence.
        return Instant{local - info.first.offset};
    }

    LocalSeconds ToLocal(Instant instant) const override {
        return instant.time_since_epoch() + zone_->get_info(instant).offset;
    }

private:
    const date::time_zone* zone_;  // owned by date/tz's process-wide database
};

class TzDatabaseZones final : public TimeZones {
public:
    const TimeZone* Find(std::string_view iana_name) const override {
        if (!LooksLikeZoneName(iana_name)) return nullptr;
        std::lock_guard<std::mutex> lock(mutex_);
        if (const auto it = zones_.find(iana_name); it != zones_.end()) return it->second.get();

        const date::time_zone* zone = nullptr;
        try {
            zone = date::locate_zone(iana_name);
            // date/tz reads a zone's file on first use and can throw then; do it here so that
            // ToUtc/ToLocal never do.
            (void)zone->get_info(date::sys_seconds{});
        } catch (const std::exception&) {
            return nullptr;  // unknown names are not cached, so they cannot grow the map
        }
        const auto inserted = zones_.emplace(std::string(iana_name), std::make_unique<TzZone>(zone)).first;
        return inserted->second.get();
    }

private:
    mutable std::mutex mutex_;
    mutable std::map<std::string, std::unique_ptr<TzZone>, std::less<>> zones_;
};

}  // namespace

std::unique_ptr<TimeZones> MakeTzDatabaseZones() {
    // Read the database now so that a missing tzdata stops the process at start, not later
    // inside a request.
    (void)date::get_tzdb();
    return std::make_unique<TzDatabaseZones>();
}

}  // namespace shiftsync
