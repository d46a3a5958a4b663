#pragma once
// TimeZones backed by the operating system's tz database (/usr/share/zoneinfo, Debian's
// tzdata package) through Howard Hinnant's date/tz.
#include <memory>

#include "app/ports/system.hpp"

namespace shiftsync {

// Find() accepts IANA names only ("Europe/Berlin", "UTC", "Etc/GMT+5"): anything else,
// including empty names, "..", leading or trailing '/', and names not in the database,
// gives nullptr. Each zone is loaded once, on first use, and then kept. Find() is
// thread-safe; it may read a file under a mutex on a zone's first use. The zones
// themselves are immutable and thread-safe.
//
// Known limit: date/tz reads only the transitions listed in the zone files, which Debian
// writes up to 2037; later instants use the last offset (no DST).
//
// Throws std::runtime_error if the tz database cannot be read at all.
std::unique_ptr<TimeZones> MakeTzDatabaseZones();

}  // namespace shiftsync
