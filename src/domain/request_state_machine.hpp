#pragma once
// Requests with a life cycle (time off, shift swaps, claims of open shifts) share one pattern: a
// table of transitions. Each row names the state it leaves, the action, the state it reaches, the
// parties who may take it and the parties who are told afterwards. A use case asks the table
// whether the caller may act (Take), changes the request's state in its unit of work, and queues
// the emails for the parties the row names; the web app asks it which actions to offer (ActionsFor).
// docs/ARCHITECTURE.md, "Requests with a life cycle", shows how a new kind of request uses it.
//
// Example (a time-off request):
//   enum class TimeOffState { kPending, kApproved, kDenied, kCancelled };
//   enum class TimeOffAction { kApprove, kDeny, kCancel };
//   constexpr RequestTransition<TimeOffState, TimeOffAction> kTimeOff[] = {
//       {kPending, kApprove, kApproved, Deciders(), Party::kRequester, /*not_by_requester=*/true},
//       {kPending, kCancel, kCancelled, Party::kRequester, Deciders()},
//       ...};
//   const RequestStateMachine<TimeOffState, TimeOffAction> machine(kTimeOff, StateName, ActionName);
//   auto row = machine.Take(request.state, TimeOffAction::kApprove, PartiesOf(caller.role, is_requester));
//
// Pure: no I/O, no clock. Thread-safe once built (it is read-only).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/result.hpp"
#include "domain/role.hpp"

namespace shiftsync {

// Who takes part in a request, as bits of a Parties set. A person may be several at once (a manager
// asking for time off is the requester and a manager).
using Parties = unsigned;
struct Party {
    static constexpr Parties kRequester = 1u << 0;    // who made the request
    static constexpr Parties kCounterpart = 1u << 1;  // the colleague it is addressed to (a swap's other side)
    static constexpr Parties kManager = 1u << 2;      // any manager of the organisation
    static constexpr Parties kOwner = 1u << 3;        // any owner of the organisation
};

// Managers and owners: who decides on requests.
constexpr Parties Deciders() { return Party::kManager | Party::kOwner; }

// The parties `role` makes one, plus the request's own relations.
constexpr Parties PartiesOf(Role role, bool is_requester, bool is_counterpart = false) {
    Parties parties = 0;
    if (role == Role::kManager) parties |= Party::kManager;
    if (role == Role::kOwner) parties |= Party::kOwner;
    if (is_requester) parties |= Party::kRequester;
    if (is_counterpart) parties |= Party::kCounterpart;
    return parties;
}

template <typename State, typename Action>
struct RequestTransition {
    State from;
    Action action;
    State to;
    Parties may = 0;   // who may take it
    Parties told = 0;  // who is told once it is taken (the use case leaves out whoever took it)
    // The requester may not take it, whatever else they are: nobody approves their own request.
    bool not_by_requester = false;
};

template <typename State, typename Action>
class RequestStateMachine {
public:
    using Transition = RequestTransition<State, Action>;
    using StateName = std::string_view (*)(State);
    using ActionName = std::string_view (*)(Action);

    // The names appear in the details of refusals: a state's as an adjective ("approved"), an action's
    // as a verb ("approve"): "cannot approve a request that is cancelled".
    // The table should have no Problems(); each request's unit test checks it.
    template <std::size_t N>
    RequestStateMachine(const Transition (&transitions)[N], StateName state_name, ActionName action_name)
        : transitions_(transitions, transitions + N), state_name_(state_name), action_name_(action_name) {}

    // The row for `action` in state `from`, if `actor` may take it. Errors:
    //   kConflict  the action does not apply in this state (approving a cancelled request: it was
    //              taken meanwhile, so the caller should read the request again);
    //   kForbidden it applies, but not for these parties (an employee approving, a manager approving
    //              their own request).
    Result<Transition> Take(State from, Action action, Parties actor) const {
        const Transition* row = Find(from, action);
        if (row == nullptr)
            return Error::Conflict("cannot " + std::string(action_name_(action)) + " a request that is " +
                                   std::string(state_name_(from)));
        if (!MayTake(*row, actor))
            return Error::Forbidden("you may not " + std::string(action_name_(action)) + " this request");
        return *row;
    }

    // The actions `actor` may take in state `from`, in table order (what the web app offers).
    std::vector<Action> ActionsFor(State from, Parties actor) const {
        std::vector<Action> actions;
        for (const Transition& row : transitions_)
            if (row.from == from && MayTake(row, actor)) actions.push_back(row.action);
        return actions;
    }

    // No action leaves it.
    bool IsFinal(State state) const {
        for (const Transition& row : transitions_)
            if (row.from == state) return false;
        return true;
    }

    // What is wrong with a table, one line each: two rows for one (state, action), a row nobody may
    // take, a row only the requester may take that also excludes the requester, a row that stays put.
    std::vector<std::string> Problems() const {
        const std::vector<Transition>& transitions = transitions_;
        std::vector<std::string> problems;
        for (std::size_t i = 0; i < transitions.size(); ++i) {
            const Transition& row = transitions[i];
            const std::string at = "row " + std::to_string(i) + ": ";
            for (std::size_t j = 0; j < i; ++j)
                if (transitions[j].from == row.from && transitions[j].action == row.action)
                    problems.push_back(at + "the same state and action as row " + std::to_string(j));
            if (row.may == 0) problems.push_back(at + "nobody may take it");
            if (row.not_by_requester && row.may == Party::kRequester)
                problems.push_back(at + "only the requester may take it, and the requester may not");
            if (row.from == row.to) problems.push_back(at + "it leaves the state as it is");
        }
        return problems;
    }

    const std::vector<Transition>& transitions() const { return transitions_; }

private:
    const Transition* Find(State from, Action action) const {
        for (const Transition& row : transitions_)
            if (row.from == from && row.action == action) return &row;
        return nullptr;
    }

    static bool MayTake(const Transition& row, Parties actor) {
        if (row.not_by_requester && (actor & Party::kRequester)) return false;
        return (row.may & actor) != 0;
    }

    std::vector<Transition> transitions_;
    StateName state_name_;
    ActionName action_name_;
};

}  // namespace shiftsync
