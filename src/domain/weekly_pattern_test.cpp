#include "domain/weekly_pattern.hpp"

#include <gtest/gtest.h>

#include <cstdio>
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

LocalTime At(int h, int min = 0) { return LocalTime{h * 60 + min}; }

constexpr int kMonday = 0;
constexpr int kWednesday = 2;
constexpr int kFriday = 4;
constexpr int kSaturday = 5;
constexpr int kSunday = 6;

WeeklyPattern Pattern(Date first, Date last) {
    WeeklyPattern pattern;
    pattern.id = 42;
    pattern.organization_id = 7;
    pattern.user_id = 9;
    pattern.start_date = first;
    pattern.end_date = last;
    pattern.position = "Barista";
    return pattern;
}

WeeklyPattern EveryDay(Date first, Date last, LocalTime start, LocalTime end) {
    WeeklyPattern pattern = Pattern(first, last);
    pattern.days.fill(DayTimes{start, end});
    return pattern;
}

// Local wall time of an instant as "YYYY-MM-DD HH:MM", to state expectations in local terms.
std::string LocalText(const TimeZone& zone, Instant instant) {
    const LocalSeconds local = zone.ToLocal(instant);
    const Date date = LocalDateOf(local);
    const auto into_day = std::chrono::duration_cast<minutes>(local - LocalMidnight(date)).count();
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(into_day / 60), static_cast<int>(into_day % 60));
    return buffer;
}

std::pair<std::string, std::string> Failure(const Status& status) {
    EXPECT_FALSE(status.ok());
    if (status.ok()) return {};
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    return {status.error().detail, status.error().field};
}

// --- IsoWeekdayIndex -----------------------------------------------------------------

TEST(IsoWeekdayIndexTest, MondayIsZeroSundayIsSix) {
    EXPECT_EQ(IsoWeekdayIndex(D(2026, 3, 23)), 0);  // Monday
    EXPECT_EQ(IsoWeekdayIndex(D(2026, 3, 25)), 2);
    EXPECT_EQ(IsoWeekdayIndex(D(2026, 3, 28)), 5);
    EXPECT_EQ(IsoWeekdayIndex(D(2026, 3, 29)), 6);  // Sunday
    EXPECT_EQ(IsoWeekdayIndex(D(2026, 1, 1)), 3);   // Thursday
    EXPECT_EQ(IsoWeekdayIndex(D(2024, 2, 29)), 3);  // leap day, Thursday
    EXPECT_EQ(IsoWeekdayIndex(D(1970, 1, 1)), 3);
}

// --- ValidatePattern -----------------------------------------------------------------

TEST(ValidatePatternTest, AcceptsOrdinaryPattern) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 29));
    pattern.days[kMonday] = DayTimes{At(8), At(17)};
    pattern.days[kFriday] = DayTimes{At(22), At(6)};  // overnight
    pattern.days[kSunday] = DayTimes{At(23, 59), At(0)};
    EXPECT_TRUE(ValidatePattern(pattern).ok());
}

TEST(ValidatePatternTest, SingleDayRangeIsFine) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 4), D(2026, 3, 4));
    pattern.days[kWednesday] = DayTimes{At(8), At(12)};
    EXPECT_TRUE(ValidatePattern(pattern).ok());
}

TEST(ValidatePatternTest, DatesMustBeRealAndOrdered) {
    WeeklyPattern pattern = Pattern(D(2026, 2, 30), D(2026, 3, 29));
    pattern.days[kMonday] = DayTimes{At(8), At(17)};
    EXPECT_EQ(Failure(ValidatePattern(pattern)).second, "start_date");

    pattern.start_date = D(2026, 3, 2);
    pattern.end_date = D(2026, 13, 1);
    EXPECT_EQ(Failure(ValidatePattern(pattern)).second, "end_date");

    pattern.end_date = D(2026, 3, 1);
    EXPECT_EQ(Failure(ValidatePattern(pattern)),
              std::make_pair(std::string("end_date must not be before start_date"), std::string("end_date")));
}

TEST(ValidatePatternTest, RangeAtMostMaxDaysInclusive) {
    WeeklyPattern pattern = Pattern(D(2026, 1, 1), D(2027, 1, 1));  // 366 days counting both ends
    pattern.days[kMonday] = DayTimes{At(8), At(17)};
    EXPECT_TRUE(ValidatePattern(pattern).ok());

    pattern.end_date = D(2027, 1, 2);  // 367
    EXPECT_EQ(Failure(ValidatePattern(pattern)),
              std::make_pair(std::string("a pattern may cover at most 366 days"), std::string("end_date")));

    pattern.start_date = D(2024, 1, 1);  // leap year: 2024-01-01..2024-12-31 is 366 days
    pattern.end_date = D(2024, 12, 31);
    EXPECT_TRUE(ValidatePattern(pattern).ok());
}

TEST(ValidatePatternTest, NeedsAtLeastOneDay) {
    const WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 29));
    EXPECT_EQ(Failure(ValidatePattern(pattern)).second, "days");
}

TEST(ValidatePatternTest, StartEqualToEndNamesTheDay) {
    const char* names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int day = 0; day < 7; ++day) {
        WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 29));
        pattern.days[(day + 1) % 7] = DayTimes{At(8), At(17)};
        pattern.days[day] = DayTimes{At(9), At(9)};
        EXPECT_EQ(Failure(ValidatePattern(pattern)).second, std::string("days.") + names[day]);
    }
    WeeklyPattern midnight = Pattern(D(2026, 3, 2), D(2026, 3, 29));
    midnight.days[kWednesday] = DayTimes{At(0), At(0)};
    EXPECT_EQ(Failure(ValidatePattern(midnight)),
              std::make_pair(std::string("wednesday start and end must differ"), std::string("days.wednesday")));
}

TEST(ValidatePatternTest, TimesMustBeWithinADay) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 29));
    pattern.days[kFriday] = DayTimes{LocalTime{-1}, At(17)};
    EXPECT_EQ(Failure(ValidatePattern(pattern)).second, "days.friday.start");

    pattern.days[kFriday] = DayTimes{At(8), LocalTime{24 * 60}};
    EXPECT_EQ(Failure(ValidatePattern(pattern)).second, "days.friday.end");

    pattern.days[kFriday] = DayTimes{LocalTime{24 * 60 + 5}, At(17)};
    EXPECT_EQ(Failure(ValidatePattern(pattern)).second, "days.friday.start");
}

// --- GenerateShifts: plain zones -----------------------------------------------------

TEST(GenerateShiftsTest, WeekdaysInUtc) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 15));  // Monday .. Sunday, two weeks
    for (int day = kMonday; day <= kFriday; ++day) pattern.days[day] = DayTimes{At(9), At(17, 30)};

    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone("UTC"), Instant{});
    ASSERT_EQ(shifts.size(), 10u);
    EXPECT_EQ(shifts.front().start, Utc(2026, 3, 2, 9));
    EXPECT_EQ(shifts.front().end, Utc(2026, 3, 2, 17, 30));
    EXPECT_EQ(shifts[4].start, Utc(2026, 3, 6, 9));  // Friday
    EXPECT_EQ(shifts[5].start, Utc(2026, 3, 9, 9));  // then straight to next Monday
    EXPECT_EQ(shifts.back().start, Utc(2026, 3, 13, 9));
    for (std::size_t i = 0; i < shifts.size(); ++i) {
        const Shift& shift = shifts[i];
        EXPECT_EQ(shift.id, 0);
        EXPECT_EQ(shift.organization_id, 7);
        EXPECT_EQ(shift.user_id, std::optional<Id>(9));
        EXPECT_EQ(shift.pattern_id, std::optional<Id>(42));
        EXPECT_EQ(shift.position, "Barista");
        EXPECT_EQ(shift.note, "");
        EXPECT_EQ(shift.end - shift.start, hours{8} + minutes{30});
        if (i > 0) {
            EXPECT_LT(shifts[i - 1].start, shift.start);
        }
    }
}

TEST(GenerateShiftsTest, FixedOffsetZone) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 2));
    pattern.days[kMonday] = DayTimes{At(8), At(16)};
    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone("Asia/Kolkata"), Instant{});  // UTC+05:30
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 3, 2, 2, 30));
    EXPECT_EQ(shifts[0].end, Utc(2026, 3, 2, 10, 30));
}

TEST(GenerateShiftsTest, OvernightEndsNextDay) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 2), D(2026, 3, 8));
    pattern.days[kFriday] = DayTimes{At(22), At(6)};
    pattern.days[kSunday] = DayTimes{At(18), At(0)};  // ends at midnight, last day of the range
    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone("UTC"), Instant{});
    ASSERT_EQ(shifts.size(), 2u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 3, 6, 22));
    EXPECT_EQ(shifts[0].end, Utc(2026, 3, 7, 6));
    EXPECT_EQ(shifts[1].start, Utc(2026, 3, 8, 18));
    EXPECT_EQ(shifts[1].end, Utc(2026, 3, 9, 0));  // past end_date: the range bounds starts only
}

TEST(GenerateShiftsTest, OneMinuteBeforeStartIsAlmostFullDay) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 4), D(2026, 3, 4));
    pattern.days[kWednesday] = DayTimes{At(8), At(7, 59)};
    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone("UTC"), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].end - shifts[0].start, hours{23} + minutes{59});
}

TEST(GenerateShiftsTest, NotBeforeKeepsThePastAlone) {
    const WeeklyPattern pattern = EveryDay(D(2026, 3, 2), D(2026, 3, 8), At(9), At(17));
    const TimeZone& utc = Zone("UTC");

    // A shift starting exactly at not_before is kept; one in progress is not.
    std::vector<Shift> shifts = GenerateShifts(pattern, utc, Utc(2026, 3, 4, 9));
    ASSERT_EQ(shifts.size(), 5u);
    EXPECT_EQ(shifts.front().start, Utc(2026, 3, 4, 9));

    shifts = GenerateShifts(pattern, utc, Utc(2026, 3, 4, 9, 1));
    ASSERT_EQ(shifts.size(), 4u);
    EXPECT_EQ(shifts.front().start, Utc(2026, 3, 5, 9));

    EXPECT_TRUE(GenerateShifts(pattern, utc, Utc(2026, 3, 8, 9, 1)).empty());
    EXPECT_EQ(GenerateShifts(pattern, utc, Utc(2020, 1, 1, 0)).size(), 7u);
}

TEST(GenerateShiftsTest, LongestRangeGeneratesEveryDay) {
    const WeeklyPattern pattern = EveryDay(D(2026, 1, 1), D(2027, 1, 1), At(9), At(10));
    EXPECT_EQ(GenerateShifts(pattern, Zone("UTC"), Instant{}).size(), 366u);
}

// --- GenerateShifts across DST -------------------------------------------------------

struct DstCase {
    const char* label;
    const char* zone;
    Date first;
    Date last;
    Date change;          // the local date of the transition
    int utc_hour_before;  // of 08:00 local before the change
    int utc_hour_after;   // and after it
};

class DstPatternTest : public testing::TestWithParam<DstCase> {};

TEST_P(DstPatternTest, DayShiftKeepsItsWallTimes) {
    const DstCase& c = GetParam();
    const TimeZone& zone = Zone(c.zone);
    const WeeklyPattern pattern = EveryDay(c.first, c.last, At(8), At(17));
    const std::vector<Shift> shifts = GenerateShifts(pattern, zone, Instant{});
    ASSERT_EQ(shifts.size(), 5u);

    for (std::size_t i = 0; i < shifts.size(); ++i) {
        const Date date{std::chrono::sys_days{c.first} + std::chrono::days{i}};
        const bool after = std::chrono::sys_days{date} >= std::chrono::sys_days{c.change};
        const int utc_hour = after ? c.utc_hour_after : c.utc_hour_before;
        const Instant midnight{std::chrono::sys_days{date}};
        EXPECT_EQ(shifts[i].start, midnight + hours{utc_hour}) << i;
        EXPECT_EQ(shifts[i].end - shifts[i].start, hours{9}) << i;
        EXPECT_EQ(LocalDateOf(zone.ToLocal(shifts[i].start)), date);
        EXPECT_EQ(zone.ToLocal(shifts[i].start), LocalAt(date, At(8)));
        EXPECT_EQ(zone.ToLocal(shifts[i].end), LocalAt(date, At(17)));
    }
}

INSTANTIATE_TEST_SUITE_P(
    Zones, DstPatternTest,
    testing::Values(DstCase{"BerlinSpring", "Europe/Berlin", D(2026, 3, 27), D(2026, 3, 31), D(2026, 3, 29), 7, 6},
                    DstCase{"BerlinFall", "Europe/Berlin", D(2026, 10, 23), D(2026, 10, 27), D(2026, 10, 25), 6, 7},
                    DstCase{"NewYorkSpring", "America/New_York", D(2026, 3, 6), D(2026, 3, 10), D(2026, 3, 8), 13, 12},
                    DstCase{"NewYorkFall", "America/New_York", D(2026, 10, 30), D(2026, 11, 3), D(2026, 11, 1), 12,
                            13}),
    [](const testing::TestParamInfo<DstCase>& info) { return std::string(info.param.label); });

struct OvernightCase {
    const char* label;
    const char* zone;
    Date night;     // the Saturday whose night contains the change
    Instant start;  // 22:00 local
    Instant end;    // 06:00 local next morning
    hours length;
};

class DstOvernightTest : public testing::TestWithParam<OvernightCase> {};

TEST_P(DstOvernightTest, OvernightShiftOnChangeNight) {
    const OvernightCase& c = GetParam();
    WeeklyPattern pattern = Pattern(c.night, c.night);
    pattern.days[kSaturday] = DayTimes{At(22), At(6)};
    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone(c.zone), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, c.start);
    EXPECT_EQ(shifts[0].end, c.end);
    EXPECT_EQ(shifts[0].end - shifts[0].start, c.length);
}

INSTANTIATE_TEST_SUITE_P(Zones, DstOvernightTest,
                         testing::Values(
                             // Berlin: 22:00 CET = 21:00Z, 06:00 CEST = 04:00Z
                             OvernightCase{"BerlinSpring", "Europe/Berlin", D(2026, 3, 28), Utc(2026, 3, 28, 21),
                                           Utc(2026, 3, 29, 4), hours{7}},
                             // Berlin: 22:00 CEST = 20:00Z, 06:00 CET = 05:00Z
                             OvernightCase{"BerlinFall", "Europe/Berlin", D(2026, 10, 24), Utc(2026, 10, 24, 20),
                                           Utc(2026, 10, 25, 5), hours{9}},
                             // New York: 22:00 EST = 03:00Z, 06:00 EDT = 10:00Z
                             OvernightCase{"NewYorkSpring", "America/New_York", D(2026, 3, 7), Utc(2026, 3, 8, 3),
                                           Utc(2026, 3, 8, 10), hours{7}},
                             // New York: 22:00 EDT = 02:00Z, 06:00 EST = 11:00Z
                             OvernightCase{"NewYorkFall", "America/New_York", D(2026, 10, 31), Utc(2026, 11, 1, 2),
                                           Utc(2026, 11, 1, 11), hours{9}}),
                         [](const testing::TestParamInfo<OvernightCase>& info) {
                             return std::string(info.param.label);
                         });

TEST(GenerateShiftsDstTest, StartInSpringGapMovesPastTheGap) {
    // 02:30 does not exist on these days; it becomes 03:30 summer time.
    WeeklyPattern berlin = Pattern(D(2026, 3, 29), D(2026, 3, 29));
    berlin.days[kSunday] = DayTimes{At(2, 30), At(10)};
    std::vector<Shift> shifts = GenerateShifts(berlin, Zone("Europe/Berlin"), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 3, 29, 1, 30));
    EXPECT_EQ(LocalText(Zone("Europe/Berlin"), shifts[0].start), "2026-03-29 03:30");
    EXPECT_EQ(shifts[0].end, Utc(2026, 3, 29, 8));

    WeeklyPattern new_york = Pattern(D(2026, 3, 8), D(2026, 3, 8));
    new_york.days[kSunday] = DayTimes{At(2, 30), At(10)};
    shifts = GenerateShifts(new_york, Zone("America/New_York"), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 3, 8, 7, 30));
    EXPECT_EQ(LocalText(Zone("America/New_York"), shifts[0].start), "2026-03-08 03:30");
    EXPECT_EQ(shifts[0].end, Utc(2026, 3, 8, 14));
}

TEST(GenerateShiftsDstTest, ShiftSwallowedByGapIsSkipped) {
    // 02:30-03:00 on the spring-forward Sunday: 02:30 becomes 03:30, after the 03:00 end.
    WeeklyPattern pattern = Pattern(D(2026, 3, 22), D(2026, 4, 5));
    pattern.days[kSunday] = DayTimes{At(2, 30), At(3)};
    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone("Europe/Berlin"), Instant{});
    ASSERT_EQ(shifts.size(), 2u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 3, 22, 1, 30));  // 02:30 CET
    EXPECT_EQ(shifts[1].start, Utc(2026, 4, 5, 0, 30));   // 02:30 CEST
    for (const Shift& shift : shifts) EXPECT_LT(shift.start, shift.end);

    // Ending exactly when the moved start lands is no shift either.
    WeeklyPattern exact = Pattern(D(2026, 3, 29), D(2026, 3, 29));
    exact.days[kSunday] = DayTimes{At(2), At(3)};  // 02:00 -> 03:00 CEST, end 03:00 CEST
    EXPECT_TRUE(GenerateShifts(exact, Zone("Europe/Berlin"), Instant{}).empty());
}

TEST(GenerateShiftsDstTest, ShiftWhollyInsideGapKeepsItsLength) {
    WeeklyPattern pattern = Pattern(D(2026, 3, 8), D(2026, 3, 8));
    pattern.days[kSunday] = DayTimes{At(2, 10), At(2, 40)};
    const std::vector<Shift> shifts = GenerateShifts(pattern, Zone("America/New_York"), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 3, 8, 7, 10));  // 03:10 EDT
    EXPECT_EQ(shifts[0].end - shifts[0].start, minutes{30});
}

TEST(GenerateShiftsDstTest, RepeatedHourTakesFirstOccurrence) {
    WeeklyPattern berlin = Pattern(D(2026, 10, 25), D(2026, 10, 25));
    berlin.days[kSunday] = DayTimes{At(2, 30), At(4)};
    std::vector<Shift> shifts = GenerateShifts(berlin, Zone("Europe/Berlin"), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 10, 25, 0, 30));  // 02:30 CEST, not 02:30 CET
    EXPECT_EQ(shifts[0].end, Utc(2026, 10, 25, 3));        // 04:00 CET
    EXPECT_EQ(shifts[0].end - shifts[0].start, hours{2} + minutes{30});

    WeeklyPattern new_york = Pattern(D(2026, 11, 1), D(2026, 11, 1));
    new_york.days[kSunday] = DayTimes{At(1, 30), At(2)};
    shifts = GenerateShifts(new_york, Zone("America/New_York"), Instant{});
    ASSERT_EQ(shifts.size(), 1u);
    EXPECT_EQ(shifts[0].start, Utc(2026, 11, 1, 5, 30));  // 01:30 EDT
    EXPECT_EQ(shifts[0].end, Utc(2026, 11, 1, 7));        // 02:00 EST
    EXPECT_EQ(shifts[0].end - shifts[0].start, hours{1} + minutes{30});
}

}  // namespace
}  // namespace shiftsync
