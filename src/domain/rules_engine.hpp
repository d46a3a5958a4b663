#pragma once
// The rules engine: the one place that answers "may this person work this shift, and what
// would it break?" for every feature that puts people on shifts (the editor, patterns,
// publishing, swaps, claims, copying, auto-scheduling). Pure: plain values in, violations out;
// the caller loads the shifts of the window that matters (RulesWindow) and the person's
// unavailable time and approved time off, already resolved to instants.
//
// How time is counted (docs/ARCHITECTURE.md, "The rules engine"):
// - hours are real elapsed time: a 22:00-06:00 shift over a spring-forward night is 7 h;
// - a week starts at local midnight of the organisation's week start, a day at local
//   midnight; a shift crossing either boundary counts in each by the part inside it;
// - rest is the real time from the end of the latest earlier work to the next shift's start,
//   between shifts that start on different local days (two shifts of one day, a split shift,
//   are one working day: their gap is a break, not rest);
// - a day is a working day when a shift starts on it (local): an overnight shift counts only
//   for the day it starts on.
// Overlapping shifts are not this engine's business: overlap always blocks, before the rules.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/display_format.hpp"
#include "domain/result.hpp"
#include "domain/shift.hpp"
#include "domain/time_range.hpp"
#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync {

enum class Rule {
    kMaxHoursPerWeek,     // overtime
    kMinHoursPerWeek,     // under the contracted hours
    kMaxHoursPerDay,      //
    kMinRest,             // too little rest between two shifts ("clopening")
    kMaxConsecutiveDays,  // too many working days in a row
    kUnavailable,         // a shift in the person's unavailable time
    kTimeOff,             // a shift in the person's approved time off
};
// "max_hours_per_week", "min_hours_per_week", "max_hours_per_day", "min_rest",
// "max_consecutive_days", "unavailable", "time_off": the names the API and settings use.
std::string_view RuleName(Rule rule);

// What the organisation does about a rule: not check it, warn (the write succeeds), or
// block (the write is refused).
enum class RuleLevel { kOff, kWarn, kBlock };
enum class Severity { kWarn, kBlock };

struct RuleLevels {
    RuleLevel max_hours_per_week = RuleLevel::kWarn;
    RuleLevel min_hours_per_week = RuleLevel::kWarn;
    RuleLevel max_hours_per_day = RuleLevel::kWarn;
    RuleLevel min_rest = RuleLevel::kWarn;
    RuleLevel max_consecutive_days = RuleLevel::kWarn;
    RuleLevel unavailable = RuleLevel::kWarn;
    RuleLevel time_off = RuleLevel::kWarn;
    friend bool operator==(const RuleLevels&, const RuleLevels&) = default;
};
RuleLevel LevelOf(const RuleLevels& levels, Rule rule);

// The limits the rules measure against. An empty limit is not checked, whatever its level:
// by default there is no contracted minimum and no daily maximum.
struct RuleLimits {
    std::optional<std::chrono::minutes> max_per_week = std::chrono::hours{40};
    std::optional<std::chrono::minutes> min_per_week;  // contracted hours
    std::optional<std::chrono::minutes> max_per_day;
    std::optional<std::chrono::minutes> min_rest = std::chrono::hours{10};
    std::optional<int> max_consecutive_days = 6;
    friend bool operator==(const RuleLimits&, const RuleLimits&) = default;
};

// Bounds of the limits (also what ValidateRuleLimits enforces).
inline constexpr std::chrono::hours kMaxWeekLimit{168};
inline constexpr std::chrono::hours kMaxDayLimit{24};
inline constexpr std::chrono::hours kMaxRestLimit{48};
inline constexpr int kMaxConsecutiveDaysLimit = 31;

// Checks each set limit: 0 < max_per_week <= 168 h, 0 <= min_per_week <= 168 h and not above
// max_per_week, 0 < max_per_day <= 24 h, 0 <= min_rest <= 48 h, 1 <= max_consecutive_days <= 31.
// On failure: Error::Invalid whose field names the limit ("max_hours_per_week",
// "min_hours_per_week", "max_hours_per_day", "min_rest_hours", "max_consecutive_days").
Status ValidateRuleLimits(const RuleLimits& limits);

// A person's own limits where they differ from the organisation's (a part-timer's contract, a
// minor's shorter days). An empty field takes the organisation's value.
struct LimitOverrides {
    std::optional<std::chrono::minutes> max_per_week;
    std::optional<std::chrono::minutes> min_per_week;
    std::optional<std::chrono::minutes> max_per_day;
    std::optional<std::chrono::minutes> min_rest;
    std::optional<int> max_consecutive_days;
};
// The limits that apply to a person: each override, else the organisation's limit.
RuleLimits EffectiveLimits(const RuleLimits& organization, const LimitOverrides& person);

// The organisation's side of every check.
struct OrganizationRules {
    RuleLevels levels;
    RuleLimits limits;  // for everyone without an override
    std::chrono::weekday week_start = std::chrono::Monday;
    DisplayLocale locale = DisplayLocale::kEnUs;  // for the sentences
};

// Time the person marked, resolved to instants by the availability and time-off code.
// Only unavailable time and approved time off can be broken; preferred time is accepted (and
// ignored) so a caller may pass the resolution as it is: it is never a violation.
enum class MarkedKind { kUnavailable, kTimeOff, kPreferred };
struct MarkedTime {
    MarkedKind kind = MarkedKind::kUnavailable;
    TimeRange range;  // [start, end); a partial day is just a shorter range
};

// The person being checked.
struct PersonRules {
    Id user_id = 0;
    std::string name;  // as the sentences name them ("Ada")
    LimitOverrides overrides;
    std::vector<MarkedTime> marked;  // any order
};

// A candidate change to the schedule. `put` holds shifts added (any id not among the existing
// shifts: 0, or -1, -2, ... when several new shifts must be told apart) and shifts changed (the
// id of an existing shift, with its new values: moved, resized, given to someone else or made
// open). `removed` holds ids of existing shifts deleted. The old version of a changed or removed
// shift never counts.
struct ShiftChange {
    std::vector<Shift> put;
    std::vector<Id> removed;
};

struct Violation {
    Rule rule = Rule::kMaxHoursPerWeek;
    Severity severity = Severity::kWarn;
    Id user_id = 0;
    std::vector<Id> shift_ids;  // the shifts involved, by start
    std::string message;        // "Ada would work 46 h in the week of Mon, Mar 2 (max 40 h)"
    friend bool operator==(const Violation&, const Violation&) = default;
};

struct RuleCheck {
    // By rule (Rule's order), then by time.
    std::vector<Violation> violations;
    // Whether any violation blocks: the write must be refused.
    bool blocked() const;
    // The violations that only warn: the write succeeds and returns these.
    std::vector<Violation> warnings() const;
};

// What a change to one person's shifts would break. `existing` holds the shifts stored before
// the change (shifts of other people and open shifts are ignored); `change` may also carry other
// people's shifts, which are ignored except that a shift of this person given to someone else
// no longer counts for them. The caller checks each person a change affects: those given a
// shift and those losing one (losing one can leave them under their contracted hours).
//
// Reported: violations after the change that the change is part of: the weeks and days it
// touches (old and new positions) for the hours rules, rest and runs of working days that
// involve a shift it puts, and unavailable time and time off under a shift it puts.
// Violations elsewhere in `existing` are left out.
//
// REQUIRES: `existing` holds every shift of the person that overlaps
//   RulesWindow(organization, zone, EffectiveLimits(organization.limits, person.overrides),
//   TouchedRanges(change, existing)), each with start < end; no two share an id.
// Returns Error::Invalid when a limit is out of range (ValidateRuleLimits' fields) or a shift
// of `change.put` or a marked range does not end after it starts ("put[i].end", "marked[i].end").
Result<RuleCheck> CheckChange(const OrganizationRules& organization, const TimeZone& zone, const PersonRules& person,
                              std::span<const Shift> existing, const ShiftChange& change);

// Every violation of the person's shifts in `period` (the schedule's week, the conflicts list):
// shifts starting in it, and the weeks and days inside it (a week or day only partly inside is
// left out, since shifts outside the period may count in it).
// REQUIRES: `shifts` holds every shift of the person overlapping RulesWindow(..., {period}).
// Errors as CheckChange; "period.end" when the period is empty or reversed.
Result<RuleCheck> CheckPeriod(const OrganizationRules& organization, const TimeZone& zone, const PersonRules& person,
                              std::span<const Shift> shifts, TimeRange period);

// The ranges a change touches: the new positions of the shifts it puts for anyone and the old
// positions (from `existing`) of the shifts it changes or removes. Ids absent from `existing`
// have no old position.
std::vector<TimeRange> TouchedRanges(const ShiftChange& change, std::span<const Shift> existing);

// The range whose shifts the caller must load before checking changes within `touched`: the
// whole local weeks (organisation's week start) and days touched, `min_rest` before and after
// each touched range, and `max_consecutive_days` local days either side of the days touched.
// Load every shift of the person overlapping it (storage: starting within
// [start - kMaxShiftLength, end)). Empty (start == end) when `touched` is empty.
// REQUIRES: ValidateRuleLimits(limits).ok(); each touched range has start <= end.
TimeRange RulesWindow(const OrganizationRules& organization, const TimeZone& zone, const RuleLimits& limits,
                      std::span<const TimeRange> touched);

// "46 h", "7 h 30 min", "45 min", "0 h" (whole minutes, rounded down): durations in sentences.
std::string FormatHours(std::chrono::seconds duration);

}  // namespace shiftsync
