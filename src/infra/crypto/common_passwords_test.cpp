#include "infra/crypto/common_passwords.hpp"

#include <gtest/gtest.h>

namespace shiftsync {
namespace {

TEST(CommonPasswordsTest, ContainsClassicsAndLongVariants) {
    const auto common = MakeCommonPasswords();
    for (const char* password : {"123456", "password", "qwerty", "iloveyou", "letmein", "password1234", "password2024",
                                 "qwerty123456", "123456789012", "iloveyou2024", "1qaz2wsx3edc", "qwertyuiop12",
                                 "letmein12345", "p@ssw0rd2024", "aaaaaaaaaaaa", "shiftsync2024"}) {
        EXPECT_TRUE(common->Contains(password)) << password;
    }
}

TEST(CommonPasswordsTest, IgnoresAsciiCase) {
    const auto common = MakeCommonPasswords();
    EXPECT_TRUE(common->Contains("Password1234"));
    EXPECT_TRUE(common->Contains("PASSWORD2024"));
    EXPECT_TRUE(common->Contains("QwErTy123456"));
}

TEST(CommonPasswordsTest, DoesNotContainRandomOrPartialStrings) {
    const auto common = MakeCommonPasswords();
    EXPECT_FALSE(common->Contains("vR7#kq2!Lm9zTx"));
    EXPECT_FALSE(common->Contains("correct horse battery staple"));
    EXPECT_FALSE(common->Contains(""));
    EXPECT_FALSE(common->Contains("password1234 "));  // whole-password match only
}

}  // namespace
}  // namespace shiftsync
