#include "app/mail_service.hpp"

#include <algorithm>

#include "domain/validation.hpp"

namespace shiftsync {

MailService::MailService(UnitOfWorkFactory& database, Notifications& notifications, const Clock& clock)
    : database_(database), notifications_(notifications), clock_(clock) {}

Result<MailAccepted> MailService::Send(const Principal& principal, const MailRequest& request) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners send mail");
    if (auto s = ValidateText(request.subject, "subject", kMaxMailSubjectLength, true); !s) return s.error();
    if (auto s = ValidateText(request.message, "message", kMaxMailMessageLength, true, true); !s) return s.error();
    if (request.user_ids && request.user_ids->empty())
        return Error::Invalid("to must name at least one user, or be \"all\"", "to");

    auto uow = database_.Begin(TransactionMode::kWrite);
    auto org = uow->organizations().FindById(principal.organization_id);
    if (!org) return Error::NotFound("no such organization");
    std::vector<User> recipients;
    if (request.user_ids) {
        std::vector<Id> ids = *request.user_ids;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (Id id : ids) {
            auto user = uow->users().FindById(principal.organization_id, id);
            if (!user || !user->active)
                return Error::Invalid("user " + std::to_string(id) + " is not an active member", "to");
            recipients.push_back(std::move(*user));
        }
    } else {
        recipients = uow->users().List(principal.organization_id, false);
    }
    MailAccepted accepted;
    for (const User& user : recipients) {
        const Id id = notifications_.Announcement(*uow, *org, user, request.subject, request.message);
        if (id == 0) {
            accepted.skipped_user_ids.push_back(user.id);
        } else {
            accepted.message_ids.push_back(id);
        }
    }
    uow->Commit();
    return accepted;
}

Result<Page<OutboxMessage>> MailService::List(const Principal& principal, const PageRequest& page) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners see the outbox");
    auto uow = database_.Begin(TransactionMode::kRead);
    return PageOf(uow->outbox().List(principal.organization_id, page.after ? page.after->id : 0, page.limit + 1),
                  page.limit, [](const OutboxMessage& message) {
                      return PageKey{message.id, ""};
                  });
}

Result<OutboxMessage> MailService::Retry(const Principal& principal, Id message_id) {
    if (!CanManageSchedule(principal.role)) return Error::Forbidden("only managers and owners retry mail");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto message = uow->outbox().FindById(principal.organization_id, message_id);
    if (!message) return Error::NotFound("no such message");
    if (!uow->outbox().Retry(principal.organization_id, message_id, clock_.Now()))
        return Error::Conflict("only dead messages can be retried");
    auto retried = uow->outbox().FindById(principal.organization_id, message_id);
    uow->Commit();
    return *retried;
}

}  // namespace shiftsync
