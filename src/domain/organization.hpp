#pragma once
#include <chrono>
#include <cstdint>
#include <string>

#include "domain/types.hpp"

namespace shiftsync {

struct Organization {
    Id id = 0;
    std::string name;
    std::string time_zone;                                  // IANA name, e.g. "Europe/Berlin"
    std::chrono::weekday week_start = std::chrono::Monday;  // first day of the schedule week
    Instant created_at{};
    // Raised by every change to what the schedule shows (people, shifts, patterns, this row),
    // so a schedule built at one revision is current while the revision is unchanged.
    std::int64_t schedule_revision = 0;
    // How emails write dates and times: a tag of SupportedLocaleTags() (domain/display_format.hpp).
    std::string locale = "en-US";
};

}  // namespace shiftsync
