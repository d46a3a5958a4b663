#include "app/schedule_service.hpp"

#include "app/organization_zone.hpp"

namespace shiftsync {

ScheduleService::ScheduleService(UnitOfWorkFactory& database, const TimeZones& zones, const Clock& clock)
    : database_(database), zones_(zones), clock_(clock) {}

Date ScheduleService::DayOrToday(const Organization& org, std::optional<Date> any_day) const {
    return any_day.value_or(LocalDateOf(ZoneOf(org, zones_).ToLocal(clock_.Now())));
}

ScheduleKey ScheduleService::Locate(const Principal& principal, std::optional<Date> any_day) const {
    const Organization& org = principal.organization;
    const ScheduleWeek week = WeekContaining(DayOrToday(org, any_day), org.week_start, ZoneOf(org, zones_));
    return ScheduleKey{org.id, week.days.front().date, org.schedule_revision};
}

Result<std::unique_ptr<ScheduleView>> ScheduleService::Week(const Principal& principal, std::optional<Date> any_day) {
    auto view = std::make_unique<ScheduleView>();
    auto uow = database_.Begin(TransactionMode::kRead);
    auto org = uow->organizations().FindById(principal.organization_id);
    if (!org) return Error::NotFound("no such organization");
    view->organization = *org;
    const TimeZone& zone = ZoneOf(*org, zones_);
    const ScheduleWeek week = WeekContaining(DayOrToday(*org, any_day), org->week_start, zone);
    view->users = uow->users().List(principal.organization_id, false);
    view->shifts = uow->shifts().List(ShiftQuery{principal.organization_id, week.start(), week.end(), std::nullopt});
    view->patterns = uow->patterns().List(principal.organization_id, std::nullopt);
    view->schedule = BuildSchedule(week, zone, view->users, view->shifts, view->patterns);
    return view;
}

}  // namespace shiftsync
