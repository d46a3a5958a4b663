#pragma once
// Every route of the API: the one place that lists the resources' route tables. A new resource
// adds its service here and one line in AllRoutes (docs/ARCHITECTURE.md, "Adding a resource");
// `shiftsync routes --json`, the route documentation checks and the router tests then see it.
#include <vector>

#include "http/handlers/handlers.hpp"

namespace shiftsync::http {

// Everything some route uses. Every member must outlive the routes built from it.
struct RouteServices {
    UnitOfWorkFactory& database;  // readiness only
    AuthService& auth;
    PeopleService& people;
    OrganizationService& organizations;
    InvitationService& invitations;
    ShiftService& shifts;
    PatternService& patterns;
    ScheduleService& schedule;
    ScheduleCache& schedule_cache;
    MailService& mail;
    PictureService& pictures;
    SessionCookieSettings cookies;
};

// Every route of the API, each table given only its part of `services`. Builds the tables and
// calls no service.
std::vector<Route> AllRoutes(RouteServices& services);

}  // namespace shiftsync::http
