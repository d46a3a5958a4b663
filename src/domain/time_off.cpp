#include "domain/time_off.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>

#include "domain/validation.hpp"

namespace shiftsync {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int kMinutesPerDay = 24 * 60;

template <typename Enum, std::size_t N>
std::optional<Enum> ParseByName(std::string_view name, const std::array<Enum, N>& all,
                                std::string_view (*name_of)(Enum)) {
    for (Enum value : all)
        if (name_of(value) == name) return value;
    return std::nullopt;
}

bool IsTimeOfDay(LocalTime time) { return time.minutes >= 0 && time.minutes < kMinutesPerDay; }

std::string IsoDate(Date date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

using Machine = RequestStateMachine<TimeOffState, TimeOffAction>;
using S = TimeOffState;
using A = TimeOffAction;

// Who is told: the requester hears every decision; managers and owners hear of every cancellation
// (a pending one leaves their inbox, an approved one frees the schedule).
constexpr Machine::Transition kTimeOffTable[] = {
    {S::kPending, A::kApprove, S::kApproved, Deciders(), Party::kRequester, /*not_by_requester=*/true},
    {S::kPending, A::kDeny, S::kDenied, Deciders(), Party::kRequester, /*not_by_requester=*/true},
    {S::kPending, A::kCancel, S::kCancelled, Party::kRequester | Deciders(), Party::kRequester | Deciders()},
    {S::kApproved, A::kCancel, S::kCancelled, Party::kRequester | Deciders(), Party::kRequester | Deciders()},
};

}  // namespace

std::string_view TimeOffKindName(TimeOffKind kind) {
    switch (kind) {
        case TimeOffKind::kVacation: return "vacation";
        case TimeOffKind::kSick: return "sick";
        case TimeOffKind::kPersonal: return "personal";
        case TimeOffKind::kUnpaid: return "unpaid";
        case TimeOffKind::kOther: return "other";
    }
    return "other";
}

std::optional<TimeOffKind> ParseTimeOffKind(std::string_view name) {
    static constexpr std::array kAll{TimeOffKind::kVacation, TimeOffKind::kSick, TimeOffKind::kPersonal,
                                     TimeOffKind::kUnpaid, TimeOffKind::kOther};
    return ParseByName(name, kAll, TimeOffKindName);
}

std::string_view TimeOffStateName(TimeOffState state) {
    switch (state) {
        case TimeOffState::kPending: return "pending";
        case TimeOffState::kApproved: return "approved";
        case TimeOffState::kDenied: return "denied";
        case TimeOffState::kCancelled: return "cancelled";
    }
    return "pending";
}

std::optional<TimeOffState> ParseTimeOffState(std::string_view name) {
    static constexpr std::array kAll{TimeOffState::kPending, TimeOffState::kApproved, TimeOffState::kDenied,
                                     TimeOffState::kCancelled};
    return ParseByName(name, kAll, TimeOffStateName);
}

std::string_view TimeOffActionName(TimeOffAction action) {
    switch (action) {
        case TimeOffAction::kApprove: return "approve";
        case TimeOffAction::kDeny: return "deny";
        case TimeOffAction::kCancel: return "cancel";
    }
    return "cancel";
}

std::optional<TimeOffAction> ParseTimeOffAction(std::string_view name) {
    static constexpr std::array kAll{TimeOffAction::kApprove, TimeOffAction::kDeny, TimeOffAction::kCancel};
    return ParseByName(name, kAll, TimeOffActionName);
}

Status ValidateTimeOff(const TimeOffRequest& request) {
    if (!request.start_date.ok()) return Error::Invalid("start_date must be a valid date", "start_date");
    if (!request.end_date.ok()) return Error::Invalid("end_date must be a valid date", "end_date");
    const sys_days first{request.start_date};
    const sys_days last{request.end_date};
    if (last < first) return Error::Invalid("end_date must not be before start_date", "end_date");
    if ((last - first).count() + 1 > kMaxTimeOffDays) {
        return Error::Invalid(fmt::format("time off may cover at most {} days", kMaxTimeOffDays), "end_date");
    }
    if (request.start_time.has_value() != request.end_time.has_value()) {
        const char* missing = request.start_time ? "end_time" : "start_time";
        return Error::Invalid("a partial day needs both start_time and end_time", missing);
    }
    if (request.start_time) {
        if (first != last) return Error::Invalid("a partial day must start and end on the same date", "end_date");
        if (!IsTimeOfDay(*request.start_time)) {
            return Error::Invalid("start_time must be between 00:00 and 23:59", "start_time");
        }
        if (!IsTimeOfDay(*request.end_time))
            return Error::Invalid("end_time must be between 00:00 and 23:59", "end_time");
        if (request.end_time->minutes <= request.start_time->minutes) {
            return Error::Invalid("end_time must be after start_time", "end_time");
        }
    }
    return ValidateText(request.note, "note", kMaxTimeOffNoteLength, /*required=*/false, /*multiline=*/true);
}

TimeOffSpan ToInstants(const TimeOffRequest& request, const TimeZone& zone) {
    assert(ValidateTimeOff(request).ok());
    if (IsPartialDay(request)) {
        const Instant start = zone.ToUtc(LocalAt(request.start_date, *request.start_time));
        return {start, std::max(start, zone.ToUtc(LocalAt(request.start_date, *request.end_time)))};
    }
    return {zone.ToUtc(LocalMidnight(request.start_date)),
            zone.ToUtc(LocalMidnight(Date{sys_days{request.end_date} + days{1}}))};
}

const RequestStateMachine<TimeOffState, TimeOffAction>& TimeOffMachine() {
    static const Machine machine(kTimeOffTable, TimeOffStateName, TimeOffActionName);
    return machine;
}

Result<RequestTransition<TimeOffState, TimeOffAction>> TakeTimeOffAction(const TimeOffRequest& request,
                                                                         TimeOffAction action, Parties actor,
                                                                         std::string_view note, const TimeZone& zone,
                                                                         Instant now) {
    auto row = TimeOffMachine().Take(request.state, action, actor);
    if (!row) return row;
    if (Status text = ValidateText(note, "note", kMaxTimeOffNoteLength, /*required=*/false, /*multiline=*/true);
        !text) {
        return text.error();
    }
    if (action != TimeOffAction::kCancel) return row;

    const bool is_requester = (actor & Party::kRequester) != 0;
    const bool is_decider = (actor & Deciders()) != 0;
    const bool started = now >= ToInstants(request, zone).start;
    if (is_requester && !started) return row;  // withdrawing one's own, in time: no reason needed
    if (!is_decider) return Error::Forbidden("this time off has started; only a manager may cancel it now");
    if (Status reason = ValidateText(note, "note", kMaxTimeOffNoteLength, /*required=*/true, /*multiline=*/true);
        !reason) {
        return Error::Invalid("a manager cancelling time off must give a note", "note");
    }
    return row;
}

Result<TimeOffState> InitialTimeOffState(Role creator, bool for_self, bool create_approved) {
    if (!for_self && creator == Role::kEmployee) {
        return Error::Forbidden("employees may ask for time off only for themselves");
    }
    if (!create_approved) return TimeOffState::kPending;
    // Entering it approved is approving it: the same row of the table decides.
    if (!TimeOffMachine().Take(TimeOffState::kPending, TimeOffAction::kApprove, PartiesOf(creator, for_self))) {
        return Error::Forbidden("you may not enter this time off as approved");
    }
    return TimeOffState::kApproved;
}

Status ValidateTimeOffPolicy(const TimeOffPolicy& policy) {
    if (policy.min_notice_days < 0 || policy.min_notice_days > kMaxMinNoticeDays) {
        return Error::Invalid(fmt::format("min_notice_days must be between 0 and {}", kMaxMinNoticeDays),
                              "min_notice_days");
    }
    for (std::size_t i = 0; i < policy.blackouts.size(); ++i) {
        const BlackoutRange& blackout = policy.blackouts[i];
        const std::string at = fmt::format("blackouts[{}]", i);
        if (!blackout.first.ok()) return Error::Invalid("first must be a valid date", at + ".first");
        if (!blackout.last.ok()) return Error::Invalid("last must be a valid date", at + ".last");
        if (sys_days{blackout.last} < sys_days{blackout.first}) {
            return Error::Invalid("last must not be before first", at + ".last");
        }
        if (Status name = ValidateText(blackout.name, "name", kMaxNameLength, /*required=*/false); !name) {
            Error error = name.error();
            error.field = at + ".name";
            return error;
        }
    }
    return Ok();
}

Status CheckPolicy(const TimeOffRequest& request, const TimeOffPolicy& policy, Date today, bool entered_by_manager) {
    if (entered_by_manager) return Ok();
    const sys_days first{request.start_date};
    const sys_days last{request.end_date};
    if (policy.min_notice_days > 0 && (first - sys_days{today}).count() < policy.min_notice_days) {
        return Error::Invalid(
            fmt::format("minimum notice: time off must be asked for at least {} days ahead", policy.min_notice_days),
            "start_date");
    }
    for (const BlackoutRange& blackout : policy.blackouts) {
        if (first <= sys_days{blackout.last} && sys_days{blackout.first} <= last) {
            const std::string name = blackout.name.empty() ? std::string() : fmt::format(" ({})", blackout.name);
            return Error::Invalid(fmt::format("blackout: no time off from {} to {}{}", IsoDate(blackout.first),
                                              IsoDate(blackout.last), name),
                                  "start_date");
        }
    }
    return Ok();
}

}  // namespace shiftsync
