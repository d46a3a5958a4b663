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

// Owns the rows the Schedule points into; handed out by unique_ptr so the pointers stay valid.
struct ScheduleView {
    Organization organization;
    std::vector<User> users;
    std::vector<Shift> shifts;
    std::vector<WeeklyPattern> patterns;
    Schedule schedule;
};

class ScheduleService {
public:
    ScheduleService(UnitOfWorkFactory& database, const TimeZones& zones, const Clock& clock);
    // The week containing `any_day` (default: today in the organisation's zone).
    Result<std::unique_ptr<ScheduleView>> Week(const Principal& principal, std::optional<Date> any_day);

private:
    UnitOfWorkFactory& database_;
    const TimeZones& zones_;
    const Clock& clock_;
};

}  // namespace shiftsync
