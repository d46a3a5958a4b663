#pragma once
#include <chrono>
#include <string>

#include "domain/types.hpp"

namespace shiftsync {

struct Organization {
    Id id = 0;
    std::string name;
    std::string time_zone;                                // IANA name, e.g. "Europe/Berlin"
    std::chrono::weekday week_start = std::chrono::Monday;  // first day of the schedule week
    Instant created_at{};
};

}  // namespace shiftsync
