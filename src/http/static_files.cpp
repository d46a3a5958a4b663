#include "http/static_files.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "http/conditional.hpp"

namespace shiftsync::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndexFile = "index.html";
constexpr std::string_view kRevalidate = "no-cache";
// Files under /assets/ carry a content hash in their names, so a cached copy never goes stale.
constexpr std::string_view kForever = "public, max-age=31536000, immutable";

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

std::string_view ContentTypeFor(const fs::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& entry : kContentTypes)
        if (entry.extension == extension) return entry.type;
    return "application/octet-stream";
}

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

    if (!relative.empty()) {
        if (auto response = ServeFile(relative, request)) return response;
    }
    if (last_segment.find('.') != std::string_view::npos || IsApiPath(path)) return std::nullopt;
    return ServeFile(fs::path(kIndexFile), request);
}

std::optional<Response> StaticFiles::ServeFile(const fs::path& relative, const Request& request) const {
    std::error_code ec;
    const fs::path file = fs::canonical(root_ / relative, ec);
    if (ec || !IsInside(file, root_) || !fs::is_regular_file(file, ec)) return std::nullopt;
    const auto size = fs::file_size(file, ec);
    if (ec) return std::nullopt;
    const auto modified = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;

    const std::string etag = fmt::format("\"{:x}-{:x}\"", size, modified.time_since_epoch().count());
    const bool under_assets = *relative.begin() == "assets";
    const std::string_view cache_control = under_assets && relative.filename() != kIndexFile ? kForever : kRevalidate;

    Response response;
    response.AddHeader("ETag", etag);
    response.AddHeader("Cache-Control", std::string(cache_control));
    if (const auto if_none_match = request.Header("if-none-match"); if_none_match && IfNoneMatchNames(*if_none_match, etag)) {
        response.status = 304;
        return response;
    }
    auto content = ReadWholeFile(file);
    if (!content) return std::nullopt;
    response.status = 200;
    response.content_type = std::string(ContentTypeFor(relative));
    response.body = std::move(*content);
    response.AddHeader("X-Content-Type-Options", "nosniff");
    return response;
}

}  // namespace shiftsync::http
