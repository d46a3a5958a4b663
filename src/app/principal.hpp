#pragma once
// Who is calling: resolved from a verified session token and the current user row, so a
// role change or removal takes effect on the very next request.
#include <string>

#include "domain/organization.hpp"
#include "domain/role.hpp"
#include "domain/types.hpp"

namespace shiftsync {

struct Principal {
    Id user_id = 0;
    Id organization_id = 0;
    Role role = Role::kEmployee;
    std::string token_id;  // jti of the session token
    Instant token_expires_at{};
    // The organisation as it was read with the session, at the start of the request. For reads
    // that may be that old (where the week is, and the schedule's revision); a use case that
    // decides on the organisation's data reads it again in its own unit of work.
    Organization organization;
};

}  // namespace shiftsync
