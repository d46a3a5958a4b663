#pragma once
// The email templates of templates/mail/, compiled into the binary.
//
// Each kind's templates are its body only; layout.txt and layout.html (TextLayout, HtmlLayout)
// wrap every body with the header, the footer and the signature, using organization and subject.
//
// The values each kind's templates use (what a use case passes to MailComposer::Compose;
// organization and recipient_name are filled by the composer, and every value is plain text):
//   invitation        role, link, expires (FormatLocalDateTime)
//   welcome           link
//   security_notice   changed ("password", "email address"), link (where to reset the password)
//   shift_assigned    when, position, note, changes, link
//   shift_changed     when, position, note, changes, link
//   shift_cancelled   when, position, note, changes, link
//   pattern_assigned  days (DescribeWeekDays), period ("from Thu, Apr 1, 2027 to Wed, Jun 30, 2027"), position, link
//   announcement      subject, message
//   password_reset    requested (a sentence: who asked), link (single use: redacted once sent), expires
// Dates and times are in the organisation's zone and locale (domain/display_format.hpp): when
// is FormatShiftTimes ("Mon, Jan 4, 7 AM–3 PM"); changes is DescribeShiftChange (before -> after,
// one line each; empty for a new or cancelled shift that was not handed over); note may be empty.
// templates_tests checks the templates against this list.
#include <memory>

#include "app/ports/mail_templates.hpp"

namespace shiftsync {

// Never fails; the result owns nothing but views into static storage. Thread-safe.
std::unique_ptr<MailTemplates> MakeEmbeddedMailTemplates();

}  // namespace shiftsync
