// The settings of password reset and of the retention of sent email (issue 12).
#include <gtest/gtest.h>

#include <string>

#include "config/config.hpp"

namespace shiftsync {
namespace {

using namespace std::chrono_literals;

std::string ErrorOf(const std::vector<std::string>& args) {
    try {
        LoadConfig(args, {});
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

TEST(ConfigResetTest, ResetLinksLastAnHourAndSentMailKeepsItsBodyThirtyDays) {
    const Config config = LoadConfig({}, {});
    EXPECT_EQ(config.password_reset_lifetime, 1h);
    EXPECT_EQ(config.mail.retention, 30 * 24h);
}

TEST(ConfigResetTest, BothComeFromFlagsAndEnvironment) {
    Config config = LoadConfig({"--password-reset-seconds", "5", "--mail-retention-seconds=60"}, {});
    EXPECT_EQ(config.password_reset_lifetime, 5s);
    EXPECT_EQ(config.mail.retention, 60s);
    config =
        LoadConfig({}, {{"SHIFTSYNC_PASSWORD_RESET_SECONDS", "7200"}, {"SHIFTSYNC_MAIL_RETENTION_SECONDS", "86400"}});
    EXPECT_EQ(config.password_reset_lifetime, 2h);
    EXPECT_EQ(config.mail.retention, 24h);
}

TEST(ConfigResetTest, OutOfRangeValuesAreRefused) {
    EXPECT_NE(ErrorOf({"--password-reset-seconds", "0"}).find("from 1 to 86400"), std::string::npos);
    EXPECT_NE(ErrorOf({"--password-reset-seconds", "86401"}).find("--password-reset-seconds"), std::string::npos);
    EXPECT_NE(ErrorOf({"--mail-retention-seconds", "0"}).find("--mail-retention-seconds"), std::string::npos);
    EXPECT_NE(ErrorOf({"--mail-retention-seconds", "soon"}).find("whole number"), std::string::npos);
}

TEST(ConfigResetTest, HelpNamesBoth) {
    const std::string help = ConfigFlagsHelp();
    for (const char* name : {"--password-reset-seconds", "SHIFTSYNC_PASSWORD_RESET_SECONDS", "--mail-retention-seconds",
                             "SHIFTSYNC_MAIL_RETENTION_SECONDS"})
        EXPECT_NE(help.find(name), std::string::npos) << name;
}

}  // namespace
}  // namespace shiftsync
