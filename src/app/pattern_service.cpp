#include "app/pattern_service.hpp"

#include <stdexcept>

#include "app/organization_zone.hpp"
#include "app/shift_service.hpp"
#include "domain/validation.hpp"

namespace shiftsync {

PatternService::PatternService(UnitOfWorkFactory& database, const TimeZones& zones, const Clock& clock,
                               Notifications* notifications)
    : database_(database), zones_(zones), clock_(clock), notifications_(notifications) {}

void PatternService::Notify(UnitOfWork& uow, const WeeklyPattern& pattern, int future_shifts, bool changed) {
    if (notifications_ == nullptr || future_shifts == 0) return;
    auto org = uow.organizations().FindById(pattern.organization_id);
    auto user = uow.users().FindById(pattern.organization_id, pattern.user_id);
    if (org && user) notifications_->PatternAssigned(uow, *org, *user, pattern, changed);
}

std::vector<WeeklyPattern> PatternService::List(const Principal& principal, std::optional<Id> user_id) {
    auto uow = database_.Begin(TransactionMode::kRead);
    return uow->patterns().List(principal.organization_id, user_id);
}

Result<WeeklyPattern> PatternService::Get(const Principal& principal, Id pattern_id) {
    auto uow = database_.Begin(TransactionMode::kRead);
    auto pattern = uow->patterns().FindById(principal.organization_id, pattern_id);
    if (!pattern) return Error::NotFound("no such weekly pattern");
    return *pattern;
}

Result<WeeklyPattern> PatternService::Prepare(UnitOfWork& uow, const Principal& principal, const PatternInput& input) {
    WeeklyPattern pattern;
    pattern.organization_id = principal.organization_id;
    pattern.user_id = input.user_id;
    pattern.start_date = input.start_date;
    pattern.end_date = input.end_date;
    pattern.days = input.days;
    if (auto s = ValidatePattern(pattern); !s) return s.error();
    auto user = FindSchedulableUser(uow, principal.organization_id, input.user_id);
    if (!user) return user.error();
    pattern.position = input.position.value_or(user->position);
    if (auto s = ValidateText(pattern.position, "position", kMaxPositionLength, false); !s) return s.error();
    return pattern;
}

Result<int> PatternService::Generate(UnitOfWork& uow, const WeeklyPattern& pattern, Instant now) {
    auto org = uow.organizations().FindById(pattern.organization_id);
    if (!org) throw std::runtime_error("the pattern's organization is missing");
    int count = 0;
    // Inserted one by one so each check also sees the pattern's own earlier shifts.
    for (Shift& shift : GenerateShifts(pattern, ZoneOf(*org, zones_), now)) {
        if (auto s = CheckShiftFits(uow, shift); !s) return s.error();
        if (auto id = uow.shifts().Create(shift); !id) return id.error();
        ++count;
    }
    return count;
}

Result<SavedPattern> PatternService::Create(const Principal& principal, const PatternInput& input) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners change weekly patterns");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto pattern = Prepare(*uow, principal, input);
    if (!pattern) return pattern.error();
    pattern->created_at = clock_.Now();
    pattern->id = uow->patterns().Create(*pattern);
    auto count = Generate(*uow, *pattern, pattern->created_at);
    if (!count) return count.error();  // rolls back the pattern too
    Notify(*uow, *pattern, *count, false);
    uow->Commit();
    return SavedPattern{*pattern, *count};
}

Result<SavedPattern> PatternService::Replace(const Principal& principal, Id pattern_id, const PatternInput& input) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners change weekly patterns");
    const Instant now = clock_.Now();
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto existing = uow->patterns().FindById(principal.organization_id, pattern_id);
    if (!existing) return Error::NotFound("no such weekly pattern");
    // A removed person's patterns stay as records: not edited, not handed to someone else.
    auto owner = uow->users().FindById(principal.organization_id, existing->user_id);
    if (!owner || !owner->active)
        return Error{ErrorCode::kConflict, "this pattern belongs to a removed person", "user_id"};
    auto pattern = Prepare(*uow, principal, input);
    if (!pattern) return pattern.error();
    // Saved unchanged: nothing is regenerated, hand-made changes to its shifts stay, no email.
    if (SameRule(*existing, *pattern)) return SavedPattern{*existing, 0};
    pattern->id = existing->id;
    pattern->created_at = existing->created_at;
    uow->shifts().DeletePatternShiftsFrom(principal.organization_id, pattern_id, now);
    uow->patterns().Update(*pattern);
    auto count = Generate(*uow, *pattern, now);
    if (!count) return count.error();
    Notify(*uow, *pattern, *count, true);
    uow->Commit();
    return SavedPattern{*pattern, *count};
}

Status PatternService::Delete(const Principal& principal, Id pattern_id) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners change weekly patterns");
    auto uow = database_.Begin(TransactionMode::kWrite);
    if (!uow->patterns().FindById(principal.organization_id, pattern_id))
        return Error::NotFound("no such weekly pattern");
    uow->shifts().DeletePatternShiftsFrom(principal.organization_id, pattern_id, clock_.Now());
    uow->shifts().DetachPattern(principal.organization_id, pattern_id);
    uow->patterns().Delete(principal.organization_id, pattern_id);
    uow->Commit();
    return Ok();
}

}  // namespace shiftsync
