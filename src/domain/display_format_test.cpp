#include "domain/display_format.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace shiftsync {

// A zone from the real tz database (infra/tz/zones_for_tests.cpp, linked into domain_tests).
const TimeZone& ZoneForTests(std::string_view iana_name);

namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr DisplayLocale kUs = DisplayLocale::kEnUs;
constexpr DisplayLocale kGb = DisplayLocale::kEnGb;

Date D(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }
LocalTime At(int h, int min = 0) { return LocalTime{h * 60 + min}; }
LocalSeconds Local(int y, unsigned m, unsigned d, int h, int min = 0) { return LocalAt(D(y, m, d), At(h, min)); }
Instant Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return std::chrono::sys_days{D(y, m, d)} + hours{h} + minutes{min};
}

// --- Locales ---------------------------------------------------------------------------------

TEST(Locales, TheDefaultComesFirstAndEveryListedTagParses) {
    const auto tags = SupportedLocaleTags();
    ASSERT_GE(tags.size(), 2u);
    EXPECT_EQ(tags[0], kDefaultLocaleTag);
    for (std::string_view tag : tags) EXPECT_TRUE(ParseLocaleTag(tag).has_value()) << tag;
    EXPECT_EQ(ParseLocaleTag("en-US"), kUs);
    EXPECT_EQ(ParseLocaleTag("en-GB"), kGb);
}

TEST(Locales, AnythingElseIsRefusedAndReadAsTheDefault) {
    for (std::string_view tag : {"", "en", "en-us", "EN-US", "en_US", "de-DE", "en-US ", "xx"}) {
        EXPECT_FALSE(ParseLocaleTag(tag).has_value()) << tag;
        EXPECT_EQ(LocaleOrDefault(tag), kUs) << tag;
    }
    EXPECT_EQ(LocaleOrDefault("en-GB"), kGb);
}

// --- Clock -----------------------------------------------------------------------------------

TEST(FormatClock, UsShowsTwelveHoursAndDropsZeroMinutes) {
    EXPECT_EQ(FormatClock(At(0), kUs), "12 AM");
    EXPECT_EQ(FormatClock(At(0, 30), kUs), "12:30 AM");
    EXPECT_EQ(FormatClock(At(1, 5), kUs), "1:05 AM");
    EXPECT_EQ(FormatClock(At(7), kUs), "7 AM");
    EXPECT_EQ(FormatClock(At(7, 30), kUs), "7:30 AM");
    EXPECT_EQ(FormatClock(At(11, 59), kUs), "11:59 AM");
    EXPECT_EQ(FormatClock(At(12), kUs), "12 PM");
    EXPECT_EQ(FormatClock(At(12, 5), kUs), "12:05 PM");
    EXPECT_EQ(FormatClock(At(15), kUs), "3 PM");
    EXPECT_EQ(FormatClock(At(23, 59), kUs), "11:59 PM");
}

TEST(FormatClock, GbShowsTwentyFourHoursWithLeadingZeros) {
    EXPECT_EQ(FormatClock(At(0), kGb), "00:00");
    EXPECT_EQ(FormatClock(At(7, 5), kGb), "07:05");
    EXPECT_EQ(FormatClock(At(12), kGb), "12:00");
    EXPECT_EQ(FormatClock(At(19, 30), kGb), "19:30");
    EXPECT_EQ(FormatClock(At(23, 59), kGb), "23:59");
}

TEST(FormatClock, EveryMinuteOfTheDayHasOneDistinctUsAndGbLabel) {
    std::set<std::string> us, gb;
    for (int m = 0; m < 24 * 60; ++m) {
        const std::string a = FormatClock(LocalTime{m}, kUs);
        EXPECT_TRUE(a.ends_with(m < 12 * 60 ? " AM" : " PM")) << a;
        EXPECT_EQ(a.find(":00"), std::string::npos) << a;
        us.insert(a);
        gb.insert(FormatClock(LocalTime{m}, kGb));
    }
    EXPECT_EQ(us.size(), 24u * 60u);
    EXPECT_EQ(gb.size(), 24u * 60u);
}

// --- Days and dates --------------------------------------------------------------------------

TEST(FormatDay, NamesEachWeekday) {
    const char* us[] = {"Mon, Jan 4", "Tue, Jan 5", "Wed, Jan 6", "Thu, Jan 7",
                        "Fri, Jan 8", "Sat, Jan 9", "Sun, Jan 10"};
    const char* gb[] = {"Mon 4 Jan", "Tue 5 Jan", "Wed 6 Jan", "Thu 7 Jan", "Fri 8 Jan", "Sat 9 Jan", "Sun 10 Jan"};
    for (unsigned i = 0; i < 7; ++i) {
        EXPECT_EQ(FormatDay(D(2027, 1, 4 + i), kUs), us[i]);
        EXPECT_EQ(FormatDay(D(2027, 1, 4 + i), kGb), gb[i]);
    }
}

TEST(FormatDay, NamesEachMonth) {
    const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (unsigned m = 1; m <= 12; ++m) {
        const std::string us = FormatDay(D(2027, m, 28), kUs);
        EXPECT_NE(us.find(std::string(", ") + months[m - 1] + " 28"), std::string::npos) << us;
        const std::string gb = FormatDay(D(2027, m, 28), kGb);
        EXPECT_TRUE(gb.ends_with(std::string(" 28 ") + months[m - 1])) << gb;
    }
    EXPECT_EQ(FormatDay(D(2028, 2, 29), kUs), "Tue, Feb 29");
}

TEST(FormatDate, AddsTheYear) {
    EXPECT_EQ(FormatDate(D(2027, 1, 4), kUs), "Mon, Jan 4, 2027");
    EXPECT_EQ(FormatDate(D(2027, 1, 4), kGb), "Mon 4 Jan 2027");
    EXPECT_EQ(FormatDate(D(2026, 12, 31), kUs), "Thu, Dec 31, 2026");
}

TEST(FormatDateTime, PutsTheClockAfterTheDay) {
    EXPECT_EQ(FormatDateTime(Local(2027, 1, 4, 7, 30), kUs), "Mon, Jan 4, 7:30 AM");
    EXPECT_EQ(FormatDateTime(Local(2027, 1, 4, 19, 0), kUs), "Mon, Jan 4, 7 PM");
    EXPECT_EQ(FormatDateTime(Local(2027, 1, 4, 7, 30), kGb), "Mon 4 Jan, 07:30");
}

// --- Ranges ----------------------------------------------------------------------------------

TEST(FormatTimeRange, ASameDayShiftNamesItsDayOnce) {
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 4, 7), Local(2027, 1, 4, 15), kUs), "Mon, Jan 4, 7 AM\u20133 PM");
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 4, 7), Local(2027, 1, 4, 15, 30), kGb), "Mon 4 Jan, 07:00\u201315:30");
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 4, 0), Local(2027, 1, 4, 12), kUs), "Mon, Jan 4, 12 AM\u201312 PM");
}

TEST(FormatTimeRange, AnOvernightShiftIsShownOnItsFirstDay) {
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 9, 22), Local(2027, 1, 10, 6), kUs),
              "Sat, Jan 9, 10 PM\u20136 AM (next day)");
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 9, 22), Local(2027, 1, 10, 6), kGb),
              "Sat 9 Jan, 22:00\u201306:00 (next day)");
    // Ending at midnight ends on the next day.
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 4, 16), Local(2027, 1, 5, 0), kUs),
              "Mon, Jan 4, 4 PM\u201312 AM (next day)");
    // A full day, and across the end of a month and a year.
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 4, 7), Local(2027, 1, 5, 7), kUs),
              "Mon, Jan 4, 7 AM\u20137 AM (next day)");
    EXPECT_EQ(FormatTimeRange(Local(2026, 12, 31, 20), Local(2027, 1, 1, 4), kUs),
              "Thu, Dec 31, 8 PM\u20134 AM (next day)");
}

TEST(FormatTimeRange, ALongerSpanNamesBothDays) {
    EXPECT_EQ(FormatTimeRange(Local(2027, 1, 4, 22), Local(2027, 1, 6, 6), kUs),
              "Mon, Jan 4, 10 PM \u2013 Wed, Jan 6, 6 AM");
}

// Daylight saving: the labels are the wall clock's, whatever the real length of the shift.
TEST(FormatTimeRange, SpringForwardShowsTheWallClockOnEitherSide) {
    const TimeZone& new_york = ZoneForTests("America/New_York");  // 2027-03-14 02:00 EST -> 03:00 EDT
    // 10 PM EST to 6 AM EDT: seven hours of work.
    EXPECT_EQ(FormatTimeRange(new_york.ToLocal(Utc(2027, 3, 14, 3)), new_york.ToLocal(Utc(2027, 3, 14, 10)), kUs),
              "Sat, Mar 13, 10 PM\u20136 AM (next day)");
    // 1:30 AM EST to 3:30 AM EDT: one hour.
    EXPECT_EQ(
        FormatTimeRange(new_york.ToLocal(Utc(2027, 3, 14, 6, 30)), new_york.ToLocal(Utc(2027, 3, 14, 7, 30)), kUs),
        "Sun, Mar 14, 1:30 AM\u20133:30 AM");
    // 7 AM to 3 PM on the day itself stays 7 AM to 3 PM.
    EXPECT_EQ(FormatTimeRange(new_york.ToLocal(Utc(2027, 3, 14, 11)), new_york.ToLocal(Utc(2027, 3, 14, 19)), kUs),
              "Sun, Mar 14, 7 AM\u20133 PM");
}

TEST(FormatTimeRange, FallBackShowsTheWallClockOnEitherSide) {
    const TimeZone& new_york = ZoneForTests("America/New_York");  // 2027-11-07 02:00 EDT -> 01:00 EST
    // 1:30 AM EDT to 1:30 AM EST: one hour, the same wall time twice.
    EXPECT_EQ(
        FormatTimeRange(new_york.ToLocal(Utc(2027, 11, 7, 5, 30)), new_york.ToLocal(Utc(2027, 11, 7, 6, 30)), kUs),
        "Sun, Nov 7, 1:30 AM\u20131:30 AM");
    // 10 PM EDT to 6 AM EST: nine hours.
    EXPECT_EQ(FormatTimeRange(new_york.ToLocal(Utc(2027, 11, 7, 2)), new_york.ToLocal(Utc(2027, 11, 7, 11)), kUs),
              "Sat, Nov 6, 10 PM\u20136 AM (next day)");
    const TimeZone& london = ZoneForTests("Europe/London");  // 2027-10-31 02:00 BST -> 01:00 GMT
    EXPECT_EQ(FormatTimeRange(london.ToLocal(Utc(2027, 10, 30, 21)), london.ToLocal(Utc(2027, 10, 31, 6)), kGb),
              "Sat 30 Oct, 22:00\u201306:00 (next day)");
}

TEST(TimeOfDay, IsTheWallTimeWithinItsDay) {
    EXPECT_EQ(TimeOfDay(Local(2027, 1, 4, 0)), At(0));
    EXPECT_EQ(TimeOfDay(Local(2027, 1, 4, 23, 59)), At(23, 59));
    EXPECT_EQ(TimeOfDay(Local(1969, 12, 31, 18, 15)), At(18, 15));  // before the epoch too
}

}  // namespace
}  // namespace shiftsync
