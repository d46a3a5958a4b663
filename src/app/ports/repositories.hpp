#pragma once
// Repository ports. Every call runs inside the UnitOfWork that handed the repository out
// and blocks on the database. Lookups by id take the organisation too: a row of another
// organisation is simply not found. Infrastructure failures throw (std::exception).
//
// "RAISES: schedule revision" above a method: it raises its organisation's
// Organization::schedule_revision (and no other's) in the same transaction, because it changes
// what a schedule shows; a cached schedule depends on it. Every implementation must, and
// tests/contract/repositories_contract_test.cpp checks each marked method on every backend (and
// that its list and these markers agree).
#include <optional>
#include <string>
#include <vector>

#include "domain/invitation.hpp"
#include "domain/organization.hpp"
#include "domain/password_reset.hpp"
#include "domain/result.hpp"
#include "domain/shift.hpp"
#include "domain/user.hpp"
#include "domain/weekly_pattern.hpp"

namespace shiftsync {

// Where a page of a list ordered by (key, id) continues: the key and id of the row the page
// starts after (keyset pagination, domain/page.hpp). A row added or removed between pages moves
// no other row from one page to another.
template <typename Key>
struct RowPosition {
    Key key;
    Id id = 0;
};

class OrganizationRepository {
public:
    virtual ~OrganizationRepository() = default;
    virtual Id Create(const Organization& org) = 0;  // ignores org.id; returns the new id
    virtual std::optional<Organization> FindById(Id id) = 0;
    // RAISES: schedule revision
    virtual void Update(const Organization& org) = 0;  // name, time_zone, week_start
};

// What checking a session needs, read at once: its user (of any organisation), the user's
// organisation, and whether this token was revoked.
struct SessionHolder {
    User user;
    Organization organization;
    bool token_revoked = false;
};

class UserRepository {
public:
    virtual ~UserRepository() = default;
    // kConflict when the email is taken (case-insensitively) anywhere in the deployment.
    // RAISES: schedule revision
    virtual Result<Id> Create(const User& user) = 0;
    virtual std::optional<User> FindById(Id organization_id, Id id) = 0;
    // Any organisation: for resolving a session token to its user.
    virtual std::optional<User> FindByIdAnyOrganization(Id id) = 0;
    // The check every authenticated request makes first, as one query (one round trip on a
    // networked database); nullopt when there is no such user.
    virtual std::optional<SessionHolder> FindSessionHolder(Id user_id, const std::string& token_id) = 0;
    // Case-insensitive, any organisation, active or not.
    virtual std::optional<User> FindByEmail(const std::string& email) = 0;
    // Ordered by name, then id.
    virtual std::vector<User> List(Id organization_id, bool include_inactive) = 0;
    // One page of List: up to `limit` users after `after` (name, id), in the same order.
    // REQUIRES: limit >= 1
    virtual std::vector<User> ListPage(Id organization_id, bool include_inactive,
                                       const std::optional<RowPosition<std::string>>& after, int limit) = 0;
    // Writes name, email, password_hash, position, role, active, token_version, picture_id,
    // email_notifications.
    // kConflict when the new email is taken by someone else.
    // RAISES: schedule revision
    virtual Status Update(const User& user) = 0;
    virtual int CountActiveOwners(Id organization_id) = 0;
};

class InvitationRepository {
public:
    virtual ~InvitationRepository() = default;
    virtual Id Create(const Invitation& invitation) = 0;
    virtual std::optional<Invitation> FindByTokenHash(const std::string& token_hash) = 0;
    virtual std::optional<Invitation> FindById(Id organization_id, Id id) = 0;
    // Not accepted and not expired at `now`, newest first.
    virtual std::vector<Invitation> ListPending(Id organization_id, Instant now) = 0;
    // One page of ListPending (newest first: by created_at, then id, both descending): up to
    // `limit` invitations older than `before` (created_at, id).
    // REQUIRES: limit >= 1
    virtual std::vector<Invitation> ListPendingPage(Id organization_id, Instant now,
                                                    const std::optional<RowPosition<Instant>>& before, int limit) = 0;
    // Marks it used; false if it was already accepted (single use, even under races).
    virtual bool MarkAccepted(Id id, Instant at) = 0;
    virtual bool Delete(Id organization_id, Id id) = 0;
};

struct ShiftQuery {
    Id organization_id = 0;
    Instant from{};             // shifts with end > from ...
    Instant to{};               // ... and start < to
    std::optional<Id> user_id;  // only this employee's
};

// Implementations may rely on every shift lasting at most kMaxShiftLength (domain/shift.hpp).
class ShiftRepository {
public:
    virtual ~ShiftRepository() = default;
    // kShiftOverlap when the store itself refuses the shift for overlapping another of the same
    // employee (PostgreSQL's exclusion constraint, a safety net behind CheckShiftFits), with
    // conflicting_id the clashing shift if it can still be found; the unit of work stays usable.
    // Stores without such a constraint (SQLite, in memory) never return it.
    // RAISES: schedule revision
    virtual Result<Id> Create(const Shift& shift) = 0;
    virtual std::optional<Shift> FindById(Id organization_id, Id id) = 0;
    // Ordered by start, then id.
    virtual std::vector<Shift> List(const ShiftQuery& query) = 0;
    // One page of List: up to `limit` shifts after `after` (start, id), in the same order.
    // REQUIRES: limit >= 1
    virtual std::vector<Shift> ListPage(const ShiftQuery& query, const std::optional<RowPosition<Instant>>& after,
                                        int limit) = 0;
    // The earliest shift of `user_id` overlapping [start, end), other than `except_id`.
    virtual std::optional<Shift> FindOverlapping(Id organization_id, Id user_id, Instant start, Instant end,
                                                 std::optional<Id> except_id) = 0;
    // Every field but id and organization_id; kShiftOverlap as for Create.
    // RAISES: schedule revision
    virtual Status Update(const Shift& shift) = 0;
    // RAISES: schedule revision
    virtual bool Delete(Id organization_id, Id id) = 0;
    // Deletes shifts of the pattern that start at or after `from`; returns how many.
    // RAISES: schedule revision
    virtual int DeletePatternShiftsFrom(Id organization_id, Id pattern_id, Instant from) = 0;
    // Turns the user's shifts starting at or after `from` into open shifts (no user, no pattern).
    // RAISES: schedule revision
    virtual int ReleaseUserShiftsFrom(Id organization_id, Id user_id, Instant from) = 0;
    // Forgets the pattern link of every shift of the pattern (before the pattern is deleted).
    // RAISES: schedule revision
    virtual void DetachPattern(Id organization_id, Id pattern_id) = 0;
};

class PatternRepository {
public:
    virtual ~PatternRepository() = default;
    // RAISES: schedule revision
    virtual Id Create(const WeeklyPattern& pattern) = 0;
    virtual std::optional<WeeklyPattern> FindById(Id organization_id, Id id) = 0;
    // Ordered by user, then start date, then id.
    virtual std::vector<WeeklyPattern> List(Id organization_id, std::optional<Id> user_id) = 0;
    // RAISES: schedule revision
    virtual void Update(const WeeklyPattern& pattern) = 0;  // user, dates, days, position
    // RAISES: schedule revision
    virtual bool Delete(Id organization_id, Id id) = 0;
};

// Sessions revoked before their expiry (logout). Rows past expiry may be purged.
class RevokedTokenRepository {
public:
    virtual ~RevokedTokenRepository() = default;
    virtual void Revoke(const std::string& token_id, Instant expires_at) = 0;  // idempotent
    virtual bool IsRevoked(const std::string& token_id) = 0;
    virtual int PurgeExpired(Instant now) = 0;
};

// Blobs that must be deleted from the BlobStore once due: the database's ledger of blobs that
// nothing may point at, so that the store and the rows stay consistent (see PictureService).
class BlobDeletionRepository {
public:
    virtual ~BlobDeletionRepository() = default;
    // Schedules the deletion of `key` at `due_at`, replacing an earlier schedule of the same key.
    virtual void Schedule(const std::string& key, Instant due_at) = 0;
    // Forgets the scheduled deletion of `key`; false if none was scheduled (e.g. the collector
    // took it already). Inside a kWrite unit of work this is the atomic hand-over between the
    // collector and whoever adopts the blob: exactly one of them sees true.
    virtual bool Cancel(const std::string& key) = 0;
    // Up to `limit` keys due at `now` (due_at <= now), earliest first.
    virtual std::vector<std::string> Due(Instant now, int limit) = 0;
};

// Whose failed sign-ins a row counts: an account (LoginThrottle's account key) or a client address.
enum class LoginFailureScope { kAccount, kAddress };

// Failed sign-ins, shared by every server on the database so that the throttle's limits hold
// across all of them (LoginThrottle). Keys are digests: callers pass a SHA-256 of the account
// key or address, never the email or address itself.
class LoginFailureRepository {
public:
    virtual ~LoginFailureRepository() = default;
    virtual void Record(LoginFailureScope scope, const std::string& key_hash, Instant at) = 0;
    // The newest `limit` failures of the key recorded strictly after `since`, oldest first.
    // REQUIRES: limit > 0
    virtual std::vector<Instant> RecentSince(LoginFailureScope scope, const std::string& key_hash, Instant since,
                                             int limit) = 0;
    // Forgets every failure of the key; returns how many.
    virtual int Forget(LoginFailureScope scope, const std::string& key_hash) = 0;
    // Forgets the key's failures recorded before `before`; returns how many.
    virtual int ForgetBefore(LoginFailureScope scope, const std::string& key_hash, Instant before) = 0;
    // Forgets every key's failures recorded before `before`; returns how many.
    virtual int PurgeBefore(Instant before) = 0;
};

// Password reset links (PasswordResetService). Only token hashes are stored.
class PasswordResetRepository {
public:
    virtual ~PasswordResetRepository() = default;
    // Ignores reset.id and reset.used_at (a new reset is unused); returns the new id.
    virtual Id Create(const PasswordReset& reset) = 0;
    // Any organisation: the token is all a caller has.
    virtual std::optional<PasswordReset> FindByTokenHash(const std::string& token_hash) = 0;
    // Marks it used at `at`; false if it was used already (single use, even under races: inside a
    // kWrite unit of work exactly one of two callers sees true).
    virtual bool MarkUsed(Id id, Instant at) = 0;
    // Marks every unused reset of the user used at `at` (once a password is set, older links die
    // too); returns how many.
    virtual int MarkAllUsed(Id user_id, Instant at) = 0;
    // Deletes resets that expired before `before`, used or not; returns how many.
    virtual int PurgeExpiredBefore(Instant before) = 0;
};

}  // namespace shiftsync
