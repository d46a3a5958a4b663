#pragma once
// The stored form of an organisation, shared by the repositories that read one: its own, and
// the user repository's session check, which reads it joined to the user. Internal to infra/db.
#include <soci/soci.h>

#include <cstdint>
#include <string>

#include "domain/organization.hpp"

namespace shiftsync::db::sql_detail {

struct OrganizationRow {
    Id id = 0;
    std::string name;
    std::string time_zone;
    int week_start = 0;
    std::int64_t created_at = 0;
    std::int64_t schedule_revision = 0;
    std::string locale;
};

// The columns, in the order BindInto reads them; `table` is the name or alias to qualify them
// with (empty for none).
std::string OrganizationColumns(const std::string& table);
void BindInto(soci::statement& statement, OrganizationRow& row);
Organization ToDomain(const OrganizationRow& row);

}  // namespace shiftsync::db::sql_detail
