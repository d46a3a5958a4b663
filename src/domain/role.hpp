#pragma once
// Roles and what each may do. The seed's "others" folds into employee.
#include <optional>
#include <string>
#include <string_view>

namespace shiftsync {

enum class Role { kEmployee = 0, kManager = 1, kOwner = 2 };  // ordered by authority

std::string_view RoleName(Role role);                  // "employee" | "manager" | "owner"
std::optional<Role> ParseRole(std::string_view name);  // nullopt for anything else

inline bool CanManageSchedule(Role r) { return r >= Role::kManager; }
inline bool CanInvite(Role r) { return r >= Role::kManager; }
inline bool CanSeeEmails(Role r) { return r >= Role::kManager; }
// Positions are the managers' to set, their own included; an employee's stays as given to them.
inline bool CanSetPositions(Role r) { return r >= Role::kManager; }

// May `actor` (not the same person as the target) give `target_current` the role `wanted`?
// Owners change anyone's role; managers may promote up to manager but never touch owners
// or demote managers. Self-changes and last-owner checks are separate rules.
bool MayAssignRole(Role actor, Role target_current, Role wanted);

// May `actor` invite someone as `wanted`? Owners any role; managers up to manager.
bool MayInviteAs(Role actor, Role wanted);

// May `actor` edit (name, position) or remove a colleague who currently has `target`?
bool MayManagePerson(Role actor, Role target);

}  // namespace shiftsync
