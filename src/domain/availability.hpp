#pragma once
// When a person can work: a recurring weekly availability in local wall time, versioned by the date
// it takes effect from, single-date exceptions, and the organisation's default for time nobody
// described. ResolveAvailability turns them into instants for a range of local dates; the rules
// engine asks KindAt / PartsOfKind about a shift.
//
// Pure: no I/O, no clock. Local wall times stay local: 22:00 is 22:00 on both sides of a
// daylight-saving change, and the zone decides how many real hours that makes.
#include <array>
#include <optional>
#include <string_view>
#include <vector>

#include "domain/result.hpp"
#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync {

enum class AvailabilityKind { kAvailable, kPreferred, kUnavailable };

std::string_view AvailabilityKindName(AvailabilityKind kind);  // "available" | "preferred" | "unavailable"
std::optional<AvailabilityKind> ParseAvailabilityKind(std::string_view name);  // nullopt for anything else

// One stretch of a day in local wall time. Times are whole minutes after midnight, [0, 1440)
// (on the minute by construction). end <= start means it ends on the next day at `end` (overnight);
// start == end is a whole 24 hours.
struct AvailabilityInterval {
    LocalTime start;
    LocalTime end;
    AvailabilityKind kind = AvailabilityKind::kAvailable;
    friend bool operator==(const AvailabilityInterval&, const AvailabilityInterval&) = default;
};

inline constexpr std::size_t kMaxIntervalsPerDay = 4;

// Index 0 = Monday ... 6 = Sunday (ISO order, as WeekDays in weekly_pattern.hpp). An interval
// belongs to the day it starts on.
using WeeklyIntervals = std::array<std::vector<AvailabilityInterval>, 7>;

// A person's weekly availability from `effective_from` until the next version takes effect.
struct WeeklyAvailability {
    Date effective_from;
    WeeklyIntervals days;
    friend bool operator==(const WeeklyAvailability&, const WeeklyAvailability&) = default;
};

// Checks one weekly availability: effective_from a real date; per day at most kMaxIntervalsPerDay
// intervals; times within [00:00, 23:59]; no two intervals of the week overlapping, counting an
// overnight interval's spill into the next day (Sunday's into Monday). Intervals that only touch
// (08:00-12:00 and 12:00-16:00) are fine. The error is kInvalidInput naming the interval:
// "days.monday[1]" (its ".start" or ".end" for a time out of range; for an overlap, the later
// interval of the two in week order), "days.monday" for too many, "effective_from".
Status ValidateWeeklyAvailability(const WeeklyAvailability& weekly);

// The versions of one person's weekly availability. A change from a later date adds a version and
// keeps the earlier ones, so a past week resolves to what was true then.
class AvailabilityHistory {
public:
    AvailabilityHistory() = default;  // no versions: every date falls to the organisation default

    // Each version valid (ValidateWeeklyAvailability) and no two taking effect on the same date;
    // they may come in any order. Errors name the version: "versions[2].days.monday[1]",
    // "versions[1].effective_from" for a date already taken.
    static Result<AvailabilityHistory> Make(std::vector<WeeklyAvailability> versions);

    // The version in force on `date`: the one with the latest effective_from <= date; nullptr
    // before the first. The pointer is valid as long as this history.
    const WeeklyAvailability* InForceOn(Date date) const;

    // Sorted by effective_from.
    const std::vector<WeeklyAvailability>& versions() const { return versions_; }

private:
    std::vector<WeeklyAvailability> versions_;
};

// A single date whose availability differs from the weekly one. Only `intervals` hold on that date
// and the rest of it is unavailable, whatever the weekly availability and the default say: no
// intervals is "unavailable all day"; one available 12:00-18:00 is "only 12:00-18:00". An
// exception owns the whole local date [00:00, 24:00) and nothing else: it overrides the spill of the
// previous day's overnight interval into it, and the weekly overnight interval of its own date still
// spills into the next date. Its own intervals stay within the date (end > start, or end 00:00 for
// "until midnight").
struct AvailabilityException {
    Date date;
    std::vector<AvailabilityInterval> intervals;
    friend bool operator==(const AvailabilityException&, const AvailabilityException&) = default;
};

// date a real date; at most kMaxIntervalsPerDay intervals, each within the day and not overlapping
// another. Errors name the field: "date", "intervals", "intervals[1]", "intervals[1].end".
Status ValidateAvailabilityException(const AvailabilityException& exception);

// Longest range ResolveAvailability accepts, in days (bounds the work of one call).
inline constexpr int kMaxResolveDays = 366;

// A stretch of real time and what it is: [start, end), UTC.
struct AvailabilitySpan {
    Instant start;
    Instant end;
    AvailabilityKind kind = AvailabilityKind::kAvailable;
    friend bool operator==(const AvailabilitySpan&, const AvailabilitySpan&) = default;
};

// What a person's availability is from local midnight starting `from` to local midnight after
// `to`, in `zone`: spans in order, each non-empty, with no gap between them, neighbours always of
// different kinds, the first starting at zone.ToUtc(midnight of from) and the last ending at
// zone.ToUtc(midnight after to). Time neither the weekly version in force nor an exception
// describes has `default_kind` (the organisation's setting: kAvailable or kUnavailable).
//
// How it is laid out: on each date the weekly version in force on that date (by its own weekday)
// gives its intervals in wall time, overnight ones running into the next date; where an overnight
// spill meets the next date's own interval, the later-starting one holds. Exceptions then replace
// their whole date. Every wall-time boundary becomes an instant through zone.ToUtc, so a
// 22:00-06:00 interval on a DST night lasts 7 or 9 real hours, and a wall time in a spring-forward
// gap resolves as ToUtc documents (moved past the gap by its distance into it); when that puts a
// boundary before the one preceding it, it is moved up to it, so the earlier stretch keeps its
// resolved time and a stretch the gap swallows disappears.
//
// If two exceptions share a date, the later in the list holds. The inputs are expected valid
// (AvailabilityHistory::Make, ValidateAvailabilityException); an invalid exception is still laid
// out without failing. Errors (kInvalidInput): "from"/"to" not a real date, "to" before "from",
// "to" more than kMaxResolveDays days after "from".
Result<std::vector<AvailabilitySpan>> ResolveAvailability(const AvailabilityHistory& history,
                                                          const std::vector<AvailabilityException>& exceptions,
                                                          AvailabilityKind default_kind, const TimeZone& zone,
                                                          Date from, Date to);

// The kind in force at `instant` in spans from ResolveAvailability (or any sorted, gap-free spans);
// nullopt when `instant` lies outside them.
std::optional<AvailabilityKind> KindAt(const std::vector<AvailabilitySpan>& spans, Instant instant);

// The parts of [start, end) (a shift) that fall in `kind` time, in order, clipped to [start, end);
// touching parts come merged. Time of [start, end) outside `spans` is not reported: resolve a range
// that covers the shift (ResolveAround). REQUIRES: start <= end.
std::vector<AvailabilitySpan> PartsOfKind(const std::vector<AvailabilitySpan>& spans, Instant start, Instant end,
                                          AvailabilityKind kind);

// ResolveAvailability over the local dates [start, end) touches, with one date of margin each side
// (so every instant of [start, end) is covered whatever the zone's offset). REQUIRES: start <= end.
// A [start, end) longer than about kMaxResolveDays - 3 days gives ResolveAvailability's error ("to").
Result<std::vector<AvailabilitySpan>> ResolveAround(const AvailabilityHistory& history,
                                                    const std::vector<AvailabilityException>& exceptions,
                                                    AvailabilityKind default_kind, const TimeZone& zone, Instant start,
                                                    Instant end);

}  // namespace shiftsync
