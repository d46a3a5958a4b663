#include "http/all_routes.hpp"

#include <initializer_list>

namespace shiftsync::http {

std::vector<Route> AllRoutes(RouteServices& s) {
    std::vector<Route> all;
    for (std::vector<Route> table : {
             HealthRoutes(s.database),
             AuthRoutes(s.auth, s.cookies),
             MeRoutes(s.people, s.cookies),
             UserRoutes(s.people),
             OrganizationRoutes(s.organizations),
             InvitationRoutes(s.invitations),
             ShiftRoutes(s.shifts),
             PatternRoutes(s.patterns),
             ScheduleRoutes(s.schedule, s.schedule_cache),
             MailRoutes(s.mail),
             PictureRoutes(s.pictures),
         })
        for (Route& route : table) all.push_back(std::move(route));
    return all;
}

}  // namespace shiftsync::http
