#pragma once
// The retention period of sent email (defect 12 of issue 12): once a message has been sent for
// longer than `retention`, the outbox keeps its row (who, what kind, when, the subject) but no
// longer its body, and the transport's own copies of delivered messages of that age go too (the
// .eml files of EmlFileTransport). Secret-bearing messages lose their bodies much earlier, at
// delivery (OutboxRepository::MarkSent); this is the backstop for everything else.
#include <chrono>

#include "app/ports/mail.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

struct MailRetentionSettings {
    std::chrono::seconds retention{std::chrono::hours{24 * 30}};
    int batch = 500;  // bodies purged per transaction
};

class MailRetention {
public:
    // Keeps references: everything passed must outlive it. REQUIRES: retention > 0, batch > 0.
    MailRetention(UnitOfWorkFactory& database, MailTransport& transport, const Clock& clock,
                  MailRetentionSettings settings);

    // One round; blocks on the database and the disk. Purges the bodies of up to `batch` messages
    // sent before now - retention (one kWrite unit of work), then the transport's copies older
    // than that. Returns how many bodies it purged: `batch` means there are probably more.
    // Throws on database failures (nothing is then purged; the next round tries again).
    int PurgeOnce();

    // How often a loop should call PurgeOnce: a tenth of the retention, between 1 s and 1 h, so
    // that nothing outlives its retention by much.
    std::chrono::milliseconds Interval() const;
    int batch() const { return settings_.batch; }

private:
    UnitOfWorkFactory& database_;
    MailTransport& transport_;
    const Clock& clock_;
    MailRetentionSettings settings_;
};

}  // namespace shiftsync
