#pragma once
// The email templates of templates/mail/, compiled into the binary.
//
// The values each kind's templates use (what a use case passes to MailComposer::Compose;
// organization and recipient_name are filled by the composer, and every value is plain text):
//   invitation        role, link, expires
//   welcome           link
//   security_notice   changed ("password", "email address"), link (where to reset the password)
//   shift_assigned    start, end, position, note, link
//   shift_changed     start, end, position, note, changed ("start and end time"), link
//   shift_cancelled   start, end, position, note, link
//   pattern_assigned  days (DescribeWeekDays), period ("from 2027-04-01 to 2027-06-30"), position, link
//   announcement      subject, message
//   password_reset    requested (a sentence: who asked), link (single use: redacted once sent), expires
// start/end/expires are FormatLocalDateTime in the organisation's zone; note may be empty.
// templates_tests checks the templates against this list.
#include <memory>

#include "app/ports/mail_templates.hpp"

namespace shiftsync {

// Never fails; the result owns nothing but views into static storage. Thread-safe.
std::unique_ptr<MailTemplates> MakeEmbeddedMailTemplates();

}  // namespace shiftsync
