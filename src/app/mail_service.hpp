#pragma once
// The mail API (the seed's API Gateway endpoint): managers and owners send a message to
// colleagues, follow the outbox, and retry dead messages.
#include <optional>
#include <string>
#include <vector>

#include "app/notifications.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/page.hpp"

namespace shiftsync {

struct MailRequest {
    std::optional<std::vector<Id>> user_ids;  // nullopt: every active colleague
    std::string subject;
    std::string message;
};

struct MailAccepted {
    std::vector<Id> message_ids;
    std::vector<Id> skipped_user_ids;  // turned non-essential email off
};

inline constexpr std::size_t kMaxMailSubjectLength = 200;
inline constexpr std::size_t kMaxMailMessageLength = 10000;

class MailService {
public:
    MailService(UnitOfWorkFactory& database, Notifications& notifications, const Clock& clock);
    // Queues one message per recipient in one transaction. Recipients must be active members
    // (kInvalidInput naming user_ids otherwise).
    Result<MailAccepted> Send(const Principal& principal, const MailRequest& request);
    // The organisation's outbox a page at a time, newest first (by id; domain/page.hpp).
    Result<Page<OutboxMessage>> List(const Principal& principal, const PageRequest& page = {});
    // A dead message is queued again (kConflict unless it is dead).
    Result<OutboxMessage> Retry(const Principal& principal, Id message_id);

private:
    UnitOfWorkFactory& database_;
    Notifications& notifications_;
    const Clock& clock_;
};

}  // namespace shiftsync
