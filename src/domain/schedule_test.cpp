#include "domain/schedule.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace shiftsync {

// A zone from the real tz database (defined in infra/tz/zones_for_tests.cpp): DST behaviour
// is only believable against real rules. Throws if the zone is missing.
const TimeZone& ZoneForTests(std::string_view iana_name);

namespace {

using std::chrono::hours;
using std::chrono::minutes;

const TimeZone& Zone(std::string_view name) { return ZoneForTests(name); }

Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / m / d; }

Instant Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return Instant{std::chrono::sys_days{D(y, m, d)}} + hours{h} + minutes{min};
}

void ExpectContiguous(const ScheduleWeek& week) {
    for (int i = 0; i < 7; ++i) {
        EXPECT_LT(week.days[i].start, week.days[i].end) << i;
        if (i > 0) {
            EXPECT_EQ(week.days[i - 1].end, week.days[i].start) << i;
            EXPECT_EQ(std::chrono::sys_days{week.days[i].date} - std::chrono::sys_days{week.days[i - 1].date},
                      std::chrono::days{1});
        }
    }
}

// --- Overlaps (shift.hpp) -------------------------------------------------------------

TEST(OverlapsTest, HalfOpenRanges) {
    const Instant t8 = Utc(2026, 3, 2, 8);
    const Instant t12 = Utc(2026, 3, 2, 12);
    const Instant t16 = Utc(2026, 3, 2, 16);
    const Instant t20 = Utc(2026, 3, 2, 20);
    EXPECT_FALSE(Overlaps(t8, t12, t12, t16));  // touching: one ends as the next starts
    EXPECT_FALSE(Overlaps(t12, t16, t8, t12));
    EXPECT_FALSE(Overlaps(t8, t12, t16, t20));
    EXPECT_TRUE(Overlaps(t8, t16, t12, t20));  // partial
    EXPECT_TRUE(Overlaps(t12, t20, t8, t16));
    EXPECT_TRUE(Overlaps(t8, t20, t12, t16));  // containment
    EXPECT_TRUE(Overlaps(t12, t16, t8, t20));
    EXPECT_TRUE(Overlaps(t8, t12, t8, t12));                             // identical
    EXPECT_TRUE(Overlaps(t8, t12 + std::chrono::seconds{1}, t12, t16));  // one second is enough
}

TEST(OverlapsTest, OvernightShiftsAcrossMidnight) {
    // Friday 22:00 - Saturday 06:00 against Saturday 05:00 - 13:00 and Saturday 06:00 - 14:00.
    EXPECT_TRUE(Overlaps(Utc(2026, 3, 6, 22), Utc(2026, 3, 7, 6), Utc(2026, 3, 7, 5), Utc(2026, 3, 7, 13)));
    EXPECT_FALSE(Overlaps(Utc(2026, 3, 6, 22), Utc(2026, 3, 7, 6), Utc(2026, 3, 7, 6), Utc(2026, 3, 7, 14)));
}

// --- WeekContaining ------------------------------------------------------------------

TEST(WeekContainingTest, MondayWeekInUtc) {
    const ScheduleWeek week = WeekContaining(D(2026, 3, 4), std::chrono::Monday, Zone("UTC"));
    EXPECT_EQ(week.days.front().date, D(2026, 3, 2));
    EXPECT_EQ(week.days.back().date, D(2026, 3, 8));
    EXPECT_EQ(week.start(), Utc(2026, 3, 2, 0));
    EXPECT_EQ(week.end(), Utc(2026, 3, 9, 0));
    for (const ScheduleDay& day : week.days) EXPECT_EQ(day.end - day.start, hours{24});
    ExpectContiguous(week);
}

TEST(WeekContainingTest, AnyDayOfTheWeekGivesTheSameWeek) {
    for (unsigned d = 2; d <= 8; ++d) {
        EXPECT_EQ(WeekContaining(D(2026, 3, d), std::chrono::Monday, Zone("UTC")).days.front().date, D(2026, 3, 2))
            << d;
    }
    EXPECT_EQ(WeekContaining(D(2026, 3, 9), std::chrono::Monday, Zone("UTC")).days.front().date, D(2026, 3, 9));
    EXPECT_EQ(WeekContaining(D(2026, 3, 1), std::chrono::Monday, Zone("UTC")).days.front().date, D(2026, 2, 23));
}

TEST(WeekContainingTest, SundayStart) {
    const TimeZone& utc = Zone("UTC");
    for (unsigned d = 8; d <= 14; ++d) {  // Sunday 8th .. Saturday 14th
        const ScheduleWeek week = WeekContaining(D(2026, 3, d), std::chrono::Sunday, utc);
        EXPECT_EQ(week.days.front().date, D(2026, 3, 8)) << d;
        EXPECT_EQ(week.days.back().date, D(2026, 3, 14)) << d;
    }
    EXPECT_EQ(WeekContaining(D(2026, 3, 15), std::chrono::Sunday, utc).days.front().date, D(2026, 3, 15));
    EXPECT_EQ(WeekContaining(D(2026, 3, 7), std::chrono::Sunday, utc).days.front().date, D(2026, 3, 1));
}

TEST(WeekContainingTest, SaturdayStartAcrossYearEnd) {
    // 2026-01-01 is a Thursday; the Saturday before is 2025-12-27.
    const ScheduleWeek week = WeekContaining(D(2026, 1, 1), std::chrono::Saturday, Zone("UTC"));
    EXPECT_EQ(week.days.front().date, D(2025, 12, 27));
    EXPECT_EQ(week.days.back().date, D(2026, 1, 2));
    ExpectContiguous(week);
}

TEST(WeekContainingTest, DaysStartAtLocalMidnight) {
    const TimeZone& kolkata = Zone("Asia/Kolkata");
    const ScheduleWeek week = WeekContaining(D(2026, 3, 4), std::chrono::Monday, kolkata);
    EXPECT_EQ(week.start(), Utc(2026, 3, 1, 18, 30));
    EXPECT_EQ(week.end(), Utc(2026, 3, 8, 18, 30));
    for (const ScheduleDay& day : week.days) EXPECT_EQ(kolkata.ToLocal(day.start), LocalMidnight(day.date));
}

struct DstWeekCase {
    const char* label;
    const char* zone;
    Date any_day;
    std::chrono::weekday week_start;
    int change_index;  // which day of the week has the change
    hours change_length;
    Instant week_start_instant;
};

class DstWeekTest : public testing::TestWithParam<DstWeekCase> {};

TEST_P(DstWeekTest, OneDayIsShorterOrLonger) {
    const DstWeekCase& c = GetParam();
    const TimeZone& zone = Zone(c.zone);
    const ScheduleWeek week = WeekContaining(c.any_day, c.week_start, zone);
    EXPECT_EQ(std::chrono::weekday{std::chrono::sys_days{week.days.front().date}}, c.week_start);
    EXPECT_EQ(week.start(), c.week_start_instant);
    ExpectContiguous(week);
    for (int i = 0; i < 7; ++i) {
        EXPECT_EQ(week.days[i].end - week.days[i].start, i == c.change_index ? c.change_length : hours{24}) << i;
        EXPECT_EQ(zone.ToLocal(week.days[i].start), LocalMidnight(week.days[i].date)) << i;
    }
    EXPECT_EQ(week.end() - week.start(), hours{24 * 6} + c.change_length);
}

INSTANTIATE_TEST_SUITE_P(Zones, DstWeekTest,
                         testing::Values(DstWeekCase{"BerlinSpringMonday", "Europe/Berlin", D(2026, 3, 25),
                                                     std::chrono::Monday, 6, hours{23}, Utc(2026, 3, 22, 23)},
                                         DstWeekCase{"BerlinFallMonday", "Europe/Berlin", D(2026, 10, 21),
                                                     std::chrono::Monday, 6, hours{25}, Utc(2026, 10, 18, 22)},
                                         DstWeekCase{"BerlinSpringSunday", "Europe/Berlin", D(2026, 3, 29),
                                                     std::chrono::Sunday, 0, hours{23}, Utc(2026, 3, 28, 23)},
                                         DstWeekCase{"NewYorkSpringSunday", "America/New_York", D(2026, 3, 10),
                                                     std::chrono::Sunday, 0, hours{23}, Utc(2026, 3, 8, 5)},
                                         DstWeekCase{"NewYorkFallSunday", "America/New_York", D(2026, 11, 4),
                                                     std::chrono::Sunday, 0, hours{25}, Utc(2026, 11, 1, 4)},
                                         DstWeekCase{"NewYorkSpringMonday", "America/New_York", D(2026, 3, 8),
                                                     std::chrono::Monday, 6, hours{23}, Utc(2026, 3, 2, 5)},
                                         DstWeekCase{"NewYorkFallMonday", "America/New_York", D(2026, 11, 1),
                                                     std::chrono::Monday, 6, hours{25}, Utc(2026, 10, 26, 4)}),
                         [](const testing::TestParamInfo<DstWeekCase>& info) { return std::string(info.param.label); });

// --- BuildSchedule -------------------------------------------------------------------

User Person(Id id, std::string name, bool active = true) {
    User user;
    user.id = id;
    user.organization_id = 1;
    user.name = std::move(name);
    user.active = active;
    return user;
}

Shift Work(Id id, std::optional<Id> user, Instant start, Instant end) {
    Shift shift;
    shift.id = id;
    shift.organization_id = 1;
    shift.user_id = user;
    shift.start = start;
    shift.end = end;
    return shift;
}

WeeklyPattern PatternFor(Id id, Id user, Date end_date) {
    WeeklyPattern pattern;
    pattern.id = id;
    pattern.user_id = user;
    pattern.start_date = D(2026, 1, 1);
    pattern.end_date = end_date;
    return pattern;
}

std::vector<Id> Ids(const std::vector<const Shift*>& shifts) {
    std::vector<Id> ids;
    for (const Shift* shift : shifts) ids.push_back(shift->id);
    return ids;
}

class BuildScheduleTest : public testing::Test {
protected:
    // Berlin, Monday 2026-03-02 .. Sunday 2026-03-08, all CET (UTC+1).
    const TimeZone& zone_ = Zone("Europe/Berlin");
    const ScheduleWeek week_ = WeekContaining(D(2026, 3, 4), std::chrono::Monday, zone_);
};

TEST_F(BuildScheduleTest, ActivePeopleByNameThenId) {
    const std::vector<User> users = {Person(3, "Zoë"), Person(5, "Ana"), Person(4, "Bob", false), Person(2, "Ana"),
                                     Person(6, "Ángel")};
    const Schedule schedule = BuildSchedule(week_, zone_, users, {}, {});
    ASSERT_EQ(schedule.people.size(), 4u);
    EXPECT_EQ(schedule.people[0].user->id, 2);
    EXPECT_EQ(schedule.people[1].user->id, 5);
    EXPECT_EQ(schedule.people[2].user->id, 3);  // "Zoë" < "Ángel" in code point order
    EXPECT_EQ(schedule.people[3].user->id, 6);
    EXPECT_EQ(schedule.people[0].user, &users[3]);  // points into the argument
    for (const PersonWeek& person : schedule.people) {
        EXPECT_EQ(person.total, std::chrono::seconds{0});
        EXPECT_EQ(person.latest_pattern, nullptr);
        for (const auto& day : person.shifts_by_day) EXPECT_TRUE(day.empty());
    }
    EXPECT_EQ(schedule.week.start(), week_.start());
}

TEST_F(BuildScheduleTest, ShiftsGoToTheirLocalStartDay) {
    const std::vector<User> users = {Person(1, "Ana")};
    const std::vector<Shift> shifts = {
        // Monday 00:30 local is Sunday 23:30 UTC: it belongs to Monday.
        Work(10, 1, Utc(2026, 3, 1, 23, 30), Utc(2026, 3, 2, 3, 30)),
        // Wednesday 23:00 - Thursday 07:00 local: Wednesday's, all 8 hours.
        Work(11, 1, Utc(2026, 3, 4, 22), Utc(2026, 3, 5, 6)),
        // Two on Friday, given out of order.
        Work(13, 1, Utc(2026, 3, 6, 15), Utc(2026, 3, 6, 19)),
        Work(12, 1, Utc(2026, 3, 6, 7), Utc(2026, 3, 6, 11)),
        // Sunday 22:00 local, running into next week: still this week's.
        Work(14, 1, Utc(2026, 3, 8, 21), Utc(2026, 3, 9, 5)),
    };
    const Schedule schedule = BuildSchedule(week_, zone_, users, shifts, {});
    ASSERT_EQ(schedule.people.size(), 1u);
    const PersonWeek& ana = schedule.people[0];
    EXPECT_EQ(Ids(ana.shifts_by_day[0]), std::vector<Id>{10});
    EXPECT_TRUE(ana.shifts_by_day[1].empty());
    EXPECT_EQ(Ids(ana.shifts_by_day[2]), std::vector<Id>{11});
    EXPECT_TRUE(ana.shifts_by_day[3].empty());
    EXPECT_EQ(Ids(ana.shifts_by_day[4]), (std::vector<Id>{12, 13}));
    EXPECT_TRUE(ana.shifts_by_day[5].empty());
    EXPECT_EQ(Ids(ana.shifts_by_day[6]), std::vector<Id>{14});
    EXPECT_EQ(ana.total, hours{4 + 8 + 4 + 4 + 8});
}

TEST_F(BuildScheduleTest, OnlyShiftsStartingWithinTheWeek) {
    const std::vector<User> users = {Person(1, "Ana")};
    const std::vector<Shift> shifts = {
        Work(20, 1, week_.start() - hours{2}, week_.start() + hours{6}),  // began the Sunday before
        Work(21, 1, week_.start(), week_.start() + hours{1}),             // first instant: in
        Work(22, 1, week_.end() - minutes{1}, week_.end() + hours{1}),    // last minute: in
        Work(23, 1, week_.end(), week_.end() + hours{8}),                 // next Monday 00:00: out
    };
    const Schedule schedule = BuildSchedule(week_, zone_, users, shifts, {});
    const PersonWeek& ana = schedule.people.at(0);
    EXPECT_EQ(Ids(ana.shifts_by_day[0]), std::vector<Id>{21});
    EXPECT_EQ(Ids(ana.shifts_by_day[6]), std::vector<Id>{22});
    EXPECT_EQ(ana.total, hours{1} + hours{1} + minutes{1});
}

TEST_F(BuildScheduleTest, OpenShiftsAndStrangersShifts) {
    const std::vector<User> users = {Person(1, "Ana"), Person(2, "Bob", false)};
    const std::vector<Shift> shifts = {
        Work(30, std::nullopt, Utc(2026, 3, 3, 8), Utc(2026, 3, 3, 12)),   // open, Tuesday
        Work(31, 2, Utc(2026, 3, 3, 8), Utc(2026, 3, 3, 12)),              // inactive person
        Work(32, 99, Utc(2026, 3, 3, 8), Utc(2026, 3, 3, 12)),             // unknown person
        Work(33, std::nullopt, Utc(2026, 3, 7, 9), Utc(2026, 3, 7, 10)),   // open, Saturday
        Work(34, std::nullopt, Utc(2026, 3, 7, 7), Utc(2026, 3, 7, 8)),    // earlier on Saturday
        Work(35, std::nullopt, Utc(2026, 3, 20, 7), Utc(2026, 3, 20, 8)),  // another week
    };
    const Schedule schedule = BuildSchedule(week_, zone_, users, shifts, {});
    ASSERT_EQ(schedule.people.size(), 1u);
    EXPECT_EQ(schedule.people[0].total, std::chrono::seconds{0});
    for (const auto& day : schedule.people[0].shifts_by_day) EXPECT_TRUE(day.empty());
    EXPECT_EQ(Ids(schedule.open_by_day[1]), std::vector<Id>{30});
    EXPECT_EQ(Ids(schedule.open_by_day[5]), (std::vector<Id>{34, 33}));
    std::size_t open_count = 0;
    for (const auto& day : schedule.open_by_day) open_count += day.size();
    EXPECT_EQ(open_count, 3u);
}

TEST_F(BuildScheduleTest, LatestPatternByEndDateThenId) {
    const std::vector<User> users = {Person(1, "Ana"), Person(2, "Bob"), Person(3, "Cy", false)};
    const std::vector<WeeklyPattern> patterns = {
        PatternFor(10, 1, D(2026, 12, 31)), PatternFor(11, 1, D(2026, 6, 30)),
        PatternFor(9, 1, D(2026, 12, 31)),  // same end date, lower id
        PatternFor(12, 1, D(2026, 2, 1)),   // ended before this week: still a candidate
        PatternFor(20, 3, D(2027, 1, 1)),   // inactive person
        PatternFor(21, 77, D(2027, 1, 1)),  // unknown person
    };
    const Schedule schedule = BuildSchedule(week_, zone_, users, {}, patterns);
    ASSERT_EQ(schedule.people.size(), 2u);
    ASSERT_NE(schedule.people[0].latest_pattern, nullptr);
    EXPECT_EQ(schedule.people[0].latest_pattern->id, 10);
    EXPECT_EQ(schedule.people[0].latest_pattern, &patterns[0]);
    EXPECT_EQ(schedule.people[1].latest_pattern, nullptr);
}

TEST(BuildScheduleDstTest, SpringForwardWeekInBerlin) {
    const TimeZone& zone = Zone("Europe/Berlin");
    const ScheduleWeek week = WeekContaining(D(2026, 3, 26), std::chrono::Monday, zone);
    const std::vector<User> users = {Person(1, "Ana")};
    const std::vector<Shift> shifts = {
        Work(1, 1, Utc(2026, 3, 28, 21), Utc(2026, 3, 29, 4)),  // Saturday 22:00 - Sunday 06:00: 7 hours
        Work(2, 1, Utc(2026, 3, 29, 6), Utc(2026, 3, 29, 15)),  // Sunday 08:00 - 17:00 CEST
        Work(3, 1, Utc(2026, 3, 29, 21), Utc(2026, 3, 30, 6)),  // Sunday 23:00 CEST: still Sunday
        Work(4, 1, Utc(2026, 3, 29, 22), Utc(2026, 3, 30, 6)),  // Monday 00:00 CEST: next week
    };
    const Schedule schedule = BuildSchedule(week, zone, users, shifts, {});
    const PersonWeek& ana = schedule.people.at(0);
    EXPECT_EQ(Ids(ana.shifts_by_day[5]), std::vector<Id>{1});
    EXPECT_EQ(Ids(ana.shifts_by_day[6]), (std::vector<Id>{2, 3}));
    EXPECT_EQ(ana.total, hours{7 + 9 + 9});
}

TEST(BuildScheduleDstTest, FallBackWeekInNewYorkStartingSunday) {
    const TimeZone& zone = Zone("America/New_York");
    const ScheduleWeek week = WeekContaining(D(2026, 11, 3), std::chrono::Sunday, zone);
    ASSERT_EQ(week.days.front().date, D(2026, 11, 1));
    const std::vector<User> users = {Person(1, "Ana")};
    const std::vector<Shift> shifts = {
        Work(1, 1, Utc(2026, 11, 1, 4), Utc(2026, 11, 1, 5)),      // 00:00 EDT Sunday: first instant
        Work(2, 1, Utc(2026, 11, 1, 6), Utc(2026, 11, 1, 7)),      // 01:00 EST, the repeated hour
        Work(3, 1, Utc(2026, 11, 2, 4, 30), Utc(2026, 11, 2, 6)),  // 23:30 EST Sunday
        Work(4, 1, Utc(2026, 10, 31, 22), Utc(2026, 11, 1, 6)),    // Saturday before: not this week
    };
    const Schedule schedule = BuildSchedule(week, zone, users, shifts, {});
    const PersonWeek& ana = schedule.people.at(0);
    EXPECT_EQ(Ids(ana.shifts_by_day[0]), (std::vector<Id>{1, 2, 3}));
    EXPECT_EQ(ana.total, hours{1} + hours{1} + minutes{90});
}

}  // namespace
}  // namespace shiftsync
