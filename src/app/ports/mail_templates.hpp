#pragma once
// Port for the wording of emails: one plain-text and one HTML template per kind of email.
#include <string_view>

#include "domain/email.hpp"

namespace shiftsync {

// Template syntax (what MailComposer understands):
//   - The first line of Text() is "Subject: <subject template>"; the body follows it.
//   - `{{name}}` is replaced by the value called `name` (letters, digits and '_').
//     Anything else is copied as is; there are no conditionals or loops.
//   - Every email is its kind's body set into the one layout of its part: TextLayout() and
//     HtmlLayout() hold `{{content}}` exactly once, where the rendered body goes, and may use
//     `{{organization}}` and `{{subject}}` (the rendered subject). The header, footer and
//     signature live there, once for all kinds.
// Implementations own the text and keep it alive as long as themselves. Thread-safe (read-only).
class MailTemplates {
public:
    virtual ~MailTemplates() = default;
    virtual std::string_view Text(EmailKind kind) const = 0;
    virtual std::string_view Html(EmailKind kind) const = 0;
    // The default layout is the body alone.
    virtual std::string_view TextLayout() const { return "{{content}}"; }
    virtual std::string_view HtmlLayout() const { return "{{content}}"; }
};

}  // namespace shiftsync
