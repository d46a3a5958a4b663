#include "infra/crypto/argon2id_hasher.hpp"

#include <gtest/gtest.h>

namespace shiftsync {
namespace {

class Argon2idHasherTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { hasher_ = MakeArgon2idHasher().release(); }
    static void TearDownTestSuite() { delete hasher_; }
    static PasswordHasher* hasher_;
};
PasswordHasher* Argon2idHasherTest::hasher_ = nullptr;

TEST_F(Argon2idHasherTest, RoundTrip) {
    const std::string hash = hasher_->Hash("correct horse battery staple");
    EXPECT_TRUE(hasher_->Verify("correct horse battery staple", hash));
}

TEST_F(Argon2idHasherTest, RejectsWrongPassword) {
    const std::string hash = hasher_->Hash("correct horse battery staple");
    EXPECT_FALSE(hasher_->Verify("correct horse battery stapler", hash));
    EXPECT_FALSE(hasher_->Verify("", hash));
}

TEST_F(Argon2idHasherTest, UsesOwaspMinimumParameters) {
    const std::string hash = hasher_->Hash("correct horse battery staple");
    EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
    EXPECT_NE(hash.find("m=19456"), std::string::npos) << hash;
    EXPECT_NE(hash.find("t=2"), std::string::npos) << hash;
    EXPECT_NE(hash.find("p=1"), std::string::npos) << hash;
}

TEST_F(Argon2idHasherTest, SaltsEachHash) {
    EXPECT_NE(hasher_->Hash("same password here"), hasher_->Hash("same password here"));
}

TEST_F(Argon2idHasherTest, DummyHashIsAValidHashOfNothingGuessable) {
    const std::string& dummy = hasher_->DummyHash();
    EXPECT_EQ(dummy.rfind("$argon2id$", 0), 0u);
    EXPECT_EQ(&dummy, &hasher_->DummyHash());  // computed once
    EXPECT_FALSE(hasher_->Verify("", dummy));
    EXPECT_FALSE(hasher_->Verify("password", dummy));
}

TEST_F(Argon2idHasherTest, MalformedHashesVerifyFalse) {
    EXPECT_FALSE(hasher_->Verify("x", ""));
    EXPECT_FALSE(hasher_->Verify("x", "not a hash"));
    EXPECT_FALSE(hasher_->Verify("x", std::string(1000, '$')));
    std::string with_nul = hasher_->Hash("x");
    with_nul.insert(5, 1, '\0');
    EXPECT_FALSE(hasher_->Verify("x", with_nul));
}

TEST_F(Argon2idHasherTest, PasswordsWithEmbeddedNulAreWhole) {
    const std::string password("abc\0def", 7);
    const std::string hash = hasher_->Hash(password);
    EXPECT_TRUE(hasher_->Verify(password, hash));
    EXPECT_FALSE(hasher_->Verify("abc", hash));
}

}  // namespace
}  // namespace shiftsync
