#include "app/schedule_service.hpp"

#include <stdexcept>

namespace shiftsync {

ScheduleService::ScheduleService(UnitOfWorkFactory& database, const TimeZones& zones, const Clock& clock)
    : database_(database), zones_(zones), clock_(clock) {}

const TimeZone& ScheduleService::ZoneOf(const Organization& org) const {
    const TimeZone* zone = zones_.Find(org.time_zone);
    if (zone == nullptr) throw std::runtime_error("organization has an unknown time zone");
    return *zone;
}

Date ScheduleService::DayOrToday(const Organization& org, std::optional<Date> any_day) const {
    return any_day.value_or(LocalDateOf(ZoneOf(org).ToLocal(clock_.Now())));
}

ScheduleKey ScheduleService::Locate(const Principal& principal, std::optional<Date> any_day) const {
    const Organization& org = principal.organization;
    const ScheduleWeek week = WeekContaining(DayOrToday(org, any_day), org.week_start, ZoneOf(org));
    return ScheduleKey{org.id, week.days.front().date, org.schedule_revision};
}

Result<std::unique_ptr<ScheduleView>> ScheduleService::Week(const Principal& principal,
                                                              std::optional<Date> any_day) {
    auto view = std::make_unique<ScheduleView>();
    auto uow = database_.Begin(TransactionMode::kRead);
    auto org = uow->organizations().FindById(principal.organization_id);
    if (!org) return Error::NotFound("no such organization");
    view->organization = *org;
    const TimeZone& zone = ZoneOf(*org);
    const ScheduleWeek week = WeekContaining(DayOrToday(*org, any_day), org->week_start, zone);
    view->users = uow->users().List(principal.organization_id, false);
    view->shifts = uow->shifts().List(ShiftQuery{principal.organization_id, week.start(), week.end(), std::nullopt});
    view->patterns = uow->patterns().List(principal.organization_id, std::nullopt);
    view->schedule = BuildSchedule(week, zone, view->users, view->shifts, view->patterns);
    return view;
}

}  // namespace shiftsync
