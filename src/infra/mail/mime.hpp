#pragma once
// Renders an outbox message as the bytes of an RFC 5322 / MIME email, for every transport.
// Pure: no I/O, no clock read (the Date is passed in), deterministic for equal inputs, so a
// redelivered message is byte-identical apart from its Date.
#include <optional>
#include <string>
#include <string_view>

#include "domain/email.hpp"
#include "domain/types.hpp"

namespace shiftsync {

struct MailSender {
    std::string address;  // envelope sender and From address, e.g. "shiftsync@example.com"
};

// True for a plain ASCII addr-spec ("local@domain") that is safe both in a header and in an
// SMTP envelope: no whitespace, control characters, or any of <>()[],;:\" ; one '@'; at most
// 254 characters. Internationalised (non-ASCII) addresses are refused: they need SMTPUTF8.
bool IsSafeMailAddress(std::string_view address);

// Why `message` cannot be rendered (an unsafe sender or recipient address, or an unsafe
// Message-ID), or nullopt when it can. A refusal never succeeds on retry: transports report it
// as DeliveryOutcome::kPermanentFailure. The text names the field, not its value.
std::optional<std::string> FindMimeProblem(const OutboxMessage& message, const MailSender& sender);

// The whole message, CRLF line endings, ready for SMTP DATA or an .eml file:
// From: from_name <sender.address>, To: to_name <to_address>, Subject, Date (RFC 5322, +0000),
// Message-ID, MIME-Version, and a multipart/alternative body with a text/plain and a text/html
// part (UTF-8, base64). Names and subject lose CR, LF and other control characters (so nothing
// in them can start a header) and become RFC 2047 encoded-words when not plain ASCII. Every
// header line is at most 998 characters; the bodies' line breaks become CRLF.
// REQUIRES: !FindMimeProblem(message, sender). Throws std::invalid_argument otherwise, rather
// than emit a header an attacker could have shaped.
std::string RenderMime(const OutboxMessage& message, const MailSender& sender, Instant date);

// Helpers shared with the tests; exposed because they are contracts of their own.

// RFC 5322 date-time in UTC: "Wed, 04 Mar 2026 12:00:00 +0000".
std::string FormatRfc5322Date(Instant instant);

// Standard base64 (RFC 4648, padded); with `line_length` > 0, CRLF after every that many
// characters and at the end.
std::string Base64Encode(std::string_view bytes, std::size_t line_length = 0);

// Inverse of Base64Encode; skips CR/LF and other whitespace. Nullopt on any other character.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace shiftsync
