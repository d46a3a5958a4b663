#include "domain/validation.hpp"

#include <gtest/gtest.h>

#include <string>

namespace shiftsync {
namespace {

using namespace std::string_literals;

std::string Repeat(std::string_view unit, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
}

// Error detail and field of a failed status, for compact assertions.
std::pair<std::string, std::string> Failure(const Status& status) {
    EXPECT_FALSE(status.ok());
    if (status.ok()) return {};
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidInput);
    return {status.error().detail, status.error().field};
}

// --- UTF-8 ---------------------------------------------------------------------------

TEST(Utf8Test, AcceptsWellFormedText) {
    EXPECT_TRUE(IsValidUtf8(""));
    EXPECT_TRUE(IsValidUtf8("plain ascii"));
    EXPECT_TRUE(IsValidUtf8("Zoë Ğ 日本"));
    EXPECT_TRUE(IsValidUtf8("😀👍🏽"));
    EXPECT_TRUE(IsValidUtf8("a\0b"s));  // NUL is valid UTF-8; ValidateText rejects it as a control
}

TEST(Utf8Test, AcceptsEveryEncodingBoundary) {
    for (const std::string& text : {"\x7F"s, "\xC2\x80"s, "\xDF\xBF"s, "\xE0\xA0\x80"s, "\xED\x9F\xBF"s,
                                    "\xEE\x80\x80"s, "\xEF\xBF\xBF"s, "\xF0\x90\x80\x80"s, "\xF4\x8F\xBF\xBF"s}) {
        EXPECT_TRUE(IsValidUtf8(text)) << testing::PrintToString(text);
        EXPECT_EQ(CodePointCount(text), 1u) << testing::PrintToString(text);
    }
}

TEST(Utf8Test, RejectsMalformedText) {
    const std::string cases[] = {
        "\x80"s,                      // lone continuation byte
        "a\xBF"s,                     // continuation after ASCII
        "\xC0\xAF"s,                  // overlong '/'
        "\xC1\xBF"s,                  // overlong 2-byte
        "\xC0\x80"s,                  // overlong NUL (modified UTF-8)
        "\xE0\x80\xAF"s,              // overlong 3-byte '/'
        "\xE0\x9F\xBF"s,              // overlong 3-byte, just below U+0800
        "\xF0\x80\x80\xAF"s,          // overlong 4-byte '/'
        "\xF0\x8F\xBF\xBF"s,          // overlong 4-byte, just below U+10000
        "\xED\xA0\x80"s,              // U+D800, high surrogate
        "\xED\xBF\xBF"s,              // U+DFFF, low surrogate
        "\xED\xA0\xBD\xED\xB8\x80"s,  // CESU-8 style surrogate pair
        "\xF4\x90\x80\x80"s,          // U+110000
        "\xF5\x80\x80\x80"s,          // lead byte beyond U+10FFFF
        "\xF8\x88\x80\x80\x80"s,      // old 5-byte form
        "\xFE"s,
        "\xFF"s,
        "\xC3"s,            // truncated 2-byte
        "\xE6\x97"s,        // truncated 3-byte
        "\xF0\x9F\x98"s,    // truncated 4-byte
        "ok\xF0\x9F\x98"s,  // truncated at the end of otherwise fine text
        "\xC3\x28"s,        // continuation replaced by ASCII
        "\xE6\x97\x28"s,
        "\xF0\x9F\x98\x28"s,
    };
    for (const std::string& text : cases) {
        EXPECT_FALSE(IsValidUtf8(text)) << testing::PrintToString(text);
    }
}

TEST(Utf8Test, CountsCodePointsNotBytes) {
    EXPECT_EQ(CodePointCount(""), 0u);
    EXPECT_EQ(CodePointCount("abc"), 3u);
    EXPECT_EQ(CodePointCount("Zoë Ğ 日本"), 8u);
    EXPECT_EQ(CodePointCount("😀"), 1u);
    EXPECT_EQ(std::string("😀").size(), 4u);
    EXPECT_EQ(CodePointCount("👍🏽"), 2u);  // emoji + skin-tone modifier are two code points
}

// --- ValidateText --------------------------------------------------------------------

TEST(ValidateTextTest, AcceptsNonAsciiNames) {
    EXPECT_TRUE(ValidateText("Zoë Ğ 日本", "name", kMaxNameLength, true).ok());
    EXPECT_TRUE(ValidateText("Ana 😀", "name", kMaxNameLength, true).ok());
}

TEST(ValidateTextTest, LengthCountsCodePoints) {
    EXPECT_TRUE(ValidateText(Repeat("日", 100), "name", kMaxNameLength, true).ok());  // 300 bytes
    EXPECT_TRUE(ValidateText(Repeat("😀", 100), "name", kMaxNameLength, true).ok());   // 400 bytes
    EXPECT_EQ(Failure(ValidateText(Repeat("日", 101), "name", kMaxNameLength, true)),
              std::make_pair("name must be 1 to 100 characters"s, "name"s));
    EXPECT_EQ(Failure(ValidateText(Repeat("😀", 101), "name", kMaxNameLength, true)),
              std::make_pair("name must be 1 to 100 characters"s, "name"s));
}

TEST(ValidateTextTest, RequiredRejectsEmptyAndBlank) {
    EXPECT_EQ(Failure(ValidateText("", "name", kMaxNameLength, true)),
              std::make_pair("name must be 1 to 100 characters"s, "name"s));
    for (const char* blank : {" ", "   ", "\u00A0", "\u3000", " \u2003 ", "\u200B"}) {
        EXPECT_EQ(Failure(ValidateText(blank, "name", kMaxNameLength, true)),
                  std::make_pair("name must not be blank"s, "name"s))
            << blank;
    }
    EXPECT_EQ(Failure(ValidateText(" \n ", "note", kMaxNoteLength, true, true)),
              std::make_pair("note must not be blank"s, "note"s));
}

TEST(ValidateTextTest, OptionalAllowsEmptyButNotTooLong) {
    EXPECT_TRUE(ValidateText("", "position", kMaxPositionLength, false).ok());
    EXPECT_TRUE(ValidateText("  ", "position", kMaxPositionLength, false).ok());
    EXPECT_TRUE(ValidateText(Repeat("é", 100), "position", kMaxPositionLength, false).ok());
    EXPECT_EQ(Failure(ValidateText(Repeat("é", 101), "position", kMaxPositionLength, false)),
              std::make_pair("position must be at most 100 characters"s, "position"s));
}

TEST(ValidateTextTest, RejectsControlCharacters) {
    const std::string cases[] = {
        "a\0b"s,      "a\x01"s, "\x1B[31m"s, "a\rb"s, "a\x7F"s,
        "a\xC2\x80"s,           // U+0080, first C1
        "a\xC2\x85"s,           // U+0085 NEL
        "a\xC2\x9F"s,           // U+009F, last C1
        "a\nb"s,      "a\tb"s,  // single-line text
    };
    for (const std::string& text : cases) {
        EXPECT_EQ(Failure(ValidateText(text, "name", kMaxNameLength, true)),
                  std::make_pair("name must not contain control characters"s, "name"s))
            << testing::PrintToString(text);
    }
    EXPECT_TRUE(ValidateText("a\xC2\xA0"
                             "b",
                             "name", kMaxNameLength, true)
                    .ok());  // U+00A0 is just after C1
}

TEST(ValidateTextTest, MultilineAllowsLineBreaksAndTabOnly) {
    EXPECT_TRUE(ValidateText("line one\nline two\tindented", "note", kMaxNoteLength, false, true).ok());
    EXPECT_TRUE(ValidateText("windows\r\nline", "note", kMaxNoteLength, false, true).ok());
    EXPECT_FALSE(ValidateText("windows\r\nline", "name", kMaxNameLength, false).ok());
    EXPECT_FALSE(ValidateText("bell\x07", "note", kMaxNoteLength, false, true).ok());
    EXPECT_FALSE(ValidateText("del\x7F", "note", kMaxNoteLength, false, true).ok());
}

TEST(ValidateTextTest, RejectsInvalidUtf8) {
    EXPECT_EQ(Failure(ValidateText("Zo\xC3", "name", kMaxNameLength, true)),
              std::make_pair("name must be valid UTF-8"s, "name"s));
    EXPECT_EQ(Failure(ValidateText("\xC0\xAF", "note", kMaxNoteLength, false, true)),
              std::make_pair("note must be valid UTF-8"s, "note"s));
}

// --- Email ---------------------------------------------------------------------------

TEST(ValidateEmailTest, AcceptsPlausibleAddresses) {
    for (const char* email :
         {"a@b.co", "first.last+tag@sub.example.org", "Zoë@example.de", "user@例え.jp", "x_y-z@my-host.example"}) {
        EXPECT_TRUE(ValidateEmail(email).ok()) << email;
    }
}

TEST(ValidateEmailTest, RejectsMalformedAddresses) {
    const std::string cases[] = {
        ""s,
        "plain"s,
        "@b.co"s,
        "a@"s,
        "a@b"s,
        "a@@b.co"s,
        "a@b@c.co"s,
        "a@.b.co"s,
        "a@b..co"s,
        "a@b.co."s,
        "a b@c.co"s,
        "a@b .co"s,
        " a@b.co"s,
        "a@b.co\n"s,
        "a@b.co\r\nBcc: x@y.z"s,
        "a\0@b.co"s,
        "a\xC2\xA0@b.co"s,  // no-break space
        "\xC3@b.co"s,       // invalid UTF-8
        "<a@b.co>"s,
        "\"a\"@b.co"s,
        "a,b@c.co"s,
        "a;b@c.co"s,
        "a@[1.2.3.4]"s,
    };
    for (const std::string& email : cases) {
        EXPECT_EQ(Failure(ValidateEmail(email)), std::make_pair("email must be a valid address"s, "email"s))
            << testing::PrintToString(email);
    }
}

TEST(ValidateEmailTest, LocalPartAtMost64Bytes) {
    EXPECT_TRUE(ValidateEmail(std::string(64, 'a') + "@b.co").ok());
    EXPECT_FALSE(ValidateEmail(std::string(65, 'a') + "@b.co").ok());
    EXPECT_FALSE(ValidateEmail(Repeat("é", 33) + "@b.co").ok());  // 33 code points but 66 bytes
}

TEST(ValidateEmailTest, WholeAddressAtMost254) {
    const std::string local(64, 'a');
    const std::string domain_254 = std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(61, 'd');
    const std::string email_254 = local + "@" + domain_254;
    ASSERT_EQ(email_254.size(), 254u);
    EXPECT_TRUE(ValidateEmail(email_254).ok());
    EXPECT_EQ(Failure(ValidateEmail(email_254 + "d")),
              std::make_pair("email must be at most 254 characters"s, "email"s));
}

TEST(ValidateEmailTest, KeyLowersAsciiOnly) {
    EXPECT_EQ(EmailKey("Ana.Lopez@Example.COM"), "ana.lopez@example.com");
    EXPECT_EQ(EmailKey("ZOË@EXAMPLE.DE"), "zoË@example.de");  // non-ASCII kept as typed
    EXPECT_EQ(EmailKey("a@b.co"), "a@b.co");
}

// --- Passwords -----------------------------------------------------------------------

TEST(ValidatePasswordShapeTest, CountsCodePoints) {
    EXPECT_TRUE(ValidatePasswordShape(std::string(12, 'x')).ok());
    EXPECT_TRUE(ValidatePasswordShape(Repeat("é", 12)).ok());   // 24 bytes
    EXPECT_TRUE(ValidatePasswordShape(Repeat("日", 12)).ok());  // 36 bytes
    EXPECT_TRUE(ValidatePasswordShape(Repeat("😀", 12)).ok());   // 48 bytes
    EXPECT_TRUE(ValidatePasswordShape(std::string(128, 'x')).ok());
    EXPECT_TRUE(ValidatePasswordShape(Repeat("😀", 128)).ok());  // 512 bytes
}

TEST(ValidatePasswordShapeTest, RejectsWrongLengths) {
    const auto rule = std::make_pair("password must be 12 to 128 characters"s, "password"s);
    EXPECT_EQ(Failure(ValidatePasswordShape("")), rule);
    EXPECT_EQ(Failure(ValidatePasswordShape(std::string(11, 'x'))), rule);
    EXPECT_EQ(Failure(ValidatePasswordShape(Repeat("日", 11))), rule);  // 33 bytes, still 11 characters
    EXPECT_EQ(Failure(ValidatePasswordShape(Repeat("😀", 11))), rule);
    EXPECT_EQ(Failure(ValidatePasswordShape(std::string(129, 'x'))), rule);
    EXPECT_EQ(Failure(ValidatePasswordShape(Repeat("é", 129))), rule);
}

TEST(ValidatePasswordShapeTest, AnyCharactersButValidUtf8) {
    EXPECT_TRUE(ValidatePasswordShape("  spaces and\ttabs  ").ok());
    EXPECT_TRUE(ValidatePasswordShape("correct horse battery staple").ok());
    EXPECT_EQ(Failure(ValidatePasswordShape(std::string(12, 'x') + "\xFF")),
              std::make_pair("password must be valid UTF-8"s, "password"s));
    EXPECT_FALSE(ValidatePasswordShape(Repeat("\xED\xA0\x80", 12)).ok());  // surrogates
}

// --- Clock times ---------------------------------------------------------------------

TEST(ClockTimeTest, ParsesHoursAndMinutes) {
    EXPECT_EQ(ParseClockTime("00:00"), 0);
    EXPECT_EQ(ParseClockTime("08:05"), 8 * 60 + 5);
    EXPECT_EQ(ParseClockTime("12:30"), 750);
    EXPECT_EQ(ParseClockTime("23:59"), 1439);
}

TEST(ClockTimeTest, RejectsOtherShapes) {
    for (const char* text : {"", "24:00", "12:60", "99:99", "8:05", "08:5", "0805", "08:05:00", "08-05", " 08:05",
                             "08:05 ", "ab:cd", "-1:00", "+8:05", "08:0x", "０８:０５"}) {
        EXPECT_EQ(ParseClockTime(text), std::nullopt) << text;
    }
}

TEST(ClockTimeTest, FormatsAndRoundTripsEveryMinute) {
    EXPECT_EQ(FormatClockTime(0), "00:00");
    EXPECT_EQ(FormatClockTime(485), "08:05");
    EXPECT_EQ(FormatClockTime(1439), "23:59");
    for (int minutes = 0; minutes < 24 * 60; ++minutes) {
        ASSERT_EQ(ParseClockTime(FormatClockTime(minutes)), minutes);
    }
}

}  // namespace
}  // namespace shiftsync
