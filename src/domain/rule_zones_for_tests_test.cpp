#include "domain/rule_zones_for_tests.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace shiftsync {

// The real zone, to prove the imitation right (infra/tz/zones_for_tests.cpp). Only this test reads
// the tz database on the imitations' behalf; the tests using them do not.
const TimeZone& ZoneForTests(std::string_view iana_name);

namespace {

using std::chrono::hours;
using std::chrono::minutes;

Instant Utc(int y, unsigned m, unsigned d, int h, int min = 0) {
    return Instant{std::chrono::sys_days{std::chrono::year{y} / m / d}} + hours{h} + minutes{min};
}

struct Imitation {
    const TimeZone& (*zone)();
    std::string_view real;
};

class RuleZoneTest : public ::testing::TestWithParam<Imitation> {};

TEST_P(RuleZoneTest, AgreesWithTheRealZoneEveryQuarterHourFrom2025To2030) {
    const TimeZone& imitation = GetParam().zone();
    const TimeZone& real = ZoneForTests(GetParam().real);
    for (Instant t = Utc(2025, 1, 1, 0); t < Utc(2031, 1, 1, 0); t += minutes{15}) {
        ASSERT_EQ(imitation.ToLocal(t), real.ToLocal(t)) << t.time_since_epoch().count();
        const LocalSeconds local = t.time_since_epoch();  // every wall time, gaps and repeats included
        ASSERT_EQ(imitation.ToUtc(local), real.ToUtc(local)) << local.count();
    }
}

INSTANTIATE_TEST_SUITE_P(Zones, RuleZoneTest,
                         ::testing::Values(Imitation{testing_zones::UsEasternLike, "America/New_York"},
                                           Imitation{testing_zones::LondonLike, "Europe/London"}),
                         [](const auto& info) { return info.index == 0 ? "UsEastern" : "London"; });

TEST(RuleZoneTest, AlwaysUtcIsUtc) {
    EXPECT_EQ(testing_zones::AlwaysUtc().ToLocal(Utc(2027, 3, 14, 7)), Utc(2027, 3, 14, 7).time_since_epoch());
    EXPECT_EQ(testing_zones::AlwaysUtc().ToUtc(Utc(2027, 3, 14, 7).time_since_epoch()), Utc(2027, 3, 14, 7));
}

TEST(RuleZoneTest, TransitionsOf2027) {
    const TimeZone& eastern = testing_zones::UsEasternLike();
    EXPECT_EQ(eastern.ToLocal(Utc(2027, 3, 14, 6, 59)), Utc(2027, 3, 14, 1, 59).time_since_epoch());
    EXPECT_EQ(eastern.ToLocal(Utc(2027, 3, 14, 7)), Utc(2027, 3, 14, 3).time_since_epoch());
    EXPECT_EQ(eastern.ToLocal(Utc(2027, 11, 7, 6)), Utc(2027, 11, 7, 1).time_since_epoch());
    const TimeZone& london = testing_zones::LondonLike();
    EXPECT_EQ(london.ToLocal(Utc(2027, 3, 28, 1)), Utc(2027, 3, 28, 2).time_since_epoch());
    EXPECT_EQ(london.ToLocal(Utc(2027, 10, 31, 1)), Utc(2027, 10, 31, 1).time_since_epoch());
}

}  // namespace
}  // namespace shiftsync
