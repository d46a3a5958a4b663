#include "infra/mail/mime.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

const MailSender kSender{"shiftsync@example.com"};

OutboxMessage Message() {
    OutboxMessage m;
    m.id = 7;
    m.to_address = "zoe@example.org";
    m.to_name = "Zoe Smith";
    m.from_name = "Acme";
    m.subject = "Your shift";
    m.text_body = "Hello Zoe,\nyour shift starts at 08:00.\n";
    m.html_body = "<p>Hello Zoe,</p>\n<p>your shift starts at 08:00.</p>";
    m.message_id = "<abc123@shiftsync.example.com>";
    return m;
}

struct Parsed {
    std::vector<std::string> raw_header_lines;        // as sent, without CRLF
    std::multimap<std::string, std::string> headers;  // lower-case name -> unfolded value
    std::string body;
};

std::string Lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// A deliberately small RFC 5322 header parser: unfolds continuation lines.
Parsed Parse(const std::string& mime) {
    Parsed p;
    const auto end = mime.find("\r\n\r\n");
    EXPECT_NE(end, std::string::npos);
    p.body = mime.substr(end + 4);
    std::string head = mime.substr(0, end + 2);
    std::string name, value;
    auto flush = [&] {
        if (!name.empty()) p.headers.emplace(Lower(name), value);
        name.clear();
        value.clear();
    };
    for (std::size_t pos = 0; pos < head.size();) {
        const auto eol = head.find("\r\n", pos);
        const std::string line = head.substr(pos, eol - pos);
        p.raw_header_lines.push_back(line);
        pos = eol + 2;
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            value += line;
        } else {
            flush();
            const auto colon = line.find(':');
            EXPECT_NE(colon, std::string::npos) << line;
            name = line.substr(0, colon);
            value = line.substr(colon + 1);
            if (!value.empty() && value[0] == ' ') value.erase(0, 1);
        }
    }
    flush();
    return p;
}

std::string Header(const Parsed& p, const std::string& name) {
    auto it = p.headers.find(name);
    return it == p.headers.end() ? std::string("<missing>") : it->second;
}

// Decodes a run of RFC 2047 B encoded-words (whitespace between them is dropped); plain text
// outside encoded-words is kept.
std::string DecodeWords(const std::string& value, std::size_t* longest_word = nullptr) {
    std::string out;
    std::size_t pos = 0;
    while (pos < value.size()) {
        const auto start = value.find("=?UTF-8?B?", pos);
        if (start == std::string::npos) {
            out += value.substr(pos);
            break;
        }
        std::string between = value.substr(pos, start - pos);
        if (between.find_first_not_of(" \t") != std::string::npos) out += between;
        const auto stop = value.find("?=", start + 10);
        EXPECT_NE(stop, std::string::npos);
        if (longest_word) *longest_word = std::max(*longest_word, stop + 2 - start);
        auto decoded = Base64Decode(value.substr(start + 10, stop - start - 10));
        EXPECT_TRUE(decoded.has_value());
        out += decoded.value_or("");
        pos = stop + 2;
    }
    return out;
}

std::string Boundary(const Parsed& p) {
    const std::string type = Header(p, "content-type");
    const auto b = type.find("boundary=\"");
    EXPECT_NE(b, std::string::npos) << type;
    return type.substr(b + 10, type.find('"', b + 10) - b - 10);
}

// Part bodies, decoded, by content type.
std::map<std::string, std::string> Parts(const Parsed& p) {
    std::map<std::string, std::string> parts;
    const std::string delimiter = "\r\n--" + Boundary(p);
    std::size_t pos = p.body.find(delimiter);
    while (pos != std::string::npos) {
        const auto next = p.body.find(delimiter, pos + delimiter.size());
        if (next == std::string::npos) break;
        const std::string part = p.body.substr(pos + delimiter.size() + 2, next - pos - delimiter.size() - 2);
        Parsed sub = Parse(part);
        EXPECT_EQ(Header(sub, "content-transfer-encoding"), "base64");
        parts[Header(sub, "content-type")] = Base64Decode(sub.body).value_or("<bad base64>");
        pos = next;
    }
    return parts;
}

void ExpectWellFormedLines(const std::string& mime) {
    for (std::size_t i = 0; i < mime.size(); ++i) {
        if (mime[i] == '\n') {
            ASSERT_TRUE(i > 0 && mime[i - 1] == '\r') << "bare LF at " << i;
        }
        if (mime[i] == '\r') {
            ASSERT_TRUE(i + 1 < mime.size() && mime[i + 1] == '\n') << "bare CR at " << i;
        }
    }
    ASSERT_TRUE(mime.ends_with("\r\n"));
    std::size_t start = 0;
    for (auto eol = mime.find("\r\n"); eol != std::string::npos; eol = mime.find("\r\n", start)) {
        EXPECT_LE(eol - start, 998u);
        start = eol + 2;
    }
}

TEST(Mime, NonAsciiSubjectRoundTripsThroughEncodedWords) {
    auto m = Message();
    m.subject = "Zoë 日本 🙂";
    const Parsed p = Parse(RenderMime(m, kSender, UtcAt(2026, 3, 4, 12)));
    const std::string subject = Header(p, "subject");
    EXPECT_TRUE(subject.starts_with("=?UTF-8?B?")) << subject;
    std::size_t longest = 0;
    EXPECT_EQ(DecodeWords(subject, &longest), "Zoë 日本 🙂");
    EXPECT_LE(longest, 75u);
}

TEST(Mime, LongNonAsciiSubjectIsSplitIntoShortEncodedWordsOnCharacterBoundaries) {
    auto m = Message();
    for (int i = 0; i < 60; ++i) m.subject += "日本🙂é";
    const std::string mime = RenderMime(m, kSender, UtcAt(2026, 3, 4, 12));
    ExpectWellFormedLines(mime);
    const Parsed p = Parse(mime);
    std::size_t longest = 0;
    const std::string subject = Header(p, "subject");
    EXPECT_EQ(DecodeWords(subject, &longest), m.subject);
    EXPECT_LE(longest, 75u);
    // Each word decodes to whole UTF-8 characters: no word ends on a lead or continuation byte.
    for (std::size_t pos = subject.find("=?UTF-8?B?"); pos != std::string::npos;
         pos = subject.find("=?UTF-8?B?", pos + 1)) {
        const auto word = Base64Decode(subject.substr(pos + 10, subject.find("?=", pos + 10) - pos - 10)).value();
        const unsigned char first = static_cast<unsigned char>(word.front());
        EXPECT_NE(first & 0xC0, 0x80) << "word starts mid-character";
    }
}

TEST(Mime, HeaderLinesAreCrlfTerminatedAndAtMost998Characters) {
    auto m = Message();
    for (int i = 0; i < 400; ++i) m.subject += "word ";
    m.from_name = std::string(2000, 'x');  // one huge word
    const std::string mime = RenderMime(m, kSender, UtcAt(2026, 3, 4, 12));
    ExpectWellFormedLines(mime);
    const Parsed p = Parse(mime);
    for (const auto& line : p.raw_header_lines) EXPECT_LE(line.size(), 90u) << line;
    EXPECT_EQ(Header(p, "subject"), m.subject);
    EXPECT_NE(DecodeWords(Header(p, "from")).find(m.from_name), std::string::npos);
}

TEST(Mime, LineBreaksInNamesAndSubjectCannotInjectHeaders) {
    auto m = Message();
    m.subject = "Hi\r\nBcc: x@evil";
    m.to_name = "Bob\nBcc: y@evil";
    m.from_name = "Acme\rBcc: z@evil\x01\x7f";
    const std::string mime = RenderMime(m, kSender, UtcAt(2026, 3, 4, 12));
    ExpectWellFormedLines(mime);
    const Parsed p = Parse(mime);
    EXPECT_EQ(p.headers.count("bcc"), 0u);
    for (const auto& line : p.raw_header_lines) EXPECT_FALSE(Lower(line).starts_with("bcc")) << line;
    EXPECT_EQ(Header(p, "subject"), "Hi  Bcc: x@evil");
    EXPECT_EQ(p.headers.count("to"), 1u);
    EXPECT_EQ(p.headers.count("from"), 1u);
}

TEST(Mime, UnsafeAddressesAreRefused) {
    for (const char* bad : {"", "no-at-sign", "a@b@c", "x@evil\r\nBcc: y@evil", "<a@b.com>", "a@b.com,c@d.com",
                            "a b@c.com", "zoë@example.org", "@example.org", "a@"}) {
        EXPECT_FALSE(IsSafeMailAddress(bad)) << bad;
        auto m = Message();
        m.to_address = bad;
        EXPECT_TRUE(FindMimeProblem(m, kSender).has_value()) << bad;
        EXPECT_THROW(RenderMime(m, kSender, UtcAt(2026, 3, 4, 12)), std::invalid_argument) << bad;
    }
    EXPECT_TRUE(FindMimeProblem(Message(), MailSender{"bad\n@x"}).has_value());
    auto m = Message();
    m.message_id = "<a@b>\r\nBcc: x@evil";
    EXPECT_TRUE(FindMimeProblem(m, kSender).has_value());
    EXPECT_TRUE(IsSafeMailAddress("first.last+tag@sub.example.co.uk"));
    EXPECT_FALSE(FindMimeProblem(Message(), kSender).has_value());
}

TEST(Mime, HeadersCarryNamesAddressesAndIds) {
    auto m = Message();
    m.from_name = "Acme, Inc. \"Main\"";
    m.to_name = "Zoë";
    const Parsed p = Parse(RenderMime(m, kSender, UtcAt(2026, 3, 4, 12)));
    EXPECT_EQ(Header(p, "from"), "\"Acme, Inc. \\\"Main\\\"\" <shiftsync@example.com>");
    EXPECT_EQ(DecodeWords(Header(p, "to")), "Zoë <zoe@example.org>");
    EXPECT_EQ(Header(p, "message-id"), "<abc123@shiftsync.example.com>");
    EXPECT_EQ(Header(p, "mime-version"), "1.0");
    EXPECT_TRUE(Header(p, "content-type").starts_with("multipart/alternative;"));

    m.to_name = "";
    EXPECT_EQ(Header(Parse(RenderMime(m, kSender, UtcAt(2026, 3, 4, 12))), "to"), "<zoe@example.org>");
}

TEST(Mime, BothPartsDecodeToTheBodiesWithCrlfLineBreaks) {
    auto m = Message();
    m.text_body = "Zoë,\nline two\r\nline three\rend";
    m.html_body = std::string(500, 'h') + "<p>日本 🙂</p>";
    const std::string mime = RenderMime(m, kSender, UtcAt(2026, 3, 4, 12));
    ExpectWellFormedLines(mime);
    const auto parts = Parts(Parse(mime));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts.at("text/plain; charset=UTF-8"), "Zoë,\r\nline two\r\nline three\r\nend");
    EXPECT_EQ(parts.at("text/html; charset=UTF-8"), m.html_body);
    for (const auto& line : Parse(mime).raw_header_lines) EXPECT_LE(line.size(), 998u);
}

TEST(Mime, EmptyBodiesStillMakeTwoParts) {
    auto m = Message();
    m.text_body.clear();
    m.html_body.clear();
    const auto parts = Parts(Parse(RenderMime(m, kSender, UtcAt(2026, 3, 4, 12))));
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts.at("text/plain; charset=UTF-8"), "");
}

TEST(Mime, BoundaryIsDeterministicAndNeverInTheBodies) {
    auto m = Message();
    const std::string first = RenderMime(m, kSender, UtcAt(2026, 3, 4, 12));
    EXPECT_EQ(first, RenderMime(m, kSender, UtcAt(2026, 3, 4, 12)));
    const std::string boundary = Boundary(Parse(first));
    EXPECT_TRUE(boundary.starts_with("=_shiftsync_")) << boundary;

    m.text_body = "quoting " + boundary + " on purpose";
    const auto p = Parse(RenderMime(m, kSender, UtcAt(2026, 3, 4, 12)));
    EXPECT_NE(Boundary(p), boundary);
    EXPECT_EQ(Parts(p).at("text/plain; charset=UTF-8"), m.text_body);
}

TEST(Mime, DateIsRfc5322InUtc) {
    EXPECT_EQ(FormatRfc5322Date(UtcAt(2026, 3, 4, 12, 0)), "Wed, 04 Mar 2026 12:00:00 +0000");
    EXPECT_EQ(FormatRfc5322Date(UtcAt(2025, 12, 31, 23, 59) + std::chrono::seconds(7)),
              "Wed, 31 Dec 2025 23:59:07 +0000");
    EXPECT_EQ(FormatRfc5322Date(UtcAt(2024, 2, 29, 0, 5)), "Thu, 29 Feb 2024 00:05:00 +0000");
    const Parsed p = Parse(RenderMime(Message(), kSender, UtcAt(2026, 1, 5, 9, 30)));
    EXPECT_EQ(Header(p, "date"), "Mon, 05 Jan 2026 09:30:00 +0000");
}

TEST(Mime, Base64RoundTripsEveryLength) {
    std::string data;
    for (int i = 0; i < 200; ++i) {
        EXPECT_EQ(Base64Decode(Base64Encode(data, 76)).value(), data);
        data += static_cast<char>(i * 37);
    }
    EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
    EXPECT_FALSE(Base64Decode("Zm9v!").has_value());
}

}  // namespace
}  // namespace shiftsync
