#pragma once
#include <optional>
#include <string>

#include "domain/role.hpp"
#include "domain/types.hpp"

namespace shiftsync {

// A person in one organisation. Removing a person deactivates them (see docs/DECISIONS.md).
struct User {
    Id id = 0;
    Id organization_id = 0;
    std::string name;
    std::string email;          // as typed; uniqueness is case-insensitive (EmailKey)
    std::string password_hash;  // argon2id encoded string; never leaves infra/app
    std::string position;
    Role role = Role::kEmployee;
    bool active = true;
    std::int64_t token_version = 0;  // bumped to revoke every session of the user
    // Names the stored picture's blobs (see app/picture_service.hpp); empty: no picture.
    std::optional<std::string> picture_id;
    bool email_notifications = true;  // non-essential email wanted
    Instant created_at{};
};

}  // namespace shiftsync
