#pragma once
// Who the client really is when Shift-Sync sits behind a reverse proxy or load balancer.
// X-Forwarded-For and X-Forwarded-Proto are believed only from the proxies the operator names:
// anyone else could write them, and the sign-in throttle and the logs key on the client address.
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace shiftsync::http {

class TrustedProxies {
public:
    TrustedProxies() = default;
    // "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8": addresses or CIDR networks separated by commas and/or
    // spaces; empty trusts nobody. Throws std::invalid_argument naming the entry that is neither.
    static TrustedProxies Parse(std::string_view list);
    bool Contains(const boost::asio::ip::address& address) const;
    bool empty() const { return v4_.empty() && v6_.empty(); }

private:
    std::vector<boost::asio::ip::network_v4> v4_;
    std::vector<boost::asio::ip::network_v6> v6_;
};

// An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as a dual-stack listener sees IPv4 peers) as IPv4.
boost::asio::ip::address Unmapped(const boost::asio::ip::address& address);

struct ClientOrigin {
    std::string address;  // the client's IP as text
    bool https = false;   // a trusted proxy says the client connected over TLS
};

// From the connection's peer and the request's forwarding headers (every X-Forwarded-For line
// joined with commas, as RFC 9110 allows; nullopt when absent). When the peer is not trusted the
// headers are ignored. Otherwise X-Forwarded-For is read from the right, each trusted hop skipped,
// and the first address that is not a trusted proxy is the client (as nginx's real_ip_recursive
// does); a malformed entry ends the walk at the last good hop, so garbage can never name a client.
// X-Forwarded-Proto's first entry "https" (any case) means TLS.
ClientOrigin ResolveClientOrigin(const boost::asio::ip::address& peer, std::optional<std::string_view> forwarded_for,
                                 std::optional<std::string_view> forwarded_proto, const TrustedProxies& trusted);

}  // namespace shiftsync::http
