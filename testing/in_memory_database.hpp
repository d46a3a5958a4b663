#pragma once
// An in-memory fake of the database ports, for fast service tests. It keeps the contract of
// the real adapters (tests/contract runs one suite against both): organisation filtering,
// case-insensitive unique emails (kConflict), orderings, foreign keys (a row naming a missing
// organisation, user or pattern throws, as does deleting a pattern shifts still point at),
// the outbox's rules (unique message_id, claim order and leases, status changes), and transactions:
//   - kWrite holds one global writer lock for the life of the unit of work (like SQLite's
//     BEGIN IMMEDIATE), so a check followed by an insert is atomic; LockUserSchedule is a no-op.
//   - Each unit of work works on a private copy of the state taken at its first statement, as
//     the real backends take their snapshot; Commit() publishes a kWrite copy, anything else is
//     dropped. kRead therefore sees one snapshot, and kSingleStatement what was committed
//     before its statement.
// A kRead unit of work must not write (asserted in debug builds).
// Thread-safe factory; each unit of work belongs to one thread. Beginning a second kWrite on
// a thread that still holds one deadlocks, as it would block on the real database.
#include <memory>

#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

// An empty database; ids start at 1 per table.
std::unique_ptr<UnitOfWorkFactory> MakeInMemoryDatabase();

}  // namespace shiftsync
