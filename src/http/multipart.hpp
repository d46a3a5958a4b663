#pragma once
// multipart/form-data (RFC 7578) as browsers send it from a sign-up form with a file input.
// No library in Debian 12 parses it for us without a framework around it, so this is a small,
// strict parser of a complete in-memory body. No Beast here: it is testable on its own.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/result.hpp"

namespace shiftsync::http {

struct FormPart {
    std::string name;                     // from Content-Disposition: form-data; name="..."
    std::optional<std::string> filename;  // present for file inputs (its value is never used for storage)
    std::string content_type;             // the part's Content-Type, lower-cased; "text/plain" if absent
    std::string body;                     // raw bytes, exactly as sent
};

struct MultipartLimits {
    std::size_t max_parts = 32;
    std::size_t max_part_header_bytes = 4 * 1024;  // all header lines of one part
};

// The boundary from a Content-Type header value ("multipart/form-data; boundary=xyz", also quoted
// boundary="x y"), or nullopt if the type is not multipart/form-data or the boundary is missing,
// empty, longer than 70 characters or has characters RFC 2046 does not allow.
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body` into its parts. The preamble before the first delimiter and the epilogue after the
// closing one are ignored; CRLF line ends are required (as browsers send). Errors are values with
// ErrorCode::kMalformed and a detail in plain words: no closing delimiter, a part without
// Content-Disposition form-data or without a name, a header line without ':', a duplicate part name,
// more than max_parts parts, part headers over max_part_header_bytes. Does not copy more than the
// body once. Header names are case-insensitive; parameter values may be quoted (with \" escapes)
// or tokens; RFC 2231/5987 encodings (filename*=) are not decoded and the plain filename is used.
Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                             const MultipartLimits& limits = {});

}  // namespace shiftsync::http
