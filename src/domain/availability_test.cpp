#include "domain/availability.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "domain/rule_zones_for_tests.hpp"

namespace shiftsync {

// Readable failures: "2027-01-04T09:00Z..2027-01-04T17:00Z preferred".
void PrintTo(const AvailabilitySpan& span, std::ostream* out) {
    const auto text = [](Instant t) {
        const auto day = std::chrono::floor<std::chrono::days>(t);
        const std::chrono::year_month_day date{day};
        const std::chrono::hh_mm_ss time{t - day};
        return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}Z", static_cast<int>(date.year()),
                           static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), time.hours().count(),
                           time.minutes().count());
    };
    *out << text(span.start) << ".." << text(span.end) << " " << AvailabilityKindName(span.kind);
}

namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr auto kAvailable = AvailabilityKind::kAvailable;
constexpr auto kPreferred = AvailabilityKind::kPreferred;
constexpr auto kUnavailable = AvailabilityKind::kUnavailable;

constexpr int kMonday = 0;
constexpr int kTuesday = 1;
constexpr int kWednesday = 2;
constexpr int kSaturday = 5;
constexpr int kSunday = 6;

Date D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / m / d; }

Instant Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return Instant{std::chrono::sys_days{D(y, m, d)}} + hours{h} + minutes{min};
}

AvailabilityInterval Iv(int h1, int m1, int h2, int m2, AvailabilityKind kind) {
    return {LocalTime{h1 * 60 + m1}, LocalTime{h2 * 60 + m2}, kind};
}
AvailabilityInterval Iv(int h1, int h2, AvailabilityKind kind) { return Iv(h1, 0, h2, 0, kind); }

const TimeZone& kUtc = testing_zones::AlwaysUtc();

const TimeZone& Eastern() { return testing_zones::UsEasternLike(); }
const TimeZone& London() { return testing_zones::LondonLike(); }

// 2027-01-04 is a Monday.
const Date kMon = D(2027, 1, 4);

WeeklyAvailability Weekly(Date from = D(2027, 1, 1)) { return WeeklyAvailability{from, {}}; }

AvailabilityHistory History(std::vector<WeeklyAvailability> versions) {
    auto history = AvailabilityHistory::Make(std::move(versions));
    EXPECT_TRUE(history) << history.error().field;
    return history ? *history : AvailabilityHistory{};
}

std::vector<AvailabilitySpan> Resolve(const AvailabilityHistory& history,
                                      const std::vector<AvailabilityException>& exceptions, Date from, Date to,
                                      const TimeZone& zone = kUtc, AvailabilityKind default_kind = kAvailable) {
    auto spans = ResolveAvailability(history, exceptions, default_kind, zone, from, to);
    EXPECT_TRUE(spans) << spans.error().detail;
    return spans ? *spans : std::vector<AvailabilitySpan>{};
}

std::string Field(const Status& status) { return status ? "ok" : status.error().field; }

// --- Names -------------------------------------------------------------------------------------

TEST(AvailabilityKindTest, NamesRoundTrip) {
    for (AvailabilityKind kind : {kAvailable, kPreferred, kUnavailable})
        EXPECT_EQ(ParseAvailabilityKind(AvailabilityKindName(kind)), kind);
    EXPECT_EQ(AvailabilityKindName(kPreferred), "preferred");
    EXPECT_EQ(ParseAvailabilityKind("Available"), std::nullopt);
    EXPECT_EQ(ParseAvailabilityKind(""), std::nullopt);
}

// --- Validation of a weekly availability --------------------------------------------------------

TEST(ValidateWeeklyAvailabilityTest, AcceptsAnOrdinaryWeek) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(6, 8, kAvailable), Iv(8, 12, kPreferred), Iv(12, 16, kAvailable)};
    weekly.days[kSunday] = {Iv(22, 6, kUnavailable)};  // runs into Monday 06:00, which touches
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
    EXPECT_EQ(Field(ValidateWeeklyAvailability(Weekly())), "ok");  // nothing said: all default
}

TEST(ValidateWeeklyAvailabilityTest, IntervalsNeedNotBeInOrder) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kTuesday] = {Iv(14, 16, kAvailable), Iv(8, 10, kUnavailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
}

TEST(ValidateWeeklyAvailabilityTest, AtMostFourADay) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kTuesday] = {Iv(1, 2, kAvailable), Iv(3, 4, kAvailable), Iv(5, 6, kAvailable), Iv(7, 8, kAvailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
    weekly.days[kTuesday].push_back(Iv(9, 10, kAvailable));
    const Status status = ValidateWeeklyAvailability(weekly);
    EXPECT_EQ(Field(status), "days.tuesday");
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
}

TEST(ValidateWeeklyAvailabilityTest, TimesWithinADay) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(8, 9, kAvailable), {LocalTime{1440}, LocalTime{60}, kAvailable}};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "days.monday[1].start");
    weekly.days[kMonday][1] = {LocalTime{600}, LocalTime{-1}, kAvailable};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "days.monday[1].end");
    weekly.days[kMonday][1] = {LocalTime{1439}, LocalTime{0}, kAvailable};  // 23:59 to midnight
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
}

TEST(ValidateWeeklyAvailabilityTest, OverlapWithinADayNamesTheLaterInterval) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kWednesday] = {Iv(8, 12, kAvailable), Iv(11, 13, kPreferred)};
    const Status status = ValidateWeeklyAvailability(weekly);
    EXPECT_EQ(Field(status), "days.wednesday[1]");
    EXPECT_EQ(status.error().detail, "days.wednesday[1] overlaps days.wednesday[0]");
    weekly.days[kWednesday] = {Iv(11, 13, kPreferred), Iv(8, 12, kAvailable)};  // either order
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "days.wednesday[1]");
    weekly.days[kWednesday] = {Iv(8, 12, kAvailable), Iv(9, 10, kPreferred)};  // one inside the other
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "days.wednesday[1]");
}

TEST(ValidateWeeklyAvailabilityTest, OvernightSpillCountsOnTheNextDay) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(22, 6, kUnavailable)};
    weekly.days[kTuesday] = {Iv(5, 9, kAvailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "days.tuesday[0]");
    weekly.days[kTuesday] = {Iv(6, 9, kAvailable)};  // touching is fine
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
    weekly.days[kMonday] = {Iv(18, 0, kUnavailable)};  // until midnight
    weekly.days[kTuesday] = {Iv(0, 8, kAvailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
}

TEST(ValidateWeeklyAvailabilityTest, SundayNightRunsIntoMonday) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(23, 2, kUnavailable)};
    weekly.days[kMonday] = {Iv(1, 3, kAvailable)};
    const Status status = ValidateWeeklyAvailability(weekly);
    EXPECT_EQ(Field(status), "days.sunday[0]");
    EXPECT_EQ(status.error().detail, "days.sunday[0] overlaps days.monday[0]");
}

TEST(ValidateWeeklyAvailabilityTest, EqualTimesAreAWhole24Hours) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(8, 8, kUnavailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
    weekly.days[kTuesday] = {Iv(7, 9, kAvailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "days.tuesday[0]");
    weekly.days[kTuesday] = {Iv(8, 9, kAvailable)};
    EXPECT_EQ(Field(ValidateWeeklyAvailability(weekly)), "ok");
}

TEST(ValidateWeeklyAvailabilityTest, EffectiveFromMustBeADate) {
    EXPECT_EQ(Field(ValidateWeeklyAvailability(Weekly(D(2027, 2, 30)))), "effective_from");
}

// --- History -------------------------------------------------------------------------------------

TEST(AvailabilityHistoryTest, PicksTheVersionInForce) {
    WeeklyAvailability later = Weekly(D(2027, 3, 1));
    later.days[kMonday] = {Iv(9, 17, kPreferred)};
    WeeklyAvailability earlier = Weekly(D(2027, 1, 1));
    earlier.days[kMonday] = {Iv(9, 17, kUnavailable)};
    const AvailabilityHistory history = History({later, earlier});  // any order
    EXPECT_EQ(history.InForceOn(D(2026, 12, 31)), nullptr);
    ASSERT_NE(history.InForceOn(D(2027, 1, 1)), nullptr);
    EXPECT_EQ(*history.InForceOn(D(2027, 1, 1)), earlier);
    EXPECT_EQ(*history.InForceOn(D(2027, 2, 28)), earlier);
    EXPECT_EQ(*history.InForceOn(D(2027, 3, 1)), later);
    EXPECT_EQ(*history.InForceOn(D(2030, 1, 1)), later);
    EXPECT_EQ(history.versions().front(), earlier);
    EXPECT_EQ(AvailabilityHistory{}.InForceOn(D(2027, 1, 1)), nullptr);
}

TEST(AvailabilityHistoryTest, RefusesAnInvalidVersionNamingIt) {
    WeeklyAvailability bad = Weekly(D(2027, 3, 1));
    bad.days[kMonday] = {Iv(8, 12, kAvailable), Iv(11, 13, kAvailable)};
    auto history = AvailabilityHistory::Make({Weekly(), bad});
    ASSERT_FALSE(history);
    EXPECT_EQ(history.error().field, "versions[1].days.monday[1]");
    EXPECT_EQ(history.error().code, ErrorCode::kInvalidInput);
}

TEST(AvailabilityHistoryTest, RefusesTwoVersionsOnOneDate) {
    auto history = AvailabilityHistory::Make({Weekly(D(2027, 1, 1)), Weekly(D(2027, 2, 1)), Weekly(D(2027, 1, 1))});
    ASSERT_FALSE(history);
    EXPECT_EQ(history.error().field, "versions[2].effective_from");
}

// --- Validation of an exception ------------------------------------------------------------------

TEST(ValidateAvailabilityExceptionTest, Shapes) {
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 15), {}})), "ok");  // unavailable all day
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 20), {Iv(12, 18, kAvailable)}})), "ok");
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 20), {Iv(18, 0, kAvailable)}})), "ok");  // to midnight
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 20), {Iv(0, 0, kPreferred)}})), "ok");   // whole day
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 2, 29), {}})), "date");
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 20), {Iv(22, 2, kAvailable)}})), "intervals[0]");
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 20), {Iv(12, 12, kAvailable)}})), "intervals[0]");
    EXPECT_EQ(Field(ValidateAvailabilityException(
                  {D(2027, 1, 20), {Iv(8, 9, kAvailable), {LocalTime{600}, LocalTime{1440}, kAvailable}}})),
              "intervals[1].end");
    EXPECT_EQ(Field(ValidateAvailabilityException(
                  {D(2027, 1, 20), {Iv(12, 18, kAvailable), Iv(8, 10, kAvailable), Iv(9, 11, kAvailable)}})),
              "intervals[2]");
    EXPECT_EQ(Field(ValidateAvailabilityException({D(2027, 1, 20),
                                                   {Iv(1, 2, kAvailable), Iv(3, 4, kAvailable), Iv(5, 6, kAvailable),
                                                    Iv(7, 8, kAvailable), Iv(9, 10, kAvailable)}})),
              "intervals");
}

// --- Resolution in UTC: the layout --------------------------------------------------------------

TEST(ResolveAvailabilityTest, NothingSaidIsTheDefault) {
    EXPECT_EQ(Resolve({}, {}, kMon, kMon),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 4, 0), Utc(2027, 1, 5, 0), kAvailable}}));
    EXPECT_EQ(Resolve({}, {}, kMon, D(2027, 1, 10), kUtc, kUnavailable),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 4, 0), Utc(2027, 1, 11, 0), kUnavailable}}));
}

TEST(ResolveAvailabilityTest, UncoveredTimeTakesTheDefault) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(20, 22, kUnavailable), Iv(9, 17, kPreferred)};
    const AvailabilityHistory history = History({weekly});
    EXPECT_EQ(Resolve(history, {}, kMon, kMon), (std::vector<AvailabilitySpan>{
                                                    {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 9), kAvailable},
                                                    {Utc(2027, 1, 4, 9), Utc(2027, 1, 4, 17), kPreferred},
                                                    {Utc(2027, 1, 4, 17), Utc(2027, 1, 4, 20), kAvailable},
                                                    {Utc(2027, 1, 4, 20), Utc(2027, 1, 4, 22), kUnavailable},
                                                    {Utc(2027, 1, 4, 22), Utc(2027, 1, 5, 0), kAvailable},
                                                }));
    EXPECT_EQ(Resolve(history, {}, kMon, kMon, kUtc, kUnavailable),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 9), kUnavailable},
                  {Utc(2027, 1, 4, 9), Utc(2027, 1, 4, 17), kPreferred},
                  {Utc(2027, 1, 4, 17), Utc(2027, 1, 5, 0), kUnavailable},
              }));
}

TEST(ResolveAvailabilityTest, AdjacentEqualKindsMerge) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(8, 12, kPreferred), Iv(12, 16, kPreferred), Iv(16, 18, kAvailable)};
    weekly.days[kTuesday] = {Iv(0, 8, kAvailable)};
    EXPECT_EQ(Resolve(History({weekly}), {}, kMon, D(2027, 1, 5)),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 8), kAvailable},
                  {Utc(2027, 1, 4, 8), Utc(2027, 1, 4, 16), kPreferred},
                  {Utc(2027, 1, 4, 16), Utc(2027, 1, 6, 0), kAvailable},
              }));
}

TEST(ResolveAvailabilityTest, TheDayBeforeTheRangeSpillsIntoIt) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(22, 6, kUnavailable)};
    const AvailabilityHistory history = History({weekly});
    EXPECT_EQ(Resolve(history, {}, kMon, kMon), (std::vector<AvailabilitySpan>{
                                                    {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 6), kUnavailable},
                                                    {Utc(2027, 1, 4, 6), Utc(2027, 1, 5, 0), kAvailable},
                                                }));
    // The last day's overnight interval is cut at the end of the range.
    EXPECT_EQ(Resolve(history, {}, D(2027, 1, 3), D(2027, 1, 3)),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 3, 0), Utc(2027, 1, 3, 22), kAvailable},
                  {Utc(2027, 1, 3, 22), Utc(2027, 1, 4, 0), kUnavailable},
              }));
}

TEST(ResolveAvailabilityTest, AWhole24HourInterval) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(8, 8, kUnavailable)};
    EXPECT_EQ(Resolve(History({weekly}), {}, kMon, D(2027, 1, 5)),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 8), kAvailable},
                  {Utc(2027, 1, 4, 8), Utc(2027, 1, 5, 8), kUnavailable},
                  {Utc(2027, 1, 5, 8), Utc(2027, 1, 6, 0), kAvailable},
              }));
}

TEST(ResolveAvailabilityTest, EachDateUsesTheVersionInForceThen) {
    WeeklyAvailability first = Weekly(D(2027, 1, 1));
    first.days[kMonday] = {Iv(9, 17, kUnavailable)};
    WeeklyAvailability second = Weekly(D(2027, 1, 11));
    second.days[kMonday] = {Iv(9, 17, kPreferred)};
    const AvailabilityHistory history = History({first, second});
    const auto spans = Resolve(history, {}, D(2026, 12, 28), D(2027, 1, 11));
    EXPECT_EQ(KindAt(spans, Utc(2026, 12, 28, 10)), kAvailable);  // before any version
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 4, 10)), kUnavailable);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 11, 10)), kPreferred);
    // A past week resolved on its own still shows what was true then.
    EXPECT_EQ(KindAt(Resolve(history, {}, kMon, kMon), Utc(2027, 1, 4, 10)), kUnavailable);
}

TEST(ResolveAvailabilityTest, AnOvernightSpillKeepsItsVersionUntilTheNextDaysOwnInterval) {
    WeeklyAvailability first = Weekly(D(2027, 1, 1));
    first.days[kSunday] = {Iv(22, 6, kUnavailable)};
    WeeklyAvailability second = Weekly(D(2027, 1, 11));  // a Monday
    second.days[kMonday] = {Iv(4, 8, kPreferred)};
    EXPECT_EQ(Resolve(History({first, second}), {}, D(2027, 1, 11), D(2027, 1, 11)),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 11, 0), Utc(2027, 1, 11, 4), kUnavailable},
                  {Utc(2027, 1, 11, 4), Utc(2027, 1, 11, 8), kPreferred},
                  {Utc(2027, 1, 11, 8), Utc(2027, 1, 12, 0), kAvailable},
              }));
}

TEST(ResolveAvailabilityTest, AnExceptionUnavailableAllDay) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kTuesday] = {Iv(9, 17, kPreferred)};
    EXPECT_EQ(Resolve(History({weekly}), {{D(2027, 1, 5), {}}}, D(2027, 1, 5), D(2027, 1, 5)),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 5, 0), Utc(2027, 1, 6, 0), kUnavailable}}));
}

TEST(ResolveAvailabilityTest, AnExceptionOnlyAtSomeHours) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kWednesday] = {Iv(8, 10, kPreferred)};
    const std::vector<AvailabilityException> only_afternoon{{D(2027, 1, 6), {Iv(12, 18, kAvailable)}}};
    EXPECT_EQ(Resolve(History({weekly}), only_afternoon, D(2027, 1, 6), D(2027, 1, 6)),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 6, 0), Utc(2027, 1, 6, 12), kUnavailable},
                  {Utc(2027, 1, 6, 12), Utc(2027, 1, 6, 18), kAvailable},
                  {Utc(2027, 1, 6, 18), Utc(2027, 1, 7, 0), kUnavailable},
              }));
    // The next Wednesday is the weekly one again.
    EXPECT_EQ(KindAt(Resolve(History({weekly}), only_afternoon, D(2027, 1, 6), D(2027, 1, 13)), Utc(2027, 1, 13, 9)),
              kPreferred);
}

TEST(ResolveAvailabilityTest, AnExceptionOwnsItsDateAndNothingElse) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(22, 6, kUnavailable)};
    weekly.days[kTuesday] = {Iv(22, 6, kUnavailable)};
    const std::vector<AvailabilityException> tuesday_free{{D(2027, 1, 5), {Iv(0, 0, kAvailable)}}};
    EXPECT_EQ(Resolve(History({weekly}), tuesday_free, kMon, D(2027, 1, 6)),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 22), kAvailable},
                  {Utc(2027, 1, 4, 22), Utc(2027, 1, 5, 0), kUnavailable},  // Monday's night, up to Tuesday
                  {Utc(2027, 1, 5, 0), Utc(2027, 1, 6, 0), kAvailable},     // Tuesday, 22:00-24:00 included
                  {Utc(2027, 1, 6, 0), Utc(2027, 1, 6, 6), kUnavailable},   // Tuesday night's spill is Wednesday's
                  {Utc(2027, 1, 6, 6), Utc(2027, 1, 7, 0), kAvailable},
              }));
}

TEST(ResolveAvailabilityTest, ExceptionsOutsideTheRangeChangeNothing) {
    const std::vector<AvailabilityException> elsewhere{{D(2027, 1, 3), {}}, {D(2027, 1, 5), {}}};
    EXPECT_EQ(Resolve({}, elsewhere, kMon, kMon),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 4, 0), Utc(2027, 1, 5, 0), kAvailable}}));
}

TEST(ResolveAvailabilityTest, OfTwoExceptionsOnOneDateTheLaterHolds) {
    const std::vector<AvailabilityException> both{{kMon, {}}, {kMon, {Iv(0, 0, kPreferred)}}};
    EXPECT_EQ(Resolve({}, both, kMon, kMon),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 4, 0), Utc(2027, 1, 5, 0), kPreferred}}));
}

TEST(ResolveAvailabilityTest, RefusesBadRanges) {
    auto field = [](Date from, Date to) {
        auto spans = ResolveAvailability({}, {}, kAvailable, kUtc, from, to);
        return spans ? std::string("ok") : spans.error().field;
    };
    EXPECT_EQ(field(D(2027, 2, 30), kMon), "from");
    EXPECT_EQ(field(kMon, D(2027, 2, 30)), "to");
    EXPECT_EQ(field(kMon, D(2027, 1, 3)), "to");
    EXPECT_EQ(field(D(2027, 1, 1), D(2028, 1, 1)), "ok");  // 366 days
    EXPECT_EQ(field(D(2027, 1, 1), D(2028, 1, 2)), "to");
}

// --- Resolution across daylight-saving changes ---------------------------------------------------

struct NightCase {
    const char* name;
    const TimeZone& (*zone)();
    Date saturday;  // the night from this Saturday to the Sunday of the change
    Instant start;  // Saturday 22:00 local
    Instant end;    // Sunday 06:00 local
    hours length;
};

class DstNightTest : public ::testing::TestWithParam<NightCase> {};

TEST_P(DstNightTest, ANightIntervalLastsTheRealHours) {
    const NightCase& c = GetParam();
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSaturday] = {Iv(22, 6, kUnavailable)};
    const Date sunday{std::chrono::sys_days{c.saturday} + std::chrono::days{1}};
    const auto spans = Resolve(History({weekly}), {}, c.saturday, sunday, c.zone());
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_EQ(spans[1], (AvailabilitySpan{c.start, c.end, kUnavailable}));
    EXPECT_EQ(spans[1].end - spans[1].start, c.length);
    EXPECT_EQ(spans[0].start, c.zone().ToUtc(LocalMidnight(c.saturday)));
    EXPECT_EQ(spans[2].end, c.zone().ToUtc(LocalMidnight(sunday) + std::chrono::days{1}));
}

INSTANTIATE_TEST_SUITE_P(
    Zones, DstNightTest,
    ::testing::Values(
        // 22:00 EST (03:00Z) -> 06:00 EDT (10:00Z)
        NightCase{"EasternSpring", Eastern, D(2027, 3, 13), Utc(2027, 3, 14, 3), Utc(2027, 3, 14, 10), hours{7}},
        // 22:00 EDT (02:00Z) -> 06:00 EST (11:00Z)
        NightCase{"EasternAutumn", Eastern, D(2027, 11, 6), Utc(2027, 11, 7, 2), Utc(2027, 11, 7, 11), hours{9}},
        // 22:00 GMT (22:00Z) -> 06:00 BST (05:00Z)
        NightCase{"LondonSpring", London, D(2027, 3, 27), Utc(2027, 3, 27, 22), Utc(2027, 3, 28, 5), hours{7}},
        // 22:00 BST (21:00Z) -> 06:00 GMT (06:00Z)
        NightCase{"LondonAutumn", London, D(2027, 10, 30), Utc(2027, 10, 30, 21), Utc(2027, 10, 31, 6), hours{9}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ResolveAvailabilityDstTest, TheDaysOfChangeLast23And25Hours) {
    const auto spring = Resolve({}, {}, D(2027, 3, 14), D(2027, 3, 14), Eastern());
    ASSERT_EQ(spring.size(), 1u);
    EXPECT_EQ(spring[0].end - spring[0].start, hours{23});
    const auto autumn = Resolve({}, {}, D(2027, 10, 31), D(2027, 10, 31), London());
    ASSERT_EQ(autumn.size(), 1u);
    EXPECT_EQ(autumn[0].end - autumn[0].start, hours{25});
}

TEST(ResolveAvailabilityDstTest, AnExceptionOnTheDayOfAChange) {
    const std::vector<AvailabilityException> only_afternoon{{D(2027, 3, 14), {Iv(12, 18, kAvailable)}}};
    EXPECT_EQ(Resolve({}, only_afternoon, D(2027, 3, 14), D(2027, 3, 14), Eastern()),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 3, 14, 5), Utc(2027, 3, 14, 16), kUnavailable},  // 00:00 EST to 12:00 EDT: 11 hours
                  {Utc(2027, 3, 14, 16), Utc(2027, 3, 14, 22), kAvailable},
                  {Utc(2027, 3, 14, 22), Utc(2027, 3, 15, 4), kUnavailable},
              }));
}

TEST(ResolveAvailabilityDstTest, AnIntervalStartingInTheSpringGapStartsAfterIt) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(2, 30, 4, 0, kUnavailable)};  // 02:30 does not exist on 2027-03-14
    EXPECT_EQ(Resolve(History({weekly}), {}, D(2027, 3, 14), D(2027, 3, 14), Eastern()),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 3, 14, 5), Utc(2027, 3, 14, 7, 30), kAvailable},
                  {Utc(2027, 3, 14, 7, 30), Utc(2027, 3, 14, 8), kUnavailable},  // 03:30-04:00 EDT
                  {Utc(2027, 3, 14, 8), Utc(2027, 3, 15, 4), kAvailable},
              }));
}

TEST(ResolveAvailabilityDstTest, AnIntervalInsideTheGapKeepsItsLengthPastIt) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(2, 10, 2, 40, kUnavailable)};  // as GenerateShifts places such a shift
    const auto spans = Resolve(History({weekly}), {}, D(2027, 3, 14), D(2027, 3, 14), Eastern());
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_EQ(spans[1], (AvailabilitySpan{Utc(2027, 3, 14, 7, 10), Utc(2027, 3, 14, 7, 40), kUnavailable}));
}

TEST(ResolveAvailabilityDstTest, AStretchTheGapOvertakesDisappears) {
    // 02:30 resolves to 03:30 EDT, after 03:15: the preferred stretch before it keeps its resolved
    // time and the unavailable one has none left.
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(2, 0, 2, 30, kPreferred), Iv(2, 30, 3, 15, kUnavailable)};
    EXPECT_EQ(Resolve(History({weekly}), {}, D(2027, 3, 14), D(2027, 3, 14), Eastern()),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 3, 14, 5), Utc(2027, 3, 14, 7), kAvailable},
                  {Utc(2027, 3, 14, 7), Utc(2027, 3, 14, 7, 30), kPreferred},
                  {Utc(2027, 3, 14, 7, 30), Utc(2027, 3, 15, 4), kAvailable},
              }));
}

TEST(ResolveAvailabilityDstTest, TheRepeatedHourStartsAtItsFirstOccurrence) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(1, 30, 2, 0, kUnavailable)};  // 01:30 EDT (05:30Z) to 02:00 EST (07:00Z)
    const auto spans = Resolve(History({weekly}), {}, D(2027, 11, 7), D(2027, 11, 7), Eastern());
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_EQ(spans[1], (AvailabilitySpan{Utc(2027, 11, 7, 5, 30), Utc(2027, 11, 7, 7), kUnavailable}));
}

TEST(ResolveAvailabilityDstTest, AWholeYearIsOrderedGapFreeAndAlternating) {
    WeeklyAvailability weekly = Weekly(D(2026, 12, 1));
    weekly.days[kMonday] = {Iv(1, 30, 2, 30, kUnavailable), Iv(9, 17, kPreferred)};
    weekly.days[kSaturday] = {Iv(22, 6, kUnavailable)};
    weekly.days[kSunday] = {Iv(6, 30, 10, 0, kPreferred), Iv(23, 1, kUnavailable)};
    WeeklyAvailability summer = Weekly(D(2027, 6, 1));
    summer.days[kSunday] = {Iv(1, 0, 3, 0, kUnavailable), Iv(3, 0, 4, 0, kPreferred)};
    const std::vector<AvailabilityException> exceptions{{D(2027, 3, 14), {Iv(2, 15, 2, 45, kPreferred)}},
                                                        {D(2027, 3, 28), {}},
                                                        {D(2027, 11, 7), {Iv(1, 2, kPreferred)}}};
    for (const TimeZone* zone : {&Eastern(), &London()}) {
        const auto spans = Resolve(History({weekly, summer}), exceptions, D(2027, 1, 1), D(2027, 12, 31), *zone);
        ASSERT_FALSE(spans.empty());
        EXPECT_EQ(spans.front().start, zone->ToUtc(LocalMidnight(D(2027, 1, 1))));
        EXPECT_EQ(spans.back().end, zone->ToUtc(LocalMidnight(D(2028, 1, 1))));
        for (std::size_t i = 0; i < spans.size(); ++i) {
            EXPECT_LT(spans[i].start, spans[i].end) << i;
            if (i > 0) {
                EXPECT_EQ(spans[i - 1].end, spans[i].start) << i;
                EXPECT_NE(spans[i - 1].kind, spans[i].kind) << i;
            }
        }
    }
}

// --- Questions the rules engine asks -------------------------------------------------------------

std::vector<AvailabilitySpan> MondaySpans() {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kMonday] = {Iv(10, 11, kUnavailable), Iv(12, 13, kUnavailable), Iv(13, 17, kPreferred),
                            Iv(20, 22, kUnavailable)};
    return Resolve(History({weekly}), {}, kMon, kMon);
}

TEST(KindAtTest, TheKindOfTheSpanHoldingTheInstant) {
    const auto spans = MondaySpans();
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 4, 0)), kAvailable);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 4, 10, 59)), kUnavailable);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 4, 11)), kAvailable);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 4, 13)), kPreferred);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 4, 23, 59)), kAvailable);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 3, 23, 59)), std::nullopt);
    EXPECT_EQ(KindAt(spans, Utc(2027, 1, 5, 0)), std::nullopt);
    EXPECT_EQ(KindAt({}, Utc(2027, 1, 5, 0)), std::nullopt);
}

TEST(PartsOfKindTest, TheUnavailablePartsOfAShift) {
    const auto spans = MondaySpans();
    EXPECT_EQ(PartsOfKind(spans, Utc(2027, 1, 4, 9, 30), Utc(2027, 1, 4, 12, 30), kUnavailable),
              (std::vector<AvailabilitySpan>{
                  {Utc(2027, 1, 4, 10), Utc(2027, 1, 4, 11), kUnavailable},
                  {Utc(2027, 1, 4, 12), Utc(2027, 1, 4, 12, 30), kUnavailable},
              }));
    EXPECT_EQ(PartsOfKind(spans, Utc(2027, 1, 4, 13), Utc(2027, 1, 4, 17), kUnavailable),
              std::vector<AvailabilitySpan>{});
    EXPECT_EQ(PartsOfKind(spans, Utc(2027, 1, 4, 11), Utc(2027, 1, 4, 11), kUnavailable),
              std::vector<AvailabilitySpan>{});  // an empty range has no parts
    EXPECT_EQ(PartsOfKind(spans, Utc(2027, 1, 4, 12, 30), Utc(2027, 1, 4, 14), kPreferred),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 4, 13), Utc(2027, 1, 4, 14), kPreferred}}));
}

TEST(PartsOfKindTest, TouchingPartsComeMerged) {
    const std::vector<AvailabilitySpan> spans{
        {Utc(2027, 1, 4, 0), Utc(2027, 1, 4, 2), kUnavailable},
        {Utc(2027, 1, 4, 2), Utc(2027, 1, 4, 4), kUnavailable},  // not from ResolveAvailability
    };
    EXPECT_EQ(PartsOfKind(spans, Utc(2027, 1, 4, 1), Utc(2027, 1, 4, 3), kUnavailable),
              (std::vector<AvailabilitySpan>{{Utc(2027, 1, 4, 1), Utc(2027, 1, 4, 3), kUnavailable}}));
}

TEST(ResolveAroundTest, ANightShiftOnTheAutumnChange) {
    WeeklyAvailability weekly = Weekly();
    weekly.days[kSunday] = {Iv(1, 3, kUnavailable)};  // 01:00 EDT (05:00Z) to 03:00 EST (08:00Z)
    const Instant start = Utc(2027, 11, 7, 2);        // Saturday 22:00 EDT
    const Instant end = Utc(2027, 11, 7, 11);         // Sunday 06:00 EST
    auto spans = ResolveAround(History({weekly}), {}, kAvailable, Eastern(), start, end);
    ASSERT_TRUE(spans);
    EXPECT_LE(spans->front().start, start);
    EXPECT_GE(spans->back().end, end);
    const auto parts = PartsOfKind(*spans, start, end, kUnavailable);
    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0], (AvailabilitySpan{Utc(2027, 11, 7, 5), Utc(2027, 11, 7, 8), kUnavailable}));
    EXPECT_EQ(parts[0].end - parts[0].start, hours{3});  // two wall hours, one of them twice
}

TEST(ResolveAroundTest, RefusesARangeTooLongToResolve) {
    auto spans = ResolveAround({}, {}, kAvailable, kUtc, Utc(2027, 1, 1, 0), Utc(2028, 1, 1, 0));
    ASSERT_FALSE(spans);
    EXPECT_EQ(spans.error().field, "to");
}

TEST(ResolveAroundTest, CoversTheShiftInAZoneFarFromUtc) {
    class PlusFourteen final : public TimeZone {
    public:
        Instant ToUtc(LocalSeconds local) const override { return Instant{local - hours{14}}; }
        LocalSeconds ToLocal(Instant instant) const override { return instant.time_since_epoch() + hours{14}; }
    } zone;
    const Instant start = Utc(2027, 1, 4, 9);
    const Instant end = Utc(2027, 1, 5, 9);
    auto spans = ResolveAround({}, {}, kUnavailable, zone, start, end);
    ASSERT_TRUE(spans);
    EXPECT_EQ(PartsOfKind(*spans, start, end, kUnavailable),
              (std::vector<AvailabilitySpan>{{start, end, kUnavailable}}));
}

}  // namespace
}  // namespace shiftsync
