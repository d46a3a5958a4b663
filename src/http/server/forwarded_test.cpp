#include "http/server/forwarded.hpp"

#include <gtest/gtest.h>

namespace shiftsync::http {
namespace {

namespace ip = boost::asio::ip;

ip::address Ip(const char* text) { return ip::make_address(text); }

const TrustedProxies kProxies = TrustedProxies::Parse("127.0.0.1, 10.0.0.0/8 fd00::/8");

TEST(TrustedProxies, EmptyTrustsNobody) {
    const auto none = TrustedProxies::Parse("");
    EXPECT_TRUE(none.empty());
    EXPECT_FALSE(none.Contains(Ip("127.0.0.1")));
}

TEST(TrustedProxies, AddressesAndNetworksOfBothFamilies) {
    EXPECT_TRUE(kProxies.Contains(Ip("127.0.0.1")));
    EXPECT_FALSE(kProxies.Contains(Ip("127.0.0.2")));
    EXPECT_TRUE(kProxies.Contains(Ip("10.0.0.0")));
    EXPECT_TRUE(kProxies.Contains(Ip("10.255.3.4")));
    EXPECT_FALSE(kProxies.Contains(Ip("11.0.0.1")));
    EXPECT_TRUE(kProxies.Contains(Ip("fd12::1")));
    EXPECT_FALSE(kProxies.Contains(Ip("fe80::1")));
    EXPECT_TRUE(kProxies.Contains(Ip("::ffff:10.1.2.3")));  // an IPv4 peer on a dual-stack socket
}

TEST(TrustedProxies, HostBitsInANetworkAreIgnored) {
    EXPECT_TRUE(TrustedProxies::Parse("192.168.0.77/24").Contains(Ip("192.168.0.1")));
}

TEST(TrustedProxies, GarbageIsRefusedNamingTheEntry) {
    for (const char* bad : {"localhost", "10.0.0.0/33", "1.2.3", "10.0.0.1,nope", "::1/129", "/8"}) {
        try {
            TrustedProxies::Parse(bad);
            ADD_FAILURE() << bad << " was accepted";
        } catch (const std::invalid_argument& e) {
            EXPECT_NE(std::string(e.what()).find("is not an IP address"), std::string::npos) << e.what();
        }
    }
}

TEST(ResolveClientOrigin, AnUntrustedPeerCannotChooseItsAddressOrScheme) {
    const auto origin = ResolveClientOrigin(Ip("203.0.113.9"), "1.1.1.1", "https", kProxies);
    EXPECT_EQ(origin.address, "203.0.113.9");
    EXPECT_FALSE(origin.https);
}

TEST(ResolveClientOrigin, ATrustedProxyNamesTheClient) {
    const auto origin = ResolveClientOrigin(Ip("127.0.0.1"), "198.51.100.7", "https", kProxies);
    EXPECT_EQ(origin.address, "198.51.100.7");
    EXPECT_TRUE(origin.https);
}

TEST(ResolveClientOrigin, TheRightmostUntrustedHopWinsSoAClientCannotSpoofByPrepending) {
    // The client sent "X-Forwarded-For: 6.6.6.6"; two of our proxies appended its address and theirs.
    const auto origin = ResolveClientOrigin(Ip("127.0.0.1"), "6.6.6.6, 198.51.100.7, 10.0.0.5", "http", kProxies);
    EXPECT_EQ(origin.address, "198.51.100.7");
    EXPECT_FALSE(origin.https);
}

TEST(ResolveClientOrigin, AMalformedHopEndsTheWalkAtTheLastGoodOne) {
    EXPECT_EQ(ResolveClientOrigin(Ip("127.0.0.1"), "198.51.100.7, garbage, 10.0.0.5", std::nullopt, kProxies).address,
              "10.0.0.5");
    EXPECT_EQ(ResolveClientOrigin(Ip("127.0.0.1"), "", std::nullopt, kProxies).address, "127.0.0.1");
    EXPECT_EQ(ResolveClientOrigin(Ip("127.0.0.1"), "1.2.3.4:80", std::nullopt, kProxies).address, "127.0.0.1");
}

TEST(ResolveClientOrigin, OnlyTrustedHopsMeansTheFarthestOne) {
    EXPECT_EQ(ResolveClientOrigin(Ip("127.0.0.1"), "10.0.0.9, 10.0.0.5", std::nullopt, kProxies).address, "10.0.0.9");
}

TEST(ResolveClientOrigin, WithoutHeadersATrustedPeerIsTheClient) {
    const auto origin = ResolveClientOrigin(Ip("::ffff:127.0.0.1"), std::nullopt, std::nullopt, kProxies);
    EXPECT_EQ(origin.address, "127.0.0.1");
    EXPECT_FALSE(origin.https);
}

TEST(ResolveClientOrigin, IPv6ClientsAndProtoCase) {
    const auto origin = ResolveClientOrigin(Ip("fd00::1"), "2001:db8::5", " HTTPS , http", kProxies);
    EXPECT_EQ(origin.address, "2001:db8::5");
    EXPECT_TRUE(origin.https);
}

}  // namespace
}  // namespace shiftsync::http
