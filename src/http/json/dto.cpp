#include "http/json/dto.hpp"

#include <fmt/format.h>

#include "domain/validation.hpp"
#include "http/json/body_reader.hpp"
#include "http/json/time_format.hpp"

namespace shiftsync::http {
namespace json = boost::json;

namespace {
json::value IdOrNull(const std::optional<Id>& id) { return id ? json::value(*id) : json::value(nullptr); }

// Whole hours as integers ("hours": 23), others as decimals ("hours": 7.5).
json::value Hours(std::chrono::seconds duration) {
    if (duration.count() % 3600 == 0) return json::value(static_cast<std::int64_t>(duration.count() / 3600));
    return json::value(static_cast<double>(duration.count()) / 3600.0);
}
}  // namespace

json::value PictureUrlJson(const User& user) {
    if (!user.picture_id) return nullptr;
    // The version in the URL lets browsers cache it for good: a new picture is a new URL.
    return json::value(fmt::format("/api/v1/users/{}/picture?v={}", user.id, *user.picture_id));
}

json::object UserJson(const PersonView& person) {
    const User& user = person.user;
    json::object out;
    out["id"] = user.id;
    out["name"] = user.name;
    if (person.show_email) {
        out["email"] = user.email;
        out["email_notifications"] = user.email_notifications;
    }
    out["position"] = user.position;
    out["role"] = RoleName(user.role);
    out["active"] = user.active;
    out["picture_url"] = PictureUrlJson(user);
    out["created_at"] = FormatInstant(user.created_at);
    return out;
}

json::object OrganizationJson(const Organization& org) {
    json::object out;
    out["id"] = org.id;
    out["name"] = org.name;
    out["time_zone"] = org.time_zone;
    out["week_start"] = WeekdayName(org.week_start);
    out["locale"] = org.locale;
    return out;
}

json::object ShiftJson(const Shift& shift) {
    json::object out;
    out["id"] = shift.id;
    out["user_id"] = IdOrNull(shift.user_id);
    out["start"] = FormatInstant(shift.start);
    out["end"] = FormatInstant(shift.end);
    out["position"] = shift.position;
    out["note"] = shift.note;
    out["pattern_id"] = IdOrNull(shift.pattern_id);
    return out;
}

json::object PatternJson(const WeeklyPattern& pattern) {
    json::object days;
    for (int i = 0; i < 7; ++i) {
        const auto& day = pattern.days[i];
        if (!day) {
            days[IsoWeekdayName(i)] = nullptr;
            continue;
        }
        days[IsoWeekdayName(i)] =
            json::object{{"start", FormatClockTime(day->start.minutes)}, {"end", FormatClockTime(day->end.minutes)}};
    }
    json::object out;
    out["id"] = pattern.id;
    out["user_id"] = pattern.user_id;
    out["start_date"] = FormatDate(pattern.start_date);
    out["end_date"] = FormatDate(pattern.end_date);
    out["days"] = std::move(days);
    out["position"] = pattern.position;
    out["created_at"] = FormatInstant(pattern.created_at);
    return out;
}

json::object InvitationJson(const Invitation& invitation) {
    json::object out;
    out["id"] = invitation.id;
    out["email"] = invitation.email;
    out["role"] = RoleName(invitation.role);
    out["position"] = invitation.position;
    out["invited_by"] = invitation.invited_by;
    out["created_at"] = FormatInstant(invitation.created_at);
    out["expires_at"] = FormatInstant(invitation.expires_at);
    return out;
}

json::value NextCursorJson(const std::optional<std::string>& next_cursor) {
    if (!next_cursor) return nullptr;
    return json::value(*next_cursor);
}

json::object OutboxJson(const OutboxMessage& message) {
    json::object out;
    out["id"] = message.id;
    out["kind"] = EmailKindName(message.kind);
    out["to"] = message.to_address;
    out["recipient_user_id"] = IdOrNull(message.recipient_user_id);
    out["subject"] = message.subject;
    out["status"] = OutboxStatusName(message.status);
    out["attempts"] = message.attempts;
    out["last_error"] = message.last_error.empty() ? json::value(nullptr) : json::value(message.last_error);
    out["created_at"] = FormatInstant(message.created_at);
    out["next_attempt_at"] = message.status == OutboxStatus::kPending
                                 ? json::value(FormatInstant(message.next_attempt_at))
                                 : json::value(nullptr);
    out["sent_at"] = message.sent_at ? json::value(FormatInstant(*message.sent_at)) : json::value(nullptr);
    out["body"] = OutboxBodyName(message.body);  // kept | redacted (its link, once delivered) | purged (retention)
    return out;
}

json::object ScheduleJson(const ScheduleView& view) {
    const Schedule& schedule = view.schedule;
    json::array days;
    for (const ScheduleDay& day : schedule.week.days)
        days.push_back(json::object{{"date", FormatDate(day.date)},
                                    {"start", FormatInstant(day.start)},
                                    {"end", FormatInstant(day.end)},
                                    {"hours", Hours(day.end - day.start)}});
    auto shifts_by_day = [](const std::array<std::vector<const Shift*>, 7>& by_day) {
        json::array out;
        for (const auto& shifts : by_day) {
            json::array list;
            for (const Shift* shift : shifts) list.push_back(ShiftJson(*shift));
            out.push_back(std::move(list));
        }
        return out;
    };
    json::array employees;
    for (const PersonWeek& person : schedule.people) {
        const User& user = *person.user;
        json::object row;
        row["id"] = user.id;
        row["name"] = user.name;
        row["position"] = user.position;
        row["role"] = RoleName(user.role);
        row["picture_url"] = PictureUrlJson(user);
        row["days"] = shifts_by_day(person.shifts_by_day);
        row["hours"] = Hours(person.total);
        row["latest_pattern"] =
            person.latest_pattern ? json::value(PatternJson(*person.latest_pattern)) : json::value(nullptr);
        employees.push_back(std::move(row));
    }
    json::object out;
    out["week_start"] = FormatDate(schedule.week.days.front().date);
    out["time_zone"] = view.organization.time_zone;
    out["days"] = std::move(days);
    out["employees"] = std::move(employees);
    out["open_shifts"] = shifts_by_day(schedule.open_by_day);
    return out;
}

WeekDays ReadDays(const json::object& days, BodyReader& parent) {
    WeekDays result;
    BodyReader reader(days, "days.");
    for (int i = 0; i < 7; ++i) {
        const std::string_view name = IsoWeekdayName(i);
        const json::object* day = reader.OptionalObject(name, true);
        if (day == nullptr) continue;
        BodyReader times(*day, "days." + std::string(name) + ".");
        const std::string start = times.String("start");
        const std::string end = times.String("end");
        if (auto s = times.Finish(); !s) {
            parent.Fail(s.error());
            continue;
        }
        auto start_minutes = ParseClockTime(start);
        auto end_minutes = ParseClockTime(end);
        if (!start_minutes || !end_minutes) {
            parent.Fail(Error::Invalid("times are HH:MM between 00:00 and 23:59",
                                       "days." + std::string(name) + (start_minutes ? ".end" : ".start")));
            continue;
        }
        result[i] = DayTimes{LocalTime{*start_minutes}, LocalTime{*end_minutes}};
    }
    if (auto s = reader.Finish(); !s) parent.Fail(s.error());
    return result;
}

}  // namespace shiftsync::http
