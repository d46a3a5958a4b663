#include "app/mail_retention.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using namespace std::chrono_literals;

// Remembers the cutoffs it was asked to purge before.
class RecordingTransport final : public MailTransport {
public:
    DeliveryResult Send(const OutboxMessage&) override { return {}; }
    int PurgeDeliveredBefore(Instant before) override {
        cutoffs.push_back(before);
        return 0;
    }
    std::vector<Instant> cutoffs;
};

class MailRetentionTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto uow = db_->Begin(TransactionMode::kWrite);
        Organization org;
        org.name = "Acme";
        org.time_zone = "UTC";
        org_ = uow->organizations().Create(org);
        uow->Commit();
    }

    // A message sent at `sent_at`.
    Id Sent(Instant sent_at, const std::string& message_id) {
        auto uow = db_->Begin(TransactionMode::kWrite);
        OutboxMessage message;
        message.organization_id = org_;
        message.kind = EmailKind::kAnnouncement;
        message.to_address = "a@example.com";
        message.subject = "s";
        message.text_body = "body";
        message.html_body = "<p>body</p>";
        message.message_id = message_id;
        message.next_attempt_at = sent_at;
        message.created_at = sent_at;
        const Id id = uow->outbox().Enqueue(message);
        uow->outbox().Claim(sent_at, 60s, 100);
        uow->outbox().MarkSent(id, sent_at);
        uow->Commit();
        return id;
    }

    OutboxBody BodyOf(Id id) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->outbox().FindById(org_, id)->body;
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    RecordingTransport transport_;
    Id org_ = 0;
};

TEST_F(MailRetentionTest, PurgesBodiesSentLongerAgoThanTheRetentionAndTheTransportsCopies) {
    const Id old_message = Sent(clock_.Now() - 31 * 24h, "<old@t>");
    const Id recent = Sent(clock_.Now() - 29 * 24h, "<recent@t>");
    MailRetention retention(*db_, transport_, clock_, MailRetentionSettings{30 * 24h, 100});
    EXPECT_EQ(retention.PurgeOnce(), 1);
    EXPECT_EQ(BodyOf(old_message), OutboxBody::kPurged);
    EXPECT_EQ(BodyOf(recent), OutboxBody::kKept);
    ASSERT_EQ(transport_.cutoffs.size(), 1u);
    EXPECT_EQ(transport_.cutoffs[0], clock_.Now() - 30 * 24h);

    clock_.Advance(2 * 24h);
    EXPECT_EQ(retention.PurgeOnce(), 1);
    EXPECT_EQ(BodyOf(recent), OutboxBody::kPurged);
}

TEST_F(MailRetentionTest, PurgesInBatches) {
    for (int i = 0; i < 3; ++i) Sent(clock_.Now() - 10s, "<m" + std::to_string(i) + "@t>");
    MailRetention retention(*db_, transport_, clock_, MailRetentionSettings{5s, 2});
    EXPECT_EQ(retention.PurgeOnce(), 2);
    EXPECT_EQ(retention.PurgeOnce(), 1);
    EXPECT_EQ(retention.PurgeOnce(), 0);
}

TEST_F(MailRetentionTest, RunsAboutTenTimesPerRetentionPeriodWithinBounds) {
    EXPECT_EQ(MailRetention(*db_, transport_, clock_, {100s, 1}).Interval(), 10s);
    EXPECT_EQ(MailRetention(*db_, transport_, clock_, {2s, 1}).Interval(), 1s);
    EXPECT_EQ(MailRetention(*db_, transport_, clock_, {30 * 24h, 1}).Interval(), 1h);
}

}  // namespace
}  // namespace shiftsync
