#include "http/static_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "http/conditional.hpp"

namespace shiftsync::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndexFile = "index.html";
constexpr std::string_view kRevalidate = "no-cache";
// Files under /assets/ carry a content hash in their names, so a cached copy never goes stale.
constexpr std::string_view kForever = "public, max-age=31536000, immutable";

// No inline script anywhere: the built index.html loads one external module. Styles come from files
// too; React's style={{...}} props are applied through the CSSOM (element.style), which CSP does not
// govern, so no 'unsafe-inline' is needed for them either. Pictures preview from blob: URLs before
// upload. docs/OPERATIONS.md explains each directive.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
    "font-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";
constexpr std::string_view kPermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

// The types web/scripts/compress.mjs precompresses; their responses vary by Accept-Encoding.
constexpr std::array<std::string_view, 9> kCompressibleExtensions{".html", ".js",  ".mjs", ".css",        ".svg",
                                                                  ".json", ".txt", ".map", ".webmanifest"};

// A precompressed sibling (FILE.br, FILE.gz) and the content coding it is sent with.
struct Encoding {
    std::string_view coding;  // Content-Encoding value, and the Accept-Encoding token that asks for it
    std::string_view alias;   // another token meaning the same (RFC 9110: x-gzip is gzip), or empty
    std::string_view suffix;  // the sibling's file name suffix
};
// In order of preference when the client weighs them equally: brotli is smaller.
constexpr std::array kEncodings{
    Encoding{"br", "", ".br"},
    Encoding{"gzip", "x-gzip", ".gz"},
};

struct ContentType {
    std::string_view extension;
    std::string_view type;
};
constexpr std::array kContentTypes{
    ContentType{".html", "text/html; charset=utf-8"},
    ContentType{".js", "text/javascript; charset=utf-8"},
    ContentType{".mjs", "text/javascript; charset=utf-8"},
    ContentType{".css", "text/css; charset=utf-8"},
    ContentType{".json", "application/json"},
    ContentType{".map", "application/json"},
    ContentType{".webmanifest", "application/manifest+json"},
    ContentType{".svg", "image/svg+xml"},
    ContentType{".png", "image/png"},
    ContentType{".jpg", "image/jpeg"},
    ContentType{".jpeg", "image/jpeg"},
    ContentType{".webp", "image/webp"},
    ContentType{".ico", "image/x-icon"},
    ContentType{".woff2", "font/woff2"},
    ContentType{".txt", "text/plain; charset=utf-8"},
};

std::string ToLower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower;
}

std::string LowerExtension(const fs::path& file) { return ToLower(file.extension().string()); }

std::string_view ContentTypeFor(const fs::path& file) {
    const std::string extension = LowerExtension(file);
    for (const auto& entry : kContentTypes)
        if (entry.extension == extension) return entry.type;
    return "application/octet-stream";
}

bool IsCompressible(const fs::path& file) {
    const std::string extension = LowerExtension(file);
    return std::find(kCompressibleExtensions.begin(), kCompressibleExtensions.end(), extension) !=
           kCompressibleExtensions.end();
}

// A precompressed sibling is never served under its own name: its type would be the encoding's, not
// the content's. Only the negotiated response (Content-Encoding on the original name) sends it.
bool IsEncodedSiblingName(std::string_view segment) {
    const std::string lower = ToLower(segment);
    for (const auto& encoding : kEncodings)
        if (lower.size() > encoding.suffix.size() && lower.ends_with(encoding.suffix)) return true;
    return false;
}

std::string_view TrimSpace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// An RFC 9110 qvalue, "0", "0.5", "1.000", in thousandths; nullopt if malformed.
std::optional<int> ParseQuality(std::string_view text) {
    if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
    int value = (text[0] - '0') * 1000;
    if (text.size() == 1) return value;
    if (text[1] != '.' || text.size() > 5) return std::nullopt;
    int scale = 100;
    for (const char digit : text.substr(2)) {
        if (digit < '0' || digit > '9') return std::nullopt;
        value += (digit - '0') * scale;
        scale /= 10;
    }
    if (value > 1000) return std::nullopt;  // "1.5"
    return value;
}

// How much an Accept-Encoding header wants each coding (RFC 9110 section 12.5.3): a comma-separated
// list of codings, each with an optional ";q=" weight (default 1; 0 means "not acceptable"). A coding
// not listed takes the weight of "*", if listed, else 0. Malformed elements are ignored.
class AcceptEncoding {
public:
    explicit AcceptEncoding(std::string_view header) {
        while (!header.empty()) {
            const auto comma = header.find(',');
            Parse(header.substr(0, comma));
            header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        }
    }

    // The weight the header gives `coding` itself, not through "*".
    std::optional<int> ListedWeight(std::string_view coding) const {
        for (const auto& [name, weight] : weights_)
            if (name == coding) return weight;
        return std::nullopt;
    }

    // Thousandths, 0..1000; nullopt when the header does not mention the coding nor "*".
    std::optional<int> Weight(std::string_view coding, std::string_view alias = {}) const {
        for (const auto& [name, weight] : weights_)
            if (name == coding || (!alias.empty() && name == alias)) return weight;
        for (const auto& [name, weight] : weights_)
            if (name == "*") return weight;
        return std::nullopt;
    }

private:
    void Parse(std::string_view element) {
        const auto semicolon = element.find(';');
        const std::string name = ToLower(TrimSpace(element.substr(0, semicolon)));
        if (name.empty()) return;
        int weight = 1000;
        std::string_view params =
            semicolon == std::string_view::npos ? std::string_view{} : element.substr(semicolon + 1);
        while (!params.empty()) {
            const auto next = params.find(';');
            const std::string_view param = params.substr(0, next);
            params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
            const auto equals = param.find('=');
            if (equals == std::string_view::npos) return;
            if (ToLower(TrimSpace(param.substr(0, equals))) != "q") continue;
            const auto quality = ParseQuality(TrimSpace(param.substr(equals + 1)));
            if (!quality) return;
            weight = *quality;
        }
        // The first mention of a coding counts.
        for (const auto& entry : weights_)
            if (entry.first == name) return;
        weights_.emplace_back(name, weight);
    }

    std::vector<std::pair<std::string, int>> weights_;
};

bool ContainsIgnoringCase(std::string_view text, std::string_view needle) {
    const auto found = std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return found != text.end();
}

// The decoded path loses the difference between "/a/b" and "/a%2Fb"; a file name never needs an encoded
// separator, so such targets are refused outright.
bool HasEncodedSeparator(std::string_view target) {
    const std::string_view raw_path = target.substr(0, target.find('?'));
    return ContainsIgnoringCase(raw_path, "%2f") || ContainsIgnoringCase(raw_path, "%5c");
}

bool IsPlainSegment(std::string_view segment) {
    // Leading '.' also covers "." and ".." and keeps dot-files (.env, .git) private.
    return !segment.empty() && segment.front() != '.' && segment.find('\\') == std::string_view::npos &&
           segment.find('\0') == std::string_view::npos;
}

bool IsInside(const fs::path& candidate, const fs::path& root) {
    const auto [root_end, ignored] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    return root_end == root.end();
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.rfind("/api/", 0) == 0; }

std::optional<std::string> ReadWholeFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) return std::nullopt;
    return content;
}

// A regular file inside the root, after resolving symlinks, and what its ETag is made of.
struct FoundFile {
    fs::path path;  // canonical
    std::uintmax_t size = 0;
    fs::file_time_type modified;
};

std::optional<FoundFile> FindFile(const fs::path& root, const fs::path& relative) {
    std::error_code ec;
    FoundFile found;
    found.path = fs::canonical(root / relative, ec);
    if (ec || !IsInside(found.path, root) || !fs::is_regular_file(found.path, ec)) return std::nullopt;
    found.size = fs::file_size(found.path, ec);
    if (ec) return std::nullopt;
    found.modified = fs::last_write_time(found.path, ec);
    if (ec) return std::nullopt;
    return found;
}

void AddSecurityHeaders(Response& response) {
    response.AddHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
    response.AddHeader("X-Content-Type-Options", "nosniff");
    response.AddHeader("Referrer-Policy", "same-origin");
    response.AddHeader("X-Frame-Options", "DENY");
    response.AddHeader("Permissions-Policy", std::string(kPermissionsPolicy));
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
        auto canonical = fs::canonical(root, ec);
        if (!ec) root_ = std::move(canonical);
    }
}

std::optional<Response> StaticFiles::Serve(const Request& request) const {
    if (root_.empty()) return std::nullopt;
    if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
    const std::string_view path = request.path;
    if (path.empty() || path.front() != '/' || HasEncodedSeparator(request.target)) return std::nullopt;

    // "/a/b/" names a directory: a trailing empty segment is allowed, no other.
    fs::path relative;
    std::string_view last_segment;
    std::string_view rest = path.substr(1);
    for (;;) {
        const auto slash = rest.find('/');
        const std::string_view segment = rest.substr(0, slash);
        const bool is_last = slash == std::string_view::npos;
        if (!(is_last && segment.empty()) && !IsPlainSegment(segment)) return std::nullopt;
        if (!segment.empty()) relative /= fs::path(std::string(segment));
        if (is_last) {
            last_segment = segment;
            break;
        }
        rest = rest.substr(slash + 1);
    }

    if (IsEncodedSiblingName(last_segment)) return std::nullopt;
    if (!relative.empty()) {
        if (auto response = ServeFile(relative, request)) return response;
    }
    if (last_segment.find('.') != std::string_view::npos || IsApiPath(path)) return std::nullopt;
    return ServeFile(fs::path(kIndexFile), request);
}

std::optional<Response> StaticFiles::ServeFile(const fs::path& relative, const Request& request) const {
    const auto original = FindFile(root_, relative);
    if (!original) return std::nullopt;
    const bool compressible = IsCompressible(relative);

    // Content negotiation: the precompressed sibling the client weighs highest (ties: kEncodings'
    // order), unless it asks for identity explicitly with a higher weight.
    const Encoding* encoding = nullptr;
    FoundFile chosen = *original;
    if (const auto header = request.Header("accept-encoding"); compressible && header) {
        const AcceptEncoding accept(*header);
        int best = 0;
        for (const auto& candidate : kEncodings) {
            const int weight = accept.Weight(candidate.coding, candidate.alias).value_or(0);
            if (weight <= best) continue;
            auto sibling = FindFile(root_, fs::path(relative) += std::string(candidate.suffix));
            // An older sibling was made from an older version of the file (edited by hand after the build).
            if (!sibling || sibling->modified < original->modified) continue;
            best = weight;
            encoding = &candidate;
            chosen = std::move(*sibling);
        }
        if (encoding != nullptr && accept.ListedWeight("identity").value_or(0) > best) {
            encoding = nullptr;
            chosen = *original;
        }
    }

    // Each encoding is its own representation with its own tag (RFC 9110 section 8.8.3).
    const std::string etag = fmt::format("\"{:x}-{:x}{}{}\"", chosen.size, chosen.modified.time_since_epoch().count(),
                                         encoding != nullptr ? "-" : "", encoding != nullptr ? encoding->coding : "");
    const bool under_assets = *relative.begin() == "assets";
    const std::string_view cache_control = under_assets && relative.filename() != kIndexFile ? kForever : kRevalidate;

    Response response;
    response.AddHeader("ETag", etag);
    response.AddHeader("Cache-Control", std::string(cache_control));
    if (compressible) response.AddHeader("Vary", "Accept-Encoding");
    AddSecurityHeaders(response);
    if (const auto if_none_match = request.Header("if-none-match");
        if_none_match && IfNoneMatchNames(*if_none_match, etag)) {
        response.status = 304;
        return response;
    }
    auto content = ReadWholeFile(chosen.path);
    if (!content) return std::nullopt;
    response.status = 200;
    response.content_type = std::string(ContentTypeFor(relative));
    if (encoding != nullptr) response.AddHeader("Content-Encoding", std::string(encoding->coding));
    response.body = std::move(*content);
    return response;
}

}  // namespace shiftsync::http
