#pragma once
// Route tables, one function per resource, each taking only the services its handlers use
// (AllRoutes, in http/all_routes.hpp, hands each its part). Handlers only translate: read the
// request, call one use case, turn the result into JSON or a problem. The services must outlive
// the routes: the handlers keep references to them.
#include <chrono>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "app/invitation_service.hpp"
#include "app/mail_service.hpp"
#include "app/organization_service.hpp"
#include "app/password_reset_service.hpp"
#include "app/pattern_service.hpp"
#include "app/people_service.hpp"
#include "app/picture_service.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/schedule_service.hpp"
#include "app/shift_service.hpp"
#include "http/router.hpp"
#include "http/schedule_cache.hpp"

namespace shiftsync::http {

// A picture upload plus room for a multipart envelope around it.
inline constexpr std::size_t kPictureUploadBodyLimit = kMaxPictureBytes + 64 * 1024;

// How the routes that start or end a session set the session cookie.
struct SessionCookieSettings {
    std::chrono::seconds token_lifetime{0};
    bool secure = false;  // always mark the session cookie Secure

    // Secure when configured so, or when a trusted proxy says the client used TLS.
    bool SecureFor(const Request& request) const { return secure || request.https; }
};

std::vector<Route> HealthRoutes(UnitOfWorkFactory& database);  // the database: readiness only
std::vector<Route> AuthRoutes(AuthService& auth, PasswordResetService& password_resets, SessionCookieSettings cookies);
std::vector<Route> MeRoutes(PeopleService& people, SessionCookieSettings cookies);
std::vector<Route> UserRoutes(PeopleService& people, PasswordResetService& password_resets);
std::vector<Route> OrganizationRoutes(OrganizationService& organizations);
std::vector<Route> InvitationRoutes(InvitationService& invitations);
std::vector<Route> ShiftRoutes(ShiftService& shifts);
std::vector<Route> PatternRoutes(PatternService& patterns);
std::vector<Route> ScheduleRoutes(ScheduleService& schedule, ScheduleCache& schedule_cache);
std::vector<Route> MailRoutes(MailService& mail);
std::vector<Route> PictureRoutes(PictureService& pictures);

}  // namespace shiftsync::http
