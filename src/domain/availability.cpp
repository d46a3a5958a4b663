#include "domain/availability.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>

#include "domain/weekly_pattern.hpp"

namespace shiftsync {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;
constexpr std::array<std::string_view, 7> kDayNames = {"monday", "tuesday",  "wednesday", "thursday",
                                                       "friday", "saturday", "sunday"};

bool IsTimeOfDay(LocalTime time) { return time.minutes >= 0 && time.minutes < kMinutesPerDay; }

// Minutes from the day's midnight to the interval's end: past 1440 when it runs overnight.
int EndMinutes(const AvailabilityInterval& interval) {
    return interval.end.minutes <= interval.start.minutes ? interval.end.minutes + kMinutesPerDay
                                                          : interval.end.minutes;
}

// The time checks both kinds of interval list share; `field` is "days.monday" or "intervals".
Status ValidateTimes(const std::vector<AvailabilityInterval>& intervals, const std::string& field,
                     std::string_view what) {
    if (intervals.size() > kMaxIntervalsPerDay) {
        return Error::Invalid(fmt::format("{} may have at most {} intervals", what, kMaxIntervalsPerDay), field);
    }
    for (std::size_t i = 0; i < intervals.size(); ++i) {
        const std::string at = fmt::format("{}[{}]", field, i);
        if (!IsTimeOfDay(intervals[i].start)) {
            return Error::Invalid(fmt::format("{} interval {} start must be between 00:00 and 23:59", what, i + 1),
                                  at + ".start");
        }
        if (!IsTimeOfDay(intervals[i].end)) {
            return Error::Invalid(fmt::format("{} interval {} end must be between 00:00 and 23:59", what, i + 1),
                                  at + ".end");
        }
    }
    return Ok();
}

// A piece of an interval on the week's minute line [0, kMinutesPerWeek), or a day's [0, 1440].
struct Piece {
    int start;
    int end;
    std::size_t owner;  // index into the caller's list of intervals, in week order
};

// The first overlap among pieces, as the two owners (the later one second); nullopt if none.
std::optional<std::pair<std::size_t, std::size_t>> FirstOverlap(std::vector<Piece> pieces) {
    std::sort(pieces.begin(), pieces.end(),
              [](const Piece& a, const Piece& b) { return a.start != b.start ? a.start < b.start : a.end < b.end; });
    std::optional<Piece> furthest;
    for (const Piece& piece : pieces) {
        if (furthest && piece.start < furthest->end) {
            return std::pair{std::min(piece.owner, furthest->owner), std::max(piece.owner, furthest->owner)};
        }
        if (!furthest || piece.end > furthest->end) furthest = piece;
    }
    return std::nullopt;
}

// A step function over local wall time in [begin, end): each key starts a stretch of its kind that
// lasts until the next key (or `end`). Painting a range overwrites what was there.
class LocalTimeline {
public:
    LocalTimeline(LocalSeconds begin, LocalSeconds end, AvailabilityKind initial) : begin_(begin), end_(end) {
        steps_[begin] = initial;
    }

    void Paint(LocalSeconds from, LocalSeconds to, AvailabilityKind kind) {
        from = std::max(from, begin_);
        to = std::min(to, end_);
        if (from >= to) return;
        if (to < end_ && !steps_.contains(to)) steps_[to] = KindAt(to);  // what follows stays as it was
        steps_.erase(steps_.lower_bound(from), steps_.lower_bound(to));
        steps_[from] = kind;
    }

    const std::map<LocalSeconds, AvailabilityKind>& steps() const { return steps_; }
    LocalSeconds end() const { return end_; }

private:
    AvailabilityKind KindAt(LocalSeconds t) const { return std::prev(steps_.upper_bound(t))->second; }

    LocalSeconds begin_;
    LocalSeconds end_;
    std::map<LocalSeconds, AvailabilityKind> steps_;
};

void Append(std::vector<AvailabilitySpan>& spans, Instant start, Instant end, AvailabilityKind kind) {
    if (start >= end) return;
    if (!spans.empty() && spans.back().end == start && spans.back().kind == kind) {
        spans.back().end = end;
        return;
    }
    spans.push_back({start, end, kind});
}

}  // namespace

std::string_view AvailabilityKindName(AvailabilityKind kind) {
    switch (kind) {
        case AvailabilityKind::kAvailable: return "available";
        case AvailabilityKind::kPreferred: return "preferred";
        case AvailabilityKind::kUnavailable: return "unavailable";
    }
    return "available";
}

std::optional<AvailabilityKind> ParseAvailabilityKind(std::string_view name) {
    for (AvailabilityKind kind :
         {AvailabilityKind::kAvailable, AvailabilityKind::kPreferred, AvailabilityKind::kUnavailable}) {
        if (AvailabilityKindName(kind) == name) return kind;
    }
    return std::nullopt;
}

Status ValidateWeeklyAvailability(const WeeklyAvailability& weekly) {
    if (!weekly.effective_from.ok()) return Error::Invalid("effective_from must be a valid date", "effective_from");

    std::vector<Piece> pieces;
    std::vector<std::string> fields;  // by owner index
    for (std::size_t day = 0; day < weekly.days.size(); ++day) {
        const std::vector<AvailabilityInterval>& intervals = weekly.days[day];
        const std::string field = fmt::format("days.{}", kDayNames[day]);
        if (Status times = ValidateTimes(intervals, field, kDayNames[day]); !times) return times;
        for (std::size_t i = 0; i < intervals.size(); ++i) {
            const std::size_t owner = fields.size();
            fields.push_back(fmt::format("{}[{}]", field, i));
            const int start = static_cast<int>(day) * kMinutesPerDay + intervals[i].start.minutes;
            const int end = static_cast<int>(day) * kMinutesPerDay + EndMinutes(intervals[i]);
            if (end <= kMinutesPerWeek) {
                pieces.push_back({start, end, owner});
            } else {  // Sunday night runs into Monday morning
                pieces.push_back({start, kMinutesPerWeek, owner});
                pieces.push_back({0, end - kMinutesPerWeek, owner});
            }
        }
    }
    if (auto overlap = FirstOverlap(std::move(pieces))) {
        return Error::Invalid(fmt::format("{} overlaps {}", fields[overlap->second], fields[overlap->first]),
                              fields[overlap->second]);
    }
    return Ok();
}

Result<AvailabilityHistory> AvailabilityHistory::Make(std::vector<WeeklyAvailability> versions) {
    for (std::size_t i = 0; i < versions.size(); ++i) {
        if (Status valid = ValidateWeeklyAvailability(versions[i]); !valid) {
            Error error = valid.error();
            error.field = fmt::format("versions[{}].{}", i, error.field);
            return error;
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (versions[j].effective_from == versions[i].effective_from) {
                return Error::Invalid(fmt::format("versions {} and {} take effect on the same date", j, i),
                                      fmt::format("versions[{}].effective_from", i));
            }
        }
    }
    std::sort(versions.begin(), versions.end(), [](const WeeklyAvailability& a, const WeeklyAvailability& b) {
        return sys_days{a.effective_from} < sys_days{b.effective_from};
    });
    AvailabilityHistory history;
    history.versions_ = std::move(versions);
    return history;
}

const WeeklyAvailability* AvailabilityHistory::InForceOn(Date date) const {
    const auto after = std::upper_bound(
        versions_.begin(), versions_.end(), sys_days{date},
        [](sys_days day, const WeeklyAvailability& version) { return day < sys_days{version.effective_from}; });
    return after == versions_.begin() ? nullptr : &*std::prev(after);
}

Status ValidateAvailabilityException(const AvailabilityException& exception) {
    if (!exception.date.ok()) return Error::Invalid("date must be a valid date", "date");
    if (Status times = ValidateTimes(exception.intervals, "intervals", "an exception"); !times) return times;
    std::vector<Piece> pieces;
    for (std::size_t i = 0; i < exception.intervals.size(); ++i) {
        const AvailabilityInterval& interval = exception.intervals[i];
        if (interval.end.minutes <= interval.start.minutes && interval.end.minutes != 0) {
            return Error::Invalid(
                fmt::format("exception interval {} must end after it starts, within the day (00:00 for midnight)",
                            i + 1),
                fmt::format("intervals[{}]", i));
        }
        pieces.push_back({interval.start.minutes, EndMinutes(interval), i});
    }
    if (auto overlap = FirstOverlap(std::move(pieces))) {
        return Error::Invalid(
            fmt::format("exception interval {} overlaps interval {}", overlap->second + 1, overlap->first + 1),
            fmt::format("intervals[{}]", overlap->second));
    }
    return Ok();
}

Result<std::vector<AvailabilitySpan>> ResolveAvailability(const AvailabilityHistory& history,
                                                          const std::vector<AvailabilityException>& exceptions,
                                                          AvailabilityKind default_kind, const TimeZone& zone,
                                                          Date from, Date to) {
    if (!from.ok()) return Error::Invalid("from must be a valid date", "from");
    if (!to.ok()) return Error::Invalid("to must be a valid date", "to");
    const sys_days first{from};
    const sys_days last{to};
    if (last < first) return Error::Invalid("to must not be before from", "to");
    if ((last - first).count() + 1 > kMaxResolveDays) {
        return Error::Invalid(fmt::format("a range may cover at most {} days", kMaxResolveDays), "to");
    }

    LocalTimeline timeline(LocalMidnight(from), LocalMidnight(Date{last + days{1}}), default_kind);
    // The day before `from` too: its overnight intervals run into the range.
    for (sys_days day = first - days{1}; day <= last; day += days{1}) {
        const Date date{day};
        const WeeklyAvailability* version = history.InForceOn(date);
        if (version == nullptr) continue;
        std::vector<AvailabilityInterval> intervals = version->days[IsoWeekdayIndex(date)];
        std::sort(intervals.begin(), intervals.end(),
                  [](const auto& a, const auto& b) { return a.start.minutes < b.start.minutes; });
        for (const AvailabilityInterval& interval : intervals) {
            const LocalSeconds start = LocalAt(date, interval.start);
            timeline.Paint(start, LocalMidnight(date) + std::chrono::minutes{EndMinutes(interval)}, interval.kind);
        }
    }
    for (const AvailabilityException& exception : exceptions) {
        if (!exception.date.ok()) continue;
        const LocalSeconds midnight = LocalMidnight(exception.date);
        const LocalSeconds next_midnight = midnight + days{1};
        timeline.Paint(midnight, next_midnight, AvailabilityKind::kUnavailable);
        for (const AvailabilityInterval& interval : exception.intervals) {
            timeline.Paint(LocalAt(exception.date, interval.start),
                           std::min(midnight + std::chrono::minutes{EndMinutes(interval)}, next_midnight),
                           interval.kind);
        }
    }

    // Wall time to instants, boundary by boundary; a boundary the gap moved past the next one
    // is held back so the spans stay in order.
    std::vector<AvailabilitySpan> spans;
    const auto& steps = timeline.steps();
    Instant previous = Instant::min();
    for (auto it = steps.begin(); it != steps.end(); ++it) {
        const auto next = std::next(it);
        const LocalSeconds local_end = next == steps.end() ? timeline.end() : next->first;
        const Instant start = std::max(previous, zone.ToUtc(it->first));
        const Instant end = std::max(start, zone.ToUtc(local_end));
        Append(spans, start, end, it->second);
        previous = end;
    }
    return spans;
}

std::optional<AvailabilityKind> KindAt(const std::vector<AvailabilitySpan>& spans, Instant instant) {
    auto after = std::upper_bound(spans.begin(), spans.end(), instant,
                                  [](Instant t, const AvailabilitySpan& span) { return t < span.start; });
    if (after == spans.begin()) return std::nullopt;
    const AvailabilitySpan& span = *std::prev(after);
    if (instant >= span.end) return std::nullopt;
    return span.kind;
}

std::vector<AvailabilitySpan> PartsOfKind(const std::vector<AvailabilitySpan>& spans, Instant start, Instant end,
                                          AvailabilityKind kind) {
    std::vector<AvailabilitySpan> parts;
    for (const AvailabilitySpan& span : spans) {
        if (span.kind != kind || span.end <= start || span.start >= end) continue;
        Append(parts, std::max(span.start, start), std::min(span.end, end), kind);
    }
    return parts;
}

Result<std::vector<AvailabilitySpan>> ResolveAround(const AvailabilityHistory& history,
                                                    const std::vector<AvailabilityException>& exceptions,
                                                    AvailabilityKind default_kind, const TimeZone& zone, Instant start,
                                                    Instant end) {
    const sys_days first{LocalDateOf(zone.ToLocal(start))};
    const sys_days last{LocalDateOf(zone.ToLocal(end))};
    return ResolveAvailability(history, exceptions, default_kind, zone, Date{first - days{1}}, Date{last + days{1}});
}

}  // namespace shiftsync
