#include "config/postgres_url.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace shiftsync {
namespace {

std::string ProblemOf(const std::string& url) {
    try {
        ParsePostgresUrl(url);
    } catch (const PostgresUrlError& error) {
        return error.what();
    }
    return "";
}

TEST(PostgresUrl, TakesEveryPartApartDecoded) {
    const PostgresUrl url =
        ParsePostgresUrl("postgresql://app%40x@db.internal:5433/shift%73?sslmode=verify-full&application_name=a%20b");
    EXPECT_EQ(url.user, "app@x");
    EXPECT_FALSE(url.password.has_value());
    EXPECT_EQ(url.host, "db.internal");
    EXPECT_EQ(url.port, "5433");
    EXPECT_EQ(url.database, "shifts");
    const std::vector<std::pair<std::string, std::string>> parameters{{"sslmode", "verify-full"},
                                                                      {"application_name", "a b"}};
    EXPECT_EQ(url.parameters, parameters);
}

TEST(PostgresUrl, MinimalAndIpv6Hosts) {
    const PostgresUrl plain = ParsePostgresUrl("postgresql://db/shifts");
    EXPECT_EQ(plain.host, "db");
    EXPECT_EQ(plain.user, "");
    EXPECT_EQ(plain.port, "");
    const PostgresUrl ipv6 = ParsePostgresUrl("postgresql://[::1]:5432/shifts#ignored");
    EXPECT_EQ(ipv6.host, "::1");
    EXPECT_EQ(ipv6.port, "5432");
    EXPECT_EQ(ipv6.database, "shifts");
}

TEST(PostgresUrl, FindsThePasswordWhereverItIsAndKeepsTheRestAsWritten) {
    const struct {
        const char* url;
        const char* without_password;
        const char* password;
    } cases[] = {
        {"postgresql://app:s3cr%40t@db:5432/shifts", "postgresql://app@db:5432/shifts", "s3cr@t"},
        {"postgresql://app:@db/shifts", "postgresql://app@db/shifts", ""},
        {"postgresql://app@db/shifts?password=pw&sslmode=verify-full", "postgresql://app@db/shifts?sslmode=verify-full",
         "pw"},
        {"postgresql://app@db/shifts?sslmode=require&PassWord=a%26b", "postgresql://app@db/shifts?sslmode=require",
         "a&b"},
        {"postgresql://app@db/shifts?p%61ssword=pw#frag", "postgresql://app@db/shifts#frag", "pw"},
    };
    for (const auto& c : cases) {
        const PostgresUrl url = ParsePostgresUrl(c.url);
        EXPECT_EQ(url.without_password, c.without_password) << c.url;
        ASSERT_TRUE(url.password.has_value()) << c.url;
        EXPECT_EQ(*url.password, c.password) << c.url;
        EXPECT_TRUE(url.parameters.size() <= 1) << c.url;
    }
    EXPECT_EQ(ParsePostgresUrl("postgresql://app@db/shifts?x=%41").without_password,
              "postgresql://app@db/shifts?x=%41");
}

TEST(PostgresUrl, RefusesWhatIsNotAUrlOfADatabaseWithoutRepeatingIt) {
    const struct {
        const char* url;
        const char* problem;
    } cases[] = {
        {"", "must start with postgresql://"},
        {"postgres://db/shifts", "must start with postgresql://"},
        {"mysql://db/shifts", "must start with postgresql://"},
        {"postgresql://db internal/shifts", "must not contain spaces or control characters"},
        {"postgresql://", "has no host"},
        {"postgresql:///shifts", "has no host"},
        {"postgresql://app@/shifts", "has no host"},
        {"postgresql://:5432/shifts", "has no host"},
        {"postgresql://db", "names no database"},
        {"postgresql://db/", "names no database"},
        {"postgresql://db/?sslmode=require", "names no database"},
        {"postgresql://db:5x/shifts", "has a bad port"},
        {"postgresql://[::1/shifts", "has an unclosed [ around its host"},
        {"postgresql://[::1]x/shifts", "has unexpected text after the ] of its host"},
        {"postgresql://db/shifts?sslmode=%zz", "has a bad percent escape"},
        {"postgresql://app:hunter2@db/shifts?password=hunter2", "holds more than one password"},
    };
    for (const auto& c : cases) EXPECT_EQ(ProblemOf(c.url), c.problem) << c.url;
}

}  // namespace
}  // namespace shiftsync
