#pragma once
// Internal to the in-memory database (in_memory_database.hpp describes its contract): the state
// it holds, what one unit of work's repositories share, the constraint checks the SQL schema makes,
// and a factory for each repository. Not for tests to include.
#include <cassert>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "app/ports/unit_of_work.hpp"

namespace shiftsync::in_memory {

// One failed sign-in, as the login_failures table holds it.
struct LoginFailure {
    LoginFailureScope scope;
    std::string key_hash;
    Instant at;
};

// Everything the database holds. Copied whole by each unit of work: cheap at test sizes, and it makes
// rollback and snapshots trivially right.
struct State {
    Id next_organization_id = 1;
    Id next_user_id = 1;
    Id next_invitation_id = 1;
    Id next_shift_id = 1;
    Id next_pattern_id = 1;
    Id next_outbox_id = 1;
    Id next_password_reset_id = 1;
    std::map<Id, Organization> organizations;
    std::map<Id, User> users;
    std::map<Id, Invitation> invitations;
    std::map<Id, Shift> shifts;
    std::map<Id, WeeklyPattern> patterns;
    std::map<std::string, Instant> revoked_tokens;
    std::map<Id, OutboxMessage> outbox;
    std::map<std::string, Instant> blob_deletions;
    std::vector<LoginFailure> login_failures;  // in the order recorded
    std::map<Id, PasswordReset> password_resets;
};

// What one unit of work's repositories share.
struct Context {
    // The database as this unit of work sees it, copied at its first use: the real backends
    // take their snapshot at the first statement too, not at Begin().
    State& state() {
        if (!snapshot) snapshot = take_snapshot();
        return *snapshot;
    }

    std::function<State()> take_snapshot;
    std::optional<State> snapshot;
    bool writable = false;  // kWrite and not yet committed

    void RequireWritable() const { assert(writable && "write through a kRead or committed unit of work"); }
};

// The real adapters report constraint failures as exceptions (infrastructure errors), not results.
[[noreturn]] inline void ConstraintFailed(const std::string& what) {
    throw std::runtime_error("constraint failed: " + what);
}

inline void RequireOrganization(const State& state, Id id) {
    if (!state.organizations.contains(id)) ConstraintFailed("FOREIGN KEY organization " + std::to_string(id));
}

// Mirrors the SQL adapter: every write to what a schedule shows raises the revision.
inline void RaiseScheduleRevision(State& state, Id organization_id) {
    auto it = state.organizations.find(organization_id);
    if (it != state.organizations.end()) ++it->second.schedule_revision;
}
inline void RequireUser(const State& state, Id id) {
    if (!state.users.contains(id)) ConstraintFailed("FOREIGN KEY user " + std::to_string(id));
}
inline void RequirePattern(const State& state, Id id) {
    if (!state.patterns.contains(id)) ConstraintFailed("FOREIGN KEY pattern " + std::to_string(id));
}

// The row `id` of `rows` if it belongs to `organization_id`.
template <typename Row>
Row* FindInOrganization(std::map<Id, Row>& rows, Id organization_id, Id id) {
    auto it = rows.find(id);
    if (it == rows.end() || it->second.organization_id != organization_id) return nullptr;
    return &it->second;
}

// The first `limit` of `rows` (sorted by `key_of`, ascending or newest first) that come after
// `after`, as the SQL adapters' keyset condition picks them.
template <typename Row, typename Key, typename KeyOf>
std::vector<Row> FirstAfter(std::vector<Row> rows, const std::optional<RowPosition<Key>>& after, int limit,
                            KeyOf key_of, bool newest_first = false) {
    assert(limit >= 1);
    if (after) {
        const auto position = std::tie(after->key, after->id);
        std::erase_if(rows,
                      [&](const Row& row) { return newest_first ? key_of(row) >= position : key_of(row) <= position; });
    }
    if (rows.size() > static_cast<std::size_t>(limit)) rows.resize(static_cast<std::size_t>(limit));
    return rows;
}

template <typename Row>
std::optional<Row> CopyOf(const Row* row) {
    if (row == nullptr) return std::nullopt;
    return *row;
}

// The in-memory implementation of the repository port `Port`, working on `context` (which must
// outlive it). Defined for each port by the in_memory_*.cpp file that holds it, as the SQL ones
// are (see in_memory_repository_definition.hpp); a port without one fails to link.
template <typename Port>
std::unique_ptr<Port> MakeInMemoryRepository(Context& context);

}  // namespace shiftsync::in_memory
