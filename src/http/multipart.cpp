#include "http/multipart.hpp"

#include <algorithm>
#include <functional>
#include <unordered_set>
#include <utility>

#include "domain/error.hpp"

namespace shiftsync::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxBoundaryLength = 70;  // RFC 2046 section 5.1.1

Error Malformed(std::string detail, std::string field = {}) {
    return Error{ErrorCode::kMalformed, std::move(detail), std::move(field)};
}

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view text) {
    std::string lowered(text);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(), LowerAscii);
    return lowered;
}

bool IsAlnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// RFC 9110 tchar: what a header name, a parameter name or an unquoted parameter value is made of.
bool IsTokenChar(char c) { return IsAlnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos; }

// RFC 2046 bchars; a space is allowed too, but not last (checked by the caller).
bool IsBoundaryChar(char c) {
    return IsAlnum(c) || std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

bool IsOws(char c) { return c == ' ' || c == '\t'; }

// Anything below a space but HTAB, and DEL. Bytes above 0x7f pass: browsers send UTF-8 filenames unencoded.
bool IsControl(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\t') || byte == 0x7f;
}

void SkipOws(std::string_view& text) {
    while (!text.empty() && IsOws(text.front())) text.remove_prefix(1);
}

std::string_view TrimOws(std::string_view text) {
    SkipOws(text);
    while (!text.empty() && IsOws(text.back())) text.remove_suffix(1);
    return text;
}

std::string_view TakeToken(std::string_view& text) {
    std::size_t length = 0;
    while (length < text.size() && IsTokenChar(text[length])) ++length;
    const std::string_view token = text.substr(0, length);
    text.remove_prefix(length);
    return token;
}

// A quoted-string (RFC 9110 section 5.6.4) at the front of `text`, unescaped; nullopt if it never closes or
// holds a control character. Every quoted-pair is unescaped (RFC 9110), not only \".
std::optional<std::string> TakeQuoted(std::string_view& text) {
    std::string value;
    for (std::size_t i = 1; i < text.size(); ++i) {
        char c = text[i];
        if (c == '"') {
            text.remove_prefix(i + 1);
            return value;
        }
        if (c == '\\') {
            if (++i == text.size()) return std::nullopt;
            c = text[i];
        }
        if (IsControl(c)) return std::nullopt;
        value += c;
    }
    return std::nullopt;
}

struct Parameter {
    std::string name;  // lower-cased
    std::string value;
};

// A header value of the shape `type *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )`, as used by
// Content-Type and Content-Disposition.
struct ParameterizedValue {
    std::string type;  // lower-cased, whatever precedes the first ';'
    std::vector<Parameter> parameters;

    const Parameter* Find(std::string_view name) const {
        const auto found =
            std::find_if(parameters.begin(), parameters.end(), [&](const Parameter& p) { return p.name == name; });
        return found == parameters.end() ? nullptr : &*found;
    }
};

// nullopt on any syntax error and on a repeated parameter name: a second `name=` or `boundary=` is either a
// mistake or an attempt to make two parsers disagree, so neither copy is trusted.
std::optional<ParameterizedValue> ParseParameterizedValue(std::string_view text) {
    ParameterizedValue result;
    const auto semicolon = text.find(';');
    result.type = LowerCopy(TrimOws(text.substr(0, semicolon)));
    if (semicolon == std::string_view::npos) return result;
    std::string_view rest = text.substr(semicolon);
    for (;;) {
        SkipOws(rest);
        if (rest.empty()) return result;
        if (rest.front() != ';') return std::nullopt;
        rest.remove_prefix(1);
        SkipOws(rest);
        if (rest.empty() || rest.front() == ';') continue;  // RFC 9110 allows empty parameters
        Parameter parameter{LowerCopy(TakeToken(rest)), {}};
        if (parameter.name.empty() || rest.empty() || rest.front() != '=') return std::nullopt;
        rest.remove_prefix(1);
        if (!rest.empty() && rest.front() == '"') {
            auto quoted = TakeQuoted(rest);
            if (!quoted) return std::nullopt;
            parameter.value = std::move(*quoted);
        } else {
            parameter.value = TakeToken(rest);
            if (parameter.value.empty()) return std::nullopt;
        }
        if (result.Find(parameter.name)) return std::nullopt;
        result.parameters.push_back(std::move(parameter));
    }
}

bool IsValidBoundary(std::string_view boundary) {
    return !boundary.empty() && boundary.size() <= kMaxBoundaryLength && boundary.back() != ' ' &&
           std::all_of(boundary.begin(), boundary.end(), IsBoundaryChar);
}

// The headers of one part, between the CRLF that ends its delimiter line and the empty line.
Result<FormPart> ParsePartHeaders(std::string_view block) {
    FormPart part;
    bool has_disposition = false;
    bool has_content_type = false;
    while (!block.empty()) {
        const auto line_end = block.find(kCrlf);  // the block always ends with CRLF
        const std::string_view line = block.substr(0, line_end);
        block.remove_prefix(line_end + kCrlf.size());
        if (line.find_first_of("\r\n") != std::string_view::npos)
            return Malformed("part header lines must end with CRLF");
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) return Malformed("a part header line has no ':'");
        const std::string_view raw_name = line.substr(0, colon);
        // Also refuses folded continuation lines, which start with white space.
        if (raw_name.empty() || !std::all_of(raw_name.begin(), raw_name.end(), IsTokenChar))
            return Malformed("a part header has an invalid name");
        const std::string_view value = TrimOws(line.substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), IsControl))
            return Malformed("a part header contains a control character");

        const std::string name = LowerCopy(raw_name);
        if (name == "content-disposition") {
            if (std::exchange(has_disposition, true)) return Malformed("a part has two Content-Disposition headers");
            const auto disposition = ParseParameterizedValue(value);
            if (!disposition) return Malformed("a part's Content-Disposition cannot be read");
            if (disposition->type != "form-data") return Malformed("a part's Content-Disposition is not form-data");
            const Parameter* field_name = disposition->Find("name");
            if (!field_name || field_name->value.empty()) return Malformed("a part has no name");
            part.name = field_name->value;
            // filename* (RFC 5987) is deliberately not decoded; browsers send the plain filename as well.
            if (const Parameter* filename = disposition->Find("filename")) part.filename = filename->value;
        } else if (name == "content-type") {
            if (std::exchange(has_content_type, true)) return Malformed("a part has two Content-Type headers");
            if (value.empty()) return Malformed("a part's Content-Type is empty");
            part.content_type = LowerCopy(value);
        }
        // Any other header is ignored, as RFC 7578 section 4.8 asks. That includes Content-Transfer-Encoding,
        // which it deprecates and browsers never send: the body is kept as sent.
    }
    if (!has_disposition) return Malformed("a part has no Content-Disposition form-data header");
    if (!has_content_type) part.content_type = "text/plain";
    return part;
}

// Walks the body once. Every search either moves `position_` forward or ends the parse, and the only searches
// are for the delimiter (Boyer-Moore-Horspool, linear for a pattern of at most 74 bytes) and for the end of the
// headers (bounded by max_part_header_bytes), so hostile input costs time proportional to its size.
class MultipartReader {
public:
    MultipartReader(std::string_view body, std::string_view boundary, const MultipartLimits& limits)
        : body_(body),
          limits_(limits),
          delimiter_(std::string(kCrlf) + "--" + std::string(boundary)),
          searcher_(delimiter_.begin(), delimiter_.end()) {}
    // searcher_ points into delimiter_.
    MultipartReader(const MultipartReader&) = delete;
    MultipartReader& operator=(const MultipartReader&) = delete;

    Result<std::vector<FormPart>> Read() {
        if (!SkipPreamble()) return Malformed("the body has no multipart delimiter");
        std::vector<FormPart> parts;
        std::unordered_set<std::string> names;
        for (;;) {
            // position_ is just past "--boundary".
            const std::string_view after = body_.substr(position_);
            if (after.substr(0, 2) == "--") return parts;  // the close delimiter; the epilogue is ignored
            if (after.empty()) return Malformed("the body ends without a closing delimiter");
            if (after.substr(0, kCrlf.size()) != kCrlf)
                return Malformed("a multipart delimiter is not followed by CRLF");
            position_ += kCrlf.size();
            if (parts.size() >= limits_.max_parts) return Malformed("the body has too many parts");

            auto headers = TakeHeaderBlock();
            if (!headers.ok()) return headers.error();
            auto part = ParsePartHeaders(*headers);
            if (!part.ok()) return part.error();

            const std::size_t end = FindDelimiter(position_);
            if (end == std::string_view::npos) return Malformed("the body ends without a closing delimiter");
            part->body.assign(body_.substr(position_, end - position_));
            position_ = end + delimiter_.size();

            if (!names.insert(part->name).second) return Malformed("two parts have the same name", part->name);
            parts.push_back(std::move(*part));
        }
    }

private:
    std::size_t FindDelimiter(std::size_t from) const {
        const std::string_view haystack = body_.substr(from);
        const auto found = searcher_(haystack.begin(), haystack.end()).first;
        return found == haystack.end() ? std::string_view::npos : from + (found - haystack.begin());
    }

    // The first delimiter may open the body directly, without the CRLF that a delimiter otherwise starts with.
    bool SkipPreamble() {
        const std::string_view dash_boundary = std::string_view(delimiter_).substr(kCrlf.size());
        if (body_.substr(0, dash_boundary.size()) == dash_boundary) {
            position_ = dash_boundary.size();
            return true;
        }
        const std::size_t found = FindDelimiter(0);
        if (found == std::string_view::npos) return false;
        position_ = found + delimiter_.size();
        return true;
    }

    // The header lines of the part at position_, each with its CRLF, without the empty line that ends them;
    // moves position_ to the first byte of the part's body.
    Result<std::string_view> TakeHeaderBlock() {
        const std::string_view rest = body_.substr(position_);
        if (rest.substr(0, kCrlf.size()) == kCrlf) {
            position_ += kCrlf.size();
            return std::string_view{};
        }
        // Searching only max + 2 bytes keeps this bounded: headers of exactly max bytes end with CRLF CRLF there.
        const std::size_t window = std::min(rest.size(), limits_.max_part_header_bytes) + kCrlf.size();
        const auto end = rest.substr(0, window).find("\r\n\r\n");
        if (end == std::string_view::npos) {
            if (rest.size() > limits_.max_part_header_bytes) return Malformed("a part's headers are too long");
            return Malformed("a part's headers do not end with an empty line");
        }
        const std::string_view block = rest.substr(0, end + kCrlf.size());
        position_ += end + 2 * kCrlf.size();
        return block;
    }

    std::string_view body_;
    MultipartLimits limits_;
    std::string delimiter_;  // CRLF "--" boundary
    std::boyer_moore_horspool_searcher<std::string::const_iterator> searcher_;
    std::size_t position_ = 0;
};

}  // namespace

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
    const auto parsed = ParseParameterizedValue(content_type);
    if (!parsed || parsed->type != "multipart/form-data") return std::nullopt;
    const Parameter* boundary = parsed->Find("boundary");
    if (!boundary || !IsValidBoundary(boundary->value)) return std::nullopt;
    return boundary->value;
}

Result<std::vector<FormPart>> ParseMultipart(std::string_view body, std::string_view boundary,
                                             const MultipartLimits& limits) {
    if (!IsValidBoundary(boundary)) return Malformed("the multipart boundary is not valid");
    return MultipartReader(body, boundary, limits).Read();
}

}  // namespace shiftsync::http
