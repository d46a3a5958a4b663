#pragma once
// Renders an email from its templates into an outbox row, ready for OutboxRepository::Enqueue
// in the use case's own unit of work. Pure apart from drawing the Message-ID token.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "app/ports/mail_templates.hpp"
#include "app/ports/system.hpp"
#include "domain/display_format.hpp"
#include "domain/email.hpp"
#include "domain/organization.hpp"
#include "domain/shift.hpp"
#include "domain/time_zone.hpp"
#include "domain/types.hpp"
#include "domain/weekly_pattern.hpp"

namespace shiftsync {

struct Recipient {
    std::optional<Id> user_id;  // empty for an invited address that is not a user yet
    std::string name;           // may be empty (invitations)
    std::string address;
};

class MailComposer {
public:
    // Keeps references to `templates` and `random`: both must outlive the composer.
    // `message_id_domain` is the right-hand side of every Message-ID (e.g. "mail.example.com").
    MailComposer(const MailTemplates& templates, RandomSource& random, std::string message_id_domain);

    // A pending outbox message (id 0, attempts 0, due at `now`, created at `now`) from `org` to `to`.
    //   - `{{organization}}` and `{{recipient_name}}` default to org.name and to.name; `values`
    //     may override them and supplies every other placeholder the kind's templates use.
    //   - Values are inserted as plain text in the text part and the subject, HTML-escaped in
    //     the HTML part; inserted values are never scanned for placeholders again, so user
    //     input cannot inject one. Line breaks in the subject become spaces (no header injection).
    //   - The subject is the first line of the text template (after "Subject: "); the text body
    //     is the rest, without the blank line that separates them.
    // REQUIRES: every placeholder of the kind's templates has a value (a programmer error:
    // asserted; release builds leave it empty). Thread-safe if `random` is.
    OutboxMessage Compose(EmailKind kind, const Organization& org, Recipient to,
                          const std::map<std::string, std::string>& values, Instant now);

private:
    const MailTemplates& templates_;
    RandomSource& random_;
    std::string message_id_domain_;
};

// "Mon, Mar 29, 8 AM" (en-US): the wall time at `instant` in `zone`, as the app writes it.
std::string FormatLocalDateTime(Instant instant, const TimeZone& zone, DisplayLocale locale);

// "Mon, Mar 29, 8 AM–4 PM", "Sat, Apr 3, 10 PM–6 AM (next day)": a shift in `zone` (FormatTimeRange).
std::string FormatShiftTimes(const Shift& shift, const TimeZone& zone, DisplayLocale locale);

// "Monday 8 AM–5 PM, Saturday 10 PM–6 AM (next day)": the set days of a weekly pattern in ISO
// order (Monday first). Empty when no day is set.
std::string DescribeWeekDays(const WeekDays& days, DisplayLocale locale);

// Who held a shift before and after a change, by name; empty for an open shift.
struct ShiftHolders {
    std::string before;
    std::string after;
};

// What a change did to a shift, one line per thing that differs, before -> after (U+2192):
//   "Person: Emma → Ella", "Time: Tue, Mar 10, 8 AM–4 PM → Tue, Mar 10, 9 AM–5 PM",
//   "Position: Baker → Cashier", "Note: (none) → Bring keys".
// A note's line breaks become spaces; an empty text is "(none)", nobody is "open shift".
// Empty when nothing differs.
std::string DescribeShiftChange(const Shift& before, const Shift& after, const ShiftHolders& holders,
                                const TimeZone& zone, DisplayLocale locale);

// "&", "<", ">", '"' and '\'' as HTML entities; everything else unchanged.
std::string EscapeHtml(std::string_view text);

}  // namespace shiftsync
