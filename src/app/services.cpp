#include "app/services.hpp"

namespace shiftsync {
namespace {

// "https://shifts.example.com:8443/x" -> "shifts.example.com": the right-hand side of Message-IDs.
std::string HostOf(const std::string& url) {
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    const auto end = url.find_first_of(":/", start);
    std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    return host.empty() ? "localhost" : host;
}

}  // namespace

Services::Services(const ServicePorts& ports, const ServiceSettings& settings)
    : database(ports.database),
      composer(ports.templates, ports.random, HostOf(settings.public_url)),
      notifications(composer, ports.zones, ports.clock, settings.public_url),
      throttle(ports.database, ports.digest, ports.clock, settings.throttle),
      reset_throttle(ports.database, ports.digest, ports.clock, settings.reset_throttle),
      pictures(ports.database, ports.picture_processor, ports.blobs, ports.random, ports.clock, settings.pictures),
      auth(AuthPorts{ports.database, ports.hasher, ports.common_passwords, ports.tokens, ports.random, ports.digest,
                     ports.clock, ports.zones},
           throttle, AuthSettings{settings.allow_new_organizations, settings.token_lifetime}, &notifications,
           &pictures),
      people(ports.database, ports.hasher, ports.common_passwords, ports.clock, &notifications),
      password_resets(PasswordResetPorts{ports.database, ports.hasher, ports.common_passwords, ports.random,
                                         ports.digest, ports.clock},
                      reset_throttle, PasswordResetSettings{settings.password_reset_lifetime, settings.public_url},
                      &notifications),
      organizations(ports.database, ports.zones),
      invitations(ports.database, ports.random, ports.digest, ports.clock,
                  InvitationSettings{settings.invitation_lifetime, settings.public_url}, &notifications, &throttle),
      shifts(ports.database, &notifications),
      patterns(ports.database, ports.zones, ports.clock, &notifications),
      mail(ports.database, notifications, ports.clock),
      schedule(ports.database, ports.zones, ports.clock) {}

}  // namespace shiftsync
