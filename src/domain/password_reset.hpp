#pragma once
#include <optional>
#include <string>

#include "domain/types.hpp"

namespace shiftsync {

// A request to choose a new password, sent as a single-use link by email. Only the SHA-256 of
// the link's token is stored; the token itself exists in the email alone (whose outbox copy is
// redacted once delivered).
struct PasswordReset {
    Id id = 0;
    Id organization_id = 0;
    Id user_id = 0;
    std::string token_hash;          // hex SHA-256 of the secret token
    std::optional<Id> requested_by;  // the manager or owner who sent it; empty: the person asked
    Instant created_at{};
    Instant expires_at{};
    std::optional<Instant> used_at;

    // Whether the link may still set a password at `now`.
    bool UsableAt(Instant now) const { return !used_at && now < expires_at; }
};

}  // namespace shiftsync
