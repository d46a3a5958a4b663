#include "app/organization_zone.hpp"

#include <stdexcept>

namespace shiftsync {

const TimeZone& ZoneOf(const Organization& organization, const TimeZones& zones) {
    const TimeZone* zone = zones.Find(organization.time_zone);
    if (zone == nullptr) throw std::runtime_error("organization has an unknown time zone");
    return *zone;
}

}  // namespace shiftsync
