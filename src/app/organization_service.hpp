#pragma once
// Reading and changing the caller's organisation.
#include <chrono>
#include <optional>
#include <string>

#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/organization.hpp"

namespace shiftsync {

struct OrganizationUpdate {
    std::optional<std::string> name;
    std::optional<std::string> time_zone;
    std::optional<std::chrono::weekday> week_start;
    std::optional<std::string> locale;  // one of SupportedLocaleTags()
};

class OrganizationService {
public:
    OrganizationService(UnitOfWorkFactory& database, const TimeZones& zones);
    Result<Organization> Get(const Principal& principal);
    // Owners only.
    Result<Organization> Update(const Principal& principal, const OrganizationUpdate& update);

private:
    UnitOfWorkFactory& database_;
    const TimeZones& zones_;
};

}  // namespace shiftsync
