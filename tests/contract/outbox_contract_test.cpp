// The outbox contract (app/ports/mail.hpp), written once and run against every implementation
// of the database ports: what the mail worker and the use cases that enqueue email may rely on.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "infra/db/sqlite_database.hpp"
#include "temp_dir.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

using namespace contract;  // Backend, kInMemory, kSqlite, kPostgres, At, Unix

constexpr seconds kLease{60};

const std::vector<EmailKind> kAllKinds = {
    EmailKind::kInvitation,      EmailKind::kWelcome,      EmailKind::kSecurityNotice,
    EmailKind::kShiftAssigned,   EmailKind::kShiftChanged, EmailKind::kShiftCancelled,
    EmailKind::kPatternAssigned, EmailKind::kAnnouncement, EmailKind::kPasswordReset,
};

void ExpectSameMessage(const OutboxMessage& expected, const OutboxMessage& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.kind, actual.kind);
    EXPECT_EQ(expected.recipient_user_id, actual.recipient_user_id);
    EXPECT_EQ(expected.to_address, actual.to_address);
    EXPECT_EQ(expected.to_name, actual.to_name);
    EXPECT_EQ(expected.from_name, actual.from_name);
    EXPECT_EQ(expected.subject, actual.subject);
    EXPECT_EQ(expected.text_body, actual.text_body);
    EXPECT_EQ(expected.html_body, actual.html_body);
    EXPECT_EQ(expected.message_id, actual.message_id);
    EXPECT_EQ(expected.status, actual.status);
    EXPECT_EQ(expected.attempts, actual.attempts);
    EXPECT_EQ(Unix(expected.next_attempt_at), Unix(actual.next_attempt_at));
    EXPECT_EQ(Unix(expected.lease_until), Unix(actual.lease_until));
    EXPECT_EQ(expected.last_error, actual.last_error);
    EXPECT_EQ(Unix(expected.created_at), Unix(actual.created_at));
    EXPECT_EQ(Unix(expected.sent_at), Unix(actual.sent_at));
    EXPECT_EQ(expected.carries_secret, actual.carries_secret);
    EXPECT_EQ(expected.body, actual.body);
}

class OutboxContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        db_ = GetParam().open(dir_.path());
        auto uow = db_->Begin(TransactionMode::kWrite);
        {
            Organization org;
            org.name = "Café Central";
            org.time_zone = "Europe/Berlin";
            org.week_start = std::chrono::Monday;
            org.created_at = At(0);
            org_ = uow->organizations().Create(org);
            org.name = "Elsewhere";
            other_org_ = uow->organizations().Create(org);
            User user;
            user.organization_id = org_;
            user.name = "Ada";
            user.email = "ada@example.com";
            user.password_hash = "hash";
            user.position = "Barista";
            user.created_at = At(0);
            user_ = *uow->users().Create(user);
        }
        uow->Commit();
    }

    template <typename Work>
    auto Write(Work work) {
        return InWrite(*db_, work);
    }

    template <typename Work>
    auto Read(Work work) {
        return InRead(*db_, work);
    }

    // A pending message of org_ to user_, due at `due`, with a unique Message-ID.
    OutboxMessage Message(Instant due, Id organization_id = 0) {
        OutboxMessage message;
        message.organization_id = organization_id != 0 ? organization_id : org_;
        message.kind = EmailKind::kShiftAssigned;
        message.recipient_user_id =
            organization_id == 0 || organization_id == org_ ? std::optional<Id>(user_) : std::nullopt;
        message.to_address = "ada@example.com";
        message.to_name = "Ada";
        message.from_name = "Café Central";
        message.subject = "You have a new shift";
        message.text_body = "Monday 08:00-16:00";
        message.html_body = "<p>Monday 08:00&ndash;16:00</p>";
        message.message_id = "<" + std::to_string(++sequence_) + ".outbox-test@shiftsync.example>";
        message.next_attempt_at = due;
        message.created_at = At(0);
        return message;
    }

    Id Enqueue(const OutboxMessage& message) {
        return Write([&](UnitOfWork& uow) { return uow.outbox().Enqueue(message); });
    }

    std::vector<OutboxMessage> Claim(Instant now, int limit, seconds lease = kLease) {
        return Write([&](UnitOfWork& uow) { return uow.outbox().Claim(now, lease, limit); });
    }

    OutboxMessage Find(Id id) {
        auto found = Read([&](UnitOfWork& uow) { return uow.outbox().FindById(org_, id); });
        EXPECT_TRUE(found) << id;
        return found.value_or(OutboxMessage{});
    }

    TempDir dir_;  // declared first: removed after the database is closed
    std::unique_ptr<UnitOfWorkFactory> db_;
    Id org_ = 0;
    Id other_org_ = 0;
    Id user_ = 0;
    int sequence_ = 0;
};

// ---- Enqueue and find

TEST_P(OutboxContract, EnqueueRoundTripForEveryKind) {
    for (EmailKind kind : kAllKinds) {
        OutboxMessage message = Message(At(100));
        message.kind = kind;
        if (kind == EmailKind::kInvitation) message.recipient_user_id.reset();
        message.created_at = At(42);
        message.id = Enqueue(message);
        EXPECT_GT(message.id, 0);
        ExpectSameMessage(message, Find(message.id));
    }
}

// Whatever the argument says, a new message is pending, untried, unleased and unsent.
TEST_P(OutboxContract, EnqueueStoresAFreshPendingMessage) {
    OutboxMessage message = Message(At(100));
    message.id = 9999;
    message.status = OutboxStatus::kDead;
    message.attempts = 5;
    message.lease_until = At(500);
    message.last_error = "stale";
    message.sent_at = At(600);
    const Id id = Enqueue(message);
    EXPECT_NE(id, 9999);
    const OutboxMessage found = Find(id);
    EXPECT_EQ(found.status, OutboxStatus::kPending);
    EXPECT_EQ(found.attempts, 0);
    EXPECT_FALSE(found.lease_until);
    EXPECT_EQ(found.last_error, "");
    EXPECT_FALSE(found.sent_at);
    EXPECT_EQ(Unix(found.next_attempt_at), Unix(At(100)));
}

TEST_P(OutboxContract, MessageIdIsUniqueAndReferencesMustExist) {
    const OutboxMessage message = Message(At(0));
    Enqueue(message);
    EXPECT_ANY_THROW(Enqueue(message));
    OutboxMessage no_org = Message(At(0));
    no_org.organization_id = 12345;
    EXPECT_ANY_THROW(Enqueue(no_org));
    OutboxMessage no_user = Message(At(0));
    no_user.recipient_user_id = 12345;
    EXPECT_ANY_THROW(Enqueue(no_user));
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.outbox().List(org_, 0, 100).size(); }), 1u);
}

// The point of a transactional outbox: an email exists exactly when its cause was committed.
TEST_P(OutboxContract, EnqueueInARolledBackUnitOfWorkLeavesNothing) {
    Id id = 0;
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        User ada = *uow->users().FindById(org_, user_);
        ada.name = "Ada L.";
        ASSERT_TRUE(uow->users().Update(ada).ok());
        id = uow->outbox().Enqueue(Message(At(0)));
        EXPECT_TRUE(uow->outbox().FindById(org_, id));  // visible inside its own transaction
    }
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.outbox().FindById(org_, id); }));
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.outbox().List(org_, 0, 100); }).empty());
    EXPECT_TRUE(Claim(At(1000), 100).empty());
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.users().FindById(org_, user_)->name; }), "Ada");

    // Committed together, both are there.
    Write([&](UnitOfWork& uow) {
        User ada = *uow.users().FindById(org_, user_);
        ada.name = "Ada L.";
        ASSERT_TRUE(uow.users().Update(ada).ok());
        id = uow.outbox().Enqueue(Message(At(0)));
    });
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.outbox().FindById(org_, id); }));
}

TEST_P(OutboxContract, AwkwardStringsAreStoredExactly) {
    const std::vector<std::string> samples = {
        "Robert'); DROP TABLE outbox_messages;--",
        "Zoë 日本 🙂 Grüße",
        "quote \" and backslash \\ and percent % and _",
        "",
        "  padded  \r\n\ttabbed",
        "semi;colon :name ? $1",
    };
    for (const std::string& text : samples) {
        OutboxMessage message = Message(At(0));
        message.to_address = text;
        message.to_name = text;
        message.from_name = text;
        message.subject = text;
        message.text_body = text;
        message.html_body = "<p>" + text + "</p>";
        message.message_id = "<" + text + std::to_string(++sequence_) + "@x>";
        message.id = Enqueue(message);
        ExpectSameMessage(message, Find(message.id));
        Write([&](UnitOfWork& uow) { uow.outbox().MarkFailed(message.id, text, std::nullopt); });
        EXPECT_EQ(Find(message.id).last_error, text);
    }
}

// ---- Claim

TEST_P(OutboxContract, ClaimTakesDuePendingMessagesOldestFirstUpToTheLimit) {
    const Id late = Enqueue(Message(At(30)));
    const Id early = Enqueue(Message(At(10)));
    const Id tie_a = Enqueue(Message(At(20)));
    const Id tie_b = Enqueue(Message(At(20)));
    const Id future = Enqueue(Message(At(1000)));
    const Id sent = Enqueue(Message(At(0)));
    const Id dead = Enqueue(Message(At(0)));
    Write([&](UnitOfWork& uow) {
        uow.outbox().MarkSent(sent, At(1));
        uow.outbox().MarkFailed(dead, "550 no such user", std::nullopt);
    });

    auto first = Claim(At(100), 3);
    EXPECT_EQ(IdsOf(first), (std::vector<Id>{early, tie_a, tie_b}));
    for (const OutboxMessage& message : first) {
        ASSERT_TRUE(message.lease_until);
        EXPECT_EQ(Unix(*message.lease_until), Unix(At(100) + kLease));
        EXPECT_EQ(message.status, OutboxStatus::kPending);
        ExpectSameMessage(message, Find(message.id));  // what Claim returns is what is stored
    }
    EXPECT_EQ(IdsOf(Claim(At(100), 10)), (std::vector<Id>{late}));
    EXPECT_TRUE(Claim(At(100), 10).empty());  // everything due is leased; sent, dead, future are not due
    EXPECT_TRUE(Claim(At(100), 0).empty());
    EXPECT_EQ(IdsOf(Claim(At(1000) + kLease, 10)), (std::vector<Id>{early, tie_a, tie_b, late, future}));
}

// A worker that dies holding a lease delays its messages only until the lease runs out.
TEST_P(OutboxContract, ClaimedMessageIsReclaimableWhenTheLeasePasses) {
    const Id id = Enqueue(Message(At(0)));
    EXPECT_EQ(IdsOf(Claim(At(100), 10)), (std::vector<Id>{id}));
    EXPECT_TRUE(Claim(At(100) + kLease - seconds{1}, 10).empty());
    auto again = Claim(At(100) + kLease, 10, seconds{300});  // lease_until <= now: free again
    ASSERT_EQ(IdsOf(again), (std::vector<Id>{id}));
    EXPECT_EQ(Unix(again[0].lease_until), Unix(At(100) + kLease + seconds{300}));
    EXPECT_EQ(again[0].attempts, 0);  // claiming is not an attempt
}

// Four workers, each claiming in its own kWrite unit of work, never share a message.
TEST_P(OutboxContract, ConcurrentClaimsNeverClaimTheSameMessageTwice) {
    constexpr int kMessages = 100;
    constexpr int kThreads = 4;
    Write([&](UnitOfWork& uow) {
        for (int i = 0; i < kMessages; ++i) uow.outbox().Enqueue(Message(At(i % 7)));
    });
    std::vector<std::vector<Id>> claimed(kThreads);
    std::atomic<bool> go{false};
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            while (!go.load()) std::this_thread::yield();
            try {
                while (true) {
                    auto uow = db_->Begin(TransactionMode::kWrite);
                    auto batch = uow->outbox().Claim(At(100), seconds{3600}, 3);
                    uow->Commit();
                    if (batch.empty()) break;
                    for (const OutboxMessage& message : batch) claimed[t].push_back(message.id);
                    std::this_thread::yield();
                }
            } catch (const std::exception& error) {
                ADD_FAILURE() << "thread " << t << ": " << error.what();
                ++failed;
            }
        });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failed.load(), 0);
    std::set<Id> distinct;
    std::size_t total = 0;
    for (const auto& ids : claimed) {
        total += ids.size();
        distinct.insert(ids.begin(), ids.end());
    }
    EXPECT_EQ(total, static_cast<std::size_t>(kMessages));
    EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kMessages));
}

// ---- Outcomes

TEST_P(OutboxContract, MarkSentEndsTheMessage) {
    const Id id = Enqueue(Message(At(0)));
    ASSERT_EQ(Claim(At(10), 1).size(), 1u);
    Write([&](UnitOfWork& uow) { uow.outbox().MarkSent(id, At(20)); });
    const OutboxMessage sent = Find(id);
    EXPECT_EQ(sent.status, OutboxStatus::kSent);
    EXPECT_EQ(Unix(sent.sent_at), Unix(At(20)));
    EXPECT_EQ(sent.attempts, 1);  // the successful attempt counts
    EXPECT_FALSE(sent.lease_until);
    EXPECT_TRUE(Claim(At(100000), 10).empty());

    // A worker whose lease ran out and who reports late cannot undo it.
    Write([&](UnitOfWork& uow) {
        uow.outbox().MarkFailed(id, "late failure", At(30));
        uow.outbox().MarkFailed(id, "late failure", std::nullopt);
        uow.outbox().MarkSent(id, At(40));
    });
    ExpectSameMessage(sent, Find(id));
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.outbox().Retry(org_, id, At(50)); }));
}

TEST_P(OutboxContract, MarkFailedWithANextAttemptMakesItPendingAgain) {
    const Id id = Enqueue(Message(At(0)));
    ASSERT_EQ(Claim(At(10), 1).size(), 1u);
    Write([&](UnitOfWork& uow) { uow.outbox().MarkFailed(id, "421 try later", At(300)); });
    OutboxMessage failed = Find(id);
    EXPECT_EQ(failed.status, OutboxStatus::kPending);
    EXPECT_EQ(failed.attempts, 1);
    EXPECT_EQ(failed.last_error, "421 try later");
    EXPECT_EQ(Unix(failed.next_attempt_at), Unix(At(300)));
    EXPECT_FALSE(failed.lease_until);

    EXPECT_TRUE(Claim(At(299), 10).empty());  // not before the next attempt, lease or no lease
    ASSERT_EQ(IdsOf(Claim(At(300), 10)), (std::vector<Id>{id}));
    Write([&](UnitOfWork& uow) { uow.outbox().MarkFailed(id, "timeout", At(900)); });
    failed = Find(id);
    EXPECT_EQ(failed.attempts, 2);
    EXPECT_EQ(failed.last_error, "timeout");
}

TEST_P(OutboxContract, MarkFailedWithoutANextAttemptKillsIt) {
    const Id id = Enqueue(Message(At(0)));
    ASSERT_EQ(Claim(At(10), 1).size(), 1u);
    Write([&](UnitOfWork& uow) { uow.outbox().MarkFailed(id, "550 mailbox unavailable", std::nullopt); });
    const OutboxMessage dead = Find(id);
    EXPECT_EQ(dead.status, OutboxStatus::kDead);
    EXPECT_EQ(dead.attempts, 1);
    EXPECT_EQ(dead.last_error, "550 mailbox unavailable");
    EXPECT_FALSE(dead.lease_until);
    EXPECT_FALSE(dead.sent_at);
    EXPECT_TRUE(Claim(At(100000), 10).empty());
}

TEST_P(OutboxContract, RetryRevivesOnlyDeadMessagesOfTheOrganization) {
    const Id pending = Enqueue(Message(At(0)));
    const Id dead = Enqueue(Message(At(0)));
    Write([&](UnitOfWork& uow) {
        uow.outbox().MarkFailed(dead, "first", At(5));
        uow.outbox().MarkFailed(dead, "gave up", std::nullopt);
    });
    ASSERT_EQ(Find(dead).attempts, 2);

    auto retry = [&](Id organization_id, Id id, Instant now) {
        return Write([&](UnitOfWork& uow) { return uow.outbox().Retry(organization_id, id, now); });
    };
    EXPECT_FALSE(retry(org_, pending, At(50)));
    EXPECT_FALSE(retry(other_org_, dead, At(50)));
    EXPECT_FALSE(retry(org_, 12345, At(50)));
    EXPECT_EQ(Find(dead).status, OutboxStatus::kDead);

    EXPECT_TRUE(retry(org_, dead, At(50)));
    const OutboxMessage revived = Find(dead);
    EXPECT_EQ(revived.status, OutboxStatus::kPending);
    EXPECT_EQ(revived.attempts, 0);
    EXPECT_EQ(Unix(revived.next_attempt_at), Unix(At(50)));
    EXPECT_FALSE(revived.lease_until);
    EXPECT_EQ(revived.last_error, "gave up");  // kept for the record until the next attempt
    EXPECT_FALSE(retry(org_, dead, At(60)));   // pending now
    // Due again at `now`, not before.
    EXPECT_EQ(IdsOf(Claim(At(49), 10)), (std::vector<Id>{pending}));
    EXPECT_EQ(IdsOf(Claim(At(50), 10)), (std::vector<Id>{dead}));
}

// ---- Listing

TEST_P(OutboxContract, ListIsNewestFirstPagedAndScopedToTheOrganization) {
    std::vector<Id> mine;
    for (int i = 0; i < 5; ++i) {
        mine.push_back(Enqueue(Message(At(i))));
        Enqueue(Message(At(i), other_org_));
    }
    auto list = [&](Id organization_id, Id before_id, int limit) {
        return IdsOf(Read([&](UnitOfWork& uow) { return uow.outbox().List(organization_id, before_id, limit); }));
    };
    EXPECT_EQ(list(org_, 0, 2), (std::vector<Id>{mine[4], mine[3]}));
    EXPECT_EQ(list(org_, mine[3], 2), (std::vector<Id>{mine[2], mine[1]}));
    EXPECT_EQ(list(org_, mine[1], 2), (std::vector<Id>{mine[0]}));
    EXPECT_TRUE(list(org_, mine[0], 2).empty());
    EXPECT_TRUE(list(org_, 0, 0).empty());
    EXPECT_EQ(list(org_, 0, 100), (std::vector<Id>{mine[4], mine[3], mine[2], mine[1], mine[0]}));
    const auto theirs = list(other_org_, 0, 100);
    EXPECT_EQ(theirs.size(), 5u);
    for (Id id : theirs) EXPECT_EQ(std::count(mine.begin(), mine.end(), id), 0);

    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.outbox().FindById(other_org_, mine[0]); }));
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.outbox().FindById(org_, theirs[0]); }));
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxContract, ::testing::Values(kInMemory, kSqlite, kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace shiftsync
