#pragma once
// The signed-in person (me) and their colleagues (users): reading, editing, removing.
#include <optional>
#include <string>
#include <vector>

#include "app/notifications.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/page.hpp"
#include "domain/user.hpp"

namespace shiftsync {

// A user as the caller may see them: emails are for managers, owners and oneself.
struct PersonView {
    User user;
    bool show_email = false;
};

// `user` as `viewer` may see them: the one rule of who sees an email (managers and owners see
// everyone's, everyone sees their own). Every answer that carries a person is built with it.
PersonView ViewOf(const Principal& viewer, User user);

struct MeUpdate {
    std::optional<std::string> name;
    std::optional<std::string> position;
    std::optional<std::string> email;
    std::optional<std::string> password;
    std::optional<std::string> current_password;  // required to change email or password
    std::optional<bool> email_notifications;      // non-essential email on or off
};

struct PersonUpdate {
    std::optional<std::string> name;
    std::optional<std::string> position;
    std::optional<Role> role;
    std::optional<bool> active;
};

class PeopleService {
public:
    // `notifications` may be null: then no security notice is sent.
    PeopleService(UnitOfWorkFactory& database, const PasswordHasher& hasher, const CommonPasswords& common,
                  const Clock& clock, Notifications* notifications = nullptr);

    Result<PersonView> GetMe(const Principal& principal);
    // Blocking and slow when a password is involved: run on the hashing pool. An employee who
    // sends a position other than their own is refused (kForbidden on "position"), nothing saved.
    Result<PersonView> UpdateMe(const Principal& principal, const MeUpdate& update);
    Status RemoveMe(const Principal& principal, const std::string& current_password);

    // The organisation's people a page at a time, by name, then id (domain/page.hpp).
    Page<PersonView> List(const Principal& principal, bool include_inactive, const PageRequest& page = {});
    Result<PersonView> Get(const Principal& principal, Id user_id);
    Result<PersonView> Update(const Principal& principal, Id user_id, const PersonUpdate& update);
    Status Remove(const Principal& principal, Id user_id);

private:
    UnitOfWorkFactory& database_;
    const PasswordHasher& hasher_;
    const CommonPasswords& common_;
    const Clock& clock_;
    Notifications* notifications_;
};

// Deactivates `user` inside `uow`: ends their sessions and turns their future shifts into
// open shifts. kConflict when they are the last active owner. Does not commit.
Status DeactivatePerson(UnitOfWork& uow, User& user, Instant now);

}  // namespace shiftsync
