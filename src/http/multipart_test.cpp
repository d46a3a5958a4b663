#include "http/multipart.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shiftsync::http {
namespace {

using Parts = Result<std::vector<FormPart>>;

constexpr std::string_view kChromiumBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
constexpr std::string_view kFirefoxBoundary = "---------------------------9051914041544843365972754266";

std::string Disposition(std::string_view name) {
    return "Content-Disposition: form-data; name=\"" + std::string(name) + "\"\r\n";
}

// One encapsulation as browsers write it: delimiter line, header lines (each ending in CRLF), empty line,
// body, and the CRLF that belongs to the next delimiter.
std::string Part(std::string_view boundary, std::string_view header_lines, std::string_view body) {
    return "--" + std::string(boundary) + "\r\n" + std::string(header_lines) + "\r\n" + std::string(body) + "\r\n";
}

// A file input's part, as Chromium and Firefox write it.
std::string FilePart(std::string_view boundary, std::string_view name, std::string_view filename,
                     std::string_view content_type, std::string_view bytes) {
    const std::string header_lines = "Content-Disposition: form-data; name=\"" + std::string(name) + "\"; filename=\"" +
                                     std::string(filename) + "\"\r\nContent-Type: " + std::string(content_type) +
                                     "\r\n";
    return Part(boundary, header_lines, bytes);
}

std::string Close(std::string_view boundary) { return "--" + std::string(boundary) + "--\r\n"; }

std::string NumberedName(std::size_t number) {
    std::string name = "p";  // appended, not "p" + ...: that trips g++ 12's false -Wrestrict warning
    name += std::to_string(number);
    return name;
}

std::string AllByteValues(int times) {
    std::string bytes;
    for (int round = 0; round < times; ++round)
        for (int value = 0; value < 256; ++value) bytes += static_cast<char>(value);
    return bytes;
}

// The parts of a body that must parse; none, and a test failure, if it is refused.
std::vector<FormPart> ParseOk(std::string_view body, std::string_view boundary, const MultipartLimits& limits = {}) {
    auto parts = ParseMultipart(body, boundary, limits);
    if (!parts.ok()) {
        ADD_FAILURE() << "refused: " << parts.error().detail;
        return {};
    }
    return std::move(parts).value();
}

testing::AssertionResult FailsWith(const Parts& parts, std::string_view words, std::string_view field = {}) {
    if (parts.ok()) return testing::AssertionFailure() << "parsed " << parts->size() << " parts";
    const Error& error = parts.error();
    if (error.code != ErrorCode::kMalformed) return testing::AssertionFailure() << "code is not kMalformed";
    if (error.detail.find(words) == std::string::npos)
        return testing::AssertionFailure() << "detail \"" << error.detail << "\" does not say \"" << words << "\"";
    if (error.field != field) return testing::AssertionFailure() << "field is \"" << error.field << "\"";
    return testing::AssertionSuccess();
}

TEST(MultipartTest, ChromiumBodyRoundTripsTextAndBinaryParts) {
    // Every byte value, then a delimiter that is one character short and a blank line.
    const std::string picture =
        AllByteValues(8) + "\r\n--" + std::string(kChromiumBoundary.substr(0, 20)) + "\r\n\r\n--\r\n";
    const std::string body = Part(kChromiumBoundary, Disposition("email"), "ana@example.com") +
                             Part(kChromiumBoundary, Disposition("display_name"), "Zo\xC3\xAB O'Neil") +
                             FilePart(kChromiumBoundary, "picture", "me.png", "image/png", picture) +
                             Close(kChromiumBoundary);

    const auto parts = ParseOk(body, kChromiumBoundary);

    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0].name, "email");
    EXPECT_EQ(parts[0].body, "ana@example.com");
    EXPECT_EQ(parts[0].content_type, "text/plain");
    EXPECT_FALSE(parts[0].filename);
    EXPECT_EQ(parts[1].name, "display_name");
    EXPECT_EQ(parts[1].body, "Zo\xC3\xAB O'Neil");
    EXPECT_EQ(parts[2].name, "picture");
    EXPECT_EQ(parts[2].filename, "me.png");
    EXPECT_EQ(parts[2].content_type, "image/png");
    EXPECT_EQ(parts[2].body.size(), picture.size());
    EXPECT_EQ(parts[2].body, picture);
}

TEST(MultipartTest, FirefoxBodyWithTokenBoundaryParses) {
    const std::string content_type = "multipart/form-data; boundary=" + std::string(kFirefoxBoundary);
    const auto boundary = MultipartBoundary(content_type);
    ASSERT_EQ(boundary, kFirefoxBoundary);
    const std::string picture = AllByteValues(2);
    const std::string body = Part(*boundary, Disposition("email"), "a@b.example") +
                             FilePart(*boundary, "picture", "a.jpg", "image/jpeg", picture) + Close(*boundary);

    const auto parts = ParseOk(body, *boundary);

    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].body, "a@b.example");
    EXPECT_EQ(parts[1].content_type, "image/jpeg");
    EXPECT_EQ(parts[1].body, picture);
}

TEST(MultipartTest, QuotedBoundaryWithSpacesAndSpecialsParses) {
    const auto boundary = MultipartBoundary(R"(multipart/form-data; boundary="a b'()+_,-./:=?z")");
    ASSERT_EQ(boundary, "a b'()+_,-./:=?z");
    const std::string body = Part(*boundary, Disposition("note"), "hello") + Close(*boundary);

    const auto parts = ParseOk(body, *boundary);

    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].body, "hello");
}

TEST(MultipartTest, BoundaryIsTakenFromContentTypeForms) {
    const std::pair<std::string, std::string> cases[] = {
        {"multipart/form-data; boundary=abc", "abc"},
        {"multipart/form-data;boundary=abc", "abc"},
        {"Multipart/Form-Data; BOUNDARY=AbC", "AbC"},  // the case of the value is kept
        {"multipart/form-data; charset=utf-8; boundary=x-1", "x-1"},
        {"multipart/form-data; boundary=\"x-1\"; charset=utf-8", "x-1"},
        {"  multipart/form-data \t; boundary=abc ;", "abc"},
        {"multipart/form-data; boundary=\"q\\uoted\"", "quoted"},
        {"multipart/form-data; boundary=" + std::string(70, 'b'), std::string(70, 'b')},
    };
    for (const auto& [content_type, boundary] : cases)
        EXPECT_EQ(MultipartBoundary(content_type), boundary) << content_type;
}

TEST(MultipartTest, BoundaryIsRefusedWhenMissingWrongTypeTooLongOrBadlyFormed) {
    const std::string refused[] = {
        // No boundary, or an empty one.
        "multipart/form-data",
        "multipart/form-data; charset=utf-8",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"\"",
        // Not multipart/form-data.
        "multipart/mixed; boundary=abc",
        "application/x-www-form-urlencoded; boundary=abc",
        "multipart/form-datax; boundary=abc",
        "",
        // Too long.
        "multipart/form-data; boundary=" + std::string(71, 'b'),
        // Characters RFC 2046 does not allow, or a trailing space.
        "multipart/form-data; boundary=\"a@b\"",
        "multipart/form-data; boundary=\"a\\\"b\"",
        "multipart/form-data; boundary=\"ab \"",
        "multipart/form-data; boundary=\"a\tb\"",
        "multipart/form-data; boundary=a@b",
        // Parameter syntax that cannot be read, or two boundaries.
        "multipart/form-data; boundary=\"abc",
        "multipart/form-data; boundary = abc",
        "multipart/form-data; boundary=abc def",
        "multipart/form-data; boundary=a; boundary=b",
        "multipart/form-data; boundary=a; BOUNDARY=a",
    };
    for (const std::string& content_type : refused)
        EXPECT_EQ(MultipartBoundary(content_type), std::nullopt) << content_type;
}

TEST(MultipartTest, ParseRefusesAnInvalidBoundary) {
    const std::string body = Part("ok", Disposition("a"), "x") + Close("ok");
    EXPECT_TRUE(FailsWith(ParseMultipart(body, ""), "boundary"));
    EXPECT_TRUE(FailsWith(ParseMultipart(body, std::string(71, 'b')), "boundary"));
    EXPECT_TRUE(FailsWith(ParseMultipart(body, "a\r\nb"), "boundary"));
}

TEST(MultipartTest, PreambleAndEpilogueAreIgnored) {
    const std::string body = "This is a preamble --B\r\n-B\r\n" + Part("B", Disposition("a"), "value") + Close("B") +
                             "epilogue\r\n--B\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nignored\r\n--B--";

    const auto parts = ParseOk(body, "B");

    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].name, "a");
    EXPECT_EQ(parts[0].body, "value");
}

TEST(MultipartTest, CloseDelimiterAloneMeansNoParts) {
    const auto parts = ParseOk(Close("B"), "B");
    EXPECT_TRUE(parts.empty());
}

TEST(MultipartTest, MissingClosingDelimiterIsRefused) {
    const std::string opened = Part("B", Disposition("a"), "value");
    EXPECT_TRUE(FailsWith(ParseMultipart(opened, "B"), "closing delimiter"));
    EXPECT_TRUE(FailsWith(ParseMultipart(opened + "--B", "B"), "closing delimiter"));
    EXPECT_TRUE(FailsWith(ParseMultipart(opened.substr(0, opened.size() - 2), "B"), "closing delimiter"));
    EXPECT_TRUE(FailsWith(ParseMultipart(opened + "--B-", "B"), "not followed by CRLF"));
    EXPECT_TRUE(FailsWith(ParseMultipart("no delimiter at all", "B"), "no multipart delimiter"));
    EXPECT_TRUE(FailsWith(ParseMultipart("", "B"), "no multipart delimiter"));
    // A part cut off inside its headers.
    EXPECT_TRUE(FailsWith(ParseMultipart("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n", "B"),
                          "do not end with an empty line"));
}

TEST(MultipartTest, PartWithoutContentDispositionIsRefused) {
    EXPECT_TRUE(FailsWith(ParseMultipart(Part("B", "Content-Type: text/plain\r\n", "x") + Close("B"), "B"),
                          "no Content-Disposition"));
    EXPECT_TRUE(FailsWith(ParseMultipart(Part("B", "", "x") + Close("B"), "B"), "no Content-Disposition"));
    EXPECT_TRUE(
        FailsWith(ParseMultipart(Part("B", "Content-Disposition: attachment; name=\"a\"\r\n", "x") + Close("B"), "B"),
                  "not form-data"));
    EXPECT_TRUE(
        FailsWith(ParseMultipart(Part("B", "Content-Disposition: form-data; name=a b\r\n", "x") + Close("B"), "B"),
                  "cannot be read"));
}

TEST(MultipartTest, PartWithoutNameIsRefused) {
    EXPECT_TRUE(FailsWith(
        ParseMultipart(Part("B", "Content-Disposition: form-data; filename=\"a.png\"\r\n", "x") + Close("B"), "B"),
        "no name"));
    EXPECT_TRUE(FailsWith(ParseMultipart(Part("B", Disposition(""), "x") + Close("B"), "B"), "no name"));
    EXPECT_TRUE(
        FailsWith(ParseMultipart(Part("B", "Content-Disposition: form-data\r\n", "x") + Close("B"), "B"), "no name"));
}

TEST(MultipartTest, DuplicateNamesAreRefused) {
    const std::string body = Part("B", Disposition("email"), "a@b.example") + Part("B", Disposition("other"), "1") +
                             Part("B", Disposition("email"), "c@d.example") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(body, "B"), "same name", "email"));
    // Two name parameters in one part could make two readers disagree about which field it is.
    const std::string twice = Part("B", "Content-Disposition: form-data; name=\"a\"; name=\"b\"\r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(twice, "B"), "cannot be read"));
}

TEST(MultipartTest, TooManyPartsAreRefused) {
    const MultipartLimits limits{.max_parts = 2};
    const std::string two = Part("B", Disposition("a"), "1") + Part("B", Disposition("b"), "2");

    const auto within = ParseOk(two + Close("B"), "B", limits);
    EXPECT_EQ(within.size(), 2u);

    EXPECT_TRUE(
        FailsWith(ParseMultipart(two + Part("B", Disposition("c"), "3") + Close("B"), "B", limits), "too many parts"));
}

TEST(MultipartTest, OversizePartHeadersAreRefused) {
    const std::string header_lines = Disposition("a") + "X-Padding: " + std::string(100, 'p') + "\r\n";
    const std::string body = Part("B", header_lines, "value") + Close("B");

    const auto at_limit = ParseOk(body, "B", MultipartLimits{.max_part_header_bytes = header_lines.size()});
    ASSERT_EQ(at_limit.size(), 1u);
    EXPECT_EQ(at_limit[0].body, "value");

    EXPECT_TRUE(FailsWith(ParseMultipart(body, "B", MultipartLimits{.max_part_header_bytes = header_lines.size() - 1}),
                          "headers are too long"));
    // Headers that never end are refused once they pass the limit, not searched to the end of the body.
    const std::string endless = "--B\r\n" + Disposition("a") + "X-Padding: " + std::string(1 << 20, 'p');
    EXPECT_TRUE(FailsWith(ParseMultipart(endless, "B"), "headers are too long"));
}

TEST(MultipartTest, HeaderLineWithoutColonIsRefused) {
    const std::string body = Part("B", Disposition("a") + "Content-Type text/plain\r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(body, "B"), "no ':'"));
}

TEST(MultipartTest, MalformedHeaderNamesAndValuesAreRefused) {
    // A folded continuation line starts with white space, which no header name may.
    const std::string folded = Part("B", Disposition("a") + " continued: yes\r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(folded, "B"), "invalid name"));
    const std::string spaced = Part("B", "Content-Disposition : form-data; name=\"a\"\r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(spaced, "B"), "invalid name"));
    const std::string nul =
        Part("B", Disposition("a") + "X-Note: a" + std::string(1, '\0') + "b\r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(nul, "B"), "control character"));
    const std::string two_types =
        Part("B", Disposition("a") + "Content-Type: text/plain\r\nContent-Type: image/png\r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(two_types, "B"), "two Content-Type"));
    const std::string two_dispositions = Part("B", Disposition("a") + Disposition("b"), "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(two_dispositions, "B"), "two Content-Disposition"));
    const std::string empty_type = Part("B", Disposition("a") + "Content-Type: \r\n", "x") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(empty_type, "B"), "Content-Type is empty"));
}

TEST(MultipartTest, UnknownPartHeadersAreIgnoredAndNamesAreCaseInsensitive) {
    const std::string body = Part("B",
                                  "content-DISPOSITION: FORM-DATA; NAME=field_1; Filename=\"A.PNG\"\r\n"
                                  "CONTENT-TYPE:Image/PNG; Charset=UTF-8 \r\n"
                                  "Content-Transfer-Encoding: binary\r\n"
                                  "X-Anything: at all\r\n",
                                  "x") +
                             Close("B");

    const auto parts = ParseOk(body, "B");

    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].name, "field_1");
    EXPECT_EQ(parts[0].filename, "A.PNG");
    EXPECT_EQ(parts[0].content_type, "image/png; charset=utf-8");
}

TEST(MultipartTest, LfOnlyLineEndingsAreRefused) {
    const std::string lf_only = "--B\nContent-Disposition: form-data; name=\"a\"\n\nvalue\n--B--\n";
    EXPECT_TRUE(FailsWith(ParseMultipart(lf_only, "B"), "not followed by CRLF"));
    EXPECT_TRUE(FailsWith(ParseMultipart("preamble\n" + lf_only, "B"), "no multipart delimiter"));
    const std::string lf_headers =
        "--B\r\nContent-Disposition: form-data; name=\"a\"\nContent-Type: text/plain\r\n\r\nvalue\r\n--B--\r\n";
    EXPECT_TRUE(FailsWith(ParseMultipart(lf_headers, "B"), "must end with CRLF"));
    const std::string cr_headers =
        "--B\r\nContent-Disposition: form-data; name=\"a\"\rContent-Type: text/plain\r\n\r\nvalue\r\n--B--\r\n";
    EXPECT_TRUE(FailsWith(ParseMultipart(cr_headers, "B"), "must end with CRLF"));
}

TEST(MultipartTest, BoundaryTextWithoutLeadingCrlfDashDashStaysInThePart) {
    const std::string boundary = "XyZ123";
    // The boundary after "--" but no CRLF, after CRLF but no "--", after a lone LF or CR, and a delimiter
    // that is one character short.
    const std::string content = "a--XyZ123 b\r\nXyZ123\r\n-XyZ123\n--XyZ123\r--XyZ123\r\n--XyZ12\r\n--XyZ12-";
    const std::string body = Part(boundary, Disposition("file"), content) + Close(boundary);

    const auto parts = ParseOk(body, boundary);

    ASSERT_EQ(parts.size(), 1u);
    EXPECT_EQ(parts[0].body, content);
}

TEST(MultipartTest, DelimiterFollowedByOtherTextIsRefused) {
    // "\r\n--B" always ends a part; what follows must be CRLF or "--", so a longer boundary is not guessed at.
    const std::string body = Part("B", Disposition("a"), "before\r\n--Bx after") + Close("B");
    EXPECT_TRUE(FailsWith(ParseMultipart(body, "B"), "not followed by CRLF"));
}

TEST(MultipartTest, EmptyPartBodiesAreKept) {
    // What a browser sends for an empty text input and for a file input with no file chosen.
    const std::string body =
        Part("B", Disposition("note"), "") + FilePart("B", "picture", "", "application/octet-stream", "") + Close("B");

    const auto parts = ParseOk(body, "B");

    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].name, "note");
    EXPECT_TRUE(parts[0].body.empty());
    EXPECT_EQ(parts[1].filename, "");
    EXPECT_EQ(parts[1].content_type, "application/octet-stream");
    EXPECT_TRUE(parts[1].body.empty());
}

TEST(MultipartTest, FilenameWithEscapedQuoteIsUnescaped) {
    const auto body_with = [](std::string_view disposition) {
        return Part("B", "Content-Disposition: " + std::string(disposition) + "\r\n", "x") + Close("B");
    };
    const auto filename_of = [&](std::string_view disposition) -> std::optional<std::string> {
        const auto parts = ParseOk(body_with(disposition), "B");
        return parts.size() == 1 ? parts[0].filename : std::nullopt;
    };
    EXPECT_EQ(filename_of(R"(form-data; name="f"; filename="my \"best\" side.png")"), "my \"best\" side.png");
    EXPECT_EQ(filename_of(R"(form-data; name="f"; filename="semi;colon=.png")"), "semi;colon=.png");
    EXPECT_EQ(filename_of(R"(form-data; name="f"; filename="a%22b.png")"), "a%22b.png");  // Chromium's escape
    EXPECT_EQ(filename_of("form-data; name=\"f\"; filename=\"Zo\xC3\xAB.png\""), "Zo\xC3\xAB.png");
    EXPECT_EQ(filename_of(R"(form-data; name="f"; filename*=UTF-8''x.png; filename="plain.png")"), "plain.png");
    // A quote that never closes, also when its last quote is escaped.
    EXPECT_TRUE(FailsWith(ParseMultipart(body_with(R"(form-data; name="f"; filename="a.png)"), "B"), "cannot be read"));
    EXPECT_TRUE(
        FailsWith(ParseMultipart(body_with(R"(form-data; name="f"; filename="a.png\")"), "B"), "cannot be read"));
}

TEST(MultipartTest, TenMegabyteAdversarialBodiesComplete) {
    constexpr std::size_t kBytes = 10 * 1024 * 1024;
    const std::string boundary = "----WebKitFormBoundaryAAAAAAAAAAAAAAAA";
    std::string crlf_dash;
    while (crlf_dash.size() < kBytes) crlf_dash += "\r\n-";

    // Inside a part: many near-delimiters, one real one.
    const auto inside = ParseOk(Part(boundary, Disposition("f"), crlf_dash) + Close(boundary), boundary);
    ASSERT_EQ(inside.size(), 1u);
    EXPECT_EQ(inside[0].body, crlf_dash);

    // The whole body, with no delimiter anywhere.
    EXPECT_TRUE(FailsWith(ParseMultipart(crlf_dash, boundary), "no multipart delimiter"));

    // Delimiters one character short, never closed.
    const std::string almost = "\r\n--" + boundary.substr(0, boundary.size() - 1);
    std::string near_misses = "--" + boundary + "\r\n" + Disposition("f") + "\r\n";
    while (near_misses.size() < kBytes) near_misses += almost;
    EXPECT_TRUE(FailsWith(ParseMultipart(near_misses, boundary), "closing delimiter"));

    // Tiny parts by the hundred thousand: the default limit stops them early, and without a limit the
    // duplicate-name check still keeps up.
    std::string many;
    std::size_t count = 0;
    while (many.size() < kBytes) many += Part("b", Disposition(NumberedName(count++)), "");
    many += Close("b");
    EXPECT_TRUE(FailsWith(ParseMultipart(many, "b"), "too many parts"));
    const auto unlimited = ParseOk(many, "b", MultipartLimits{.max_parts = std::numeric_limits<std::size_t>::max()});
    ASSERT_EQ(unlimited.size(), count);
    EXPECT_EQ(unlimited.back().name, NumberedName(count - 1));
}

}  // namespace
}  // namespace shiftsync::http
