#pragma once
// Repository ports over one SOCI session, in SQL that SQLite and PostgreSQL both accept.
// Internal to infra/db: SqlUnitOfWork (sql_unit_of_work.hpp) makes them over the session and
// transaction a backend holds.
#include <memory>
#include <string_view>

#include "app/ports/mail.hpp"
#include "app/ports/repositories.hpp"
#include "infra/db/connection.hpp"

namespace soci {
class session;
class soci_error;
}  // namespace soci

namespace shiftsync::db {

// How a backend recognises a violated UNIQUE constraint in a driver error. Must not throw.
using UniqueViolationTest = bool (*)(const soci::soci_error& error);

// Everything the repositories need to know about which database they talk to, in one place;
// the SQL itself is shared. Each backend defines one of these beside its connection code.
struct DialectTraits {
    UniqueViolationTest is_unique_violation;
    // Recognises a violated exclusion constraint (PostgreSQL's SQLSTATE 23P01; SQLite has none).
    UniqueViolationTest is_exclusion_violation;
    // PostgreSQL aborts the whole transaction at an error, so a statement whose failure is an
    // expected outcome (a taken email) runs inside a SAVEPOINT that is rolled back on failure,
    // and the unit of work stays usable. SQLite undoes just the failed statement.
    bool savepoint_expected_failures;
    // Appended to the SELECT that claims outbox rows (in a kWrite unit of work): PostgreSQL's
    // " FOR UPDATE SKIP LOCKED" lets competing workers pass over each other's rows. Empty on
    // SQLite, whose kWrite already holds the only write lock.
    std::string_view claim_lock_clause;
    // Appended to the INSERT of a shift: PostgreSQL's " ON CONFLICT ON CONSTRAINT
    // shifts_no_overlap_per_user DO NOTHING" turns an overlap into no row returned, so a pattern's
    // hundreds of inserts need no SAVEPOINT each (subtransactions beyond 64 per transaction slow
    // every snapshot on the server). Empty on SQLite, which has no such constraint.
    std::string_view shift_overlap_clause;
};

// The SQL implementation of the repository port `Port` over `sql`; it keeps a reference to `sql`
// (and its statement cache) and to `dialect`, which must outlive it (backends keep their dialect in
// static storage). Every call runs statements on `sql` inside whatever transaction the caller has
// open, and blocks.
// UserRepository reports a UNIQUE violation on users.email_key, as `dialect` recognises it, as
// kConflict, and ShiftRepository an overlap the schema refuses as kShiftOverlap, leaving the
// transaction usable. Every other
// driver error is thrown as a std::runtime_error whose message names the query but never the
// bound values (they include emails and password hashes, and the message reaches the logs),
// with the driver's soci::soci_error nested inside. A stored value this code cannot read
// (an unknown role, a malformed date) throws std::runtime_error too.
// Defined for each port by the port's own file, sql_<name>_repository.cpp (see
// sql_repository_definition.hpp); a port without one fails to link.
template <typename Port>
std::unique_ptr<Port> MakeSqlRepository(Connection& sql, const DialectTraits& dialect);

}  // namespace shiftsync::db
