#include "domain/rules_engine.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <utility>

#include "domain/schedule.hpp"

namespace shiftsync {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;

// One shift of the person after the change, with what every rule needs computed once.
struct Item {
    Instant start{};
    Instant end{};
    Id id = 0;
    sys_days day{};      // local date it starts on
    bool focus = false;  // the check is about it: put by the change, or starting in the period
};

// What the caller asks about: the items (sorted by start), and the weeks and days whose hours
// rules are reported (sorted, unique; weeks by their first local date).
struct Scope {
    std::vector<Item> items;
    std::vector<sys_days> weeks;
    std::vector<sys_days> days;
};

std::optional<Severity> SeverityOf(RuleLevel level) {
    switch (level) {
        case RuleLevel::kOff: return std::nullopt;
        case RuleLevel::kWarn: return Severity::kWarn;
        case RuleLevel::kBlock: return Severity::kBlock;
    }
    return std::nullopt;
}

sys_days LocalDay(const TimeZone& zone, Instant instant) { return sys_days{LocalDateOf(zone.ToLocal(instant))}; }

Instant MidnightOf(const TimeZone& zone, sys_days day) { return zone.ToUtc(LocalMidnight(Date{day})); }

sys_days WeekFirstDay(sys_days day, std::chrono::weekday week_start) {
    // weekday subtraction is modulo 7, as in WeekContaining (schedule.hpp).
    return day - (std::chrono::weekday{day} - week_start);
}

// The local day holding the last second of a range (its start day when empty).
sys_days LastDay(const TimeZone& zone, const TimeRange& range) {
    return LocalDay(zone, range.end > range.start ? range.end - seconds{1} : range.start);
}

void AddDays(const TimeZone& zone, const TimeRange& range, std::chrono::weekday week_start, Scope& scope) {
    const sys_days first = LocalDay(zone, range.start);
    const sys_days last = LastDay(zone, range);
    for (sys_days day = first; day <= last; day += days{1}) scope.days.push_back(day);
    for (sys_days week = WeekFirstDay(first, week_start); week <= last; week += days{7}) scope.weeks.push_back(week);
}

void SortUnique(std::vector<sys_days>& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

void SortItems(std::vector<Item>& items) {
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
        return std::tie(a.start, a.end, a.id) < std::tie(b.start, b.end, b.id);
    });
}

Item MakeItem(const TimeZone& zone, const Shift& shift, bool focus) {
    return Item{shift.start, shift.end, shift.id, LocalDay(zone, shift.start), focus};
}

// Sums, over the sorted items, the time inside [from, to) and collects the ids of those that
// count. Only items starting after from - longest can reach into the range: a binary search
// and a scan of the range's own items, never the whole list.
seconds TimeInside(const std::vector<Item>& items, seconds longest, Instant from, Instant to, std::vector<Id>* ids) {
    auto it = std::lower_bound(items.begin(), items.end(), from - longest,
                               [](const Item& item, Instant t) { return item.start < t; });
    seconds total{0};
    for (; it != items.end() && it->start < to; ++it) {
        const Instant a = std::max(it->start, from);
        const Instant b = std::min(it->end, to);
        if (a >= b) continue;
        total += b - a;
        if (ids != nullptr) ids->push_back(it->id);
    }
    return total;
}

class Checker {
public:
    Checker(const OrganizationRules& organization, const TimeZone& zone, const PersonRules& person,
            const RuleLimits& limits)
        : org_(organization), zone_(zone), person_(person), limits_(limits) {}

    RuleCheck Run(const Scope& scope) {
        longest_ = seconds{0};
        for (const Item& item : scope.items) longest_ = std::max(longest_, item.end - item.start);
        Weeks(scope);
        Days(scope);
        Rest(scope);
        Consecutive(scope);
        Marked(scope, MarkedKind::kUnavailable);
        Marked(scope, MarkedKind::kTimeOff);
        std::stable_sort(check_.violations.begin(), check_.violations.end(),
                         [](const Violation& a, const Violation& b) { return a.rule < b.rule; });
        return std::move(check_);
    }

private:
    void Add(Rule rule, Severity severity, std::vector<Id> ids, std::string message) {
        check_.violations.push_back(Violation{rule, severity, person_.user_id, std::move(ids), std::move(message)});
    }

    // The ids of the shifts with time in [from, to): only for a violation, so the common case
    // of a week or day within its limits allocates nothing.
    std::vector<Id> IdsInside(const Scope& scope, Instant from, Instant to) const {
        std::vector<Id> ids;
        TimeInside(scope.items, longest_, from, to, &ids);
        return ids;
    }

    std::string Day(sys_days day) const { return FormatDay(Date{day}, org_.locale); }
    std::string When(Instant instant) const { return FormatDateTime(zone_.ToLocal(instant), org_.locale); }
    std::string Span(TimeRange range) const {
        return FormatTimeRange(zone_.ToLocal(range.start), zone_.ToLocal(range.end), org_.locale);
    }

    void Weeks(const Scope& scope) {
        const auto over = SeverityOf(org_.levels.max_hours_per_week);
        const auto under = SeverityOf(org_.levels.min_hours_per_week);
        const bool check_over = over && limits_.max_per_week;
        const bool check_under = under && limits_.min_per_week;
        if (!check_over && !check_under) return;
        for (const sys_days week : scope.weeks) {
            const Instant from = MidnightOf(zone_, week);
            const Instant to = MidnightOf(zone_, week + days{7});
            const seconds total = TimeInside(scope.items, longest_, from, to, nullptr);
            if (check_over && total > *limits_.max_per_week) {
                Add(Rule::kMaxHoursPerWeek, *over, IdsInside(scope, from, to),
                    fmt::format("{} would work {} in the week of {} (max {})", person_.name, FormatHours(total),
                                Day(week), FormatHours(*limits_.max_per_week)));
            }
            if (check_under && total < *limits_.min_per_week) {
                Add(Rule::kMinHoursPerWeek, *under, IdsInside(scope, from, to),
                    fmt::format("{} would work {} in the week of {} (contracted {})", person_.name, FormatHours(total),
                                Day(week), FormatHours(*limits_.min_per_week)));
            }
        }
    }

    void Days(const Scope& scope) {
        const auto severity = SeverityOf(org_.levels.max_hours_per_day);
        if (!severity || !limits_.max_per_day) return;
        // Consecutive days share their midnight: one time zone conversion per day.
        std::optional<std::pair<sys_days, Instant>> previous_end;
        for (const sys_days day : scope.days) {
            const Instant start =
                previous_end && previous_end->first == day ? previous_end->second : MidnightOf(zone_, day);
            const Instant end = MidnightOf(zone_, day + days{1});
            previous_end.emplace(day + days{1}, end);
            const seconds total = TimeInside(scope.items, longest_, start, end, nullptr);
            if (total > *limits_.max_per_day) {
                Add(Rule::kMaxHoursPerDay, *severity, IdsInside(scope, start, end),
                    fmt::format("{} would work {} on {} (max {})", person_.name, FormatHours(total), Day(day),
                                FormatHours(*limits_.max_per_day)));
            }
        }
    }

    // Walks the shifts by start, keeping the one that ends last so far: the end of the latest
    // earlier work, from which rest is counted.
    void Rest(const Scope& scope) {
        const auto severity = SeverityOf(org_.levels.min_rest);
        if (!severity || !limits_.min_rest || scope.items.empty()) return;
        const Item* last = &scope.items.front();
        for (std::size_t i = 1; i < scope.items.size(); ++i) {
            const Item& item = scope.items[i];
            const seconds rest = item.start - last->end;
            if (item.day != last->day && rest >= seconds{0} && rest < *limits_.min_rest &&
                (item.focus || last->focus)) {
                Add(Rule::kMinRest, *severity, {last->id, item.id},
                    fmt::format("{} would rest {} between {} and {} (min {})", person_.name, FormatHours(rest),
                                When(last->end), When(item.start), FormatHours(*limits_.min_rest)));
            }
            if (item.end > last->end) last = &item;
        }
    }

    void Consecutive(const Scope& scope) {
        const auto severity = SeverityOf(org_.levels.max_consecutive_days);
        if (!severity || !limits_.max_consecutive_days || scope.items.empty()) return;
        const int max = *limits_.max_consecutive_days;
        // Items are by start instant; their local days are too, except where a zone moves its
        // clock back across midnight, hence the sort (of an almost sorted list).
        std::vector<std::pair<sys_days, std::size_t>> by_day;
        by_day.reserve(scope.items.size());
        for (std::size_t i = 0; i < scope.items.size(); ++i) by_day.emplace_back(scope.items[i].day, i);
        std::sort(by_day.begin(), by_day.end());

        std::size_t run_begin = 0;
        while (run_begin < by_day.size()) {
            std::size_t run_end = run_begin + 1;
            int length = 1;
            bool focus = scope.items[by_day[run_begin].second].focus;
            while (run_end < by_day.size() && by_day[run_end].first - by_day[run_end - 1].first <= days{1}) {
                if (by_day[run_end].first != by_day[run_end - 1].first) ++length;
                focus = focus || scope.items[by_day[run_end].second].focus;
                ++run_end;
            }
            if (length > max && focus) {
                std::vector<Id> ids;
                ids.reserve(run_end - run_begin);
                for (std::size_t k = run_begin; k < run_end; ++k) ids.push_back(scope.items[by_day[k].second].id);
                Add(Rule::kMaxConsecutiveDays, *severity, std::move(ids),
                    fmt::format("{} would work {} days in a row, {} to {} (max {})", person_.name, length,
                                Day(by_day[run_begin].first), Day(by_day[run_end - 1].first), max));
            }
            run_begin = run_end;
        }
    }

    void Marked(const Scope& scope, MarkedKind kind) {
        const bool unavailable = kind == MarkedKind::kUnavailable;
        const auto severity = SeverityOf(unavailable ? org_.levels.unavailable : org_.levels.time_off);
        if (!severity) return;
        std::vector<TimeRange> ranges;
        for (const MarkedTime& marked : person_.marked) {
            if (marked.kind == kind) ranges.push_back(marked.range);
        }
        if (ranges.empty()) return;
        std::sort(ranges.begin(), ranges.end(), [](const TimeRange& a, const TimeRange& b) {
            return std::tie(a.start, a.end) < std::tie(b.start, b.end);
        });
        for (const Item& item : scope.items) {
            if (!item.focus) continue;
            // Ranges starting before the shift ends, the first one also ending after it starts.
            const auto stop = std::lower_bound(ranges.begin(), ranges.end(), item.end,
                                               [](const TimeRange& r, Instant t) { return r.start < t; });
            const auto hit = std::find_if(ranges.begin(), stop, [&](const TimeRange& r) { return r.end > item.start; });
            if (hit == stop) continue;
            const std::string shift = Span({item.start, item.end});
            Add(unavailable ? Rule::kUnavailable : Rule::kTimeOff, *severity, {item.id},
                unavailable
                    ? fmt::format("{} is unavailable {}, during the shift {}", person_.name, Span(*hit), shift)
                    : fmt::format("{} has approved time off {}, during the shift {}", person_.name, Span(*hit), shift));
        }
    }

    const OrganizationRules& org_;
    const TimeZone& zone_;
    const PersonRules& person_;
    const RuleLimits& limits_;
    seconds longest_{0};
    RuleCheck check_;
};

// The ids a change replaces or deletes, sorted for binary search.
std::vector<Id> GoneIds(const ShiftChange& change) {
    std::vector<Id> gone;
    gone.reserve(change.put.size() + change.removed.size());
    for (const Shift& shift : change.put) gone.push_back(shift.id);
    gone.insert(gone.end(), change.removed.begin(), change.removed.end());
    std::sort(gone.begin(), gone.end());
    return gone;
}

// Input checks shared by both entry points; the effective limits on success.
Result<RuleLimits> CheckInputs(const OrganizationRules& organization, const PersonRules& person) {
    RuleLimits limits = EffectiveLimits(organization.limits, person.overrides);
    if (Status valid = ValidateRuleLimits(limits); !valid) return valid.error();
    for (std::size_t i = 0; i < person.marked.size(); ++i) {
        if (person.marked[i].range.end <= person.marked[i].range.start) {
            return Error::Invalid("A marked time must end after it starts.", fmt::format("marked[{}].end", i));
        }
    }
    return limits;
}

}  // namespace

std::string_view RuleName(Rule rule) {
    switch (rule) {
        case Rule::kMaxHoursPerWeek: return "max_hours_per_week";
        case Rule::kMinHoursPerWeek: return "min_hours_per_week";
        case Rule::kMaxHoursPerDay: return "max_hours_per_day";
        case Rule::kMinRest: return "min_rest";
        case Rule::kMaxConsecutiveDays: return "max_consecutive_days";
        case Rule::kUnavailable: return "unavailable";
        case Rule::kTimeOff: return "time_off";
    }
    return "unknown";
}

RuleLevel LevelOf(const RuleLevels& levels, Rule rule) {
    switch (rule) {
        case Rule::kMaxHoursPerWeek: return levels.max_hours_per_week;
        case Rule::kMinHoursPerWeek: return levels.min_hours_per_week;
        case Rule::kMaxHoursPerDay: return levels.max_hours_per_day;
        case Rule::kMinRest: return levels.min_rest;
        case Rule::kMaxConsecutiveDays: return levels.max_consecutive_days;
        case Rule::kUnavailable: return levels.unavailable;
        case Rule::kTimeOff: return levels.time_off;
    }
    return RuleLevel::kOff;
}

Status ValidateRuleLimits(const RuleLimits& limits) {
    if (limits.max_per_week && (*limits.max_per_week <= minutes{0} || *limits.max_per_week > kMaxWeekLimit)) {
        return Error::Invalid("The maximum hours per week must be more than 0 and at most 168.", "max_hours_per_week");
    }
    if (limits.min_per_week && (*limits.min_per_week < minutes{0} || *limits.min_per_week > kMaxWeekLimit)) {
        return Error::Invalid("The contracted hours per week must be between 0 and 168.", "min_hours_per_week");
    }
    if (limits.min_per_week && limits.max_per_week && *limits.min_per_week > *limits.max_per_week) {
        return Error::Invalid("The contracted hours per week must not exceed the maximum.", "min_hours_per_week");
    }
    if (limits.max_per_day && (*limits.max_per_day <= minutes{0} || *limits.max_per_day > kMaxDayLimit)) {
        return Error::Invalid("The maximum hours per day must be more than 0 and at most 24.", "max_hours_per_day");
    }
    if (limits.min_rest && (*limits.min_rest < minutes{0} || *limits.min_rest > kMaxRestLimit)) {
        return Error::Invalid("The minimum rest must be between 0 and 48 hours.", "min_rest_hours");
    }
    if (limits.max_consecutive_days &&
        (*limits.max_consecutive_days < 1 || *limits.max_consecutive_days > kMaxConsecutiveDaysLimit)) {
        return Error::Invalid("The maximum consecutive working days must be between 1 and 31.", "max_consecutive_days");
    }
    return Ok();
}

RuleLimits EffectiveLimits(const RuleLimits& organization, const LimitOverrides& person) {
    RuleLimits limits = organization;
    if (person.max_per_week) limits.max_per_week = person.max_per_week;
    if (person.min_per_week) limits.min_per_week = person.min_per_week;
    if (person.max_per_day) limits.max_per_day = person.max_per_day;
    if (person.min_rest) limits.min_rest = person.min_rest;
    if (person.max_consecutive_days) limits.max_consecutive_days = person.max_consecutive_days;
    return limits;
}

bool RuleCheck::blocked() const {
    return std::any_of(violations.begin(), violations.end(),
                       [](const Violation& v) { return v.severity == Severity::kBlock; });
}

std::vector<Violation> RuleCheck::warnings() const {
    std::vector<Violation> out;
    for (const Violation& v : violations) {
        if (v.severity == Severity::kWarn) out.push_back(v);
    }
    return out;
}

Result<RuleCheck> CheckChange(const OrganizationRules& organization, const TimeZone& zone, const PersonRules& person,
                              std::span<const Shift> existing, const ShiftChange& change) {
    Result<RuleLimits> limits = CheckInputs(organization, person);
    if (!limits) return limits.error();
    for (std::size_t i = 0; i < change.put.size(); ++i) {
        if (change.put[i].end <= change.put[i].start) {
            return Error::Invalid("A shift must end after it starts.", fmt::format("put[{}].end", i));
        }
    }

    const std::vector<Id> gone = GoneIds(change);
    const auto is_gone = [&](Id id) { return std::binary_search(gone.begin(), gone.end(), id); };

    const Id me = person.user_id;
    Scope scope;
    scope.items.reserve(existing.size() + change.put.size());
    for (const Shift& shift : existing) {
        if (shift.user_id != me) continue;
        if (is_gone(shift.id)) {
            AddDays(zone, {shift.start, shift.end}, organization.week_start, scope);  // its old position
            continue;
        }
        scope.items.push_back(MakeItem(zone, shift, false));
    }
    for (const Shift& shift : change.put) {
        if (shift.user_id != me) continue;
        scope.items.push_back(MakeItem(zone, shift, true));
        AddDays(zone, {shift.start, shift.end}, organization.week_start, scope);
    }
    SortItems(scope.items);
    SortUnique(scope.weeks);
    SortUnique(scope.days);
    return Checker(organization, zone, person, *limits).Run(scope);
}

Result<RuleCheck> CheckPeriod(const OrganizationRules& organization, const TimeZone& zone, const PersonRules& person,
                              std::span<const Shift> shifts, TimeRange period) {
    Result<RuleLimits> limits = CheckInputs(organization, person);
    if (!limits) return limits.error();
    if (period.end <= period.start) return Error::Invalid("The period must end after it starts.", "period.end");

    Scope scope;
    scope.items.reserve(shifts.size());
    for (const Shift& shift : shifts) {
        if (shift.user_id != person.user_id) continue;
        scope.items.push_back(MakeItem(zone, shift, shift.start >= period.start && shift.start < period.end));
    }
    SortItems(scope.items);
    // Only the weeks and days wholly inside the period: their every shift is loaded.
    AddDays(zone, period, organization.week_start, scope);
    SortUnique(scope.weeks);
    SortUnique(scope.days);
    std::erase_if(scope.weeks, [&](sys_days week) {
        return MidnightOf(zone, week) < period.start || MidnightOf(zone, week + days{7}) > period.end;
    });
    std::erase_if(scope.days, [&](sys_days day) {
        return MidnightOf(zone, day) < period.start || MidnightOf(zone, day + days{1}) > period.end;
    });
    return Checker(organization, zone, person, *limits).Run(scope);
}

std::vector<TimeRange> TouchedRanges(const ShiftChange& change, std::span<const Shift> existing) {
    std::vector<TimeRange> touched;
    touched.reserve(change.put.size() * 2 + change.removed.size());
    for (const Shift& shift : change.put) touched.push_back({shift.start, shift.end});
    const std::vector<Id> gone = GoneIds(change);
    for (const Shift& shift : existing) {
        if (std::binary_search(gone.begin(), gone.end(), shift.id)) touched.push_back({shift.start, shift.end});
    }
    return touched;
}

TimeRange RulesWindow(const OrganizationRules& organization, const TimeZone& zone, const RuleLimits& limits,
                      std::span<const TimeRange> touched) {
    if (touched.empty()) return {};
    const seconds rest = limits.min_rest.value_or(minutes{0});
    const days run{limits.max_consecutive_days.value_or(0)};
    std::optional<TimeRange> window;
    for (const TimeRange& range : touched) {
        const sys_days first = LocalDay(zone, range.start);
        const sys_days last = LastDay(zone, range);
        const sys_days week_end = WeekFirstDay(last, organization.week_start) + days{7};
        const Instant from = std::min({MidnightOf(zone, WeekFirstDay(first, organization.week_start)),
                                       range.start - rest, MidnightOf(zone, first - run)});
        const Instant to =
            std::max({MidnightOf(zone, week_end), range.end + rest, MidnightOf(zone, last + run + days{1})});
        if (!window) {
            window = TimeRange{from, to};
        } else {
            window->start = std::min(window->start, from);
            window->end = std::max(window->end, to);
        }
    }
    return *window;
}

std::string FormatHours(seconds duration) {
    const auto total = std::chrono::floor<minutes>(duration).count();
    const auto h = total / 60;
    const auto m = total % 60;
    if (m == 0) return fmt::format("{} h", h);
    if (h == 0) return fmt::format("{} min", m);
    return fmt::format("{} h {} min", h, m);
}

}  // namespace shiftsync
