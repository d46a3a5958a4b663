#include "infra/mail/mime.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace shiftsync {
namespace {

// RFC 2047: an encoded-word is at most 75 characters. "=?UTF-8?B?" + "?=" leave 63 for base64,
// i.e. 60 (a multiple of 4) = 45 input bytes.
constexpr std::size_t kMaxEncodedWordBytes = 45;
// Recommended line length (RFC 5322 2.1.1); the hard limit is 998.
constexpr std::size_t kFoldAt = 78;
// A plain-text header value with a word longer than this could not be folded under 998, so it
// goes out as encoded-words instead.
constexpr std::size_t kMaxUnfoldableWord = 900;
constexpr std::size_t kMaxAddressLength = 254;
constexpr std::size_t kMaxMessageIdLength = 250;
constexpr std::size_t kBodyLineLength = 76;

constexpr std::string_view kBase64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

bool IsPrintableAscii(std::string_view s) {
    for (unsigned char c : s) {
        if (c < 0x20 || c > 0x7E) return false;
    }
    return true;
}

// Header text from user input (names, subject): line breaks and tabs become spaces, other
// control characters go. Nothing left can end the header line.
std::string SanitizeHeaderText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text) {
        if (c == '\r' || c == '\n' || c == '\t') {
            out.push_back(' ');
        } else if (!IsControl(c)) {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

std::size_t LongestWord(std::string_view s) {
    std::size_t longest = 0;
    std::size_t current = 0;
    for (char c : s) {
        current = c == ' ' ? 0 : current + 1;
        longest = std::max(longest, current);
    }
    return longest;
}

// Text a reader would take as plain: printable ASCII, nothing that looks like an encoded-word,
// foldable at spaces.
bool CanGoPlain(std::string_view text) {
    return IsPrintableAscii(text) && text.find("=?") == std::string_view::npos &&
           LongestWord(text) <= kMaxUnfoldableWord;
}

// Encoded-words, each <= 75 characters and never splitting a UTF-8 sequence, joined by folding
// whitespace (which readers drop between adjacent encoded-words).
std::string EncodedWords(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(start + kMaxEncodedWordBytes, text.size());
        // Back off to a character boundary: continuation bytes are 10xxxxxx.
        while (end < text.size() && end > start + 1 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;
        }
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?";
        out += Base64Encode(text.substr(start, end - start));
        out += "?=";
        start = end;
    }
    return out;
}

// Unstructured value (Subject) for a header named `name`: folded at spaces when plain,
// encoded-words otherwise.
std::string HeaderUnstructured(std::string_view name, std::string_view raw) {
    std::string text = SanitizeHeaderText(raw);
    std::string line = fmt::format("{}: ", name);
    if (!CanGoPlain(text)) return line + EncodedWords(text) + "\r\n";

    std::string out;
    std::size_t line_length = line.size();
    std::size_t pos = 0;
    bool first = true;
    while (pos <= text.size()) {
        std::size_t space = text.find(' ', pos);
        std::size_t end = space == std::string::npos ? text.size() : space;
        std::string_view word = std::string_view(text).substr(pos, end - pos);
        if (!first) {
            // Folding is a CRLF inserted before whitespace; unfolding removes just the CRLF.
            if (line_length + 1 + word.size() > kFoldAt && line_length > name.size() + 2) {
                line += "\r\n";
                out += line;
                line.clear();
                line_length = 0;
            }
            line += ' ';
            ++line_length;
        }
        line += word;
        line_length += word.size();
        first = false;
        if (space == std::string::npos) break;
        pos = space + 1;
    }
    return out + line + "\r\n";
}

bool IsAtext(unsigned char c) {
    if (std::isalnum(c)) return true;
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(static_cast<char>(c)) != std::string_view::npos;
}

// The display-name phrase: bare atoms, a quoted-string when it has specials, or encoded-words.
std::string DisplayName(std::string_view raw) {
    std::string text(Trim(SanitizeHeaderText(raw)));
    if (text.empty()) return {};
    if (!CanGoPlain(text)) return EncodedWords(text);
    bool atoms_only = true;
    for (unsigned char c : text) {
        if (c != ' ' && !IsAtext(c)) atoms_only = false;
    }
    if (atoms_only) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

// "From: name <addr>" with the name folded onto its own line when the result would be long.
std::string HeaderMailbox(std::string_view name, std::string_view display_raw, std::string_view address) {
    std::string display = DisplayName(display_raw);
    if (display.empty()) return fmt::format("{}: <{}>\r\n", name, address);
    return fmt::format("{}: {}\r\n <{}>\r\n", name, display, address);
}

std::string NormalizeLineBreaks(std::string_view body) {
    std::string out;
    out.reserve(body.size() + body.size() / 32);
    for (std::size_t i = 0; i < body.size(); ++i) {
        char c = body[i];
        if (c == '\r') {
            out += "\r\n";
            if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
        } else if (c == '\n') {
            out += "\r\n";
        } else {
            out += c;
        }
    }
    return out;
}

std::uint64_t Fnv1a64(std::string_view data) {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char c : data) {
        hash ^= c;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

std::optional<std::string> MessageIdProblem(std::string_view id) {
    if (id.size() > kMaxMessageIdLength) return "message id is too long";
    for (unsigned char c : id) {
        if (c <= 0x20 || c >= 0x7F) return "message id has spaces, control or non-ASCII characters";
    }
    return std::nullopt;
}

std::string AngleBracketed(std::string_view id) {
    if (id.size() >= 2 && id.front() == '<' && id.back() == '>') return std::string(id);
    return fmt::format("<{}>", id);
}

}  // namespace

bool IsSafeMailAddress(std::string_view address) {
    if (address.empty() || address.size() > kMaxAddressLength) return false;
    std::size_t at = address.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
    if (address.find('@', at + 1) != std::string_view::npos) return false;
    for (unsigned char c : address) {
        if (c <= 0x20 || c >= 0x7F) return false;
        if (std::string_view("<>()[],;:\\\"").find(static_cast<char>(c)) != std::string_view::npos) return false;
    }
    return true;
}

std::optional<std::string> FindMimeProblem(const OutboxMessage& message, const MailSender& sender) {
    if (!IsSafeMailAddress(sender.address)) return "sender address is not a plain ASCII address";
    if (!IsSafeMailAddress(message.to_address)) return "recipient address is not a plain ASCII address";
    return MessageIdProblem(message.message_id);
}

std::string FormatRfc5322Date(Instant instant) {
    using namespace std::chrono;
    static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const sys_days day = floor<days>(instant);
    const year_month_day ymd(day);
    const hh_mm_ss<seconds> time(instant - day);
    return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000", kDays[weekday(day).c_encoding()],
                       static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                       static_cast<int>(ymd.year()), time.hours().count(), time.minutes().count(),
                       time.seconds().count());
}

std::string Base64Encode(std::string_view bytes, std::size_t line_length) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4 + (line_length ? bytes.size() / line_length * 2 + 2 : 0));
    std::size_t on_line = 0;
    auto put = [&](char c) {
        out += c;
        if (line_length != 0 && ++on_line == line_length) {
            out += "\r\n";
            on_line = 0;
        }
    };
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                          (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        put(kBase64Alphabet[(n >> 18) & 63]);
        put(kBase64Alphabet[(n >> 12) & 63]);
        put(kBase64Alphabet[(n >> 6) & 63]);
        put(kBase64Alphabet[n & 63]);
    }
    if (std::size_t rest = bytes.size() - i; rest > 0) {
        std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        put(kBase64Alphabet[(n >> 18) & 63]);
        put(kBase64Alphabet[(n >> 12) & 63]);
        put(rest == 2 ? kBase64Alphabet[(n >> 6) & 63] : '=');
        put('=');
    }
    if (line_length != 0 && on_line != 0) out += "\r\n";
    return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    bool padding = false;
    for (char c : text) {
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t') continue;
        if (c == '=') {
            padding = true;
            continue;
        }
        if (padding) return std::nullopt;  // data after padding
        std::size_t v = kBase64Alphabet.find(c);
        if (v == std::string_view::npos) return std::nullopt;
        buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

std::string RenderMime(const OutboxMessage& message, const MailSender& sender, Instant date) {
    if (auto problem = FindMimeProblem(message, sender)) throw std::invalid_argument(*problem);

    const std::string text = Base64Encode(NormalizeLineBreaks(message.text_body), kBodyLineLength);
    const std::string html = Base64Encode(NormalizeLineBreaks(message.html_body), kBodyLineLength);

    // Deterministic, so a redelivery renders the same bytes. Base64 never contains "=_", so the
    // check below only matters if a future part is sent unencoded; it is cheap, so it stays.
    const std::string base = fmt::format("=_shiftsync_{:016x}", Fnv1a64(message.message_id));
    std::string boundary = base;
    for (int attempt = 1;
         text.find(boundary) != std::string::npos || html.find(boundary) != std::string::npos ||
         message.text_body.find(boundary) != std::string::npos || message.html_body.find(boundary) != std::string::npos;
         ++attempt) {
        boundary = fmt::format("{}_{}", base, attempt);
    }

    std::string out;
    out.reserve(text.size() + html.size() + 1024);
    out += HeaderMailbox("From", message.from_name, sender.address);
    out += HeaderMailbox("To", message.to_name, message.to_address);
    out += HeaderUnstructured("Subject", message.subject);
    out += fmt::format("Date: {}\r\n", FormatRfc5322Date(date));
    if (!message.message_id.empty()) out += fmt::format("Message-ID: {}\r\n", AngleBracketed(message.message_id));
    out += "MIME-Version: 1.0\r\n";
    out += fmt::format("Content-Type: multipart/alternative;\r\n boundary=\"{}\"\r\n", boundary);
    out += "\r\n";
    out += "This is a multi-part message in MIME format.\r\n";
    auto part = [&](std::string_view type, const std::string& encoded) {
        out += fmt::format("\r\n--{}\r\n", boundary);
        out += fmt::format("Content-Type: {}; charset=UTF-8\r\n", type);
        out += "Content-Transfer-Encoding: base64\r\n\r\n";
        out += encoded;
    };
    part("text/plain", text);
    part("text/html", html);
    out += fmt::format("\r\n--{}--\r\n", boundary);
    return out;
}

}  // namespace shiftsync
