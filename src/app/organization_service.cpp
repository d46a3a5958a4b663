#include "app/organization_service.hpp"

#include <fmt/format.h>

#include "domain/display_format.hpp"
#include "domain/validation.hpp"

namespace shiftsync {

OrganizationService::OrganizationService(UnitOfWorkFactory& database, const TimeZones& zones)
    : database_(database), zones_(zones) {}

Result<Organization> OrganizationService::Get(const Principal& principal) {
    auto uow = database_.Begin(TransactionMode::kRead);
    auto org = uow->organizations().FindById(principal.organization_id);
    if (!org) return Error::NotFound("no such organization");
    return *org;
}

Result<Organization> OrganizationService::Update(const Principal& principal, const OrganizationUpdate& update) {
    if (principal.role != Role::kOwner) return Error::Forbidden("only owners change the organization");
    if (update.name)
        if (auto s = ValidateText(*update.name, "name", kMaxNameLength, true); !s) return s.error();
    if (update.time_zone && zones_.Find(*update.time_zone) == nullptr)
        return Error::Invalid("time_zone must be an IANA time zone such as Europe/Berlin", "time_zone");
    if (update.locale && !ParseLocaleTag(*update.locale))
        return Error::Invalid(fmt::format("locale must be one of {}", fmt::join(SupportedLocaleTags(), ", ")),
                              "locale");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto org = uow->organizations().FindById(principal.organization_id);
    if (!org) return Error::NotFound("no such organization");
    if (update.name) org->name = *update.name;
    if (update.time_zone) org->time_zone = *update.time_zone;
    if (update.week_start) org->week_start = *update.week_start;
    if (update.locale) org->locale = *update.locale;
    uow->organizations().Update(*org);
    uow->Commit();
    return *org;
}

}  // namespace shiftsync
