#include "app/mail_retention.hpp"

#include <algorithm>
#include <cassert>

namespace shiftsync {

MailRetention::MailRetention(UnitOfWorkFactory& database, MailTransport& transport, const Clock& clock,
                             MailRetentionSettings settings)
    : database_(database), transport_(transport), clock_(clock), settings_(settings) {
    assert(settings_.retention.count() > 0 && settings_.batch > 0);
}

int MailRetention::PurgeOnce() {
    const Instant cutoff = clock_.Now() - settings_.retention;
    int purged = 0;
    {
        auto uow = database_.Begin(TransactionMode::kWrite);
        purged = uow->outbox().PurgeBodiesSentBefore(cutoff, settings_.batch);
        uow->Commit();
    }
    transport_.PurgeDeliveredBefore(cutoff);
    return purged;
}

std::chrono::milliseconds MailRetention::Interval() const {
    const std::chrono::milliseconds tenth =
        std::chrono::duration_cast<std::chrono::milliseconds>(settings_.retention) / 10;
    return std::clamp<std::chrono::milliseconds>(tenth, std::chrono::seconds{1}, std::chrono::hours{1});
}

}  // namespace shiftsync
