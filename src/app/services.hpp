#pragma once
// Every use case, wired once over the ports: main.cpp builds them over the real adapters (for
// `serve`, and for `routes`, over adapters that are never called), the router tests over the
// in-memory fakes. A new service is added here, and so reaches both.
#include <chrono>
#include <string>

#include "app/auth_service.hpp"
#include "app/invitation_service.hpp"
#include "app/login_throttle.hpp"
#include "app/mail_composer.hpp"
#include "app/mail_service.hpp"
#include "app/notifications.hpp"
#include "app/organization_service.hpp"
#include "app/password_reset_service.hpp"
#include "app/pattern_service.hpp"
#include "app/people_service.hpp"
#include "app/picture_service.hpp"
#include "app/ports/blob_store.hpp"
#include "app/ports/mail_templates.hpp"
#include "app/ports/picture_processor.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/schedule_service.hpp"
#include "app/shift_service.hpp"

namespace shiftsync {

// The ports the use cases need, whichever adapters stand behind them. Each must outlive the Services.
struct ServicePorts {
    UnitOfWorkFactory& database;
    PasswordHasher& hasher;
    CommonPasswords& common_passwords;
    SessionTokens& tokens;
    Clock& clock;
    RandomSource& random;
    Digest& digest;
    TimeZones& zones;
    MailTemplates& templates;
    BlobStore& blobs;
    PictureProcessor& picture_processor;
};

struct ServiceSettings {
    std::string public_url;  // links in emails; its host is the right-hand side of Message-IDs
    std::chrono::seconds token_lifetime{std::chrono::hours{24 * 7}};
    bool allow_new_organizations = true;
    std::chrono::seconds invitation_lifetime{std::chrono::hours{24 * 7}};
    PictureSettings pictures;
    ThrottleLimits throttle;
    // Reset requests: every one counts, in the same table and window as sign-in failures.
    ThrottleLimits reset_throttle{.account_failures = 5, .address_failures = 30};
    std::chrono::seconds password_reset_lifetime{std::chrono::hours{1}};
};

// Not copyable or movable: the services hold references to each other.
struct Services {
    Services(const ServicePorts& ports, const ServiceSettings& settings);
    Services(const Services&) = delete;
    Services& operator=(const Services&) = delete;

    UnitOfWorkFactory& database;
    MailComposer composer;
    Notifications notifications;
    LoginThrottle throttle;  // counts shared through the database
    LoginThrottle reset_throttle;
    PictureService pictures;
    AuthService auth;
    PeopleService people;
    PasswordResetService password_resets;
    OrganizationService organizations;
    InvitationService invitations;
    ShiftService shifts;
    PatternService patterns;
    MailService mail;
    ScheduleService schedule;
};

}  // namespace shiftsync
