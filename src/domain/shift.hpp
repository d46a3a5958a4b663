#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "domain/types.hpp"

namespace shiftsync {

// One stretch of work: for one employee, or open (user_id empty). [start, end).
struct Shift {
    Id id = 0;
    Id organization_id = 0;
    std::optional<Id> user_id;
    Instant start{};
    Instant end{};
    std::string position;
    std::string note;
    std::optional<Id> pattern_id;  // set while the shift is as its weekly pattern made it
};

// Whether two versions of a shift ask the same of people: who works, when, as what, with which
// note. Ids and the pattern link are not compared. A save that changes none of these is no change
// at all: it stays on its pattern, raises no revision and emails nobody.
inline bool SameWork(const Shift& a, const Shift& b) {
    return a.user_id == b.user_id && a.start == b.start && a.end == b.end && a.position == b.position &&
           a.note == b.note;
}

// No shift lasts longer. Besides being a sane bound for one stretch of work, it lets storage
// find the shifts touching a range by scanning starts in [from - kMaxShiftLength, to) only.
inline constexpr std::chrono::hours kMaxShiftLength{24};

// Two half-open ranges overlap when each starts before the other ends.
inline bool Overlaps(Instant a_start, Instant a_end, Instant b_start, Instant b_end) {
    return a_start < b_end && b_start < a_end;
}

}  // namespace shiftsync
