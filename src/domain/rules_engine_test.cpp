#include "domain/rules_engine.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/rule_zones_for_tests.hpp"

namespace shiftsync {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

constexpr Id kAda = 1;
constexpr Id kBob = 2;

// Fixed-rule zones (rule_zones_for_tests_test.cpp checks them against the tz database).
const TimeZone& kEastern = testing_zones::UsEasternLike();
const TimeZone& kLondon = testing_zones::LondonLike();  // GMT until Sun, Mar 29, 2026; BST until Sun, Oct 25, 2026

Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / m / d; }

// The instant of a local wall time in `zone`.
Instant At(const TimeZone& zone, int y, unsigned m, unsigned d, int h, int min = 0) {
    return zone.ToUtc(LocalAt(D(y, m, d), LocalTime{h * 60 + min}));
}

Shift S(Id id, Id user, Instant start, Instant end) {
    Shift shift;
    shift.id = id;
    shift.organization_id = 7;
    shift.user_id = user;
    shift.start = start;
    shift.end = end;
    return shift;
}

// A shift of Ada on a local date from `from` to `to` o'clock (to <= from: ends the next day).
Shift Work(const TimeZone& zone, Id id, Date date, int from, int to, Id user = kAda) {
    const Date end_date = to <= from ? Date{std::chrono::sys_days{date} + days{1}} : date;
    return S(id, user, zone.ToUtc(LocalAt(date, LocalTime{from * 60})),
             zone.ToUtc(LocalAt(end_date, LocalTime{to * 60})));
}

Date Plus(Date date, int n) { return Date{std::chrono::sys_days{date} + days{n}}; }

RuleLevels AllLevels(RuleLevel level) { return RuleLevels{level, level, level, level, level, level, level}; }

// Every rule off except `rule` at `level`: each test sees only what it is about.
OrganizationRules Only(Rule rule, RuleLevel level = RuleLevel::kWarn) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kOff);
    switch (rule) {
        case Rule::kMaxHoursPerWeek: org.levels.max_hours_per_week = level; break;
        case Rule::kMinHoursPerWeek: org.levels.min_hours_per_week = level; break;
        case Rule::kMaxHoursPerDay: org.levels.max_hours_per_day = level; break;
        case Rule::kMinRest: org.levels.min_rest = level; break;
        case Rule::kMaxConsecutiveDays: org.levels.max_consecutive_days = level; break;
        case Rule::kUnavailable: org.levels.unavailable = level; break;
        case Rule::kTimeOff: org.levels.time_off = level; break;
    }
    return org;
}

PersonRules Ada() {
    PersonRules person;
    person.user_id = kAda;
    person.name = "Ada";
    return person;
}

PersonRules Bob() {
    PersonRules person;
    person.user_id = kBob;
    person.name = "Bob";
    return person;
}

ShiftChange Put(Shift shift) { return ShiftChange{{std::move(shift)}, {}}; }
ShiftChange Remove(Id id) { return ShiftChange{{}, {id}}; }

RuleCheck Check(const OrganizationRules& org, const TimeZone& zone, const PersonRules& person,
                const std::vector<Shift>& existing, const ShiftChange& change) {
    Result<RuleCheck> result = CheckChange(org, zone, person, existing, change);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().field);
    return result.ok() ? std::move(result).value() : RuleCheck{};
}

std::vector<std::string> Messages(const RuleCheck& check) {
    std::vector<std::string> out;
    for (const Violation& v : check.violations) out.push_back(v.message);
    return out;
}

using Strings = std::vector<std::string>;
using Ids = std::vector<Id>;

// Mon, Mar 2, 2026 .. Fri, Mar 6: five 8-hour days in London (GMT then), ids 1..5.
std::vector<Shift> FortyHourWeek() {
    std::vector<Shift> shifts;
    for (int i = 0; i < 5; ++i) shifts.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 17));
    return shifts;
}

// --- Names, levels, limits --------------------------------------------------------------

TEST(RulesEngine, RuleNamesAndLevels) {
    EXPECT_EQ(RuleName(Rule::kMaxHoursPerWeek), "max_hours_per_week");
    EXPECT_EQ(RuleName(Rule::kMinHoursPerWeek), "min_hours_per_week");
    EXPECT_EQ(RuleName(Rule::kMaxHoursPerDay), "max_hours_per_day");
    EXPECT_EQ(RuleName(Rule::kMinRest), "min_rest");
    EXPECT_EQ(RuleName(Rule::kMaxConsecutiveDays), "max_consecutive_days");
    EXPECT_EQ(RuleName(Rule::kUnavailable), "unavailable");
    EXPECT_EQ(RuleName(Rule::kTimeOff), "time_off");

    const OrganizationRules org = Only(Rule::kMinRest, RuleLevel::kBlock);
    EXPECT_EQ(LevelOf(org.levels, Rule::kMinRest), RuleLevel::kBlock);
    EXPECT_EQ(LevelOf(org.levels, Rule::kTimeOff), RuleLevel::kOff);
}

TEST(RulesEngine, DefaultsFollowTheIssue) {
    const OrganizationRules org;
    for (Rule rule :
         {Rule::kMaxHoursPerWeek, Rule::kMinRest, Rule::kMaxConsecutiveDays, Rule::kUnavailable, Rule::kTimeOff}) {
        EXPECT_EQ(LevelOf(org.levels, rule), RuleLevel::kWarn) << RuleName(rule);
    }
    EXPECT_EQ(org.limits.max_per_week, hours{40});
    EXPECT_EQ(org.limits.min_rest, hours{10});
    EXPECT_EQ(org.limits.max_consecutive_days, 6);
    EXPECT_FALSE(org.limits.min_per_week);  // no contract, no daily maximum until set
    EXPECT_FALSE(org.limits.max_per_day);
    EXPECT_EQ(org.week_start, std::chrono::Monday);
    EXPECT_TRUE(ValidateRuleLimits(org.limits).ok());
}

TEST(RulesEngine, ValidateRuleLimitsNamesTheField) {
    const auto field = [](RuleLimits limits) {
        const Status status = ValidateRuleLimits(limits);
        if (status.ok()) return std::string("ok");
        EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
        return status.error().field;
    };
    RuleLimits l;
    l.max_per_week = minutes{0};
    EXPECT_EQ(field(l), "max_hours_per_week");
    l.max_per_week = hours{169};
    EXPECT_EQ(field(l), "max_hours_per_week");
    l.max_per_week = hours{168};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.min_per_week = minutes{-1};
    EXPECT_EQ(field(l), "min_hours_per_week");
    l.min_per_week = hours{41};  // above the maximum of 40
    EXPECT_EQ(field(l), "min_hours_per_week");
    l.min_per_week = hours{40};
    EXPECT_EQ(field(l), "ok");
    l.max_per_week.reset();
    l.min_per_week = hours{100};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.max_per_day = minutes{0};
    EXPECT_EQ(field(l), "max_hours_per_day");
    l.max_per_day = hours{25};
    EXPECT_EQ(field(l), "max_hours_per_day");
    l.max_per_day = hours{24};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.min_rest = minutes{-1};
    EXPECT_EQ(field(l), "min_rest_hours");
    l.min_rest = hours{49};
    EXPECT_EQ(field(l), "min_rest_hours");
    l.min_rest = minutes{0};
    EXPECT_EQ(field(l), "ok");

    l = {};
    l.max_consecutive_days = 0;
    EXPECT_EQ(field(l), "max_consecutive_days");
    l.max_consecutive_days = 32;
    EXPECT_EQ(field(l), "max_consecutive_days");
    l.max_consecutive_days = 31;
    EXPECT_EQ(field(l), "ok");
}

TEST(RulesEngine, PersonalOverridesReplaceOnlyWhatTheySet) {
    RuleLimits org;
    org.max_per_day = hours{12};
    LimitOverrides ada;
    ada.max_per_week = hours{20};
    ada.min_per_week = hours{16};
    const RuleLimits limits = EffectiveLimits(org, ada);
    EXPECT_EQ(limits.max_per_week, hours{20});
    EXPECT_EQ(limits.min_per_week, hours{16});
    EXPECT_EQ(limits.max_per_day, hours{12});
    EXPECT_EQ(limits.min_rest, hours{10});
    EXPECT_EQ(limits.max_consecutive_days, 6);
    EXPECT_EQ(EffectiveLimits(org, {}), org);
}

TEST(RulesEngine, FormatHours) {
    EXPECT_EQ(FormatHours(hours{46}), "46 h");
    EXPECT_EQ(FormatHours(hours{7} + minutes{30}), "7 h 30 min");
    EXPECT_EQ(FormatHours(minutes{45}), "45 min");
    EXPECT_EQ(FormatHours(std::chrono::seconds{0}), "0 h");
    EXPECT_EQ(FormatHours(minutes{90} + std::chrono::seconds{59}), "1 h 30 min");
}

// --- Max hours per week -----------------------------------------------------------------

TEST(MaxHoursPerWeek, OverTheMaximumWarnsWithASentence) {
    const OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    const RuleCheck check = Check(org, kLondon, Ada(), FortyHourWeek(), Put(Work(kLondon, 0, D(2026, 3, 7), 10, 16)));
    ASSERT_EQ(check.violations.size(), 1u);
    const Violation& v = check.violations[0];
    EXPECT_EQ(v.rule, Rule::kMaxHoursPerWeek);
    EXPECT_EQ(v.severity, Severity::kWarn);
    EXPECT_EQ(v.user_id, kAda);
    EXPECT_EQ(v.shift_ids, (Ids{1, 2, 3, 4, 5, 0}));
    EXPECT_EQ(v.message, "Ada would work 46 h in the week of Mon, Mar 2 (max 40 h)");
    EXPECT_FALSE(check.blocked());
    EXPECT_EQ(check.warnings().size(), 1u);
}

TEST(MaxHoursPerWeek, ExactlyTheMaximumIsFine) {
    std::vector<Shift> four = FortyHourWeek();
    const Shift fifth = four.back();
    four.pop_back();
    EXPECT_TRUE(Check(Only(Rule::kMaxHoursPerWeek), kLondon, Ada(), four, Put(fifth)).violations.empty());
}

TEST(MaxHoursPerWeek, APersonalMaximumAndTheBritishFormat) {
    OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    org.locale = DisplayLocale::kEnGb;
    PersonRules ada = Ada();
    ada.overrides.max_per_week = hours{20} + minutes{30};
    std::vector<Shift> three = FortyHourWeek();
    three.resize(2);
    EXPECT_EQ(Messages(Check(org, kLondon, ada, three, Put(Work(kLondon, 0, D(2026, 3, 4), 9, 14)))),
              (Strings{"Ada would work 21 h in the week of Mon 2 Mar (max 20 h 30 min)"}));
}

TEST(MaxHoursPerWeek, OtherPeoplesAndOpenShiftsDoNotCount) {
    std::vector<Shift> existing = FortyHourWeek();
    for (Shift& shift : existing) shift.user_id = kBob;
    Shift open = Work(kLondon, 9, D(2026, 3, 7), 9, 17);
    open.user_id.reset();
    existing.push_back(open);
    EXPECT_TRUE(
        Check(Only(Rule::kMaxHoursPerWeek), kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 17)))
            .violations.empty());
}

TEST(MaxHoursPerWeek, WeeksBeginOnTheOrganisationsWeekStart) {
    // Sun, Mar 1 .. Thu, Mar 5, eight hours each, and a candidate on Sat, Mar 7.
    std::vector<Shift> existing;
    for (int i = 0; i < 5; ++i) existing.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 1), i), 9, 17));
    const ShiftChange saturday = Put(Work(kLondon, 0, D(2026, 3, 7), 9, 17));

    OrganizationRules sunday = Only(Rule::kMaxHoursPerWeek);
    sunday.week_start = std::chrono::Sunday;
    EXPECT_EQ(Messages(Check(sunday, kLondon, Ada(), existing, saturday)),
              (Strings{"Ada would work 48 h in the week of Sun, Mar 1 (max 40 h)"}));

    // With Monday weeks, Sunday the 1st lies in the week before: 32 + 8 = 40 h.
    EXPECT_TRUE(Check(Only(Rule::kMaxHoursPerWeek), kLondon, Ada(), existing, saturday).violations.empty());

    // Saturday weeks: Sat, Feb 28 .. Fri, Mar 6 has the five shifts; the candidate starts the next.
    OrganizationRules saturday_weeks = Only(Rule::kMaxHoursPerWeek);
    saturday_weeks.week_start = std::chrono::Saturday;
    EXPECT_TRUE(Check(saturday_weeks, kLondon, Ada(), existing, saturday).violations.empty());
}

TEST(MaxHoursPerWeek, AShiftAcrossTheWeekBoundaryCountsInEachWeekByItsPart) {
    // Sunday weeks. Mon, Mar 2 .. Fri, Mar 6: 5 x 8 h = 40 h; the candidate Sat 20:00 -> Sun 04:00
    // puts 4 h into this week (44 h) and 4 h into the next.
    OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    org.week_start = std::chrono::Sunday;
    std::vector<Shift> existing = FortyHourWeek();
    // Next week already has 38 h: Sun, Mar 8 .. Thu, Mar 12 (8, 8, 8, 8, 6).
    for (int i = 0; i < 5; ++i) existing.push_back(Work(kLondon, 11 + i, Plus(D(2026, 3, 8), i), 9, i == 4 ? 15 : 17));
    const RuleCheck check = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 7), 20, 4)));
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 44 h in the week of Sun, Mar 1 (max 40 h)",
                                        "Ada would work 42 h in the week of Sun, Mar 8 (max 40 h)"}));
    EXPECT_EQ(check.violations[1].shift_ids, (Ids{0, 11, 12, 13, 14, 15}));
}

TEST(MaxHoursPerWeek, HoursAreRealElapsedTimeAcrossDaylightSaving) {
    OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    // Eastern, fall back on Sun, Nov 1, 2026: the week of Mon, Oct 26 has 4 x 8 h and a
    // 22:00 -> 06:00 night over the change, which lasts 9 h: 41 h.
    std::vector<Shift> existing;
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kEastern, i + 1, Plus(D(2026, 10, 26), i), 9, 17));
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), existing, Put(Work(kEastern, 0, D(2026, 10, 31), 22, 6)))),
              (Strings{"Ada would work 41 h in the week of Mon, Oct 26 (max 40 h)"}));
    // Spring forward on Sun, Mar 8: the same night lasts 7 h, and 4 x 8 h + 7 h + 1 h = 40 h.
    existing.clear();
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kEastern, i + 1, Plus(D(2026, 3, 2), i), 9, 17));
    existing.push_back(Work(kEastern, 5, D(2026, 3, 6), 9, 10));
    EXPECT_TRUE(Check(org, kEastern, Ada(), existing, Put(Work(kEastern, 0, D(2026, 3, 7), 22, 6))).violations.empty());
    // London's autumn change (Sun, Oct 25): 22:00 -> 06:00 is 9 h there too.
    existing.clear();
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kLondon, i + 1, Plus(D(2026, 10, 19), i), 9, 17));
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 10, 24), 22, 6)))),
              (Strings{"Ada would work 41 h in the week of Mon, Oct 19 (max 40 h)"}));
}

// --- Min (contracted) hours per week ----------------------------------------------------

TEST(MinHoursPerWeek, UnderTheContractWarnsOnlyWhenAContractIsSet) {
    std::vector<Shift> existing = FortyHourWeek();
    existing.resize(3);
    const ShiftChange change = Put(Work(kLondon, 0, D(2026, 3, 5), 9, 13));
    EXPECT_TRUE(Check(Only(Rule::kMinHoursPerWeek), kLondon, Ada(), existing, change).violations.empty());

    PersonRules ada = Ada();
    ada.overrides.min_per_week = hours{30};
    const RuleCheck check = Check(Only(Rule::kMinHoursPerWeek), kLondon, ada, existing, change);
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 28 h in the week of Mon, Mar 2 (contracted 30 h)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 2, 3, 0}));
    ada.overrides.min_per_week = hours{28};
    EXPECT_TRUE(Check(Only(Rule::kMinHoursPerWeek), kLondon, ada, existing, change).violations.empty());
}

TEST(MinHoursPerWeek, RemovingAShiftCanLeaveSomeoneUnderTheirContract) {
    PersonRules ada = Ada();
    ada.overrides.min_per_week = hours{40};
    EXPECT_EQ(Messages(Check(Only(Rule::kMinHoursPerWeek), kLondon, ada, FortyHourWeek(), Remove(5))),
              (Strings{"Ada would work 32 h in the week of Mon, Mar 2 (contracted 40 h)"}));
}

// --- Max hours per day ------------------------------------------------------------------

TEST(MaxHoursPerDay, ADayIsSplitAtLocalMidnight) {
    OrganizationRules org = Only(Rule::kMaxHoursPerDay);
    org.limits.max_per_day = hours{8};
    // Mon 08:00-14:00 and Mon 18:00 -> Tue 02:00: Monday has 6 + 6 = 12 h, Tuesday 2 h.
    const std::vector<Shift> existing = {Work(kLondon, 1, D(2026, 3, 2), 8, 14)};
    const RuleCheck check = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 2), 18, 2)));
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 12 h on Mon, Mar 2 (max 8 h)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 0}));
    // Without the earlier shift, neither day is over.
    EXPECT_TRUE(Check(org, kLondon, Ada(), {}, Put(Work(kLondon, 0, D(2026, 3, 2), 18, 2))).violations.empty());
}

TEST(MaxHoursPerDay, DaysOfTwentyThreeAndTwentyFiveHours) {
    OrganizationRules org = Only(Rule::kMaxHoursPerDay);
    org.limits.max_per_day = hours{8};
    // Midnight to 09:00 local on the spring-forward Sunday is 8 h; on the fall-back one 10 h.
    EXPECT_TRUE(Check(org, kEastern, Ada(), {}, Put(Work(kEastern, 0, D(2026, 3, 8), 0, 9))).violations.empty());
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), {}, Put(Work(kEastern, 0, D(2026, 11, 1), 0, 9)))),
              (Strings{"Ada would work 10 h on Sun, Nov 1 (max 8 h)"}));
    EXPECT_TRUE(Check(org, kLondon, Ada(), {}, Put(Work(kLondon, 0, D(2026, 3, 29), 0, 9))).violations.empty());
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), {}, Put(Work(kLondon, 0, D(2026, 10, 25), 0, 9)))),
              (Strings{"Ada would work 10 h on Sun, Oct 25 (max 8 h)"}));
}

// --- Min rest ---------------------------------------------------------------------------

TEST(MinRest, ClopeningAcrossDaylightSavingIsRealTime) {
    const OrganizationRules org = Only(Rule::kMinRest);
    // Eastern spring forward: Sat 22:00 -> Sun 08:00 local is 9 h.
    const std::vector<Shift> saturday = {Work(kEastern, 1, D(2026, 3, 7), 14, 22)};
    const RuleCheck check = Check(org, kEastern, Ada(), saturday, Put(Work(kEastern, 0, D(2026, 3, 8), 8, 16)));
    EXPECT_EQ(Messages(check),
              (Strings{"Ada would rest 9 h between Sat, Mar 7, 10 PM and Sun, Mar 8, 8 AM (min 10 h)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 0}));
    // Fall back: Sat 22:00 -> Sun 07:30 local is 10 h 30 min; the same wall times a week
    // earlier are 9 h 30 min.
    EXPECT_TRUE(Check(org, kEastern, Ada(), {Work(kEastern, 1, D(2026, 10, 31), 14, 22)},
                      Put(S(0, kAda, At(kEastern, 2026, 11, 1, 7, 30), At(kEastern, 2026, 11, 1, 15))))
                    .violations.empty());
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), {Work(kEastern, 1, D(2026, 10, 24), 14, 22)},
                             Put(S(0, kAda, At(kEastern, 2026, 10, 25, 7, 30), At(kEastern, 2026, 10, 25, 15))))),
              (Strings{"Ada would rest 9 h 30 min between Sat, Oct 24, 10 PM and Sun, Oct 25, 7:30 AM (min 10 h)"}));
    // London: 9 h in spring, 11 h in autumn for 22:00 -> 08:00.
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), {Work(kLondon, 1, D(2026, 3, 28), 14, 22)},
                             Put(Work(kLondon, 0, D(2026, 3, 29), 8, 16)))),
              (Strings{"Ada would rest 9 h between Sat, Mar 28, 10 PM and Sun, Mar 29, 8 AM (min 10 h)"}));
    EXPECT_TRUE(Check(org, kLondon, Ada(), {Work(kLondon, 1, D(2026, 10, 24), 14, 22)},
                      Put(Work(kLondon, 0, D(2026, 10, 25), 8, 16)))
                    .violations.empty());
}

TEST(MinRest, CountsFromTheEndOfAnOvernightShift) {
    const OrganizationRules org = Only(Rule::kMinRest);
    // Mon 22:00 -> Tue 06:00, then Tue 14:00: 8 h of rest.
    const std::vector<Shift> night = {Work(kLondon, 1, D(2026, 3, 2), 22, 6)};
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 3), 14, 20)))),
              (Strings{"Ada would rest 8 h between Tue, Mar 3, 6 AM and Tue, Mar 3, 2 PM (min 10 h)"}));
    EXPECT_TRUE(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 3), 16, 20))).violations.empty());
    // Before the night: Mon 06:00-14:00 starts on the same day (a split shift, no rest due);
    // Sun 16:00-20:00 leaves 26 h; an overnight Sun 16:00 -> Mon 14:00 leaves 8 h.
    EXPECT_TRUE(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 2), 6, 14))).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 1), 16, 20))).violations.empty());
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), night, Put(Work(kLondon, 0, D(2026, 3, 1), 16, 14)))),
              (Strings{"Ada would rest 8 h between Mon, Mar 2, 2 PM and Mon, Mar 2, 10 PM (min 10 h)"}));
}

TEST(MinRest, ASplitShiftOnOneDayIsABreakNotRest) {
    const OrganizationRules org = Only(Rule::kMinRest);
    const std::vector<Shift> morning = {Work(kLondon, 1, D(2026, 3, 2), 8, 12)};
    EXPECT_TRUE(Check(org, kLondon, Ada(), morning, Put(Work(kLondon, 0, D(2026, 3, 2), 14, 18))).violations.empty());
    // Back to back across midnight are two days: no rest at all.
    const std::vector<Shift> evening = {Work(kLondon, 1, D(2026, 3, 2), 16, 0)};
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), evening, Put(Work(kLondon, 0, D(2026, 3, 3), 0, 8)))),
              (Strings{"Ada would rest 0 h between Tue, Mar 3, 12 AM and Tue, Mar 3, 12 AM (min 10 h)"}));
}

TEST(MinRest, RestIsFromTheLatestEarlierWork) {
    // Mon 06:00-10:00 and Mon 12:00-21:00, then Tue 06:00: 9 h after the later Monday shift.
    const std::vector<Shift> monday = {Work(kLondon, 1, D(2026, 3, 2), 6, 10), Work(kLondon, 2, D(2026, 3, 2), 12, 21)};
    const RuleCheck check =
        Check(Only(Rule::kMinRest), kLondon, Ada(), monday, Put(Work(kLondon, 0, D(2026, 3, 3), 6, 10)));
    ASSERT_EQ(check.violations.size(), 1u);
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{2, 0}));
    // The candidate between two others: rest before and after it are both checked.
    const std::vector<Shift> around = {Work(kLondon, 1, D(2026, 3, 2), 14, 22), Work(kLondon, 2, D(2026, 3, 4), 6, 14)};
    const RuleCheck both =
        Check(Only(Rule::kMinRest), kLondon, Ada(), around, Put(Work(kLondon, 0, D(2026, 3, 3), 6, 22)));
    ASSERT_EQ(both.violations.size(), 2u);
    EXPECT_EQ(both.violations[0].shift_ids, (Ids{1, 0}));
    EXPECT_EQ(both.violations[1].shift_ids, (Ids{0, 2}));
}

TEST(MinRest, APersonalMinimum) {
    PersonRules ada = Ada();
    ada.overrides.min_rest = hours{12};
    const std::vector<Shift> evening = {Work(kLondon, 1, D(2026, 3, 2), 14, 22)};
    const ShiftChange next = Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17));  // 11 h later
    EXPECT_TRUE(Check(Only(Rule::kMinRest), kLondon, Ada(), evening, next).violations.empty());
    EXPECT_EQ(Messages(Check(Only(Rule::kMinRest), kLondon, ada, evening, next)),
              (Strings{"Ada would rest 11 h between Mon, Mar 2, 10 PM and Tue, Mar 3, 9 AM (min 12 h)"}));
}

// --- Max consecutive days ---------------------------------------------------------------

TEST(MaxConsecutiveDays, ASeventhDayInARow) {
    const OrganizationRules org = Only(Rule::kMaxConsecutiveDays);
    std::vector<Shift> six;
    for (int i = 0; i < 6; ++i) six.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 13));
    const RuleCheck check = Check(org, kLondon, Ada(), six, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 13)));
    EXPECT_EQ(Messages(check), (Strings{"Ada would work 7 days in a row, Mon, Mar 2 to Sun, Mar 8 (max 6)"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{1, 2, 3, 4, 5, 6, 0}));
    // A day off in between breaks the run.
    EXPECT_TRUE(Check(org, kLondon, Ada(), six, Put(Work(kLondon, 0, D(2026, 3, 9), 9, 13))).violations.empty());
    // Joining two runs: Mon-Wed and Fri-Sun joined by Thursday.
    std::vector<Shift> gap = six;
    gap.erase(gap.begin() + 3);  // no Thursday
    gap.push_back(Work(kLondon, 7, D(2026, 3, 8), 9, 13));
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), gap, Put(Work(kLondon, 0, D(2026, 3, 5), 9, 13)))),
              (Strings{"Ada would work 7 days in a row, Mon, Mar 2 to Sun, Mar 8 (max 6)"}));
}

TEST(MaxConsecutiveDays, AnOvernightShiftCountsForTheDayItStarts) {
    const OrganizationRules org = Only(Rule::kMaxConsecutiveDays);
    // Mon..Fri days, then Sat 22:00 -> Sun 06:00: six days (Sunday is not a working day).
    std::vector<Shift> week;
    for (int i = 0; i < 5; ++i) week.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 13));
    EXPECT_TRUE(Check(org, kLondon, Ada(), week, Put(Work(kLondon, 0, D(2026, 3, 7), 22, 6))).violations.empty());
    // Two shifts on one day count once.
    week.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 12));
    EXPECT_TRUE(Check(org, kLondon, Ada(), week, Put(Work(kLondon, 0, D(2026, 3, 7), 14, 18))).violations.empty());
    // And Sunday morning makes the seventh.
    EXPECT_EQ(Check(org, kLondon, Ada(), week, Put(Work(kLondon, 0, D(2026, 3, 8), 10, 14))).violations.size(), 1u);
}

TEST(MaxConsecutiveDays, LocalDaysAcrossDaylightSaving) {
    // Eastern, around the spring-forward Sunday: Wed, Mar 4 .. Tue, Mar 10 at 00:30 local.
    OrganizationRules org = Only(Rule::kMaxConsecutiveDays);
    std::vector<Shift> run;
    for (int i = 0; i < 6; ++i) {
        const Date day = Plus(D(2026, 3, 4), i);
        run.push_back(
            S(i + 1, kAda, kEastern.ToUtc(LocalAt(day, LocalTime{30})), kEastern.ToUtc(LocalAt(day, LocalTime{300}))));
    }
    const Date tuesday = D(2026, 3, 10);
    const Shift seventh =
        S(0, kAda, kEastern.ToUtc(LocalAt(tuesday, LocalTime{30})), kEastern.ToUtc(LocalAt(tuesday, LocalTime{300})));
    EXPECT_EQ(Messages(Check(org, kEastern, Ada(), run, Put(seventh))),
              (Strings{"Ada would work 7 days in a row, Wed, Mar 4 to Tue, Mar 10 (max 6)"}));
    PersonRules ada = Ada();
    ada.overrides.max_consecutive_days = 7;
    EXPECT_TRUE(Check(org, kEastern, ada, run, Put(seventh)).violations.empty());
}

// --- Unavailable time and time off ------------------------------------------------------

TEST(MarkedTime, PartialDayTimeOff) {
    PersonRules ada = Ada();
    // Time off Tue, Mar 3, 09:00-13:00 (a dentist's morning).
    ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 3, 9), At(kLondon, 2026, 3, 3, 13)}});
    const OrganizationRules org = Only(Rule::kTimeOff);
    const RuleCheck check = Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 12, 20)));
    EXPECT_EQ(
        Messages(check),
        (Strings{
            "Ada has approved time off Tue, Mar 3, 9 AM\u20131 PM, during the shift Tue, Mar 3, 12 PM\u20138 PM"}));
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{0}));
    // Half-open: starting as it ends, or ending as it starts, is fine.
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 13, 20))).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 5, 9))).violations.empty());
    // Time off is not unavailability: that rule off, the other on, nothing.
    EXPECT_TRUE(Check(Only(Rule::kUnavailable), kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 12, 20)))
                    .violations.empty());
}

TEST(MarkedTime, UnavailableTimeUnderAnOvernightShift) {
    PersonRules ada = Ada();
    // Unavailable on Wed, Mar 4 all day (local midnight to midnight), and more marks around it.
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 6, 0), At(kLondon, 2026, 3, 7, 0)}});
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 4, 0), At(kLondon, 2026, 3, 5, 0)}});
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 2, 20, 0), At(kLondon, 2026, 2, 21, 0)}});
    const OrganizationRules org = Only(Rule::kUnavailable);
    EXPECT_EQ(Messages(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 22, 2)))),
              (Strings{"Ada is unavailable Wed, Mar 4, 12 AM\u201312 AM (next day), during the shift Tue, Mar 3, "
                       "10 PM\u20132 AM (next day)"}));
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 16, 0))).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 5), 9, 17))).violations.empty());
}

TEST(MarkedTime, PreferredTimeIsNeverAViolation) {
    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kPreferred, {At(kLondon, 2026, 3, 3, 0), At(kLondon, 2026, 3, 4, 0)}});
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kBlock);
    EXPECT_TRUE(Check(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))).violations.empty());
}

TEST(MarkedTime, OnlyTheShiftsOfTheChangeAreChecked) {
    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 3, 0)}});
    // Monday's shift already sits in unavailable time; adding Tuesday's reports nothing.
    const std::vector<Shift> monday = {Work(kLondon, 1, D(2026, 3, 2), 9, 17)};
    EXPECT_TRUE(Check(Only(Rule::kUnavailable), kLondon, ada, monday, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17)))
                    .violations.empty());
}

// --- Each rule off, warn and block ------------------------------------------------------

struct Scenario {
    Rule rule;
    PersonRules person;
    std::vector<Shift> existing;
    ShiftChange change;
};

std::vector<Scenario> OneScenarioPerRule() {
    std::vector<Scenario> out;
    { out.push_back({Rule::kMaxHoursPerWeek, Ada(), FortyHourWeek(), Put(Work(kLondon, 0, D(2026, 3, 7), 9, 10))}); }
    {
        PersonRules ada = Ada();
        ada.overrides.min_per_week = hours{20};
        out.push_back({Rule::kMinHoursPerWeek, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    {
        PersonRules ada = Ada();
        ada.overrides.max_per_day = hours{6};
        out.push_back({Rule::kMaxHoursPerDay, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    out.push_back({Rule::kMinRest,
                   Ada(),
                   {Work(kLondon, 1, D(2026, 3, 2), 14, 23)},
                   Put(Work(kLondon, 0, D(2026, 3, 3), 6, 10))});
    {
        std::vector<Shift> six;
        for (int i = 0; i < 6; ++i) six.push_back(Work(kLondon, i + 1, Plus(D(2026, 3, 2), i), 9, 13));
        out.push_back({Rule::kMaxConsecutiveDays, Ada(), six, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 13))});
    }
    {
        PersonRules ada = Ada();
        ada.marked.push_back({MarkedKind::kUnavailable, {At(kLondon, 2026, 3, 3, 12), At(kLondon, 2026, 3, 3, 14)}});
        out.push_back({Rule::kUnavailable, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    {
        PersonRules ada = Ada();
        ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 3, 12), At(kLondon, 2026, 3, 3, 14)}});
        out.push_back({Rule::kTimeOff, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 3), 9, 17))});
    }
    return out;
}

TEST(RuleLevels, EachRuleOffWarnAndBlock) {
    for (const Scenario& s : OneScenarioPerRule()) {
        SCOPED_TRACE(std::string(RuleName(s.rule)));
        // Only this rule on: at each level.
        EXPECT_TRUE(Check(Only(s.rule, RuleLevel::kOff), kLondon, s.person, s.existing, s.change).violations.empty());
        const RuleCheck warn = Check(Only(s.rule, RuleLevel::kWarn), kLondon, s.person, s.existing, s.change);
        ASSERT_EQ(warn.violations.size(), 1u);
        EXPECT_EQ(warn.violations[0].rule, s.rule);
        EXPECT_EQ(warn.violations[0].severity, Severity::kWarn);
        EXPECT_FALSE(warn.blocked());
        EXPECT_EQ(warn.warnings(), warn.violations);
        const RuleCheck block = Check(Only(s.rule, RuleLevel::kBlock), kLondon, s.person, s.existing, s.change);
        ASSERT_EQ(block.violations.size(), 1u);
        EXPECT_EQ(block.violations[0].severity, Severity::kBlock);
        EXPECT_TRUE(block.blocked());
        EXPECT_TRUE(block.warnings().empty());

        // Every other rule on at block: still only this one breaks.
        OrganizationRules all;
        all.levels = AllLevels(RuleLevel::kBlock);
        const RuleCheck alone = Check(all, kLondon, s.person, s.existing, s.change);
        ASSERT_EQ(alone.violations.size(), 1u);
        EXPECT_EQ(alone.violations[0].rule, s.rule);
        all.levels = AllLevels(RuleLevel::kOff);
        EXPECT_TRUE(Check(all, kLondon, s.person, s.existing, s.change).violations.empty());
    }
}

TEST(RuleLevels, WarningsAndBlocksTogetherAreInRuleOrder) {
    OrganizationRules org;
    org.levels.max_hours_per_week = RuleLevel::kBlock;
    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 7, 0), At(kLondon, 2026, 3, 8, 0)}});
    const RuleCheck check = Check(org, kLondon, ada, FortyHourWeek(), Put(Work(kLondon, 0, D(2026, 3, 7), 9, 17)));
    ASSERT_EQ(check.violations.size(), 2u);
    EXPECT_EQ(check.violations[0].rule, Rule::kMaxHoursPerWeek);
    EXPECT_EQ(check.violations[1].rule, Rule::kTimeOff);
    EXPECT_TRUE(check.blocked());
    ASSERT_EQ(check.warnings().size(), 1u);
    EXPECT_EQ(check.warnings()[0].rule, Rule::kTimeOff);
}

// --- Edits and removals -----------------------------------------------------------------

TEST(Changes, AMovedShiftNoLongerCountsWhereItWas) {
    const OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    std::vector<Shift> existing = FortyHourWeek();
    existing.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 17));  // 48 h: over already
    // Moving Saturday's shift to next Monday: this week 40 h, next week 8 h.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 6, D(2026, 3, 9), 9, 17))).violations.empty());
    // Moving it within the week: still over, once, with the shift at its new place.
    const RuleCheck within = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 6, D(2026, 3, 8), 9, 17)));
    ASSERT_EQ(within.violations.size(), 1u);
    EXPECT_EQ(within.violations[0].message, "Ada would work 48 h in the week of Mon, Mar 2 (max 40 h)");
    EXPECT_EQ(within.violations[0].shift_ids, (Ids{1, 2, 3, 4, 5, 6}));
    // Shortening it: 44 h.
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 6, D(2026, 3, 7), 9, 13)))),
              (Strings{"Ada would work 44 h in the week of Mon, Mar 2 (max 40 h)"}));
}

TEST(Changes, MovingAShiftAwayClearsTheRestItBroke) {
    const OrganizationRules org = Only(Rule::kMinRest);
    const std::vector<Shift> existing = {Work(kLondon, 1, D(2026, 3, 2), 14, 23),
                                         Work(kLondon, 2, D(2026, 3, 3), 6, 10)};
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 2, D(2026, 3, 3), 10, 14))).violations.empty());
    EXPECT_EQ(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 2, D(2026, 3, 3), 8, 12))).violations.size(), 1u);
}

TEST(Changes, GivingAShiftToSomeoneElse) {
    const OrganizationRules org = Only(Rule::kMaxHoursPerWeek);
    std::vector<Shift> existing = FortyHourWeek();
    existing.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 17));
    Shift to_bob = existing.back();
    to_bob.user_id = kBob;
    // Ada loses it: under 40 again. Bob gets it: 8 h, fine; with Bob's own 36 h, 44 h.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(to_bob)).violations.empty());
    EXPECT_TRUE(Check(org, kLondon, Bob(), existing, Put(to_bob)).violations.empty());
    for (int i = 0; i < 4; ++i) existing.push_back(Work(kLondon, 21 + i, Plus(D(2026, 3, 2), i), 8, 17, kBob));
    const RuleCheck bob = Check(org, kLondon, Bob(), existing, Put(to_bob));
    EXPECT_EQ(Messages(bob), (Strings{"Bob would work 44 h in the week of Mon, Mar 2 (max 40 h)"}));
    EXPECT_EQ(bob.violations[0].user_id, kBob);
    EXPECT_EQ(bob.violations[0].shift_ids, (Ids{21, 22, 23, 24, 6}));
    // Made open: nobody's.
    Shift open = existing[5];
    open.user_id.reset();
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(open)).violations.empty());
}

TEST(Changes, RemovalClearsAViolation) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kBlock);
    std::vector<Shift> existing = FortyHourWeek();
    existing.push_back(Work(kLondon, 6, D(2026, 3, 7), 9, 17));
    // Adding Sunday breaks the week (56 h) and the run (7 days).
    const RuleCheck before = Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 8), 9, 17)));
    EXPECT_EQ(before.violations.size(), 2u);
    // Removing Saturday: 40 h and a run of five.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Remove(6)).violations.empty());
    // Removing an id that is not there touches nothing, so reports nothing.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Remove(99)).violations.empty());
    // Removing Saturday and adding Sunday in one change: 48 - 8 + 8 h, and no longer 7 days.
    ShiftChange swap = Remove(6);
    swap.put.push_back(Work(kLondon, 0, D(2026, 3, 8), 9, 17));
    EXPECT_EQ(Messages(Check(org, kLondon, Ada(), existing, swap)),
              (Strings{"Ada would work 48 h in the week of Mon, Mar 2 (max 40 h)"}));
    swap.put[0] = Work(kLondon, 0, D(2026, 3, 8), 9, 13);
    const RuleCheck swapped = Check(org, kLondon, Ada(), existing, swap);
    EXPECT_EQ(Messages(swapped), (Strings{"Ada would work 44 h in the week of Mon, Mar 2 (max 40 h)"}));
}

TEST(Changes, ViolationsTheChangeHasNoPartInAreLeftOut) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kWarn);
    // Last week: 48 h and too little rest, both already there.
    std::vector<Shift> existing;
    for (int i = 0; i < 6; ++i) existing.push_back(Work(kLondon, i + 1, Plus(D(2026, 2, 23), i), 9, 17));
    existing.push_back(Work(kLondon, 7, D(2026, 2, 23), 18, 0));  // 9 h before Tuesday's
    // This week's Wednesday: its week is fine, and it is nobody's neighbour.
    EXPECT_TRUE(Check(org, kLondon, Ada(), existing, Put(Work(kLondon, 0, D(2026, 3, 4), 9, 17))).violations.empty());
}

TEST(Changes, SeveralNewShiftsAreToldApartByProvisionalIds) {
    const OrganizationRules org = Only(Rule::kMinRest);
    ShiftChange pattern;
    pattern.put.push_back(Work(kLondon, -1, D(2026, 3, 2), 14, 23));
    pattern.put.push_back(Work(kLondon, -2, D(2026, 3, 3), 6, 14));
    pattern.put.push_back(Work(kLondon, -3, D(2026, 3, 4), 6, 14));
    const RuleCheck check = Check(org, kLondon, Ada(), {}, pattern);
    ASSERT_EQ(check.violations.size(), 1u);
    EXPECT_EQ(check.violations[0].shift_ids, (Ids{-1, -2}));
}

// --- Bad input --------------------------------------------------------------------------

TEST(BadInput, NamesTheField) {
    const auto field = [](const Result<RuleCheck>& r) { return r.ok() ? std::string("ok") : r.error().field; };
    const OrganizationRules org;
    EXPECT_EQ(field(CheckChange(org, kLondon, Ada(), {},
                                Put(S(0, kAda, At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 9))))),
              "put[0].end");
    ShiftChange two = Put(Work(kLondon, 0, D(2026, 3, 2), 9, 17));
    two.put.push_back(S(-1, kBob, At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 8)));
    EXPECT_EQ(field(CheckChange(org, kLondon, Ada(), {}, two)), "put[1].end");

    PersonRules ada = Ada();
    ada.marked.push_back({MarkedKind::kPreferred, {At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 10)}});
    ada.marked.push_back({MarkedKind::kTimeOff, {At(kLondon, 2026, 3, 2, 9), At(kLondon, 2026, 3, 2, 9)}});
    EXPECT_EQ(field(CheckChange(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 2), 9, 17)))), "marked[1].end");

    ada = Ada();
    ada.overrides.min_per_week = hours{50};  // above the organisation's 40 h maximum
    EXPECT_EQ(field(CheckChange(org, kLondon, ada, {}, Put(Work(kLondon, 0, D(2026, 3, 2), 9, 17)))),
              "min_hours_per_week");
    EXPECT_EQ(field(CheckPeriod(org, kLondon, Ada(), {}, {At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 2, 0)})),
              "period.end");
    const Result<RuleCheck> bad = CheckChange(org, kLondon, ada, {}, {});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidInput);
}

// --- A period (the schedule's week, the conflicts list) ----------------------------------

TEST(CheckPeriod, ReportsTheWeeksWhollyInsideAndTheShiftsStartingInIt) {
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kWarn);
    org.week_start = std::chrono::Sunday;
    std::vector<Shift> shifts;
    // Sat, Feb 28 14:00-23:00 (before the period), then Sun, Mar 1 .. Sat, Mar 7 at 06:00-14:00.
    shifts.push_back(Work(kEastern, 1, D(2026, 2, 28), 14, 23));
    for (int i = 0; i < 7; ++i) shifts.push_back(Work(kEastern, 10 + i, Plus(D(2026, 3, 1), i), 6, 14));
    shifts.push_back(Work(kEastern, 99, D(2026, 3, 2), 6, 14, kBob));  // Bob's: not Ada's business
    const TimeRange week{At(kEastern, 2026, 3, 1, 0), At(kEastern, 2026, 3, 8, 0)};
    Result<RuleCheck> check = CheckPeriod(org, kEastern, Ada(), shifts, week);
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(Messages(*check),
              (Strings{"Ada would work 56 h in the week of Sun, Mar 1 (max 40 h)",
                       "Ada would rest 7 h between Sat, Feb 28, 11 PM and Sun, Mar 1, 6 AM (min 10 h)",
                       "Ada would work 8 days in a row, Sat, Feb 28 to Sat, Mar 7 (max 6)"}));

    // Half a week: its hours are not judged, since shifts outside it count in it.
    Result<RuleCheck> half = CheckPeriod(org, kEastern, Ada(), shifts, {At(kEastern, 2026, 3, 4, 0), week.end});
    ASSERT_TRUE(half.ok());
    for (const Violation& v : half->violations) EXPECT_NE(v.rule, Rule::kMaxHoursPerWeek) << v.message;
}

TEST(CheckPeriod, DaysWhollyInsideTheirHours) {
    OrganizationRules org = Only(Rule::kMaxHoursPerDay);
    org.limits.max_per_day = hours{8};
    const std::vector<Shift> shifts = {Work(kLondon, 1, D(2026, 3, 3), 6, 16)};
    Result<RuleCheck> check =
        CheckPeriod(org, kLondon, Ada(), shifts, {At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 9, 0)});
    ASSERT_TRUE(check.ok());
    EXPECT_EQ(Messages(*check), (Strings{"Ada would work 10 h on Tue, Mar 3 (max 8 h)"}));
    check = CheckPeriod(org, kLondon, Ada(), shifts, {At(kLondon, 2026, 3, 3, 12), At(kLondon, 2026, 3, 9, 0)});
    ASSERT_TRUE(check.ok());
    EXPECT_TRUE(check->violations.empty());
}

// --- The window -------------------------------------------------------------------------

TEST(RulesWindow, WeeksRestAndRunsAroundTheTouchedRanges) {
    OrganizationRules org;
    const RuleLimits limits;  // 10 h rest, 6 days
    // Wed, Mar 4 09:00-17:00, Monday weeks: from Thu, Feb 26 (6 days before) to the end of
    // Tue, Mar 10 (6 days after: Wed, Mar 11 00:00).
    const TimeRange wednesday{At(kLondon, 2026, 3, 4, 9), At(kLondon, 2026, 3, 4, 17)};
    EXPECT_EQ(RulesWindow(org, kLondon, limits, {&wednesday, 1}),
              (TimeRange{At(kLondon, 2026, 2, 26, 0), At(kLondon, 2026, 3, 11, 0)}));
    // With runs of at most 2 days, the week and the rest decide: Mon, Mar 2 to Mon, Mar 9.
    RuleLimits short_runs;
    short_runs.max_consecutive_days = 2;
    EXPECT_EQ(RulesWindow(org, kLondon, short_runs, {&wednesday, 1}),
              (TimeRange{At(kLondon, 2026, 3, 2, 0), At(kLondon, 2026, 3, 9, 0)}));
    // A Sunday night shift with Sunday weeks and a long rest: the rest reaches past both.
    org.week_start = std::chrono::Sunday;
    RuleLimits long_rest;
    long_rest.min_rest = hours{30};
    long_rest.max_consecutive_days = 1;
    const TimeRange night{At(kEastern, 2026, 3, 7, 22), At(kEastern, 2026, 3, 8, 6)};  // over spring forward
    EXPECT_EQ(RulesWindow(org, kEastern, long_rest, {&night, 1}),
              (TimeRange{At(kEastern, 2026, 3, 1, 0), At(kEastern, 2026, 3, 15, 0)}));
    EXPECT_EQ(RulesWindow(org, kEastern, long_rest, {}), TimeRange{});
}

TEST(RulesWindow, TouchedRangesIncludeOldPositions) {
    const std::vector<Shift> existing = {Work(kLondon, 1, D(2026, 3, 2), 9, 17), Work(kLondon, 2, D(2026, 3, 3), 9, 17),
                                         Work(kLondon, 3, D(2026, 3, 4), 9, 17)};
    ShiftChange change = Put(Work(kLondon, 1, D(2026, 3, 20), 9, 17));
    change.removed.push_back(3);
    EXPECT_EQ(TouchedRanges(change, existing),
              (std::vector<TimeRange>{{At(kLondon, 2026, 3, 20, 9), At(kLondon, 2026, 3, 20, 17)},
                                      {existing[0].start, existing[0].end},
                                      {existing[2].start, existing[2].end}}));
}

// Loading only the window gives the same answer as loading everything: random schedules over
// ten weeks, random changes, every rule on, both zones, Monday and Thursday weeks.
TEST(RulesWindow, LoadingTheWindowIsEnough) {
    std::uint64_t seed = 12345;
    const auto next = [&](int bound) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((seed >> 33) % static_cast<std::uint64_t>(bound));
    };
    const TimeZone* zones[] = {&kEastern, &kLondon};
    int reported = 0;
    for (int round = 0; round < 200; ++round) {
        const TimeZone& zone = *zones[round % 2];
        OrganizationRules org;
        org.levels = AllLevels(RuleLevel::kWarn);
        org.week_start = round % 3 == 0 ? std::chrono::Thursday : std::chrono::Monday;
        PersonRules ada = Ada();
        ada.overrides.min_per_week = hours{20};
        ada.overrides.max_per_day = hours{9};
        ada.overrides.min_rest = hours{8 + next(12)};
        if (round % 5 == 0) {
            org.limits.max_consecutive_days.reset();  // no runs: the week and the rest set the window
        } else {
            ada.overrides.max_consecutive_days = 1 + next(6);
        }
        const Date first = round % 4 < 2 ? D(2026, 2, 16) : D(2026, 10, 5);  // spans spring or autumn changes
        std::vector<Shift> all;
        for (int day = 0; day < 70; ++day) {
            if (next(3) == 0) continue;
            const int from = next(24);
            const int length = 2 + next(10);
            Shift s = Work(zone, day + 1, Plus(first, day), from, (from + length) % 24);
            all.push_back(s);
        }
        ShiftChange change;
        const int day = 20 + next(30);
        change.put.push_back(Work(zone, 0, Plus(first, day), next(24), next(24) == 0 ? 1 : next(23) + 1));
        if (!all.empty() && next(2) == 0) change.removed.push_back(all[next(static_cast<int>(all.size()))].id);
        if (!all.empty() && next(2) == 0) {
            Shift moved = all[next(static_cast<int>(all.size()))];
            moved.start += hours{next(48) - 24};
            moved.end = moved.start + hours{4};
            change.put.push_back(moved);
        }

        const RuleLimits limits = EffectiveLimits(org.limits, ada.overrides);
        const std::vector<TimeRange> touched = TouchedRanges(change, all);
        const TimeRange window = RulesWindow(org, zone, limits, touched);
        std::vector<Shift> loaded;
        for (const Shift& s : all) {
            if (Overlaps(s.start, s.end, window.start, window.end)) loaded.push_back(s);
        }
        const RuleCheck full = Check(org, zone, ada, all, change);
        const RuleCheck partial = Check(org, zone, ada, loaded, change);
        // Runs are reported with the days loaded, so compare everything but their sentence.
        ASSERT_EQ(full.violations.size(), partial.violations.size()) << round;
        for (std::size_t i = 0; i < full.violations.size(); ++i) {
            EXPECT_EQ(full.violations[i].rule, partial.violations[i].rule) << round;
            if (full.violations[i].rule != Rule::kMaxConsecutiveDays) {
                EXPECT_EQ(full.violations[i], partial.violations[i]) << round;
            }
        }
        reported += static_cast<int>(full.violations.size());
    }
    EXPECT_GT(reported, 100);  // the rounds do break rules
}

// --- Scale ------------------------------------------------------------------------------

TEST(Scale, AYearOfShiftsIsCheckedWithoutQuadraticWork) {
    // 365 days x 3 shifts; one change in the middle. Correctness here, speed in bench/.
    std::vector<Shift> year;
    for (int day = 0; day < 365; ++day) {
        for (int k = 0; k < 3; ++k)
            year.push_back(Work(kLondon, day * 3 + k + 1, Plus(D(2026, 1, 1), day), 6 + k * 5, 9 + k * 5));
    }
    OrganizationRules org;
    org.levels = AllLevels(RuleLevel::kWarn);
    org.limits.max_consecutive_days = 31;
    Result<RuleCheck> check = CheckChange(org, kLondon, Ada(), year, Put(Work(kLondon, 0, D(2026, 7, 1), 20, 23)));
    ASSERT_TRUE(check.ok());
    // 66 h in its week, 7 h of rest before the next morning, and a run of the whole year.
    ASSERT_EQ(check->violations.size(), 3u);
    EXPECT_EQ(check->violations[0].message, "Ada would work 66 h in the week of Mon, Jun 29 (max 40 h)");
    EXPECT_EQ(check->violations[1].rule, Rule::kMinRest);
    EXPECT_EQ(check->violations[2].message, "Ada would work 365 days in a row, Thu, Jan 1 to Thu, Dec 31 (max 31)");
    EXPECT_EQ(check->violations[2].shift_ids.size(), year.size() + 1);
}

}  // namespace
}  // namespace shiftsync
