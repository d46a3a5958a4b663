#include "infra/crypto/system_adapters.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

namespace shiftsync {
namespace {

TEST(Sha256DigestTest, KnownVectors) {
    const auto digest = MakeSha256Digest();
    EXPECT_EQ(digest->Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(digest->Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SodiumRandomTest, TokensAreDistinctUrlSafeAndUnpadded) {
    const auto random = MakeSodiumRandom();
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string token = random->Token(32);
        EXPECT_EQ(token.size(), 43u);  // ceil(32 * 4 / 3)
        EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                  std::string::npos)
            << token;
        seen.insert(token);
    }
    EXPECT_EQ(seen.size(), 1000u);
}

TEST(SodiumRandomTest, LengthFollowsByteCount) {
    const auto random = MakeSodiumRandom();
    EXPECT_EQ(random->Token(0).size(), 0u);
    EXPECT_EQ(random->Token(1).size(), 2u);
    EXPECT_EQ(random->Token(16).size(), 22u);
    EXPECT_EQ(random->Token(18).size(), 24u);
}

TEST(SystemClockTest, WholeSecondsNearNow) {
    const auto clock = MakeSystemClock();
    const Instant now = clock->Now();
    const auto real = std::chrono::system_clock::now();
    EXPECT_LE(now, real);
    EXPECT_GT(now + std::chrono::seconds(2), real);
}

}  // namespace
}  // namespace shiftsync
