#include "app/notifications.hpp"

#include <cstdio>

#include "app/organization_zone.hpp"
#include "domain/role.hpp"
#include "domain/validation.hpp"

namespace shiftsync {
namespace {

Recipient To(const User& user) { return Recipient{user.id, user.name, user.email}; }

DisplayLocale LocaleOf(const Organization& org) { return LocaleOrDefault(org.locale); }

}  // namespace

Notifications::Notifications(MailComposer& composer, const TimeZones& zones, const Clock& clock, std::string app_url)
    : composer_(composer), zones_(zones), clock_(clock), app_url_(std::move(app_url)) {}

bool Notifications::Wants(const User& user, EmailKind kind) { return IsEssential(kind) || user.email_notifications; }

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
             {"expires", FormatLocalDateTime(invitation.expires_at, ZoneOf(org, zones_), LocaleOf(org))}});
}

void Notifications::Welcome(UnitOfWork& uow, const Organization& org, const User& user) {
    Enqueue(uow, EmailKind::kWelcome, org, To(user),
            {{"role", std::string(RoleName(user.role))}, {"position", user.position}});
}

void Notifications::SecurityNotice(UnitOfWork& uow, const Organization& org, const User& user, const std::string& what,
                                   const std::string& previous_address) {
    const std::map<std::string, std::string> values{{"changed", what}};
    Enqueue(uow, EmailKind::kSecurityNotice, org, To(user), values);
    if (!previous_address.empty() && EmailKey(previous_address) != EmailKey(user.email))
        Enqueue(uow, EmailKind::kSecurityNotice, org, Recipient{user.id, user.name, previous_address}, values);
}

void Notifications::PasswordReset(UnitOfWork& uow, const Organization& org, const User& user, const std::string& link,
                                  Instant expires_at, const std::string& sender_name) {
    const std::string requested =
        sender_name.empty()
            ? "Someone, hopefully you, asked to reset the password of your Shift-Sync account at " + org.name + "."
            : sender_name + " sent you a link to choose a new password for your Shift-Sync account at " + org.name +
                  ".";
    Enqueue(uow, EmailKind::kPasswordReset, org, To(user),
            {{"link", link},
             {"requested", requested},
             {"expires", FormatLocalDateTime(expires_at, ZoneOf(org, zones_), LocaleOf(org))}});
}

void Notifications::ShiftEmail(UnitOfWork& uow, EmailKind kind, const Organization& org, const User& user,
                               const Shift& shift, const std::string& changes) {
    if (shift.start <= clock_.Now() || !Wants(user, kind)) return;  // the past is not news
    Enqueue(uow, kind, org, To(user),
            {{"when", FormatShiftTimes(shift, ZoneOf(org, zones_), LocaleOf(org))},
             {"position", shift.position},
             {"note", shift.note},
             {"changes", changes}});
}

void Notifications::ShiftAssigned(UnitOfWork& uow, const Organization& org, const User& user, const Shift& shift) {
    ShiftEmail(uow, EmailKind::kShiftAssigned, org, user, shift);
}
void Notifications::ShiftChanged(UnitOfWork& uow, const Organization& org, const User& user, const Shift& before,
                                 const Shift& after) {
    // A shift moved out of the past into the future is news; one already started is not.
    if (before.start <= clock_.Now() && after.start <= clock_.Now()) return;
    const std::string changes =
        DescribeShiftChange(before, after, ShiftHolders{user.name, user.name}, ZoneOf(org, zones_), LocaleOf(org));
    ShiftEmail(uow, EmailKind::kShiftChanged, org, user, after, changes);
}
void Notifications::ShiftCancelled(UnitOfWork& uow, const Organization& org, const User& user, const Shift& shift) {
    ShiftEmail(uow, EmailKind::kShiftCancelled, org, user, shift);
}
void Notifications::ShiftHandedOver(UnitOfWork& uow, const Organization& org, const std::optional<User>& from,
                                    const std::optional<User>& to, const Shift& before, const Shift& after) {
    const ShiftHolders holders{from ? from->name : "", to ? to->name : ""};
    const std::string changes = DescribeShiftChange(before, after, holders, ZoneOf(org, zones_), LocaleOf(org));
    if (from) ShiftEmail(uow, EmailKind::kShiftCancelled, org, *from, before, changes);
    if (to) ShiftEmail(uow, EmailKind::kShiftAssigned, org, *to, after, changes);
}

void Notifications::PatternAssigned(UnitOfWork& uow, const Organization& org, const User& user,
                                    const WeeklyPattern& pattern, bool changed) {
    if (!Wants(user, EmailKind::kPatternAssigned)) return;
    Enqueue(uow, EmailKind::kPatternAssigned, org, To(user),
            {{"days", DescribeWeekDays(pattern.days, LocaleOf(org))},
             {"period", "from " + FormatDate(pattern.start_date, LocaleOf(org)) + " to " +
                            FormatDate(pattern.end_date, LocaleOf(org))},
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
