#pragma once
// The week of shifts by person that everyone in the organisation reads.
#include <memory>
#include <optional>
#include <vector>

#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/schedule.hpp"

namespace shiftsync {

// Which week a request means and how current the organisation's data is: a schedule built
// for the same key is still exact, so callers may reuse it instead of building it again.
struct ScheduleKey {
    Id organization_id = 0;
    Date week_start;
    std::int64_t revision = 0;
};

// Owns the rows the Schedule points into; handed out by unique_ptr so the pointers stay valid.
struct ScheduleView {
    Organization organization;
    std::vector<User> users;
    std::vector<Shift> shifts;
    std::vector<WeeklyPattern> patterns;
    Schedule schedule;

    // The key this view answers: its week, at the revision it was read at.
    ScheduleKey key() const {
        return ScheduleKey{organization.id, schedule.week.days.front().date, organization.schedule_revision};
    }
};

class ScheduleService {
public:
    ScheduleService(UnitOfWorkFactory& database, const TimeZones& zones, const Clock& clock);
    // The week containing `any_day` (default: today in the organisation's zone).
    Result<std::unique_ptr<ScheduleView>> Week(const Principal& principal, std::optional<Date> any_day);
    // The key of that week at the revision read with the caller's session, without reading the
    // database again: a cached schedule is then answered from that one read.
    ScheduleKey Locate(const Principal& principal, std::optional<Date> any_day) const;

private:
    Date DayOrToday(const Organization& org, std::optional<Date> any_day) const;

    UnitOfWorkFactory& database_;
    const TimeZones& zones_;
    const Clock& clock_;
};

}  // namespace shiftsync
