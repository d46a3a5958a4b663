#pragma once
// Time off: a request for whole local dates or part of one date, its life cycle (a
// RequestStateMachine table) and the organisation's policy (minimum notice, blackout dates).
//
// The requester of a time-off request is the person it is for (user_id), whoever entered it: a
// manager entering sick leave for someone makes that person the requester, so they are told and
// may cancel it before it starts.
//
// Pure: no I/O, no clock (today and now are passed in).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/request_state_machine.hpp"
#include "domain/result.hpp"
#include "domain/role.hpp"
#include "domain/time_zone.hpp"
#include "domain/types.hpp"

namespace shiftsync {

enum class TimeOffKind { kVacation, kSick, kPersonal, kUnpaid, kOther };
enum class TimeOffState { kPending, kApproved, kDenied, kCancelled };
enum class TimeOffAction { kApprove, kDeny, kCancel };

std::string_view TimeOffKindName(TimeOffKind kind);  // "vacation" | "sick" | "personal" | "unpaid" | "other"
std::optional<TimeOffKind> ParseTimeOffKind(std::string_view name);
std::string_view TimeOffStateName(TimeOffState state);  // "pending" | "approved" | "denied" | "cancelled"
std::optional<TimeOffState> ParseTimeOffState(std::string_view name);
std::string_view TimeOffActionName(TimeOffAction action);  // "approve" | "deny" | "cancel"
std::optional<TimeOffAction> ParseTimeOffAction(std::string_view name);

inline constexpr std::size_t kMaxTimeOffNoteLength = 500;  // code points
inline constexpr int kMaxTimeOffDays = 366;                // longest request, dates inclusive

struct TimeOffRequest {
    Id id = 0;
    Id organization_id = 0;
    Id user_id = 0;   // who is off (the requester)
    Date start_date;  // local dates of the organisation, inclusive
    Date end_date;
    // Both or neither; only when start_date == end_date, with end_time > start_time (local wall time).
    std::optional<LocalTime> start_time;
    std::optional<LocalTime> end_time;
    TimeOffKind kind = TimeOffKind::kVacation;
    std::string note;
    TimeOffState state = TimeOffState::kPending;
    Instant created_at{};
};

// The request's own rules: real dates, end_date not before start_date and at most kMaxTimeOffDays
// days in all; start_time and end_time both or neither, only on a single date, each within
// [00:00, 23:59] and end after start; the note valid text of at most kMaxTimeOffNoteLength code
// points (newlines allowed, may be empty). Errors are kInvalidInput naming the field: "start_date",
// "end_date", "start_time", "end_time", "note".
Status ValidateTimeOff(const TimeOffRequest& request);

// Whether it is a part of one day rather than whole days.
inline bool IsPartialDay(const TimeOffRequest& request) { return request.start_time.has_value(); }

// [start, end), UTC.
struct TimeOffSpan {
    Instant start;
    Instant end;
    friend bool operator==(const TimeOffSpan&, const TimeOffSpan&) = default;
};

// The real time the request covers. Whole days run from local midnight of
// start_date to local midnight after end_date, so a day of a daylight-saving change counts 23 or
// 25 hours; a partial day from start_time to end_time on start_date. Wall times resolve as
// TimeZone::ToUtc documents; a partial day that a spring-forward gap moves past its own end is
// empty (end == start). REQUIRES: ValidateTimeOff(request).ok()
TimeOffSpan ToInstants(const TimeOffRequest& request, const TimeZone& zone);

// --- Life cycle --------------------------------------------------------------------------------

// The table: pending -> approved | denied by managers and owners, never by the requester (nobody
// approves or denies their own); pending or approved -> cancelled by the requester or by managers
// and owners. Each row says who is told. Built once; thread-safe.
const RequestStateMachine<TimeOffState, TimeOffAction>& TimeOffMachine();

// Takes `action` on `request` for a caller who is `actor` (PartiesOf(role, is the request's
// user_id)): the machine's answer, then the conditions the table cannot hold:
//   - the requester cancels only before the time off starts (now < ToInstants(...).start); after
//     that only a manager or owner may, even when they are the requester;
//   - a manager or owner cancelling needs a note (why), except when cancelling their own request
//     before it starts.
// Errors: kConflict and kForbidden as RequestStateMachine::Take; kForbidden "it has started";
// kInvalidInput with field "note" for a missing note. A note counts when not only whitespace.
// REQUIRES: ValidateTimeOff(request).ok()
Result<RequestTransition<TimeOffState, TimeOffAction>> TakeTimeOffAction(const TimeOffRequest& request,
                                                                         TimeOffAction action, Parties actor,
                                                                         std::string_view note, const TimeZone& zone,
                                                                         Instant now);

// The state a new request starts in. Anyone may ask for their own time off (pending). Managers and
// owners may enter it for someone else, pending or, with `create_approved`, approved at once; nobody
// enters their own approved. kForbidden for an employee entering for someone else, or for asking
// approved when the creator may not approve it.
Result<TimeOffState> InitialTimeOffState(Role creator, bool for_self, bool create_approved);

// --- Policy ------------------------------------------------------------------------------------

// Dates on which the organisation takes no time off, inclusive.
struct BlackoutRange {
    Date first;
    Date last;
    std::string name;  // shown in the refusal ("stocktaking"); may be empty
    friend bool operator==(const BlackoutRange&, const BlackoutRange&) = default;
};

inline constexpr int kMaxMinNoticeDays = 365;

struct TimeOffPolicy {
    int min_notice_days = 0;  // start_date at least this many days after today
    std::vector<BlackoutRange> blackouts;
};

// min_notice_days in [0, kMaxMinNoticeDays]; each blackout real dates in order, its name valid text
// of at most kMaxNameLength. Fields: "min_notice_days", "blackouts[1].last", "blackouts[1].name".
Status ValidateTimeOffPolicy(const TimeOffPolicy& policy);

// Whether the organisation's policy lets `request` be made on local date `today`. A request a
// manager or owner enters (`entered_by_manager`) bypasses the policy. Otherwise kInvalidInput whose
// detail names the rule:
//   "minimum notice: ..." (field "start_date") when start_date is fewer than min_notice_days days
//   after today (with 0, any date, today and past dates included: sick leave is entered late);
//   "blackout: ..." (field "start_date") when any date of the request falls in a blackout range.
// Notice is checked first.
Status CheckPolicy(const TimeOffRequest& request, const TimeOffPolicy& policy, Date today, bool entered_by_manager);

}  // namespace shiftsync
