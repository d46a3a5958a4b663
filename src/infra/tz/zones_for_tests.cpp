// Real zones for tests outside infra/ (the domain's DST tests). Those tests may not
// include infra headers (scripts/check-layering.sh), so they declare this one function
// themselves and the test executable links this file and shiftsync_infra_tz.
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/time_zone.hpp"
#include "infra/tz/tz_database.hpp"

namespace shiftsync {

// Throws std::runtime_error if the zone is missing, so a test fails loudly rather than
// dereferencing null.
const TimeZone& ZoneForTests(std::string_view iana_name) {
    static const std::unique_ptr<TimeZones> zones = MakeTzDatabaseZones();
    const TimeZone* zone = zones->Find(iana_name);
    if (zone == nullptr) throw std::runtime_error("zone missing from tzdata: " + std::string(iana_name));
    return *zone;
}

}  // namespace shiftsync
