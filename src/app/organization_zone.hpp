#pragma once
// The one lookup of an organisation's time zone, for every use case that turns its instants into
// local dates and times (schedule weeks, patterns, email texts).
#include "app/ports/system.hpp"
#include "domain/organization.hpp"
#include "domain/time_zone.hpp"

namespace shiftsync {

// The zone `organization` keeps its schedule in, found in `zones` (and living as long as it).
// Throws std::runtime_error when `zones` does not know it: a stored zone was checked when it was
// set, so an unknown one is a fault of the deployment (a tz database that lost it), not of the
// request.
const TimeZone& ZoneOf(const Organization& organization, const TimeZones& zones);

}  // namespace shiftsync
