#include "http/json/time_format.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace shiftsync::http {
namespace {

constexpr std::array<std::string_view, 7> kIsoWeekdays = {"monday", "tuesday",  "wednesday", "thursday",
                                                          "friday", "saturday", "sunday"};

// Reads exactly `width` digits at `pos`.
std::optional<int> Digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

std::optional<Date> ParseDate(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    auto y = Digits(text, 0, 4), m = Digits(text, 5, 2), d = Digits(text, 8, 2);
    if (!y || !m || !d || *y < 1900 || *y > 9999) return std::nullopt;
    Date date{std::chrono::year{*y}, std::chrono::month{static_cast<unsigned>(*m)},
              std::chrono::day{static_cast<unsigned>(*d)}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string FormatDate(Date date) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

std::optional<Instant> ParseInstant(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)
    if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return std::nullopt;
    auto date = ParseDate(text.substr(0, 10));
    if (!date || text[13] != ':' || text[16] != ':') return std::nullopt;
    auto hh = Digits(text, 11, 2), mm = Digits(text, 14, 2), ss = Digits(text, 17, 2);
    if (!hh || !mm || !ss || *hh > 23 || *mm > 59 || *ss > 59) return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        std::size_t digits = 0;
        for (++pos; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos) ++digits;
        if (digits == 0 || digits > 9) return std::nullopt;
    }
    std::chrono::minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z') && pos + 1 == text.size()) {
        // UTC
    } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-') && text[pos + 3] == ':') {
        auto oh = Digits(text, pos + 1, 2), om = Digits(text, pos + 4, 2);
        if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
        offset = std::chrono::hours{*oh} + std::chrono::minutes{*om};
        if (text[pos] == '-') offset = -offset;
    } else {
        return std::nullopt;
    }
    const auto local =
        std::chrono::sys_days{*date} + std::chrono::hours{*hh} + std::chrono::minutes{*mm} + std::chrono::seconds{*ss};
    return std::chrono::time_point_cast<std::chrono::seconds>(local - offset);
}

std::string FormatInstant(Instant instant) {
    const auto day = std::chrono::floor<std::chrono::days>(instant);
    const Date date{day};
    const std::chrono::hh_mm_ss time{instant - day};
    return fmt::format("{}T{:02}:{:02}:{:02}Z", FormatDate(date), time.hours().count(), time.minutes().count(),
                       time.seconds().count());
}

std::optional<std::chrono::weekday> ParseWeekday(std::string_view name) {
    for (std::size_t i = 0; i < kIsoWeekdays.size(); ++i)
        if (kIsoWeekdays[i] == name) return std::chrono::weekday{static_cast<unsigned>((i + 1) % 7)};
    return std::nullopt;
}

std::string_view WeekdayName(std::chrono::weekday day) { return kIsoWeekdays[(day.c_encoding() + 6) % 7]; }

std::string_view IsoWeekdayName(int index) { return kIsoWeekdays.at(index); }

}  // namespace shiftsync::http
