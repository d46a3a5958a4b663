#include "domain/request_state_machine.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace shiftsync {
namespace {

// A time-off request, the first user of the pattern: the table a feature writes.
enum class State { kPending, kApproved, kDenied, kCancelled };
enum class Action { kApprove, kDeny, kCancel };
using Machine = RequestStateMachine<State, Action>;

std::string_view StateName(State state) {
    switch (state) {
        case State::kPending: return "pending";
        case State::kApproved: return "approved";
        case State::kDenied: return "denied";
        case State::kCancelled: return "cancelled";
    }
    return "?";
}

std::string_view ActionName(Action action) {
    switch (action) {
        case Action::kApprove: return "approve";
        case Action::kDeny: return "deny";
        case Action::kCancel: return "cancel";
    }
    return "?";
}

constexpr Machine::Transition kTimeOff[] = {
    {State::kPending, Action::kApprove, State::kApproved, Deciders(), Party::kRequester, true},
    {State::kPending, Action::kDeny, State::kDenied, Deciders(), Party::kRequester, true},
    {State::kPending, Action::kCancel, State::kCancelled, Party::kRequester, Deciders()},
    {State::kApproved, Action::kCancel, State::kCancelled, Party::kRequester | Deciders(),
     Party::kRequester | Deciders()},
};

const std::vector<State> kStates{State::kPending, State::kApproved, State::kDenied, State::kCancelled};
const std::vector<Action> kActions{Action::kApprove, Action::kDeny, Action::kCancel};

// The people who meet a request, as the service would name them.
struct Actor {
    std::string name;
    Parties parties;
};
const std::vector<Actor> kActors{
    {"the employee who asked", PartiesOf(Role::kEmployee, true)},
    {"a manager who asked", PartiesOf(Role::kManager, true)},
    {"another employee", PartiesOf(Role::kEmployee, false)},
    {"a manager", PartiesOf(Role::kManager, false)},
    {"an owner", PartiesOf(Role::kOwner, false)},
};

// Every state x action x actor, written out rather than derived: "approved" (the state reached),
// "conflict" (the action does not apply in this state) or "forbidden" (not for this actor).
// Columns: the employee who asked, a manager who asked, another employee, a manager, an owner.
const std::map<std::pair<State, Action>, std::vector<std::string>> kExpected{
    {{State::kPending, Action::kApprove}, {"forbidden", "forbidden", "forbidden", "approved", "approved"}},
    {{State::kPending, Action::kDeny}, {"forbidden", "forbidden", "forbidden", "denied", "denied"}},
    {{State::kPending, Action::kCancel}, {"cancelled", "cancelled", "forbidden", "forbidden", "forbidden"}},
    {{State::kApproved, Action::kApprove}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kApproved, Action::kDeny}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kApproved, Action::kCancel}, {"cancelled", "cancelled", "forbidden", "cancelled", "cancelled"}},
    {{State::kDenied, Action::kApprove}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kDenied, Action::kDeny}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kDenied, Action::kCancel}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kCancelled, Action::kApprove}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kCancelled, Action::kDeny}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
    {{State::kCancelled, Action::kCancel}, {"conflict", "conflict", "conflict", "conflict", "conflict"}},
};

std::string Outcome(const Result<Machine::Transition>& taken) {
    if (taken) return std::string(StateName(taken->to));
    switch (taken.error().code) {
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kForbidden: return "forbidden";
        default: return "unexpected error";
    }
}

const Machine kMachine(kTimeOff, StateName, ActionName);

TEST(RequestStateMachineTest, TheTableHasNoProblems) { EXPECT_EQ(kMachine.Problems(), std::vector<std::string>{}); }

TEST(RequestStateMachineTest, EveryStateActionAndActorIsAsSpecified) {
    ASSERT_EQ(kExpected.size(), kStates.size() * kActions.size());
    for (State state : kStates)
        for (Action action : kActions)
            for (std::size_t i = 0; i < kActors.size(); ++i) {
                const auto taken = kMachine.Take(state, action, kActors[i].parties);
                EXPECT_EQ(Outcome(taken), kExpected.at({state, action})[i])
                    << kActors[i].name << " wanting to " << ActionName(action) << " while " << StateName(state);
            }
}

TEST(RequestStateMachineTest, ActionsOfferedAreExactlyTheOnesThatSucceed) {
    for (State state : kStates)
        for (const Actor& actor : kActors) {
            std::vector<Action> succeeding;
            for (Action action : kActions)
                if (kMachine.Take(state, action, actor.parties)) succeeding.push_back(action);
            EXPECT_EQ(kMachine.ActionsFor(state, actor.parties), succeeding) << actor.name << " " << StateName(state);
        }
}

TEST(RequestStateMachineTest, EachTransitionSaysWhoIsTold) {
    auto approved = kMachine.Take(State::kPending, Action::kApprove, PartiesOf(Role::kManager, false));
    ASSERT_TRUE(approved);
    EXPECT_EQ(approved->told, Party::kRequester);
    auto withdrawn = kMachine.Take(State::kPending, Action::kCancel, PartiesOf(Role::kEmployee, true));
    ASSERT_TRUE(withdrawn);
    EXPECT_EQ(withdrawn->told, Party::kManager | Party::kOwner);
    auto cancelled = kMachine.Take(State::kApproved, Action::kCancel, PartiesOf(Role::kOwner, false));
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->told, Party::kRequester | Party::kManager | Party::kOwner);
}

TEST(RequestStateMachineTest, RefusalsSayWhatHappened) {
    auto late = kMachine.Take(State::kDenied, Action::kApprove, PartiesOf(Role::kOwner, false));
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().detail, "cannot approve a request that is denied");
    auto own = kMachine.Take(State::kPending, Action::kApprove, PartiesOf(Role::kManager, true));
    ASSERT_FALSE(own);
    EXPECT_EQ(own.error().detail, "you may not approve this request");
}

TEST(RequestStateMachineTest, OnlyStatesNoActionLeavesAreFinal) {
    EXPECT_FALSE(kMachine.IsFinal(State::kPending));
    EXPECT_FALSE(kMachine.IsFinal(State::kApproved));
    EXPECT_TRUE(kMachine.IsFinal(State::kDenied));
    EXPECT_TRUE(kMachine.IsFinal(State::kCancelled));
}

TEST(RequestStateMachineTest, PartiesFollowTheRoleAndTheRequest) {
    for (Role role : {Role::kEmployee, Role::kManager, Role::kOwner})
        for (bool requester : {false, true})
            for (bool counterpart : {false, true}) {
                const Parties parties = PartiesOf(role, requester, counterpart);
                EXPECT_EQ((parties & Party::kManager) != 0, role == Role::kManager);
                EXPECT_EQ((parties & Party::kOwner) != 0, role == Role::kOwner);
                EXPECT_EQ((parties & Party::kRequester) != 0, requester);
                EXPECT_EQ((parties & Party::kCounterpart) != 0, counterpart);
            }
}

TEST(RequestStateMachineTest, ACounterpartTakesOnlyWhatNamesThem) {
    // A swap: the colleague asked to take the shift accepts before a manager decides.
    enum class Swap { kOffered, kAccepted, kApproved };
    enum class Step { kAccept, kApprove };
    using SwapMachine = RequestStateMachine<Swap, Step>;
    static constexpr SwapMachine::Transition kSwap[] = {
        {Swap::kOffered, Step::kAccept, Swap::kAccepted, Party::kCounterpart, Party::kRequester | Deciders()},
        {Swap::kAccepted, Step::kApprove, Swap::kApproved, Deciders(), Party::kRequester | Party::kCounterpart, true},
    };
    const SwapMachine swap(
        kSwap, [](Swap) { return std::string_view("a swap"); }, [](Step) { return std::string_view("a step"); });
    EXPECT_EQ(swap.Problems(), std::vector<std::string>{});
    EXPECT_TRUE(swap.Take(Swap::kOffered, Step::kAccept, PartiesOf(Role::kEmployee, false, true)));
    EXPECT_FALSE(swap.Take(Swap::kOffered, Step::kAccept, PartiesOf(Role::kEmployee, true)));
    EXPECT_FALSE(swap.Take(Swap::kOffered, Step::kAccept, PartiesOf(Role::kOwner, false)));
    EXPECT_TRUE(swap.Take(Swap::kAccepted, Step::kApprove, PartiesOf(Role::kManager, false, true)));
}

TEST(RequestStateMachineTest, ProblemsFindsBrokenTables) {
    static constexpr Machine::Transition kBroken[] = {
        {State::kPending, Action::kApprove, State::kApproved, Deciders(), 0},
        {State::kPending, Action::kApprove, State::kDenied, Deciders(), 0},                 // the same state and action
        {State::kPending, Action::kDeny, State::kDenied, 0, 0},                             // nobody
        {State::kPending, Action::kCancel, State::kCancelled, Party::kRequester, 0, true},  // nobody either
        {State::kApproved, Action::kDeny, State::kApproved, Deciders(), 0},                 // stays put
    };
    const Machine broken(kBroken, StateName, ActionName);
    EXPECT_EQ(broken.Problems(), (std::vector<std::string>{
                                     "row 1: the same state and action as row 0",
                                     "row 2: nobody may take it",
                                     "row 3: only the requester may take it, and the requester may not",
                                     "row 4: it leaves the state as it is",
                                 }));
}

}  // namespace
}  // namespace shiftsync
