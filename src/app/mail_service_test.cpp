#include "app/mail_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/mail_composer.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

// Uses the placeholders of the real announcement templates (templates/mail/announcement.*);
// the other kinds are never composed here.
class AnnouncementTemplates final : public MailTemplates {
public:
    std::string_view Text(EmailKind) const override {
        return "Subject: {{subject}}\n\nHello {{recipient_name}},\n{{message}}\n-- {{organization}}\n";
    }
    std::string_view Html(EmailKind) const override {
        return "<p>Hello {{recipient_name}},</p><p>{{message}}</p><p>{{organization}}</p><!-- {{subject}} -->";
    }
};

class MailServiceTest : public testing::Test {
protected:
    MailServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        owner_ = Seed(org_.id, "Otto", "otto@example.com", Role::kOwner);
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        emma_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);
        quiet_ = Seed(org_.id, "Quinn", "quinn@example.com", Role::kEmployee, false);
        gone_ = Seed(org_.id, "Gina", "gina@example.com", Role::kEmployee, true, false);
        other_org_ = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
        stranger_ = Seed(other_org_.id, "Sam", "sam@example.com", Role::kOwner);
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role,
              bool email_notifications = true, bool active = true) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "fake$x",
                                   .role = role,
                                   .active = active,
                                   .email_notifications = email_notifications});
    }

    std::vector<OutboxMessage> Outbox(Id organization_id) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->outbox().List(organization_id, 0, 100);
    }

    static MailRequest To(std::optional<std::vector<Id>> ids, std::string subject = "Team party",
                          std::string message = "Friday at 6.\nBring a friend.") {
        return MailRequest{std::move(ids), std::move(subject), std::move(message)};
    }

    // Queues `count` announcements to Emma, one per Send, and returns their ids (oldest first).
    std::vector<Id> QueueToEmma(int count) {
        std::vector<Id> ids;
        for (int i = 0; i < count; ++i) {
            auto accepted = mail_.Send(PrincipalFor(manager_), To(std::vector<Id>{emma_.id}, "N" + std::to_string(i)));
            EXPECT_TRUE(accepted.ok());
            if (accepted.ok() && accepted->message_ids.size() == 1) ids.push_back(accepted->message_ids[0]);
        }
        return ids;
    }

    void MakeDead(Id message_id) {
        auto uow = db_->Begin(TransactionMode::kWrite);
        uow->outbox().MarkFailed(message_id, "550 mailbox unavailable", std::nullopt);
        uow->Commit();
    }

    static std::vector<Id> IdsOf(const std::vector<OutboxMessage>& messages) {
        std::vector<Id> ids;
        for (const OutboxMessage& message : messages) ids.push_back(message.id);
        return ids;
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    SequenceRandom random_;
    FakeTimeZones zones_;
    AnnouncementTemplates templates_;
    MailComposer composer_{templates_, random_, "mail.example.com"};
    Notifications notifications_{composer_, zones_, clock_, "https://shifts.example.com"};
    MailService mail_{*db_, notifications_, clock_};
    Organization org_, other_org_;
    User owner_, manager_, emma_, quiet_, gone_, stranger_;
};

// --- Send ----------------------------------------------------------------------------------

TEST_F(MailServiceTest, SendingToAllQueuesOnePerActiveMemberAndSkipsTheOptedOut) {
    auto accepted = mail_.Send(PrincipalFor(manager_), To(std::nullopt));
    ASSERT_TRUE(accepted.ok()) << accepted.error().detail;

    EXPECT_EQ(accepted->skipped_user_ids, std::vector<Id>{quiet_.id});
    ASSERT_EQ(accepted->message_ids.size(), 3u);  // owner, manager (the sender) and Emma

    const auto outbox = Outbox(org_.id);
    ASSERT_EQ(outbox.size(), 3u);
    std::vector<Id> queued = IdsOf(outbox);
    std::vector<Id> answered = accepted->message_ids;
    std::sort(queued.begin(), queued.end());
    std::sort(answered.begin(), answered.end());
    EXPECT_EQ(queued, answered);

    std::vector<Id> recipients;
    for (const OutboxMessage& message : outbox) {
        EXPECT_EQ(message.kind, EmailKind::kAnnouncement);
        EXPECT_EQ(message.subject, "Team party");
        EXPECT_EQ(message.status, OutboxStatus::kPending);
        EXPECT_NE(message.text_body.find("Bring a friend."), std::string::npos) << message.text_body;
        ASSERT_TRUE(message.recipient_user_id.has_value());
        recipients.push_back(*message.recipient_user_id);
    }
    std::sort(recipients.begin(), recipients.end());
    EXPECT_EQ(recipients, (std::vector<Id>{owner_.id, manager_.id, emma_.id}));
    EXPECT_TRUE(Outbox(other_org_.id).empty());
}

TEST_F(MailServiceTest, SendingToIdsQueuesOneEachAndCountsDuplicatesOnce) {
    auto accepted = mail_.Send(PrincipalFor(owner_), To(std::vector<Id>{emma_.id, quiet_.id, emma_.id}));
    ASSERT_TRUE(accepted.ok()) << accepted.error().detail;
    EXPECT_EQ(accepted->message_ids.size(), 1u);
    EXPECT_EQ(accepted->skipped_user_ids, std::vector<Id>{quiet_.id});

    const auto outbox = Outbox(org_.id);
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_EQ(outbox[0].id, accepted->message_ids[0]);
}

TEST_F(MailServiceTest, UnknownInactiveOrForeignRecipientsAreInvalidAndQueueNothing) {
    for (const std::vector<Id>& ids : {std::vector<Id>{emma_.id, 9999}, std::vector<Id>{emma_.id, gone_.id},
                                       std::vector<Id>{stranger_.id, emma_.id}, std::vector<Id>{}}) {
        auto accepted = mail_.Send(PrincipalFor(manager_), To(ids));
        ASSERT_FALSE(accepted.ok());
        EXPECT_EQ(accepted.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(accepted.error().field, "to");
    }
    EXPECT_TRUE(Outbox(org_.id).empty());
    EXPECT_TRUE(Outbox(other_org_.id).empty());
}

TEST_F(MailServiceTest, EmployeesMayNotSend) {
    auto accepted = mail_.Send(PrincipalFor(emma_), To(std::nullopt));
    ASSERT_FALSE(accepted.ok());
    EXPECT_EQ(accepted.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(Outbox(org_.id).empty());
}

TEST_F(MailServiceTest, SubjectAndMessageAreValidated) {
    const std::vector<Id> emma{emma_.id};
    struct Case {
        std::string subject, message, field;
    };
    for (const Case& c : {Case{"", "hi", "subject"}, Case{std::string(201, 's'), "hi", "subject"},
                          Case{"Line\nbreak", "hi", "subject"}, Case{"Hi", "", "message"},
                          Case{"Hi", std::string(10001, 'm'), "message"}, Case{"Hi", "bell\x07", "message"}}) {
        auto accepted = mail_.Send(PrincipalFor(manager_), To(emma, c.subject, c.message));
        ASSERT_FALSE(accepted.ok()) << c.field << ": " << c.subject.size() << "/" << c.message.size();
        EXPECT_EQ(accepted.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(accepted.error().field, c.field);
    }
    EXPECT_TRUE(Outbox(org_.id).empty());
}

TEST_F(MailServiceTest, LimitsAreCountedInCodePointsAndLineBreaksAndTabsAreAllowed) {
    std::string subject;
    for (int i = 0; i < 200; ++i) subject += "\xC3\xA9";  // 200 x U+00E9, 400 bytes
    std::string message(9990, 'm');
    message += "\r\n\tend\n";
    auto accepted = mail_.Send(PrincipalFor(manager_), To(std::vector<Id>{emma_.id}, subject, message));
    ASSERT_TRUE(accepted.ok()) << accepted.error().detail;
    EXPECT_EQ(accepted->message_ids.size(), 1u);
}

// --- List ----------------------------------------------------------------------------------

TEST_F(MailServiceTest, ListPagesNewestFirst) {
    const std::vector<Id> ids = QueueToEmma(5);
    ASSERT_EQ(ids.size(), 5u);

    auto first = mail_.List(PrincipalFor(manager_), PageRequest{.limit = 2});
    ASSERT_TRUE(first.ok()) << first.error().detail;
    EXPECT_EQ(IdsOf(first->items), (std::vector<Id>{ids[4], ids[3]}));
    EXPECT_EQ(first->items[0].subject, "N4");
    ASSERT_TRUE(first->next_cursor.has_value());

    auto second = mail_.List(PrincipalFor(manager_), *ParsePageRequest(std::string("2"), first->next_cursor));
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(IdsOf(second->items), (std::vector<Id>{ids[2], ids[1]}));

    auto last = mail_.List(PrincipalFor(owner_), *ParsePageRequest(std::string("2"), second->next_cursor));
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(IdsOf(last->items), std::vector<Id>{ids[0]});
    EXPECT_FALSE(last->next_cursor.has_value());

    auto all = mail_.List(PrincipalFor(owner_));
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(all->items.size(), 5u);
    EXPECT_FALSE(all->next_cursor.has_value());
}

TEST_F(MailServiceTest, ListShowsOnlyTheCallersOrganisation) {
    QueueToEmma(2);
    auto foreign = mail_.Send(PrincipalFor(stranger_), To(std::nullopt));
    ASSERT_TRUE(foreign.ok());
    ASSERT_EQ(foreign->message_ids.size(), 1u);

    auto ours = mail_.List(PrincipalFor(manager_));
    ASSERT_TRUE(ours.ok());
    ASSERT_EQ(ours->items.size(), 2u);
    for (const OutboxMessage& message : ours->items) EXPECT_EQ(message.organization_id, org_.id);

    auto theirs = mail_.List(PrincipalFor(stranger_));
    ASSERT_TRUE(theirs.ok());
    ASSERT_EQ(theirs->items.size(), 1u);
    EXPECT_EQ(theirs->items[0].to_address, "sam@example.com");
}

TEST_F(MailServiceTest, ListRefusesEmployees) {
    auto employee = mail_.List(PrincipalFor(emma_));
    ASSERT_FALSE(employee.ok());
    EXPECT_EQ(employee.error().code, ErrorCode::kForbidden);
}

// --- Retry ---------------------------------------------------------------------------------

TEST_F(MailServiceTest, RetryQueuesADeadMessageAgainWithTheSameMessageId) {
    const Id id = QueueToEmma(1).at(0);
    MakeDead(id);
    const auto dead = Outbox(org_.id).at(0);
    ASSERT_EQ(dead.status, OutboxStatus::kDead);
    ASSERT_EQ(dead.attempts, 1);
    clock_.Advance(std::chrono::hours{2});

    auto retried = mail_.Retry(PrincipalFor(manager_), id);
    ASSERT_TRUE(retried.ok()) << retried.error().detail;
    EXPECT_EQ(retried->id, id);
    EXPECT_EQ(retried->status, OutboxStatus::kPending);
    EXPECT_EQ(retried->attempts, 0);
    EXPECT_EQ(retried->message_id, dead.message_id);
    EXPECT_EQ(retried->next_attempt_at, clock_.Now());

    const auto stored = Outbox(org_.id).at(0);
    EXPECT_EQ(stored.status, OutboxStatus::kPending);
    EXPECT_EQ(stored.attempts, 0);
}

TEST_F(MailServiceTest, RetryOfAMessageThatIsNotDeadIsAConflict) {
    const Id id = QueueToEmma(1).at(0);
    auto pending = mail_.Retry(PrincipalFor(manager_), id);
    ASSERT_FALSE(pending.ok());
    EXPECT_EQ(pending.error().code, ErrorCode::kConflict);

    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        uow->outbox().MarkSent(id, clock_.Now());
        uow->Commit();
    }
    auto sent = mail_.Retry(PrincipalFor(manager_), id);
    ASSERT_FALSE(sent.ok());
    EXPECT_EQ(sent.error().code, ErrorCode::kConflict);
    EXPECT_EQ(Outbox(org_.id).at(0).status, OutboxStatus::kSent);
}

TEST_F(MailServiceTest, RetryOfAnotherOrganisationsOrAnUnknownMessageIsNotFound) {
    const Id id = QueueToEmma(1).at(0);
    MakeDead(id);

    auto foreign = mail_.Retry(PrincipalFor(stranger_), id);
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Outbox(org_.id).at(0).status, OutboxStatus::kDead);

    auto unknown = mail_.Retry(PrincipalFor(manager_), id + 100);
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST_F(MailServiceTest, EmployeesMayNotRetry) {
    const Id id = QueueToEmma(1).at(0);
    MakeDead(id);
    auto retried = mail_.Retry(PrincipalFor(emma_), id);
    ASSERT_FALSE(retried.ok());
    EXPECT_EQ(retried.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Outbox(org_.id).at(0).status, OutboxStatus::kDead);
}

}  // namespace
}  // namespace shiftsync
