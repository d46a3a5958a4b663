#include "app/notifications.hpp"

#include <cstdio>

#include "app/organization_zone.hpp"
#include "domain/role.hpp"
#include "domain/validation.hpp"

namespace shiftsync {
namespace {

Recipient To(const User& user) { return Recipient{user.id, user.name, user.email}; }

std::string FormatDateText(Date date) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

}  // namespace

Notifications::Notifications(MailComposer& composer, const TimeZones& zones, const Clock& clock, std::string app_url)
    : composer_(composer), zones_(zones), clock_(clock), app_url_(std::move(app_url)) {}

bool Notifications::Wants(const User& user, EmailKind kind) {
    return IsEssential(kind) || user.email_notifications;
}

Id Notifications::Enqueue(UnitOfWork& uow, EmailKind kind, const Organization& org, const Recipient& to,
                          const std::map<std::string, std::string>& values) {
    std::map<std::string, std::string> all = values;
    all.emplace("link", app_url_);  // every email links to the app unless it has a link of its own
    return uow.outbox().Enqueue(composer_.Compose(kind, org, to, all, clock_.Now()));
}

void Notifications::Invitation(UnitOfWork& uow, const Organization& org, const shiftsync::Invitation& invitation,
                               const std::string& link, const std::string& inviter_name) {
    Enqueue(uow, EmailKind::kInvitation, org, Recipient{std::nullopt, "", invitation.email},
            {{"link", link},
             {"role", std::string(RoleName(invitation.role))},
             {"inviter", inviter_name},
             {"position", invitation.position},
             {"expires", FormatLocalDateTime(invitation.expires_at, ZoneOf(org, zones_))}});
}

void Notifications::Welcome(UnitOfWork& uow, const Organization& org, const User& user) {
    Enqueue(uow, EmailKind::kWelcome, org, To(user),
            {{"role", std::string(RoleName(user.role))}, {"position", user.position}});
}

void Notifications::SecurityNotice(UnitOfWork& uow, const Organization& org, const User& user,
                                   const std::string& what, const std::string& previous_address) {
    const std::map<std::string, std::string> values{{"changed", what}};
    Enqueue(uow, EmailKind::kSecurityNotice, org, To(user), values);
    if (!previous_address.empty() && EmailKey(previous_address) != EmailKey(user.email))
        Enqueue(uow, EmailKind::kSecurityNotice, org, Recipient{user.id, user.name, previous_address}, values);
}

void Notifications::ShiftEmail(UnitOfWork& uow, EmailKind kind, const Organization& org, const User& user,
                               const Shift& shift, const std::string& changed) {
    if (shift.start <= clock_.Now() || !Wants(user, kind)) return;  // the past is not news
    const TimeZone& zone = ZoneOf(org, zones_);
    Enqueue(uow, kind, org, To(user),
            {{"start", FormatLocalDateTime(shift.start, zone)},
             {"end", FormatLocalDateTime(shift.end, zone)},
             {"position", shift.position},
             {"note", shift.note},
             {"changed", changed}});
}

void Notifications::ShiftAssigned(UnitOfWork& uow, const Organization& org, const User& user, const Shift& shift) {
    ShiftEmail(uow, EmailKind::kShiftAssigned, org, user, shift);
}
void Notifications::ShiftChanged(UnitOfWork& uow, const Organization& org, const User& user, const Shift& before,
                                 const Shift& after) {
    const bool new_times = before.start != after.start || before.end != after.end;
    // A shift moved out of the past into the future is news; one already started is not.
    if (before.start <= clock_.Now() && after.start <= clock_.Now()) return;
    ShiftEmail(uow, EmailKind::kShiftChanged, org, user, after, new_times ? "new times" : "new details");
}
void Notifications::ShiftCancelled(UnitOfWork& uow, const Organization& org, const User& user, const Shift& shift) {
    ShiftEmail(uow, EmailKind::kShiftCancelled, org, user, shift);
}

void Notifications::PatternAssigned(UnitOfWork& uow, const Organization& org, const User& user,
                                    const WeeklyPattern& pattern, bool changed) {
    if (!Wants(user, EmailKind::kPatternAssigned)) return;
    Enqueue(uow, EmailKind::kPatternAssigned, org, To(user),
            {{"days", DescribeWeekDays(pattern.days)},
             {"period", FormatDateText(pattern.start_date) + " to " + FormatDateText(pattern.end_date)},
             {"position", pattern.position},
             {"changed", changed ? "changed" : "assigned"},
             {"time_zone", org.time_zone}});
}

Id Notifications::Announcement(UnitOfWork& uow, const Organization& org, const User& user, const std::string& subject,
                               const std::string& message) {
    if (!Wants(user, EmailKind::kAnnouncement)) return 0;
    return Enqueue(uow, EmailKind::kAnnouncement, org, To(user), {{"subject", subject}, {"message", message}});
}

}  // namespace shiftsync
