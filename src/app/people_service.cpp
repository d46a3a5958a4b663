#include "app/people_service.hpp"

#include "app/password_policy.hpp"
#include "domain/validation.hpp"

namespace shiftsync {
namespace {

Error EmailTakenOr(Error error) {
    if (error.code == ErrorCode::kConflict)
        return {ErrorCode::kEmailTaken, "this email is already registered", "email"};
    return error;
}

// Locks the organisation's people first: two owners removing or demoting each other at once
// must not both see the other as still there (PostgreSQL runs writers side by side).
bool IsLastOwner(UnitOfWork& uow, const User& user) {
    if (user.role != Role::kOwner || !user.active) return false;
    uow.LockOrganization(user.organization_id);
    return uow.users().CountActiveOwners(user.organization_id) <= 1;
}

}  // namespace

Status DeactivatePerson(UnitOfWork& uow, User& user, Instant now) {
    if (IsLastOwner(uow, user))
        return Error::Conflict("the last owner cannot be removed; make someone else an owner first");
    user.active = false;
    ++user.token_version;
    if (auto s = uow.users().Update(user); !s) return s;
    uow.shifts().ReleaseUserShiftsFrom(user.organization_id, user.id, now);
    return Ok();
}

PeopleService::PeopleService(UnitOfWorkFactory& database, const PasswordHasher& hasher, const CommonPasswords& common,
                             const Clock& clock, Notifications* notifications)
    : database_(database), hasher_(hasher), common_(common), clock_(clock), notifications_(notifications) {}

PersonView ViewOf(const Principal& viewer, User user) {
    const bool show = CanSeeEmails(viewer.role) || user.id == viewer.user_id;
    return PersonView{std::move(user), show};
}

Result<PersonView> PeopleService::GetMe(const Principal& principal) { return Get(principal, principal.user_id); }

Result<PersonView> PeopleService::UpdateMe(const Principal& principal, const MeUpdate& update) {
    if (update.name)
        if (auto s = ValidateText(*update.name, "name", kMaxNameLength, true); !s) return s.error();
    if (update.position)
        if (auto s = ValidateText(*update.position, "position", kMaxPositionLength, false); !s) return s.error();
    if (update.email)
        if (auto s = ValidateEmail(*update.email); !s) return s.error();
    if (update.password)
        if (auto s = CheckNewPassword(*update.password, common_); !s) return s.error();
    const bool sensitive = update.email.has_value() || update.password.has_value();
    if (sensitive && !update.current_password)
        return Error::Invalid("current_password is required to change email or password", "current_password");

    // Check the current password and hash the new one outside the write transaction.
    std::optional<User> before;
    {
        auto uow = database_.Begin(TransactionMode::kRead);
        before = uow->users().FindById(principal.organization_id, principal.user_id);
    }
    if (!before) return Error::NotFound("no such user");
    if (sensitive && !hasher_.Verify(*update.current_password, before->password_hash))
        return Error::Invalid("current_password is wrong", "current_password");
    std::optional<std::string> new_hash;
    if (update.password) new_hash = hasher_.Hash(*update.password);

    auto uow = database_.Begin(TransactionMode::kWrite);
    auto user = uow->users().FindById(principal.organization_id, principal.user_id);
    if (!user || !user->active) return Error::NotFound("no such user");
    if (user->password_hash != before->password_hash)
        return Error::Conflict("the password changed meanwhile; try again");
    // Sending one's position back unchanged is no change (a form may send every field).
    if (update.position && *update.position != user->position && !CanSetPositions(principal.role))
        return Error{ErrorCode::kForbidden, "your position is set by a manager or owner", "position"};
    if (update.name) user->name = *update.name;
    if (update.position) user->position = *update.position;
    if (update.email) user->email = *update.email;
    if (new_hash) user->password_hash = *new_hash;
    if (update.email_notifications) user->email_notifications = *update.email_notifications;
    if (sensitive) ++user->token_version;  // ends every session, this one included
    if (auto s = uow->users().Update(*user); !s) return EmailTakenOr(s.error());
    if (sensitive && notifications_ != nullptr) {
        auto org = uow->organizations().FindById(principal.organization_id);
        const std::string what = update.password && update.email ? "password and email address"
                                 : update.password               ? "password"
                                                                 : "email address";
        if (org) notifications_->SecurityNotice(*uow, *org, *user, what, before->email);
    }
    uow->Commit();
    return ViewOf(principal, *user);
}

Status PeopleService::RemoveMe(const Principal& principal, const std::string& current_password) {
    std::optional<User> before;
    {
        auto uow = database_.Begin(TransactionMode::kRead);
        before = uow->users().FindById(principal.organization_id, principal.user_id);
    }
    if (!before) return Error::NotFound("no such user");
    if (!hasher_.Verify(current_password, before->password_hash))
        return Error::Invalid("current_password is wrong", "current_password");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto user = uow->users().FindById(principal.organization_id, principal.user_id);
    if (!user || !user->active) return Error::NotFound("no such user");
    if (auto s = DeactivatePerson(*uow, *user, clock_.Now()); !s) return s;
    uow->Commit();
    return Ok();
}

Page<PersonView> PeopleService::List(const Principal& principal, bool include_inactive, const PageRequest& page) {
    std::optional<RowPosition<std::string>> after;
    if (page.after) after = RowPosition<std::string>{page.after->sort_key, page.after->id};
    auto uow = database_.Begin(TransactionMode::kRead);
    std::vector<PersonView> views;
    for (auto& user : uow->users().ListPage(principal.organization_id, include_inactive, after, page.limit + 1))
        views.push_back(ViewOf(principal, std::move(user)));
    return PageOf(std::move(views), page.limit, [](const PersonView& view) {
        return PageKey{view.user.id, view.user.name};
    });
}

Result<PersonView> PeopleService::Get(const Principal& principal, Id user_id) {
    auto uow = database_.Begin(TransactionMode::kRead);
    auto user = uow->users().FindById(principal.organization_id, user_id);
    if (!user) return Error::NotFound("no such user");
    return ViewOf(principal, std::move(*user));
}

Result<PersonView> PeopleService::Update(const Principal& principal, Id user_id, const PersonUpdate& update) {
    if (update.name)
        if (auto s = ValidateText(*update.name, "name", kMaxNameLength, true); !s) return s.error();
    if (update.position)
        if (auto s = ValidateText(*update.position, "position", kMaxPositionLength, false); !s) return s.error();

    auto uow = database_.Begin(TransactionMode::kWrite);
    auto user = uow->users().FindById(principal.organization_id, user_id);
    if (!user) return Error::NotFound("no such user");
    const bool self = user_id == principal.user_id;
    const bool role_change = update.role && *update.role != user->role;
    if (self && (role_change || (update.active && !*update.active)))
        return Error::Forbidden("nobody changes their own role or removes themselves here; use DELETE /me");
    if (!self && !MayManagePerson(principal.role, user->role))
        return Error::Forbidden("your role may not change this person");
    if (role_change && !MayAssignRole(principal.role, user->role, *update.role))
        return Error::Forbidden("your role may not give that role");
    if (role_change && IsLastOwner(*uow, *user))
        return Error::Conflict("the last owner cannot be demoted; make someone else an owner first");

    if (update.name) user->name = *update.name;
    if (update.position) user->position = *update.position;
    if (update.role) user->role = *update.role;
    if (update.active && *update.active != user->active) {
        if (!*update.active) {
            if (auto s = DeactivatePerson(*uow, *user, clock_.Now()); !s) return s.error();
        } else {
            user->active = true;
        }
    }
    if (auto s = uow->users().Update(*user); !s) return s.error();
    uow->Commit();
    return ViewOf(principal, *user);
}

Status PeopleService::Remove(const Principal& principal, Id user_id) {
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto user = uow->users().FindById(principal.organization_id, user_id);
    if (!user) return Error::NotFound("no such user");
    if (user_id == principal.user_id) return Error::Forbidden("use DELETE /me to remove yourself");
    if (!MayManagePerson(principal.role, user->role)) return Error::Forbidden("your role may not remove this person");
    if (!user->active) return Ok();  // already removed: idempotent
    if (auto s = DeactivatePerson(*uow, *user, clock_.Now()); !s) return s;
    uow->Commit();
    return Ok();
}

}  // namespace shiftsync
