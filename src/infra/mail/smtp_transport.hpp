#pragma once
// A MailTransport that submits each message to an SMTP server (libcurl).
#include <chrono>
#include <memory>
#include <string>

#include "app/ports/mail.hpp"
#include "app/ports/system.hpp"
#include "infra/mail/mime.hpp"

namespace shiftsync {

struct SmtpSettings {
    std::string url;           // smtp://host:port (STARTTLS when offered) or smtps://host:port (TLS at once)
    std::string username;      // AUTH only when set
    std::string password;      // from secrets; never logged, never in a DeliveryResult
    bool require_tls = false;  // smtp:// refuses to go on without STARTTLS
    std::chrono::seconds connect_timeout{10};
    std::chrono::seconds timeout{60};   // the whole conversation
    std::string ca_file;                // optional CA bundle instead of the system's
    bool insecure_skip_verify = false;  // tests against self-signed servers only
};

// Send() opens a connection (one per call: no state is shared between threads), sends
// MAIL FROM <sender.address>, RCPT TO <message.to_address> and RenderMime(message, sender,
// clock.Now()), then quits. Only the smtp and smtps protocols are allowed.
// Outcomes:
//   kDelivered         the server accepted the message (250 after DATA);
//   kPermanentFailure  FindMimeProblem refuses the message, or the server answered 5xx about it
//                      (e.g. 550 no such user);
//   kTemporaryFailure  everything else: cannot resolve or connect, timeout, TLS failure, 4xx,
//                      and a refused login (530/534/535/538: the relay's configuration, not
//                      the message's fault, so fixing it lets the queue through).
// The error text is curl's description plus the last SMTP code and curl's detail, with the
// username and password removed; never the URL's userinfo.
// Blocking (network, bounded by the timeouts); thread-safe. `clock` must outlive the transport.
// The first call to the factory initialises libcurl (once per process).
std::unique_ptr<MailTransport> MakeSmtpTransport(SmtpSettings settings, MailSender sender, const Clock& clock);

}  // namespace shiftsync
