#pragma once
// A stretch of time between two instants, half-open: [start, end).
#include "domain/types.hpp"

namespace shiftsync {

struct TimeRange {
    Instant start{};
    Instant end{};
    friend bool operator==(const TimeRange&, const TimeRange&) = default;
};

}  // namespace shiftsync
