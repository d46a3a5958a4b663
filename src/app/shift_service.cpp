#include "app/shift_service.hpp"

#include <fmt/format.h>

#include "domain/validation.hpp"

namespace shiftsync {

Error OverlapError(const Shift& existing) {
    Error error{ErrorCode::kShiftOverlap, fmt::format("the employee already has shift {} at that time", existing.id),
                "start"};
    error.conflicting_id = existing.id;
    return error;
}

Result<User> FindSchedulableUser(UnitOfWork& uow, Id organization_id, Id user_id) {
    auto user = uow.users().FindById(organization_id, user_id);
    if (!user) return Error::Invalid("user_id is not a member of this organization", "user_id");
    if (!user->active) return Error{ErrorCode::kConflict, "user_id belongs to a removed person", "user_id"};
    return *user;
}

Status CheckShiftFits(UnitOfWork& uow, const Shift& shift) {
    if (shift.end <= shift.start) return Error::Invalid("end must be after start", "end");
    if (shift.end - shift.start > kMaxShiftLength) return Error::Invalid("a shift lasts at most 24 hours", "end");
    if (auto s = ValidateText(shift.position, "position", kMaxPositionLength, false); !s) return s;
    if (auto s = ValidateText(shift.note, "note", kMaxNoteLength, false, true); !s) return s;
    if (!shift.user_id) return Ok();
    if (auto user = FindSchedulableUser(uow, shift.organization_id, *shift.user_id); !user) return user.error();
    uow.LockUserSchedule(shift.organization_id, *shift.user_id);
    std::optional<Id> except = shift.id != 0 ? std::optional<Id>(shift.id) : std::nullopt;
    if (auto other =
            uow.shifts().FindOverlapping(shift.organization_id, *shift.user_id, shift.start, shift.end, except))
        return OverlapError(*other);
    return Ok();
}

ShiftService::ShiftService(UnitOfWorkFactory& database, Notifications* notifications)
    : database_(database), notifications_(notifications) {}

void ShiftService::Notify(UnitOfWork& uow, const Principal& principal, const std::optional<Shift>& before,
                          const std::optional<Shift>& after) {
    if (notifications_ == nullptr) return;
    auto org = uow.organizations().FindById(principal.organization_id);
    if (!org) return;
    auto user_of = [&](const std::optional<Shift>& shift) -> std::optional<User> {
        if (!shift || !shift->user_id) return std::nullopt;
        return uow.users().FindById(principal.organization_id, *shift->user_id);
    };
    const auto old_user = user_of(before);
    const auto new_user = user_of(after);
    if (old_user && new_user && old_user->id == new_user->id) {
        notifications_->ShiftChanged(uow, *org, *new_user, *before, *after);
        return;
    }
    if (before && after) {
        notifications_->ShiftHandedOver(uow, *org, old_user, new_user, *before, *after);
        return;
    }
    if (old_user) notifications_->ShiftCancelled(uow, *org, *old_user, *before);
    if (new_user) notifications_->ShiftAssigned(uow, *org, *new_user, *after);
}

Result<Page<Shift>> ShiftService::List(const Principal& principal, const ShiftRange& range, const PageRequest& page) {
    if (range.to <= range.from) return Error::Invalid("to must be after from", "to");
    if (range.to - range.from > kMaxQueryRange) return Error::Invalid("from and to are at most 366 days apart", "to");
    std::optional<RowPosition<Instant>> after;
    if (page.after) {
        auto start = NumericSortKey(*page.after);
        if (!start) return start.error();
        after = RowPosition<Instant>{Instant{std::chrono::seconds{*start}}, page.after->id};
    }
    auto uow = database_.Begin(TransactionMode::kRead);
    const ShiftQuery query{principal.organization_id, range.from, range.to, range.user_id};
    return PageOf(uow->shifts().ListPage(query, after, page.limit + 1), page.limit, [](const Shift& shift) {
        return PageKey{shift.id, std::to_string(shift.start.time_since_epoch().count())};
    });
}

Result<Shift> ShiftService::Get(const Principal& principal, Id shift_id) {
    auto uow = database_.Begin(TransactionMode::kRead);
    auto shift = uow->shifts().FindById(principal.organization_id, shift_id);
    if (!shift) return Error::NotFound("no such shift");
    return *shift;
}

Result<Shift> ShiftService::Create(const Principal& principal, const ShiftInput& input) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners change shifts");
    Shift shift;
    shift.organization_id = principal.organization_id;
    shift.user_id = input.user_id;
    shift.start = input.start;
    shift.end = input.end;
    shift.note = input.note;
    auto uow = database_.Begin(TransactionMode::kWrite);
    if (input.position) {
        shift.position = *input.position;
    } else if (input.user_id) {
        if (auto user = uow->users().FindById(principal.organization_id, *input.user_id))
            shift.position = user->position;
    }
    if (auto s = CheckShiftFits(*uow, shift); !s) return s.error();
    auto id = uow->shifts().Create(shift);
    if (!id) return id.error();
    shift.id = *id;
    Notify(*uow, principal, std::nullopt, shift);
    uow->Commit();
    return shift;
}

Result<Shift> ShiftService::Update(const Principal& principal, Id shift_id, const ShiftPatch& patch) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners change shifts");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto shift = uow->shifts().FindById(principal.organization_id, shift_id);
    if (!shift) return Error::NotFound("no such shift");
    const Shift before = *shift;
    if (patch.user_id) shift->user_id = *patch.user_id;
    if (patch.start) shift->start = *patch.start;
    if (patch.end) shift->end = *patch.end;
    if (patch.position) shift->position = *patch.position;
    if (patch.note) shift->note = *patch.note;
    // Nothing to change: no write, no revision, no email, and it stays on its pattern.
    if (SameWork(before, *shift)) return before;
    shift->pattern_id.reset();  // edited by hand: later pattern edits leave it alone
    if (auto s = CheckShiftFits(*uow, *shift); !s) return s.error();
    if (auto s = uow->shifts().Update(*shift); !s) return s.error();
    Notify(*uow, principal, before, *shift);
    uow->Commit();
    return *shift;
}

Status ShiftService::Delete(const Principal& principal, Id shift_id) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners change shifts");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto shift = uow->shifts().FindById(principal.organization_id, shift_id);
    if (!shift || !uow->shifts().Delete(principal.organization_id, shift_id)) return Error::NotFound("no such shift");
    Notify(*uow, principal, *shift, std::nullopt);
    uow->Commit();
    return Ok();
}

}  // namespace shiftsync
