#pragma once
// Serves the web app's built files (web/dist) so one process can host API and UI.
#include <filesystem>
#include <optional>

#include "http/message.hpp"

namespace shiftsync::http {

// Maps GET and HEAD requests onto files under a root directory.
//
// Safety: the decoded request path must be made of plain segments (no "." or ".." segments, no
// dot-files, no empty segments, no NUL or backslash, no encoded '/' or '\' in the target); the file
// found is canonicalised and must still lie inside the canonical root, so a symlink cannot lead out.
//
// Responses: the file with a Content-Type chosen by extension (application/octet-stream if unknown),
// an ETag from size and modification time (If-None-Match matching it: 304 without body), and
// Cache-Control "no-cache" for index.html and files outside /assets/, "public, max-age=31536000,
// immutable" under /assets/ (the build puts content hashes in those names).
// Every response, 304 included, carries the web app's security headers: Content-Security-Policy
// (scripts, styles, fonts and connections from this origin only, no inline script, no framing),
// X-Content-Type-Options: nosniff, Referrer-Policy: same-origin, X-Frame-Options: DENY and a
// Permissions-Policy denying camera, microphone, geolocation, payment and USB.
//
// Precompressed files: for compressible types (html, js, mjs, css, svg, json, txt, map, webmanifest)
// the build writes FILE.br and FILE.gz beside FILE. When Accept-Encoding gives br or gzip (x-gzip) a
// weight above 0, and that sibling exists and is not older than FILE, its bytes are sent with
// Content-Encoding and FILE's Content-Type; the highest weight wins, br on a tie, and an explicitly
// listed identity with a higher weight than both gets FILE itself. Each encoding has its own ETag
// ("...-br", "...-gzip"). Responses for compressible types always carry Vary: Accept-Encoding. The
// siblings are never served under their own names ("/app.js.br" is not found): with the encoding's
// type they would be useless, with the content's they would be wrong.
//
// SPA fallback: a path whose last segment has no extension and that is not under /api/ gets index.html,
// so the web app's client-side routes survive a reload.
//
// Reads the whole file per request (the built app is small); blocks on file I/O, so call it from a
// worker thread. Thread-safe: holds no mutable state.
class StaticFiles {
public:
    // `root` need not exist; if it is not a directory now, nothing is ever served.
    explicit StaticFiles(std::filesystem::path root);

    // The file's response, or nullopt when the request is not for a file here (the router then
    // answers 404). A file that exists but cannot be read also gives nullopt.
    std::optional<Response> Serve(const Request& request) const;

private:
    std::optional<Response> ServeFile(const std::filesystem::path& relative, const Request& request) const;

    std::filesystem::path root_;  // canonical; empty when disabled
};

}  // namespace shiftsync::http
