#include "http/server/request_parts.hpp"

#include <fmt/format.h>

#include <array>
#include <cstdint>
#include <random>

namespace shiftsync::http {
namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void AppendJsonString(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte >= 0x7f) {
            // Non-ASCII too: the bytes need not be valid UTF-8, and log shippers reject invalid UTF-8.
            out += fmt::format("\\u{:04x}", byte);
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

std::optional<TargetParts> SplitTarget(std::string_view target) {
    if (target.empty() || target.front() != '/') return std::nullopt;
    const auto question = target.find('?');
    if (question == std::string_view::npos) return TargetParts{target, {}};
    return TargetParts{target.substr(0, question), target.substr(question + 1)};
}

std::optional<std::string> DecodePath(std::string_view encoded_path) {
    std::string decoded;
    decoded.reserve(encoded_path.size());
    for (std::size_t i = 0; i < encoded_path.size(); ++i) {
        char c = encoded_path[i];
        if (c == '%') {
            if (i + 2 >= encoded_path.size()) return std::nullopt;
            const int high = HexValue(encoded_path[i + 1]);
            const int low = HexValue(encoded_path[i + 2]);
            if (high < 0 || low < 0) return std::nullopt;
            c = static_cast<char>(high * 16 + low);
            i += 2;
        }
        if (c == '\0') return std::nullopt;
        decoded += c;
    }
    return decoded;
}

bool IsAcceptableRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-';
        if (!ok) return false;
    }
    return true;
}

std::string GenerateRequestId() {
    thread_local std::mt19937_64 generator = [] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }();
    return fmt::format("{:016x}{:016x}", generator(), generator());
}

std::string JsonString(std::string_view text) {
    std::string out;
    AppendJsonString(out, text);
    return out;
}

std::string FormatAccessLog(const AccessLogEntry& entry) {
    std::string line = R"({"msg":"request","method":)";
    AppendJsonString(line, entry.method);
    line += R"(,"path":)";
    AppendJsonString(line, entry.path);
    line += fmt::format(R"(,"status":{},"duration_ms":{:.3f},"request_id":)", entry.status, entry.duration_ms);
    AppendJsonString(line, entry.request_id);
    line += R"(,"client":)";
    AppendJsonString(line, entry.client);
    line += '}';
    return line;
}

}  // namespace shiftsync::http
