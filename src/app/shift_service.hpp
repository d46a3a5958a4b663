#pragma once
// Single shifts: reading for everyone in the organisation, writing for managers and owners.
#include <optional>
#include <string>
#include <vector>

#include "app/notifications.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/page.hpp"
#include "domain/shift.hpp"

namespace shiftsync {

struct ShiftInput {
    std::optional<Id> user_id;  // empty: an open shift
    Instant start{};
    Instant end{};
    std::optional<std::string> position;  // default: the employee's position
    std::string note;
};

struct ShiftPatch {
    std::optional<std::optional<Id>> user_id;  // set to empty: make it open
    std::optional<Instant> start;
    std::optional<Instant> end;
    std::optional<std::string> position;
    std::optional<std::string> note;
};

struct ShiftRange {
    Instant from{};
    Instant to{};
    std::optional<Id> user_id;
};

inline constexpr std::chrono::days kMaxQueryRange{366};

class ShiftService {
public:
    // `notifications` may be null: then employees are not emailed about their shifts.
    explicit ShiftService(UnitOfWorkFactory& database, Notifications* notifications = nullptr);
    // The range's shifts a page at a time, by start, then id (domain/page.hpp).
    Result<Page<Shift>> List(const Principal& principal, const ShiftRange& range, const PageRequest& page = {});
    Result<Shift> Get(const Principal& principal, Id shift_id);
    Result<Shift> Create(const Principal& principal, const ShiftInput& input);
    // Detaches the shift from its weekly pattern. A patch that changes nothing (SameWork) is
    // answered with the shift as stored and writes nothing: it stays on its pattern, the schedule
    // revision stays and nobody is emailed.
    Result<Shift> Update(const Principal& principal, Id shift_id, const ShiftPatch& patch);
    Status Delete(const Principal& principal, Id shift_id);

private:
    // Emails the employees a write concerns: `before` empty for a new shift, `after` empty for
    // a deleted one. A shift handed to someone else is cancelled for one and assigned to the other.
    void Notify(UnitOfWork& uow, const Principal& principal, const std::optional<Shift>& before,
                const std::optional<Shift>& after);

    UnitOfWorkFactory& database_;
    Notifications* notifications_;
};

// Checks times and texts of `shift`, that its employee is an active member of its
// organisation, and that it overlaps no other shift of theirs; then locks their schedule.
// Used by every path that writes shifts. Does not write.
Status CheckShiftFits(UnitOfWork& uow, const Shift& shift);

// The employee `user_id` if they may be given shifts: a member of the organisation
// (kInvalidInput on user_id otherwise, whether absent or in another organisation) who has
// not been removed (kConflict).
Result<User> FindSchedulableUser(UnitOfWork& uow, Id organization_id, Id user_id);

// The overlap problem every writer answers with.
Error OverlapError(const Shift& existing);

}  // namespace shiftsync
