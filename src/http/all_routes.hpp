#pragma once
// Every route of the API: the one place that lists the resources' route tables. A new resource
// adds its service to app/services.hpp and one line to AllRoutes (docs/ARCHITECTURE.md, "Adding a resource");
// `shiftsync routes --json`, the route documentation checks and the router tests then see it.
#include <vector>

#include "app/services.hpp"
#include "http/handlers/handlers.hpp"

namespace shiftsync::http {

// Everything some route uses. Every member must outlive the routes built from it.
struct RouteServices {
    Services& app;                  // the use cases (app/services.hpp)
    ScheduleCache& schedule_cache;  // GET /schedule's built weeks
    SessionCookieSettings cookies;
};

// Every route of the API, each table given only its part of `services`. Builds the tables and
// calls no service.
std::vector<Route> AllRoutes(RouteServices& services);

}  // namespace shiftsync::http
