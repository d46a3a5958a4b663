#include "http/all_routes.hpp"

#include <initializer_list>

namespace shiftsync::http {

std::vector<Route> AllRoutes(RouteServices& s) {
    std::vector<Route> all;
    for (std::vector<Route> table : {
             HealthRoutes(s.app.database),
             AuthRoutes(s.app.auth, s.app.password_resets, s.cookies),
             MeRoutes(s.app.people, s.cookies),
             UserRoutes(s.app.people, s.app.password_resets),
             OrganizationRoutes(s.app.organizations),
             InvitationRoutes(s.app.invitations),
             ShiftRoutes(s.app.shifts),
             PatternRoutes(s.app.patterns),
             ScheduleRoutes(s.app.schedule, s.schedule_cache),
             MailRoutes(s.app.mail),
             PictureRoutes(s.app.pictures),
         })
        for (Route& route : table) all.push_back(std::move(route));
    return all;
}

}  // namespace shiftsync::http
