#pragma once
#include <optional>
#include <string>

#include "domain/role.hpp"
#include "domain/types.hpp"

namespace shiftsync {

// An offer to join an organisation. Only the SHA-256 of the token is stored.
struct Invitation {
    Id id = 0;
    Id organization_id = 0;
    std::string email;
    Role role = Role::kEmployee;
    std::string position;
    std::string token_hash;  // hex SHA-256 of the secret token
    Id invited_by = 0;
    Instant created_at{};
    Instant expires_at{};
    std::optional<Instant> accepted_at;
};

}  // namespace shiftsync
