#pragma once
// Which emails each change causes, and to whom. Every function enqueues into the caller's
// unit of work, so the email is committed with the change or not at all (the transactional
// outbox); the mail worker delivers it later. Non-essential emails honour the recipient's
// email_notifications preference; changes to shifts that have already started send nothing.
// Dates and times are written in the organisation's zone and locale, as the app shows them.
#include <optional>
#include <string>

#include "app/mail_composer.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "domain/invitation.hpp"
#include "domain/organization.hpp"
#include "domain/shift.hpp"
#include "domain/user.hpp"
#include "domain/weekly_pattern.hpp"

namespace shiftsync {

class Notifications {
public:
    // Keeps references; all must outlive it. Thread-safe (each call works in the caller's uow).
    // `app_url` is where people open Shift-Sync (the public URL); emails link to it.
    Notifications(MailComposer& composer, const TimeZones& zones, const Clock& clock, std::string app_url);

    void Invitation(UnitOfWork& uow, const Organization& org, const shiftsync::Invitation& invitation,
                    const std::string& link, const std::string& inviter_name);
    void Welcome(UnitOfWork& uow, const Organization& org, const User& user);
    // `what` is "password" or "email address"; sent to the current address and, when the
    // address changed, to `previous_address` too (so a hijacked account is noticed).
    void SecurityNotice(UnitOfWork& uow, const Organization& org, const User& user, const std::string& what,
                        const std::string& previous_address);
    // A single-use link to choose a new password, valid until `expires_at`. `sender_name` is the
    // manager or owner who sent it, empty when the person asked for it themselves.
    void PasswordReset(UnitOfWork& uow, const Organization& org, const User& user, const std::string& link,
                       Instant expires_at, const std::string& sender_name);
    void ShiftAssigned(UnitOfWork& uow, const Organization& org, const User& user, const Shift& shift);
    void ShiftChanged(UnitOfWork& uow, const Organization& org, const User& user, const Shift& before,
                      const Shift& after);
    void ShiftCancelled(UnitOfWork& uow, const Organization& org, const User& user, const Shift& shift);
    // A shift given to someone else (or opened, or taken from the open ones): cancelled for
    // `from`, assigned to `to` (either may be empty), both saying what changed (the person, and
    // anything else that changed with it).
    void ShiftHandedOver(UnitOfWork& uow, const Organization& org, const std::optional<User>& from,
                         const std::optional<User>& to, const Shift& before, const Shift& after);
    void PatternAssigned(UnitOfWork& uow, const Organization& org, const User& user, const WeeklyPattern& pattern,
                         bool changed);
    // A manager's message. Returns the outbox id, or 0 when the recipient opted out.
    Id Announcement(UnitOfWork& uow, const Organization& org, const User& user, const std::string& subject,
                    const std::string& message);

private:
    void ShiftEmail(UnitOfWork& uow, EmailKind kind, const Organization& org, const User& user, const Shift& shift,
                    const std::string& changes = {});
    Id Enqueue(UnitOfWork& uow, EmailKind kind, const Organization& org, const Recipient& to,
               const std::map<std::string, std::string>& values);
    static bool Wants(const User& user, EmailKind kind);

    MailComposer& composer_;
    const TimeZones& zones_;
    const Clock& clock_;
    std::string app_url_;
};

}  // namespace shiftsync
