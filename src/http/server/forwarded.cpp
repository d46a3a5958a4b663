#include "http/server/forwarded.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace shiftsync::http {
namespace {

namespace ip = boost::asio::ip;

bool IsSeparator(char c) { return c == ',' || c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// The comma-separated items of a header value, in order, trimmed.
std::vector<std::string_view> Items(std::string_view value) {
    std::vector<std::string_view> items;
    while (true) {
        const auto comma = value.find(',');
        items.push_back(Trim(value.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return items;
}

std::optional<ip::address> ParseAddress(std::string_view text) {
    boost::system::error_code ec;
    const auto address = ip::make_address(std::string(text), ec);
    if (ec) return std::nullopt;
    return Unmapped(address);
}

}  // namespace

ip::address Unmapped(const ip::address& address) {
    if (address.is_v6() && address.to_v6().is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, address.to_v6());
    return address;
}

TrustedProxies TrustedProxies::Parse(std::string_view list) {
    TrustedProxies proxies;
    std::size_t i = 0;
    while (i < list.size()) {
        if (IsSeparator(list[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < list.size() && !IsSeparator(list[i])) ++i;
        const std::string entry(list.substr(start, i - start));
        boost::system::error_code ec;
        if (entry.find('/') == std::string::npos) {
            const auto address = ip::make_address(entry, ec);
            if (!ec && Unmapped(address).is_v4())
                proxies.v4_.push_back(ip::network_v4(Unmapped(address).to_v4(), 32));
            else if (!ec)
                proxies.v6_.push_back(ip::network_v6(address.to_v6(), 128));
        } else if (entry.find(':') == std::string::npos) {
            const auto network = ip::make_network_v4(entry, ec);
            if (!ec) proxies.v4_.push_back(network.canonical());
        } else {
            const auto network = ip::make_network_v6(entry, ec);
            if (!ec) proxies.v6_.push_back(network.canonical());
        }
        if (ec) throw std::invalid_argument("\"" + entry + "\" is not an IP address or a CIDR network");
    }
    return proxies;
}

bool TrustedProxies::Contains(const ip::address& address) const {
    const ip::address plain = Unmapped(address);
    if (plain.is_v4()) {
        const auto v4 = plain.to_v4();
        return std::any_of(v4_.begin(), v4_.end(), [&](const ip::network_v4& network) {
            return ip::network_v4(v4, 32).is_subnet_of(network) || network == ip::network_v4(v4, 32);
        });
    }
    const auto v6 = plain.to_v6();
    return std::any_of(v6_.begin(), v6_.end(), [&](const ip::network_v6& network) {
        return ip::network_v6(v6, 128).is_subnet_of(network) || network == ip::network_v6(v6, 128);
    });
}

ClientOrigin ResolveClientOrigin(const ip::address& peer, std::optional<std::string_view> forwarded_for,
                                 std::optional<std::string_view> forwarded_proto, const TrustedProxies& trusted) {
    ip::address client = Unmapped(peer);
    if (!trusted.Contains(client)) return ClientOrigin{client.to_string(), false};

    ClientOrigin origin;
    if (forwarded_for) {
        const auto hops = Items(*forwarded_for);
        for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
            const auto address = ParseAddress(*hop);
            if (!address) break;
            client = *address;
            if (!trusted.Contains(client)) break;
        }
    }
    origin.address = client.to_string();
    if (forwarded_proto) {
        std::string first(Items(*forwarded_proto).front());
        std::transform(first.begin(), first.end(), first.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        origin.https = first == "https";
    }
    return origin;
}

}  // namespace shiftsync::http
