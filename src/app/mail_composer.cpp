#include "app/mail_composer.hpp"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <chrono>
#include <utility>
#include <vector>

namespace shiftsync {
namespace {

enum class Escaping { kNone, kHtml };

bool IsNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// One pass over the template: inserted values are never rescanned, so a value that contains
// "{{x}}" stays literal text.
std::string Substitute(std::string_view tmpl, const std::map<std::string, std::string>& values, Escaping escaping) {
    std::string out;
    out.reserve(tmpl.size() + 64);
    std::size_t pos = 0;
    while (pos < tmpl.size()) {
        const std::size_t open = tmpl.find("{{", pos);
        if (open == std::string_view::npos) break;
        const std::size_t close = tmpl.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        const std::string_view name = tmpl.substr(open + 2, close - open - 2);
        bool is_placeholder = !name.empty();
        for (char c : name) is_placeholder = is_placeholder && IsNameChar(c);
        if (!is_placeholder) {  // "{{" that is not a placeholder (CSS, prose): copy it as is
            out.append(tmpl.substr(pos, open + 2 - pos));
            pos = open + 2;
            continue;
        }
        out.append(tmpl.substr(pos, open - pos));
        const auto value = values.find(std::string(name));
        assert(value != values.end() && "a template placeholder has no value");
        if (value != values.end()) {
            out.append(escaping == Escaping::kHtml ? EscapeHtml(value->second) : value->second);
        }
        pos = close + 2;
    }
    out.append(tmpl.substr(pos));
    return out;
}

// `layout` with its one "{{content}}" replaced by `content` as it is (already rendered, and
// escaped where it needs to be); the layout's own placeholders are filled from `values`.
std::string InLayout(std::string_view layout, const std::string& content,
                     const std::map<std::string, std::string>& values, Escaping escaping) {
    constexpr std::string_view kContent = "{{content}}";
    const std::size_t at = layout.find(kContent);
    assert(at != std::string_view::npos && "a mail layout has {{content}}");
    if (at == std::string_view::npos) return content;
    return Substitute(layout.substr(0, at), values, escaping) + content +
           Substitute(layout.substr(at + kContent.size()), values, escaping);
}

std::string OneLine(std::string text) {
    for (char& c : text) {
        if (c == '\r' || c == '\n') c = ' ';
    }
    return text;
}

struct SplitText {
    std::string_view subject;
    std::string_view body;
};

SplitText SplitSubject(std::string_view text) {
    constexpr std::string_view kPrefix = "Subject:";
    const std::size_t eol = text.find('\n');
    std::string_view first = text.substr(0, eol);
    std::string_view rest = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
    assert(first.starts_with(kPrefix) && "a text template starts with \"Subject: \"");
    if (first.starts_with(kPrefix)) first.remove_prefix(kPrefix.size());
    while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
    if (rest.starts_with("\r\n")) {
        rest.remove_prefix(2);
    } else if (rest.starts_with('\n')) {
        rest.remove_prefix(1);
    }
    return {first, rest};
}

}  // namespace

MailComposer::MailComposer(const MailTemplates& templates, RandomSource& random, std::string message_id_domain)
    : templates_(templates), random_(random), message_id_domain_(std::move(message_id_domain)) {}

OutboxMessage MailComposer::Compose(EmailKind kind, const Organization& org, Recipient to,
                                    const std::map<std::string, std::string>& values, Instant now) {
    std::map<std::string, std::string> all = values;
    all.emplace("organization", org.name);  // emplace keeps a caller's value
    all.emplace("recipient_name", to.name);

    const SplitText text = SplitSubject(templates_.Text(kind));
    OutboxMessage message;
    message.organization_id = org.id;
    message.kind = kind;
    message.recipient_user_id = to.user_id;
    message.to_address = std::move(to.address);
    message.to_name = std::move(to.name);
    message.from_name = org.name;
    message.subject = OneLine(Substitute(text.subject, all, Escaping::kNone));
    all.emplace("subject", message.subject);  // for the layouts' <title>
    message.text_body =
        InLayout(templates_.TextLayout(), Substitute(text.body, all, Escaping::kNone), all, Escaping::kNone);
    const std::string html = Substitute(templates_.Html(kind), all, Escaping::kHtml);
    message.html_body = InLayout(templates_.HtmlLayout(), html, all, Escaping::kHtml);
    // 16 bytes: collisions are out of the question, and the id reveals nothing about the row.
    message.message_id = fmt::format("<{}@{}>", random_.Token(16), message_id_domain_);
    message.carries_secret = CarriesSecret(kind);  // redacted once delivered
    message.status = OutboxStatus::kPending;
    message.attempts = 0;
    message.next_attempt_at = now;
    message.created_at = now;
    return message;
}

std::string FormatLocalDateTime(Instant instant, const TimeZone& zone, DisplayLocale locale) {
    return FormatDateTime(zone.ToLocal(instant), locale);
}

std::string FormatShiftTimes(const Shift& shift, const TimeZone& zone, DisplayLocale locale) {
    return FormatTimeRange(zone.ToLocal(shift.start), zone.ToLocal(shift.end), locale);
}

std::string DescribeWeekDays(const WeekDays& days, DisplayLocale locale) {
    static constexpr std::array<const char*, 7> kNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                          "Friday", "Saturday", "Sunday"};
    std::string out;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (!days[i]) continue;
        if (!out.empty()) out += ", ";
        // U+2013 EN DASH between the times, as the app writes them: "8 AM–5 PM".
        out += fmt::format("{} {}\u2013{}", kNames[i], FormatClock(days[i]->start, locale),
                           FormatClock(days[i]->end, locale));
        if (days[i]->end.minutes <= days[i]->start.minutes) out += " (next day)";
    }
    return out;
}

std::string DescribeShiftChange(const Shift& before, const Shift& after, const ShiftHolders& holders,
                                const TimeZone& zone, DisplayLocale locale) {
    const auto or_none = [](const std::string& text) { return text.empty() ? std::string("(none)") : text; };
    const auto or_open = [](const std::string& name) { return name.empty() ? std::string("open shift") : name; };
    std::vector<std::string> lines;
    // U+2192 RIGHTWARDS ARROW between before and after.
    if (before.user_id != after.user_id)
        lines.push_back(fmt::format("Person: {} \u2192 {}", or_open(holders.before), or_open(holders.after)));
    if (before.start != after.start || before.end != after.end)
        lines.push_back(fmt::format("Time: {} \u2192 {}", FormatShiftTimes(before, zone, locale),
                                    FormatShiftTimes(after, zone, locale)));
    if (before.position != after.position)
        lines.push_back(fmt::format("Position: {} \u2192 {}", or_none(before.position), or_none(after.position)));
    if (before.note != after.note)
        lines.push_back(fmt::format("Note: {} \u2192 {}", or_none(OneLine(before.note)), or_none(OneLine(after.note))));
    return fmt::format("{}", fmt::join(lines, "\n"));
}

std::string EscapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace shiftsync
