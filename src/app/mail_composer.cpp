#include "app/mail_composer.hpp"

#include <fmt/format.h>

#include <array>
#include <cassert>
#include <chrono>
#include <utility>

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

std::string HoursMinutes(int minutes) { return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60); }

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
    message.text_body = Substitute(text.body, all, Escaping::kNone);
    message.html_body = Substitute(templates_.Html(kind), all, Escaping::kHtml);
    // 16 bytes: collisions are out of the question, and the id reveals nothing about the row.
    message.message_id = fmt::format("<{}@{}>", random_.Token(16), message_id_domain_);
    message.carries_secret = CarriesSecret(kind);  // redacted once delivered
    message.status = OutboxStatus::kPending;
    message.attempts = 0;
    message.next_attempt_at = now;
    message.created_at = now;
    return message;
}

std::string FormatLocalDateTime(Instant instant, const TimeZone& zone) {
    static constexpr std::array<const char*, 7> kShortNames = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    const LocalSeconds local = zone.ToLocal(instant);
    const Date date = LocalDateOf(local);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - LocalMidnight(date)).count();
    return fmt::format("{} {:04}-{:02}-{:02} {}", kShortNames[IsoWeekdayIndex(date)], static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       HoursMinutes(static_cast<int>(minutes)));
}

std::string DescribeWeekDays(const WeekDays& days) {
    static constexpr std::array<const char*, 7> kNames = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                          "Friday", "Saturday", "Sunday"};
    std::string out;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (!days[i]) continue;
        if (!out.empty()) out += ", ";
        // U+2013 EN DASH between the times, as in "08:00–17:00".
        out += fmt::format("{} {}\u2013{}", kNames[i], HoursMinutes(days[i]->start.minutes),
                           HoursMinutes(days[i]->end.minutes));
        if (days[i]->end.minutes <= days[i]->start.minutes) out += " (next day)";
    }
    return out;
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
