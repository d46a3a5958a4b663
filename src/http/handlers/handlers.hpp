#pragma once
// Route tables, one function per resource. Handlers only translate: read the request,
// call one use case, turn the result into JSON or a problem.
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
#include "app/schedule_service.hpp"
#include "app/shift_service.hpp"
#include "http/router.hpp"
#include "http/schedule_cache.hpp"

namespace shiftsync::http {

// A picture upload plus room for a multipart envelope around it.
inline constexpr std::size_t kPictureUploadBodyLimit = kMaxPictureBytes + 64 * 1024;

struct HandlerServices {
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
    PasswordResetService& password_resets;
    UnitOfWorkFactory& database;      // readiness only
    std::chrono::seconds token_lifetime;
    bool secure_cookies = false;      // always mark the session cookie Secure
};

// The session cookie is Secure when configured so, or when a trusted proxy says the client used TLS.
inline bool SecureCookies(const HandlerServices& services, const Request& request) {
    return services.secure_cookies || request.https;
}

std::vector<Route> HealthRoutes(HandlerServices& services);
std::vector<Route> AuthRoutes(HandlerServices& services);
std::vector<Route> MeRoutes(HandlerServices& services);
std::vector<Route> UserRoutes(HandlerServices& services);
std::vector<Route> OrganizationRoutes(HandlerServices& services);
std::vector<Route> InvitationRoutes(HandlerServices& services);
std::vector<Route> ShiftRoutes(HandlerServices& services);
std::vector<Route> PatternRoutes(HandlerServices& services);
std::vector<Route> ScheduleRoutes(HandlerServices& services);
std::vector<Route> MailRoutes(HandlerServices& services);
std::vector<Route> PictureRoutes(HandlerServices& services);

// Every route of the API.
std::vector<Route> AllRoutes(HandlerServices& services);

}  // namespace shiftsync::http
