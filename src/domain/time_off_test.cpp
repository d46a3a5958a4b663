#include "domain/time_off.hpp"

#include <gtest/gtest.h>

#include <array>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "domain/rule_zones_for_tests.hpp"

namespace shiftsync {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / m / d; }

Instant Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return Instant{std::chrono::sys_days{D(y, m, d)}} + hours{h} + minutes{min};
}

LocalTime At(int h, int min = 0) { return LocalTime{h * 60 + min}; }

const TimeZone& kUtc = testing_zones::AlwaysUtc();

const TimeZone& Eastern() { return testing_zones::UsEasternLike(); }
const TimeZone& London() { return testing_zones::LondonLike(); }

TimeOffRequest Request(Date first, Date last) {
    TimeOffRequest request;
    request.id = 5;
    request.organization_id = 7;
    request.user_id = 9;
    request.start_date = first;
    request.end_date = last;
    return request;
}

TimeOffRequest PartialDay(Date date, LocalTime start, LocalTime end) {
    TimeOffRequest request = Request(date, date);
    request.start_time = start;
    request.end_time = end;
    return request;
}

std::string Field(const Status& status) { return status ? "ok" : status.error().field; }

// --- Names -------------------------------------------------------------------------------------

TEST(TimeOffNamesTest, RoundTrip) {
    for (TimeOffKind kind : {TimeOffKind::kVacation, TimeOffKind::kSick, TimeOffKind::kPersonal, TimeOffKind::kUnpaid,
                             TimeOffKind::kOther})
        EXPECT_EQ(ParseTimeOffKind(TimeOffKindName(kind)), kind);
    for (TimeOffState state :
         {TimeOffState::kPending, TimeOffState::kApproved, TimeOffState::kDenied, TimeOffState::kCancelled})
        EXPECT_EQ(ParseTimeOffState(TimeOffStateName(state)), state);
    for (TimeOffAction action : {TimeOffAction::kApprove, TimeOffAction::kDeny, TimeOffAction::kCancel})
        EXPECT_EQ(ParseTimeOffAction(TimeOffActionName(action)), action);
    EXPECT_EQ(TimeOffKindName(TimeOffKind::kUnpaid), "unpaid");
    EXPECT_EQ(ParseTimeOffKind("holiday"), std::nullopt);
    EXPECT_EQ(ParseTimeOffState("Pending"), std::nullopt);
    EXPECT_EQ(ParseTimeOffAction(""), std::nullopt);
}

// --- Validation --------------------------------------------------------------------------------

TEST(ValidateTimeOffTest, WholeDays) {
    EXPECT_EQ(Field(ValidateTimeOff(Request(D(2027, 1, 15), D(2027, 1, 15)))), "ok");
    EXPECT_EQ(Field(ValidateTimeOff(Request(D(2027, 1, 15), D(2027, 1, 22)))), "ok");
    EXPECT_EQ(Field(ValidateTimeOff(Request(D(2027, 2, 29), D(2027, 3, 1)))), "start_date");
    EXPECT_EQ(Field(ValidateTimeOff(Request(D(2027, 3, 1), D(2027, 4, 31)))), "end_date");
    EXPECT_EQ(Field(ValidateTimeOff(Request(D(2027, 1, 15), D(2027, 1, 14)))), "end_date");
    EXPECT_EQ(Field(ValidateTimeOff(Request(D(2027, 1, 1), D(2028, 1, 1)))), "ok");  // 366 days
    const Status too_long = ValidateTimeOff(Request(D(2027, 1, 1), D(2028, 1, 2)));
    EXPECT_EQ(Field(too_long), "end_date");
    EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidInput);
}

TEST(ValidateTimeOffTest, PartialDays) {
    const Date day = D(2027, 1, 20);
    EXPECT_EQ(Field(ValidateTimeOff(PartialDay(day, At(12), At(18)))), "ok");
    EXPECT_EQ(Field(ValidateTimeOff(PartialDay(day, At(0), At(23, 59)))), "ok");
    EXPECT_EQ(Field(ValidateTimeOff(PartialDay(day, At(12), At(12)))), "end_time");
    EXPECT_EQ(Field(ValidateTimeOff(PartialDay(day, At(18), At(12)))), "end_time");
    EXPECT_EQ(Field(ValidateTimeOff(PartialDay(day, LocalTime{-1}, At(12)))), "start_time");
    EXPECT_EQ(Field(ValidateTimeOff(PartialDay(day, At(12), LocalTime{1440}))), "end_time");

    TimeOffRequest two_days = PartialDay(day, At(12), At(18));
    two_days.end_date = D(2027, 1, 21);
    EXPECT_EQ(Field(ValidateTimeOff(two_days)), "end_date");

    TimeOffRequest only_start = Request(day, day);
    only_start.start_time = At(12);
    EXPECT_EQ(Field(ValidateTimeOff(only_start)), "end_time");
    TimeOffRequest only_end = Request(day, day);
    only_end.end_time = At(12);
    EXPECT_EQ(Field(ValidateTimeOff(only_end)), "start_time");
}

TEST(ValidateTimeOffTest, NoteUpTo500CodePoints) {
    TimeOffRequest request = Request(D(2027, 1, 15), D(2027, 1, 15));
    std::string note;
    for (int i = 0; i < 500; ++i) note += "\xC3\xA9";  // é, two bytes each
    request.note = note;
    EXPECT_EQ(Field(ValidateTimeOff(request)), "ok");
    request.note = note + "e";
    EXPECT_EQ(Field(ValidateTimeOff(request)), "note");
    request.note = "line one\nline two";
    EXPECT_EQ(Field(ValidateTimeOff(request)), "ok");
    request.note = "bad \xFF byte";
    EXPECT_EQ(Field(ValidateTimeOff(request)), "note");
}

// --- Instants -------------------------------------------------------------------------------------

TEST(TimeOffToInstantsTest, WholeDaysFromMidnightToMidnightAfter) {
    EXPECT_EQ(ToInstants(Request(D(2027, 1, 15), D(2027, 1, 17)), kUtc),
              (TimeOffSpan{Utc(2027, 1, 15, 0), Utc(2027, 1, 18, 0)}));
    EXPECT_EQ(ToInstants(Request(D(2027, 1, 15), D(2027, 1, 15)), Eastern()),
              (TimeOffSpan{Utc(2027, 1, 15, 5), Utc(2027, 1, 16, 5)}));
    EXPECT_EQ(ToInstants(Request(D(2027, 12, 31), D(2027, 12, 31)), kUtc),
              (TimeOffSpan{Utc(2027, 12, 31, 0), Utc(2028, 1, 1, 0)}));
}

struct DayLength {
    const char* name;
    const TimeZone& (*zone)();
    Date first;
    Date last;
    hours length;
};

class TimeOffDstTest : public ::testing::TestWithParam<DayLength> {};

TEST_P(TimeOffDstTest, DaysOfAChangeCountTheirRealHours) {
    const DayLength& c = GetParam();
    const TimeOffSpan span = ToInstants(Request(c.first, c.last), c.zone());
    EXPECT_EQ(span.end - span.start, c.length);
    EXPECT_EQ(span.start, c.zone().ToUtc(LocalMidnight(c.first)));
}

INSTANTIATE_TEST_SUITE_P(
    Zones, TimeOffDstTest,
    ::testing::Values(DayLength{"EasternSpring", Eastern, D(2027, 3, 14), D(2027, 3, 14), hours{23}},
                      DayLength{"EasternAutumn", Eastern, D(2027, 11, 7), D(2027, 11, 7), hours{25}},
                      DayLength{"EasternAcrossSpring", Eastern, D(2027, 3, 13), D(2027, 3, 15), hours{71}},
                      DayLength{"LondonSpring", London, D(2027, 3, 28), D(2027, 3, 28), hours{23}},
                      DayLength{"LondonAutumn", London, D(2027, 10, 31), D(2027, 10, 31), hours{25}},
                      DayLength{"LondonAcrossBoth", London, D(2027, 3, 1), D(2027, 11, 30), hours{24 * 275}},
                      DayLength{"LondonOrdinary", London, D(2027, 7, 1), D(2027, 7, 1), hours{24}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(TimeOffToInstantsTest, PartialDaysUseWallTimes) {
    EXPECT_EQ(ToInstants(PartialDay(D(2027, 3, 14), At(9), At(13)), Eastern()),
              (TimeOffSpan{Utc(2027, 3, 14, 13), Utc(2027, 3, 14, 17)}));  // EDT
    EXPECT_EQ(ToInstants(PartialDay(D(2027, 1, 14), At(9), At(13)), Eastern()),
              (TimeOffSpan{Utc(2027, 1, 14, 14), Utc(2027, 1, 14, 18)}));  // EST
    // 01:00 EDT to 02:00 EST: the repeated hour counts, two real hours.
    EXPECT_EQ(ToInstants(PartialDay(D(2027, 11, 7), At(1), At(2)), Eastern()),
              (TimeOffSpan{Utc(2027, 11, 7, 5), Utc(2027, 11, 7, 7)}));
    // 01:00 EST to 03:00 EDT: the skipped hour does not, one real hour.
    EXPECT_EQ(ToInstants(PartialDay(D(2027, 3, 14), At(1), At(3)), Eastern()),
              (TimeOffSpan{Utc(2027, 3, 14, 6), Utc(2027, 3, 14, 7)}));
}

TEST(TimeOffToInstantsTest, APartialDayTheSpringGapSwallowsIsEmpty) {
    // 02:30 resolves to 03:30 EDT, after 03:00 EDT.
    const TimeOffSpan span = ToInstants(PartialDay(D(2027, 3, 14), At(2, 30), At(3)), Eastern());
    EXPECT_EQ(span.start, Utc(2027, 3, 14, 7, 30));
    EXPECT_EQ(span.end, span.start);
}

// --- Life cycle: the table ----------------------------------------------------------------------

const std::vector<TimeOffState> kStates{TimeOffState::kPending, TimeOffState::kApproved, TimeOffState::kDenied,
                                        TimeOffState::kCancelled};
const std::vector<TimeOffAction> kActions{TimeOffAction::kApprove, TimeOffAction::kDeny, TimeOffAction::kCancel};

struct Actor {
    std::string name;
    Parties parties;
};
// Columns of the tables below, in this order.
const std::vector<Actor> kActors{
    {"the employee who is off", PartiesOf(Role::kEmployee, true)},
    {"a manager who is off", PartiesOf(Role::kManager, true)},
    {"an owner who is off", PartiesOf(Role::kOwner, true)},
    {"another employee", PartiesOf(Role::kEmployee, false)},
    {"a manager", PartiesOf(Role::kManager, false)},
    {"an owner", PartiesOf(Role::kOwner, false)},
};

TEST(TimeOffMachineTest, TheTableHasNoProblems) { EXPECT_EQ(TimeOffMachine().Problems(), std::vector<std::string>{}); }

TEST(TimeOffMachineTest, OnlyDeniedAndCancelledAreFinal) {
    EXPECT_FALSE(TimeOffMachine().IsFinal(TimeOffState::kPending));
    EXPECT_FALSE(TimeOffMachine().IsFinal(TimeOffState::kApproved));
    EXPECT_TRUE(TimeOffMachine().IsFinal(TimeOffState::kDenied));
    EXPECT_TRUE(TimeOffMachine().IsFinal(TimeOffState::kCancelled));
}

TEST(TimeOffMachineTest, EachRowSaysWhoIsTold) {
    const auto& machine = TimeOffMachine();
    const Parties manager = PartiesOf(Role::kManager, false);
    const Parties requester = PartiesOf(Role::kEmployee, true);
    EXPECT_EQ(machine.Take(TimeOffState::kPending, TimeOffAction::kApprove, manager)->told, Party::kRequester);
    EXPECT_EQ(machine.Take(TimeOffState::kPending, TimeOffAction::kDeny, manager)->told, Party::kRequester);
    EXPECT_EQ(machine.Take(TimeOffState::kPending, TimeOffAction::kCancel, requester)->told,
              Party::kRequester | Deciders());
    EXPECT_EQ(machine.Take(TimeOffState::kApproved, TimeOffAction::kCancel, manager)->told,
              Party::kRequester | Deciders());
}

// What TakeTimeOffAction answers: the state reached, or "conflict" (not in this state),
// "forbidden" (not for this actor, or started) or "note" (a manager must say why).
std::string Outcome(const Result<RequestTransition<TimeOffState, TimeOffAction>>& taken) {
    if (taken) return std::string(TimeOffStateName(taken->to));
    switch (taken.error().code) {
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kInvalidInput: return taken.error().field == "note" ? "note" : "invalid";
        default: return "unexpected error";
    }
}

// The four situations a request is acted on in, as the columns of kExpected's arrays.
struct Situation {
    const char* name;
    bool started;
    const char* note;
};
const std::array<Situation, 4> kSituations{{
    {"before it starts, without a note", false, ""},
    {"before it starts, with a note", false, "clash with stocktaking"},
    {"once it has started, without a note", true, "  "},
    {"once it has started, with a note", true, "back early"},
}};

// Every state x action x situation x actor, written out. Each string lists the six actors'
// outcomes in kActors' order: the employee who is off, a manager who is off, an owner who is off,
// another employee, a manager, an owner.
const std::map<std::pair<TimeOffState, TimeOffAction>, std::array<std::string, 4>> kExpected{
    {{TimeOffState::kPending, TimeOffAction::kApprove},
     {"forbidden forbidden forbidden forbidden approved approved",
      "forbidden forbidden forbidden forbidden approved approved",
      "forbidden forbidden forbidden forbidden approved approved",
      "forbidden forbidden forbidden forbidden approved approved"}},
    {{TimeOffState::kPending, TimeOffAction::kDeny},
     {"forbidden forbidden forbidden forbidden denied denied", "forbidden forbidden forbidden forbidden denied denied",
      "forbidden forbidden forbidden forbidden denied denied",
      "forbidden forbidden forbidden forbidden denied denied"}},
    {{TimeOffState::kPending, TimeOffAction::kCancel},
     {"cancelled cancelled cancelled forbidden note note",
      "cancelled cancelled cancelled forbidden cancelled cancelled", "forbidden note note forbidden note note",
      "forbidden cancelled cancelled forbidden cancelled cancelled"}},
    {{TimeOffState::kApproved, TimeOffAction::kApprove},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kApproved, TimeOffAction::kDeny},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kApproved, TimeOffAction::kCancel},
     {"cancelled cancelled cancelled forbidden note note",
      "cancelled cancelled cancelled forbidden cancelled cancelled", "forbidden note note forbidden note note",
      "forbidden cancelled cancelled forbidden cancelled cancelled"}},
    {{TimeOffState::kDenied, TimeOffAction::kApprove},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kDenied, TimeOffAction::kDeny},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kDenied, TimeOffAction::kCancel},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kCancelled, TimeOffAction::kApprove},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kCancelled, TimeOffAction::kDeny},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
    {{TimeOffState::kCancelled, TimeOffAction::kCancel},
     {"conflict conflict conflict conflict conflict conflict", "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict",
      "conflict conflict conflict conflict conflict conflict"}},
};

std::vector<std::string> Words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> words;
    for (std::string word; in >> word;) words.push_back(word);
    return words;
}

TEST(TakeTimeOffActionTest, EveryStateActionSituationAndActorIsAsSpecified) {
    ASSERT_EQ(kExpected.size(), kStates.size() * kActions.size());
    // Whole days from 2027-01-15 in Eastern: they start at 05:00Z.
    TimeOffRequest request = Request(D(2027, 1, 15), D(2027, 1, 16));
    const Instant start = Utc(2027, 1, 15, 5);
    for (TimeOffState state : kStates)
        for (TimeOffAction action : kActions)
            for (std::size_t s = 0; s < kSituations.size(); ++s) {
                const Situation& situation = kSituations[s];
                const std::vector<std::string> expected = Words(kExpected.at({state, action})[s]);
                ASSERT_EQ(expected.size(), kActors.size());
                request.state = state;
                const Instant now = situation.started ? start : start - seconds{1};
                for (std::size_t a = 0; a < kActors.size(); ++a) {
                    const auto taken =
                        TakeTimeOffAction(request, action, kActors[a].parties, situation.note, Eastern(), now);
                    EXPECT_EQ(Outcome(taken), expected[a])
                        << kActors[a].name << " wanting to " << TimeOffActionName(action) << " while "
                        << TimeOffStateName(state) << ", " << situation.name;
                }
            }
}

TEST(TakeTimeOffActionTest, ActionsOfferedAreTheOnesThatSucceedBeforeItStartsWithANote) {
    // ActionsFor knows only the table; the timing and the note can still refuse a cancel later.
    for (TimeOffState state : kStates)
        for (const Actor& actor : kActors) {
            TimeOffRequest request = Request(D(2027, 1, 15), D(2027, 1, 15));
            request.state = state;
            std::vector<TimeOffAction> succeeding;
            for (TimeOffAction action : kActions)
                if (TakeTimeOffAction(request, action, actor.parties, "a reason", kUtc, Utc(2027, 1, 1, 0)))
                    succeeding.push_back(action);
            EXPECT_EQ(TimeOffMachine().ActionsFor(state, actor.parties), succeeding)
                << actor.name << " " << TimeOffStateName(state);
        }
}

TEST(TakeTimeOffActionTest, APartialDayStartsAtItsStartTime) {
    const TimeOffRequest request = PartialDay(D(2027, 1, 15), At(12), At(18));  // 17:00Z in Eastern
    const Parties requester = PartiesOf(Role::kEmployee, true);
    EXPECT_TRUE(TakeTimeOffAction(request, TimeOffAction::kCancel, requester, "", Eastern(), Utc(2027, 1, 15, 16, 59)));
    EXPECT_FALSE(TakeTimeOffAction(request, TimeOffAction::kCancel, requester, "", Eastern(), Utc(2027, 1, 15, 17)));
}

TEST(TakeTimeOffActionTest, RefusalsSayWhy) {
    TimeOffRequest request = Request(D(2027, 1, 15), D(2027, 1, 15));
    auto started = TakeTimeOffAction(request, TimeOffAction::kCancel, PartiesOf(Role::kEmployee, true), "", kUtc,
                                     Utc(2027, 1, 15, 8));
    ASSERT_FALSE(started);
    EXPECT_EQ(started.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(started.error().detail, "this time off has started; only a manager may cancel it now");

    auto no_reason = TakeTimeOffAction(request, TimeOffAction::kCancel, PartiesOf(Role::kManager, false), "", kUtc,
                                       Utc(2027, 1, 1, 8));
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(no_reason.error().field, "note");

    auto own = TakeTimeOffAction(request, TimeOffAction::kApprove, PartiesOf(Role::kOwner, true), "", kUtc,
                                 Utc(2027, 1, 1, 8));
    ASSERT_FALSE(own);
    EXPECT_EQ(own.error().detail, "you may not approve this request");

    request.state = TimeOffState::kDenied;
    auto late = TakeTimeOffAction(request, TimeOffAction::kCancel, PartiesOf(Role::kEmployee, true), "", kUtc,
                                  Utc(2027, 1, 1, 8));
    ASSERT_FALSE(late);
    EXPECT_EQ(late.error().detail, "cannot cancel a request that is denied");
}

TEST(TakeTimeOffActionTest, ANoteMustBeValidText) {
    const TimeOffRequest request = Request(D(2027, 1, 15), D(2027, 1, 15));
    const std::string too_long(kMaxTimeOffNoteLength + 1, 'x');
    auto taken = TakeTimeOffAction(request, TimeOffAction::kApprove, PartiesOf(Role::kManager, false), too_long, kUtc,
                                   Utc(2027, 1, 1, 8));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().field, "note");
    EXPECT_TRUE(TakeTimeOffAction(request, TimeOffAction::kApprove, PartiesOf(Role::kManager, false),
                                  std::string(kMaxTimeOffNoteLength, 'x'), kUtc, Utc(2027, 1, 1, 8)));
}

// --- Creation ----------------------------------------------------------------------------------

TEST(InitialTimeOffStateTest, EveryRoleForSelfOrOthersPendingOrApproved) {
    auto outcome = [](Role role, bool for_self, bool approved) {
        auto state = InitialTimeOffState(role, for_self, approved);
        if (state) return std::string(TimeOffStateName(*state));
        return state.error().code == ErrorCode::kForbidden ? std::string("forbidden") : std::string("unexpected");
    };
    // role, for self, asked approved -> outcome
    EXPECT_EQ(outcome(Role::kEmployee, true, false), "pending");
    EXPECT_EQ(outcome(Role::kEmployee, true, true), "forbidden");
    EXPECT_EQ(outcome(Role::kEmployee, false, false), "forbidden");
    EXPECT_EQ(outcome(Role::kEmployee, false, true), "forbidden");
    EXPECT_EQ(outcome(Role::kManager, true, false), "pending");
    EXPECT_EQ(outcome(Role::kManager, true, true), "forbidden");
    EXPECT_EQ(outcome(Role::kManager, false, false), "pending");
    EXPECT_EQ(outcome(Role::kManager, false, true), "approved");
    EXPECT_EQ(outcome(Role::kOwner, true, false), "pending");
    EXPECT_EQ(outcome(Role::kOwner, true, true), "forbidden");
    EXPECT_EQ(outcome(Role::kOwner, false, false), "pending");
    EXPECT_EQ(outcome(Role::kOwner, false, true), "approved");
}

// --- Policy ------------------------------------------------------------------------------------

TEST(ValidateTimeOffPolicyTest, Fields) {
    EXPECT_EQ(Field(ValidateTimeOffPolicy({})), "ok");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({kMaxMinNoticeDays, {}})), "ok");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({-1, {}})), "min_notice_days");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({kMaxMinNoticeDays + 1, {}})), "min_notice_days");
    const BlackoutRange ok{D(2027, 12, 20), D(2027, 12, 31), "year end"};
    EXPECT_EQ(Field(ValidateTimeOffPolicy({0, {ok, {D(2027, 7, 1), D(2027, 7, 1), ""}}})), "ok");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({0, {ok, {D(2027, 7, 2), D(2027, 7, 1), ""}}})), "blackouts[1].last");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({0, {ok, {D(2027, 2, 30), D(2027, 7, 1), ""}}})), "blackouts[1].first");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({0, {ok, {D(2027, 7, 1), D(2027, 7, 32), ""}}})), "blackouts[1].last");
    EXPECT_EQ(Field(ValidateTimeOffPolicy({0, {ok, {D(2027, 7, 1), D(2027, 7, 1), std::string(101, 'x')}}})),
              "blackouts[1].name");
}

TEST(CheckPolicyTest, MinimumNotice) {
    const TimeOffPolicy policy{14, {}};
    const Date today = D(2027, 1, 1);
    EXPECT_EQ(Field(CheckPolicy(Request(D(2027, 1, 15), D(2027, 1, 20)), policy, today, false)), "ok");
    const Status short_notice = CheckPolicy(Request(D(2027, 1, 14), D(2027, 1, 20)), policy, today, false);
    EXPECT_EQ(Field(short_notice), "start_date");
    EXPECT_EQ(short_notice.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(short_notice.error().detail, "minimum notice: time off must be asked for at least 14 days ahead");
    EXPECT_EQ(Field(CheckPolicy(Request(D(2026, 12, 30), D(2026, 12, 30)), policy, today, false)), "start_date");
    // A manager's entry bypasses it.
    EXPECT_EQ(Field(CheckPolicy(Request(D(2027, 1, 2), D(2027, 1, 2)), policy, today, true)), "ok");
}

TEST(CheckPolicyTest, NoNoticeTakesAnyDatePastIncluded) {
    const TimeOffPolicy policy{};
    EXPECT_EQ(Field(CheckPolicy(Request(D(2027, 1, 1), D(2027, 1, 1)), policy, D(2027, 1, 1), false)), "ok");
    EXPECT_EQ(Field(CheckPolicy(Request(D(2026, 12, 31), D(2026, 12, 31)), policy, D(2027, 1, 1), false)), "ok");
}

TEST(CheckPolicyTest, BlackoutsRefuseAnyDateInside) {
    const TimeOffPolicy policy{0, {{D(2027, 7, 1), D(2027, 7, 1), ""}, {D(2027, 12, 20), D(2027, 12, 31), "year end"}}};
    const Date today = D(2027, 1, 1);
    auto check = [&](Date first, Date last) { return CheckPolicy(Request(first, last), policy, today, false); };
    EXPECT_EQ(Field(check(D(2027, 12, 10), D(2027, 12, 19))), "ok");  // ends the day before
    EXPECT_EQ(Field(check(D(2028, 1, 1), D(2028, 1, 5))), "ok");      // starts the day after
    EXPECT_EQ(Field(check(D(2027, 12, 10), D(2027, 12, 20))), "start_date");
    EXPECT_EQ(Field(check(D(2027, 12, 31), D(2028, 1, 5))), "start_date");
    EXPECT_EQ(Field(check(D(2027, 12, 1), D(2028, 1, 31))), "start_date");  // around it
    EXPECT_EQ(check(D(2027, 12, 22), D(2027, 12, 22)).error().detail,
              "blackout: no time off from 2027-12-20 to 2027-12-31 (year end)");
    EXPECT_EQ(check(D(2027, 6, 28), D(2027, 7, 2)).error().detail,
              "blackout: no time off from 2027-07-01 to 2027-07-01");
    // A partial day is on its date.
    EXPECT_EQ(Field(CheckPolicy(PartialDay(D(2027, 7, 1), At(9), At(10)), policy, today, false)), "start_date");
    EXPECT_EQ(Field(CheckPolicy(Request(D(2027, 12, 22), D(2027, 12, 22)), policy, today, true)), "ok");
}

TEST(CheckPolicyTest, NoticeIsCheckedFirst) {
    const TimeOffPolicy policy{30, {{D(2027, 1, 1), D(2027, 1, 31), ""}}};
    const Status status = CheckPolicy(Request(D(2027, 1, 10), D(2027, 1, 10)), policy, D(2027, 1, 1), false);
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().detail.rfind("minimum notice:", 0), 0u);
}

}  // namespace
}  // namespace shiftsync
