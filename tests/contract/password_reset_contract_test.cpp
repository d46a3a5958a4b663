// The RepositoryContract suite (repository_fixture.hpp) on password resets, and the outbox's
// handling of secret-bearing bodies and retention (defect 12 of issue 12).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // RepositoryContract, At, Unix, kHour

PasswordReset MakeReset(Id org, Id user, const std::string& hash, Instant created, Instant expires,
                        std::optional<Id> requested_by = std::nullopt) {
    PasswordReset reset;
    reset.organization_id = org;
    reset.user_id = user;
    reset.token_hash = hash;
    reset.requested_by = requested_by;
    reset.created_at = created;
    reset.expires_at = expires;
    return reset;
}

void ExpectSameReset(const PasswordReset& expected, const PasswordReset& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.user_id, actual.user_id);
    EXPECT_EQ(expected.token_hash, actual.token_hash);
    EXPECT_EQ(expected.requested_by, actual.requested_by);
    EXPECT_EQ(Unix(expected.created_at), Unix(actual.created_at));
    EXPECT_EQ(Unix(expected.expires_at), Unix(actual.expires_at));
    EXPECT_EQ(Unix(expected.used_at), Unix(actual.used_at));
}

// ---- Password resets

TEST_P(RepositoryContract, PasswordResetRoundTripByTokenHash) {
    const Id org = AddOrganization();
    const Id owner = AddUser(org, "Owner", "owner@example.com", Role::kOwner);
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    PasswordReset asked = MakeReset(org, ada, "aa11", At(0), At(kHour));
    PasswordReset sent = MakeReset(org, ada, "bb22", At(5), At(kHour + 5), owner);
    asked.id = Write([&](UnitOfWork& uow) { return uow.password_resets().Create(asked); });
    sent.id = Write([&](UnitOfWork& uow) { return uow.password_resets().Create(sent); });
    EXPECT_NE(asked.id, sent.id);
    Read([&](UnitOfWork& uow) {
        auto found = uow.password_resets().FindByTokenHash("aa11");
        ASSERT_TRUE(found);
        ExpectSameReset(asked, *found);
        found = uow.password_resets().FindByTokenHash("bb22");
        ASSERT_TRUE(found);
        ExpectSameReset(sent, *found);
        EXPECT_FALSE(uow.password_resets().FindByTokenHash("AA11"));  // hashes match exactly
        EXPECT_FALSE(uow.password_resets().FindByTokenHash(""));
    });
}

TEST_P(RepositoryContract, PasswordResetCreateIgnoresUsedAtAndRefusesADuplicateHash) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    PasswordReset reset = MakeReset(org, ada, "cc33", At(0), At(kHour));
    reset.used_at = At(1);
    Write([&](UnitOfWork& uow) { uow.password_resets().Create(reset); });
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.password_resets().FindByTokenHash("cc33"); })->used_at);
    auto uow = db_->Begin(TransactionMode::kWrite);
    try {
        uow->password_resets().Create(MakeReset(org, ada, "cc33", At(2), At(kHour)));
        ADD_FAILURE() << "a second reset with the same token hash was stored";
    } catch (const std::exception& error) {
        EXPECT_EQ(std::string(error.what()).find("cc33"), std::string::npos) << error.what();
    }
}

TEST_P(RepositoryContract, PasswordResetIsUsedOnce) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id id = Write(
        [&](UnitOfWork& uow) { return uow.password_resets().Create(MakeReset(org, ada, "dd44", At(0), At(kHour))); });
    EXPECT_TRUE(Write([&](UnitOfWork& uow) { return uow.password_resets().MarkUsed(id, At(10)); }));
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.password_resets().MarkUsed(id, At(20)); }));
    EXPECT_EQ(Unix(Read([&](UnitOfWork& uow) { return uow.password_resets().FindByTokenHash("dd44"); })->used_at),
              Unix(At(10)));
}

TEST_P(RepositoryContract, PasswordResetUsedWithoutCommitStaysUnused) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id id = Write(
        [&](UnitOfWork& uow) { return uow.password_resets().Create(MakeReset(org, ada, "ee55", At(0), At(kHour))); });
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        EXPECT_TRUE(uow->password_resets().MarkUsed(id, At(10)));
    }  // rolled back
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.password_resets().FindByTokenHash("ee55"); })->used_at);
}

// Two confirmations of one link at once: exactly one wins.
TEST_P(RepositoryContract, PasswordResetRacingUsesLetOneWin) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id id = Write(
        [&](UnitOfWork& uow) { return uow.password_resets().Create(MakeReset(org, ada, "ff66", At(0), At(kHour))); });
    std::atomic<int> wins{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&, i] {
            if (Write([&](UnitOfWork& uow) { return uow.password_resets().MarkUsed(id, At(10 + i)); })) ++wins;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1);
}

TEST_P(RepositoryContract, PasswordResetMarkAllUsedEndsOnlyThatPersonsOpenLinks) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    Write([&](UnitOfWork& uow) {
        uow.password_resets().Create(MakeReset(org, ada, "a1", At(0), At(kHour)));
        uow.password_resets().Create(MakeReset(org, ada, "a2", At(1), At(kHour)));
        uow.password_resets().Create(MakeReset(org, bob, "b1", At(2), At(kHour)));
    });
    const Id used = Read([&](UnitOfWork& uow) { return uow.password_resets().FindByTokenHash("a1")->id; });
    Write([&](UnitOfWork& uow) { uow.password_resets().MarkUsed(used, At(5)); });
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.password_resets().MarkAllUsed(ada, At(9)); }), 1);
    Read([&](UnitOfWork& uow) {
        EXPECT_EQ(Unix(uow.password_resets().FindByTokenHash("a1")->used_at), Unix(At(5)));  // kept
        EXPECT_EQ(Unix(uow.password_resets().FindByTokenHash("a2")->used_at), Unix(At(9)));
        EXPECT_FALSE(uow.password_resets().FindByTokenHash("b1")->used_at);
    });
}

TEST_P(RepositoryContract, PasswordResetPurgeDeletesWhatExpiredBefore) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    Write([&](UnitOfWork& uow) {
        uow.password_resets().Create(MakeReset(org, ada, "old", At(0), At(100)));
        uow.password_resets().Create(MakeReset(org, ada, "edge", At(0), At(200)));
        uow.password_resets().Create(MakeReset(org, ada, "new", At(0), At(300)));
    });
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.password_resets().PurgeExpiredBefore(At(200)); }), 1);
    Read([&](UnitOfWork& uow) {
        EXPECT_FALSE(uow.password_resets().FindByTokenHash("old"));
        EXPECT_TRUE(uow.password_resets().FindByTokenHash("edge"));
        EXPECT_TRUE(uow.password_resets().FindByTokenHash("new"));
    });
}

// ---- The outbox keeps no secret once delivered, and no body past the retention period

OutboxMessage MakeMail(Id org, EmailKind kind, const std::string& message_id) {
    OutboxMessage message;
    message.organization_id = org;
    message.kind = kind;
    message.to_address = "ada@example.com";
    message.to_name = "Ada";
    message.from_name = "Café Central";
    message.subject = "Subject";
    message.text_body = "open https://example.com/reset-password?token=SECRET";
    message.html_body = "<a href=\"https://example.com/reset-password?token=SECRET\">reset</a>";
    message.message_id = message_id;
    message.carries_secret = CarriesSecret(kind);
    message.next_attempt_at = At(0);
    message.created_at = At(0);
    return message;
}

TEST_P(RepositoryContract, OutboxRedactsASecretBearingBodyWhenSent) {
    const Id org = AddOrganization();
    const Id secret = Write(
        [&](UnitOfWork& uow) { return uow.outbox().Enqueue(MakeMail(org, EmailKind::kPasswordReset, "<1@test>")); });
    const Id plain = Write(
        [&](UnitOfWork& uow) { return uow.outbox().Enqueue(MakeMail(org, EmailKind::kAnnouncement, "<2@test>")); });
    Read([&](UnitOfWork& uow) {
        const OutboxMessage queued = *uow.outbox().FindById(org, secret);
        EXPECT_TRUE(queued.carries_secret);
        EXPECT_EQ(queued.body, OutboxBody::kKept);
        EXPECT_NE(queued.text_body.find("SECRET"), std::string::npos);  // the worker still needs it
        EXPECT_FALSE(uow.outbox().FindById(org, plain)->carries_secret);
    });
    Write([&](UnitOfWork& uow) {
        uow.outbox().Claim(At(1), std::chrono::seconds{60}, 10);
        uow.outbox().MarkSent(secret, At(2));
        uow.outbox().MarkSent(plain, At(2));
    });
    Read([&](UnitOfWork& uow) {
        const OutboxMessage sent = *uow.outbox().FindById(org, secret);
        EXPECT_EQ(sent.status, OutboxStatus::kSent);
        EXPECT_EQ(sent.body, OutboxBody::kRedacted);
        EXPECT_EQ(sent.text_body, kRedactedBody);
        EXPECT_EQ(sent.html_body, kRedactedBody);
        EXPECT_EQ(sent.subject, "Subject");  // what the list shows stays
        const OutboxMessage other = *uow.outbox().FindById(org, plain);
        EXPECT_EQ(other.body, OutboxBody::kKept);
        EXPECT_NE(other.text_body.find("SECRET"), std::string::npos);
    });
}

// A failed or dead message keeps its body: it may still be sent (a retry).
TEST_P(RepositoryContract, OutboxKeepsTheSecretOfAMessageNotSent) {
    const Id org = AddOrganization();
    const Id id =
        Write([&](UnitOfWork& uow) { return uow.outbox().Enqueue(MakeMail(org, EmailKind::kInvitation, "<3@test>")); });
    Write([&](UnitOfWork& uow) {
        uow.outbox().Claim(At(1), std::chrono::seconds{60}, 10);
        uow.outbox().MarkFailed(id, "550 no such user", std::nullopt);
    });
    const OutboxMessage dead = *Read([&](UnitOfWork& uow) { return uow.outbox().FindById(org, id); });
    EXPECT_EQ(dead.status, OutboxStatus::kDead);
    EXPECT_EQ(dead.body, OutboxBody::kKept);
    EXPECT_NE(dead.text_body.find("SECRET"), std::string::npos);
}

TEST_P(RepositoryContract, OutboxPurgesTheBodiesOfMessagesSentBeforeTheCutoff) {
    const Id org = AddOrganization();
    std::vector<Id> ids;
    Write([&](UnitOfWork& uow) {
        for (int i = 0; i < 4; ++i)
            ids.push_back(
                uow.outbox().Enqueue(MakeMail(org, EmailKind::kAnnouncement, "<p" + std::to_string(i) + "@t>")));
        uow.outbox().Claim(At(1), std::chrono::seconds{60}, 10);
        uow.outbox().MarkSent(ids[0], At(10));
        uow.outbox().MarkSent(ids[1], At(20));
        uow.outbox().MarkSent(ids[2], At(100));
        // ids[3] stays pending
    });
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.outbox().PurgeBodiesSentBefore(At(50), 1); }), 1);
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.outbox().PurgeBodiesSentBefore(At(50), 10); }), 1);
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.outbox().PurgeBodiesSentBefore(At(50), 10); }), 0);
    Read([&](UnitOfWork& uow) {
        for (int i : {0, 1}) {
            const OutboxMessage purged = *uow.outbox().FindById(org, ids[i]);
            EXPECT_EQ(purged.body, OutboxBody::kPurged) << i;
            EXPECT_EQ(purged.text_body, kPurgedBody);
            EXPECT_EQ(purged.html_body, kPurgedBody);
            EXPECT_EQ(purged.subject, "Subject");
        }
        EXPECT_EQ(uow.outbox().FindById(org, ids[2])->body, OutboxBody::kKept);
        EXPECT_EQ(uow.outbox().FindById(org, ids[3])->body, OutboxBody::kKept);
    });
}

}  // namespace
}  // namespace shiftsync
