#include "infra/tz/tz_database.hpp"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>
#include <thread>
#include <vector>

namespace shiftsync {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::chrono::year_month_day D(int y, unsigned m, unsigned d) { return std::chrono::year{y} / m / d; }

Instant Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return Instant{std::chrono::sys_days{D(y, m, d)}} + hours{h} + minutes{min};
}

LocalSeconds Local(int y, unsigned m, unsigned d, int h, int min = 0) {
    return LocalAt(D(y, m, d), LocalTime{h * 60 + min});
}

class TzDatabaseTest : public testing::Test {
protected:
    const TimeZone& Get(std::string_view name) {
        const TimeZone* zone = zones_->Find(name);
        EXPECT_NE(zone, nullptr) << name;
        if (zone == nullptr) throw std::runtime_error("missing zone");
        return *zone;
    }
    std::unique_ptr<TimeZones> zones_ = MakeTzDatabaseZones();
};

TEST_F(TzDatabaseTest, FindsIanaNames) {
    for (const char* name :
         {"UTC", "Etc/UTC", "Europe/Berlin", "America/New_York", "America/Argentina/Buenos_Aires",
          "America/Port-au-Prince", "Etc/GMT+5", "Etc/GMT-14", "Asia/Kolkata", "Australia/Lord_Howe"}) {
        EXPECT_NE(zones_->Find(name), nullptr) << name;
    }
}

TEST_F(TzDatabaseTest, RejectsWhatIsNotAZoneName) {
    for (const char* name :
         {"", "/", "Europe/", "/etc/passwd", "/usr/share/zoneinfo/UTC", "../../etc/passwd", "Europe/../UTC",
          "Europe/./Berlin", "./UTC", "Europe//Berlin", "Mars/Olympus_Mons", "europe/berlin ", " Europe/Berlin",
          "Europe\\Berlin", "Europe/Berlin\n", "Europe", "Berlin"}) {
        EXPECT_EQ(zones_->Find(name), nullptr) << testing::PrintToString(std::string(name));
    }
    EXPECT_EQ(zones_->Find(std::string_view("UTC\0x", 5)), nullptr);
    EXPECT_EQ(zones_->Find(std::string(300, 'A')), nullptr);
}

TEST_F(TzDatabaseTest, SameZoneObjectEveryTime) {
    const TimeZone* first = zones_->Find("Europe/Berlin");
    const TimeZone* second = zones_->Find(std::string("Europe/") + "Berlin");
    EXPECT_NE(first, nullptr);
    EXPECT_EQ(first, second);
    EXPECT_NE(first, zones_->Find("America/New_York"));
}

TEST_F(TzDatabaseTest, ConcurrentFindsAgree) {
    constexpr int kThreads = 8;
    const std::array<const char*, 4> names = {"Europe/Paris", "Asia/Tokyo", "America/Chicago", "Africa/Cairo"};
    std::vector<std::array<const TimeZone*, 4>> seen(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 50; ++round) {
                for (std::size_t i = 0; i < names.size(); ++i) {
                    const TimeZone* zone = zones_->Find(names[(i + t) % names.size()]);
                    if (round == 0) seen[t][(i + t) % names.size()] = zone;
                    (void)zone->ToUtc(Local(2026, 3, 29, 2, 30));
                }
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (int t = 0; t < kThreads; ++t) {
        for (std::size_t i = 0; i < names.size(); ++i) {
            EXPECT_NE(seen[t][i], nullptr);
            EXPECT_EQ(seen[t][i], seen[0][i]);
        }
    }
}

TEST_F(TzDatabaseTest, UtcAndFixedOffsets) {
    const TimeZone& utc = Get("UTC");
    EXPECT_EQ(utc.ToUtc(Local(2026, 6, 1, 12)), Utc(2026, 6, 1, 12));
    EXPECT_EQ(utc.ToLocal(Utc(2026, 6, 1, 12)), Local(2026, 6, 1, 12));

    const TimeZone& kolkata = Get("Asia/Kolkata");
    EXPECT_EQ(kolkata.ToUtc(Local(2026, 6, 1, 8)), Utc(2026, 6, 1, 2, 30));
    EXPECT_EQ(kolkata.ToLocal(Utc(2026, 6, 1, 2, 30)), Local(2026, 6, 1, 8));

    const TimeZone& gmt_plus_5 = Get("Etc/GMT+5");  // POSIX sign: five hours behind UTC
    EXPECT_EQ(gmt_plus_5.ToUtc(Local(2026, 6, 1, 8)), Utc(2026, 6, 1, 13));
}

TEST_F(TzDatabaseTest, OrdinaryTimesBothSeasons) {
    const TimeZone& berlin = Get("Europe/Berlin");
    EXPECT_EQ(berlin.ToUtc(Local(2026, 1, 15, 8)), Utc(2026, 1, 15, 7));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 7, 15, 8)), Utc(2026, 7, 15, 6));
    const TimeZone& new_york = Get("America/New_York");
    EXPECT_EQ(new_york.ToUtc(Local(2026, 1, 15, 8)), Utc(2026, 1, 15, 13));
    EXPECT_EQ(new_york.ToUtc(Local(2026, 7, 15, 8)), Utc(2026, 7, 15, 12));
}

TEST_F(TzDatabaseTest, NonexistentTimesMoveForwardByTheGap) {
    const TimeZone& berlin = Get("Europe/Berlin");  // 2026-03-29 02:00 CET -> 03:00 CEST (01:00Z)
    EXPECT_EQ(berlin.ToUtc(Local(2026, 3, 29, 1, 59)), Utc(2026, 3, 29, 0, 59));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 3, 29, 2, 0)), Utc(2026, 3, 29, 1, 0));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 3, 29, 2, 30)), Utc(2026, 3, 29, 1, 30));
    EXPECT_EQ(berlin.ToLocal(berlin.ToUtc(Local(2026, 3, 29, 2, 30))), Local(2026, 3, 29, 3, 30));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 3, 29, 2, 59)), Utc(2026, 3, 29, 1, 59));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 3, 29, 3, 0)), Utc(2026, 3, 29, 1, 0));

    const TimeZone& new_york = Get("America/New_York");  // 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z)
    EXPECT_EQ(new_york.ToUtc(Local(2026, 3, 8, 2, 30)), Utc(2026, 3, 8, 7, 30));
    EXPECT_EQ(new_york.ToLocal(Utc(2026, 3, 8, 7, 30)), Local(2026, 3, 8, 3, 30));
    EXPECT_EQ(new_york.ToUtc(Local(2026, 3, 8, 3, 0)), Utc(2026, 3, 8, 7, 0));

    const TimeZone& lord_howe = Get("Australia/Lord_Howe");  // half-hour DST: 2026-10-04 02:00 -> 02:30
    EXPECT_EQ(lord_howe.ToUtc(Local(2026, 10, 4, 2, 15)), lord_howe.ToUtc(Local(2026, 10, 4, 2, 45)));
    EXPECT_EQ(lord_howe.ToUtc(Local(2026, 10, 4, 2, 45)) - lord_howe.ToUtc(Local(2026, 10, 4, 1, 45)), minutes{30});
}

TEST_F(TzDatabaseTest, AmbiguousTimesTakeTheEarlierInstant) {
    const TimeZone& berlin = Get("Europe/Berlin");  // 2026-10-25 03:00 CEST -> 02:00 CET (01:00Z)
    EXPECT_EQ(berlin.ToUtc(Local(2026, 10, 25, 2, 0)), Utc(2026, 10, 25, 0, 0));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 10, 25, 2, 30)), Utc(2026, 10, 25, 0, 30));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 10, 25, 2, 59)), Utc(2026, 10, 25, 0, 59));
    EXPECT_EQ(berlin.ToUtc(Local(2026, 10, 25, 3, 0)), Utc(2026, 10, 25, 2, 0));
    // Both instants of the repeated 02:30 read back as 02:30.
    EXPECT_EQ(berlin.ToLocal(Utc(2026, 10, 25, 0, 30)), Local(2026, 10, 25, 2, 30));
    EXPECT_EQ(berlin.ToLocal(Utc(2026, 10, 25, 1, 30)), Local(2026, 10, 25, 2, 30));

    const TimeZone& new_york = Get("America/New_York");  // 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z)
    EXPECT_EQ(new_york.ToUtc(Local(2026, 11, 1, 1, 30)), Utc(2026, 11, 1, 5, 30));
    EXPECT_EQ(new_york.ToUtc(Local(2026, 11, 1, 2, 0)), Utc(2026, 11, 1, 7, 0));
    EXPECT_EQ(new_york.ToLocal(Utc(2026, 11, 1, 6, 30)), Local(2026, 11, 1, 1, 30));
}

TEST_F(TzDatabaseTest, MidnightThatDoesNotExist) {
    // Santiago springs forward at 24:00 -> 01:00: midnight of 2026-09-06 is skipped.
    const TimeZone& santiago = Get("America/Santiago");
    const Instant midnight = santiago.ToUtc(LocalMidnight(D(2026, 9, 6)));
    EXPECT_EQ(santiago.ToLocal(midnight), Local(2026, 9, 6, 1, 0));
    EXPECT_EQ(midnight, santiago.ToUtc(Local(2026, 9, 5, 23, 0)) + hours{1});
}

TEST_F(TzDatabaseTest, RoundTripsEveryHourOfAYear) {
    for (const char* name : {"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kathmandu"}) {
        const TimeZone& zone = Get(name);
        for (Instant t = Utc(2026, 1, 1, 0); t < Utc(2027, 1, 1, 0); t += minutes{30}) {
            const LocalSeconds local = zone.ToLocal(t);
            const Instant back = zone.ToUtc(local);
            // Exact except for the second pass through a repeated hour, which maps to the first.
            if (back != t) {
                ASSERT_EQ(zone.ToLocal(back), local) << name;
                ASSERT_LT(back, t) << name;
                ASSERT_LE(t - back, hours{1}) << name;
            }
        }
    }
}

}  // namespace
}  // namespace shiftsync
