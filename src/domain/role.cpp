#include "domain/role.hpp"

namespace shiftsync {

std::string_view RoleName(Role role) {
    switch (role) {
        case Role::kEmployee: return "employee";
        case Role::kManager: return "manager";
        case Role::kOwner: return "owner";
    }
    return "employee";  // unreachable for valid enum values; keeps -Wreturn-type quiet
}

std::optional<Role> ParseRole(std::string_view name) {
    // Exact, lower-case only: role names are API vocabulary, not free text.
    if (name == "employee") return Role::kEmployee;
    if (name == "manager") return Role::kManager;
    if (name == "owner") return Role::kOwner;
    return std::nullopt;
}

bool MayAssignRole(Role actor, Role target_current, Role wanted) {
    switch (actor) {
        case Role::kOwner: return true;
        case Role::kManager:
            // A manager cannot create owners, touch owners, or take manager rights away from
            // a peer, so the only changes open to them are employee -> manager and no-ops.
            if (target_current == Role::kOwner || wanted == Role::kOwner) return false;
            if (target_current == Role::kManager && wanted != Role::kManager) return false;
            return true;
        case Role::kEmployee: return false;
    }
    return false;
}

bool MayInviteAs(Role actor, Role wanted) {
    switch (actor) {
        case Role::kOwner: return true;
        case Role::kManager: return wanted <= Role::kManager;
        case Role::kEmployee: return false;
    }
    return false;
}

bool MayManagePerson(Role actor, Role target) {
    switch (actor) {
        case Role::kOwner: return true;
        case Role::kManager: return target != Role::kOwner;
        case Role::kEmployee: return false;
    }
    return false;
}

}  // namespace shiftsync
