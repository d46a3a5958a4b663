#include "app/mail_worker.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <deque>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using namespace std::chrono_literals;
using std::chrono::seconds;

// Answers each address with the outcomes scripted for it, in order, then "delivered".
// Records every send; a test can wait for a number of sends, and can hold a send in progress.
class ScriptedTransport final : public MailTransport {
public:
    DeliveryResult Send(const OutboxMessage& message) override {
        std::unique_lock lock(mutex_);
        sent_.push_back(message);
        changed_.notify_all();
        changed_.wait(lock, [this] { return !hold_; });
        auto& script = scripts_[message.to_address];
        if (script.empty()) return {DeliveryOutcome::kDelivered, ""};
        const DeliveryOutcome outcome = script.front();
        script.pop_front();
        if (outcome == DeliveryOutcome::kDelivered) return {outcome, ""};
        if (throw_instead_) throw std::runtime_error("smtp://user:secret@relay exploded");
        return {outcome, outcome == DeliveryOutcome::kTemporaryFailure ? "421 try later" : "550 no such user"};
    }

    void Script(const std::string& address, std::deque<DeliveryOutcome> outcomes) {
        std::lock_guard lock(mutex_);
        scripts_[address] = std::move(outcomes);
    }
    void ThrowInsteadOfFailing() { throw_instead_ = true; }
    void Hold(bool hold) {
        std::lock_guard lock(mutex_);
        hold_ = hold;
        changed_.notify_all();
    }
    // True once `count` sends have started, false if that takes longer than `deadline`.
    bool WaitForSends(std::size_t count, std::chrono::milliseconds deadline = 10s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, deadline, [&] { return sent_.size() >= count; });
    }
    std::vector<OutboxMessage> sent() const {
        std::lock_guard lock(mutex_);
        return sent_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::deque<DeliveryOutcome>> scripts_;
    std::vector<OutboxMessage> sent_;
    bool hold_ = false;
    std::atomic<bool> throw_instead_{false};
};

// Throws on the next `failures` Begin() calls, then passes through: a database that is down.
class FlakyDatabase final : public UnitOfWorkFactory {
public:
    explicit FlakyDatabase(UnitOfWorkFactory& real) : real_(real) {}
    std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override {
        if (failures > 0) {
            --failures;
            throw std::runtime_error("database is down");
        }
        return real_.Begin(mode);
    }
    bool Ping() override { return real_.Ping(); }
    std::atomic<int> failures{0};

private:
    UnitOfWorkFactory& real_;
};

class MailWorkerTest : public testing::Test {
protected:
    MailWorkerTest() { org_ = SeedOrganization(*database_, Organization{.name = "Acme", .time_zone = "UTC"}); }

    Id Enqueue(const std::string& address) {
        OutboxMessage message{.organization_id = org_.id,
                              .kind = EmailKind::kAnnouncement,
                              .to_address = address,
                              .to_name = "Someone",
                              .from_name = org_.name,
                              .subject = "Hello",
                              .text_body = "Hi",
                              .html_body = "<p>Hi</p>",
                              .message_id = fmt::format("<m{}@test>", ++enqueued_),
                              .next_attempt_at = clock_.Now(),
                              .created_at = clock_.Now()};
        auto unit = database_->Begin(TransactionMode::kWrite);
        const Id id = unit->outbox().Enqueue(message);
        unit->Commit();
        return id;
    }

    OutboxMessage Load(Id id) {
        auto unit = database_->Begin(TransactionMode::kRead);
        auto message = unit->outbox().FindById(org_.id, id);
        EXPECT_TRUE(message.has_value());
        return message.value_or(OutboxMessage{});
    }

    MailWorker MakeWorker(MailWorkerSettings settings = {}) {
        return MailWorker(
            *database_, transport_, clock_, [this] { return uniform_; }, settings);
    }

    std::unique_ptr<UnitOfWorkFactory> database_ = MakeInMemoryDatabase();
    FakeClock clock_;
    ScriptedTransport transport_;
    double uniform_ = 0.5;  // jitter factor 1.0
    Organization org_;
    int enqueued_ = 0;
};

TEST_F(MailWorkerTest, DeliveredMessageIsMarkedSent) {
    const Id id = Enqueue("ada@example.com");
    MailWorker worker = MakeWorker();
    EXPECT_EQ(worker.DrainOnce(), 1);
    const OutboxMessage m = Load(id);
    EXPECT_EQ(m.status, OutboxStatus::kSent);
    EXPECT_EQ(m.sent_at, clock_.Now());
    EXPECT_FALSE(m.lease_until.has_value());
    ASSERT_EQ(transport_.sent().size(), 1u);
    EXPECT_EQ(transport_.sent()[0].message_id, "<m1@test>");
    EXPECT_EQ(worker.DrainOnce(), 0) << "sent once only";
}

TEST_F(MailWorkerTest, NothingDueBeforeItsTime) {
    const Id id = Enqueue("ada@example.com");
    transport_.Script("ada@example.com", {DeliveryOutcome::kTemporaryFailure});
    MailWorker worker = MakeWorker();
    ASSERT_EQ(worker.DrainOnce(), 1);
    EXPECT_EQ(worker.DrainOnce(), 0);
    clock_.Set(Load(id).next_attempt_at);
    EXPECT_EQ(worker.DrainOnce(), 1);
    EXPECT_EQ(Load(id).status, OutboxStatus::kSent);
}

TEST_F(MailWorkerTest, TemporaryFailuresBackOffExponentiallyThenGiveUp) {
    const Id id = Enqueue("ada@example.com");
    transport_.Script("ada@example.com", std::deque<DeliveryOutcome>(10, DeliveryOutcome::kTemporaryFailure));
    MailWorker worker = MakeWorker({.max_attempts = 4, .base_backoff = 30s});
    for (int attempt = 0; attempt < 3; ++attempt) {
        const Instant tried_at = clock_.Now();
        ASSERT_EQ(worker.DrainOnce(), 1);
        const OutboxMessage m = Load(id);
        EXPECT_EQ(m.status, OutboxStatus::kPending);
        EXPECT_EQ(m.attempts, attempt + 1);
        EXPECT_EQ(m.last_error, "421 try later");
        EXPECT_EQ(m.next_attempt_at - tried_at, seconds{30 << attempt}) << "attempt " << attempt;
        clock_.Set(m.next_attempt_at);
    }
    ASSERT_EQ(worker.DrainOnce(), 1);  // the fourth attempt is the last
    const OutboxMessage m = Load(id);
    EXPECT_EQ(m.status, OutboxStatus::kDead);
    EXPECT_EQ(m.attempts, 4);
    clock_.Advance(seconds{std::chrono::hours{24}});
    EXPECT_EQ(worker.DrainOnce(), 0);
}

TEST_F(MailWorkerTest, JitterStaysWithinTwentyPercent) {
    for (const double u : {0.0, 0.999999}) {
        uniform_ = u;
        const std::string address = fmt::format("ada{}@example.com", enqueued_);
        transport_.Script(address, {DeliveryOutcome::kTemporaryFailure});
        const Id id = Enqueue(address);
        MailWorker worker = MakeWorker({.base_backoff = 100s});
        ASSERT_EQ(worker.DrainOnce(), 1);
        const auto delay = Load(id).next_attempt_at - clock_.Now();
        EXPECT_GE(delay, 80s) << u;
        EXPECT_LE(delay, 120s) << u;
    }
}

TEST_F(MailWorkerTest, BackoffIsCapped) {
    const Id id = Enqueue("ada@example.com");
    transport_.Script("ada@example.com", std::deque<DeliveryOutcome>(30, DeliveryOutcome::kTemporaryFailure));
    uniform_ = 0.999999;
    MailWorker worker = MakeWorker({.max_attempts = 100, .base_backoff = 30s, .max_backoff = 3600s});
    for (int attempt = 0; attempt < 30; ++attempt) {
        const Instant tried_at = clock_.Now();
        ASSERT_EQ(worker.DrainOnce(), 1);
        const OutboxMessage m = Load(id);
        EXPECT_LE(m.next_attempt_at - tried_at, 3600s * 1.2);
        clock_.Set(m.next_attempt_at);
    }
}

TEST_F(MailWorkerTest, PermanentFailureIsDeadAtOnceAndTheRestOfTheBatchGoesOut) {
    const Id a = Enqueue("a@example.com");
    const Id bad = Enqueue("bad@example.com");
    const Id c = Enqueue("c@example.com");
    transport_.Script("bad@example.com", {DeliveryOutcome::kPermanentFailure});
    MailWorker worker = MakeWorker();
    EXPECT_EQ(worker.DrainOnce(), 3);
    EXPECT_EQ(Load(a).status, OutboxStatus::kSent);
    EXPECT_EQ(Load(bad).status, OutboxStatus::kDead);
    EXPECT_EQ(Load(bad).attempts, 1);
    EXPECT_EQ(Load(bad).last_error, "550 no such user");
    EXPECT_EQ(Load(c).status, OutboxStatus::kSent);
}

TEST_F(MailWorkerTest, AThrowingTransportIsATemporaryFailureWithoutItsMessage) {
    const Id id = Enqueue("ada@example.com");
    transport_.Script("ada@example.com", {DeliveryOutcome::kTemporaryFailure});
    transport_.ThrowInsteadOfFailing();
    MailWorker worker = MakeWorker();
    EXPECT_EQ(worker.DrainOnce(), 1);
    const OutboxMessage m = Load(id);
    EXPECT_EQ(m.status, OutboxStatus::kPending);
    EXPECT_EQ(m.last_error.find("secret"), std::string::npos) << m.last_error;
}

TEST_F(MailWorkerTest, ClaimsAtMostOneBatch) {
    for (int i = 0; i < 5; ++i) Enqueue(fmt::format("p{}@example.com", i));
    MailWorker worker = MakeWorker({.batch_size = 2});
    EXPECT_EQ(worker.DrainOnce(), 2);
    EXPECT_EQ(worker.DrainOnce(), 2);
    EXPECT_EQ(worker.DrainOnce(), 1);
    EXPECT_EQ(worker.DrainOnce(), 0);
}

TEST_F(MailWorkerTest, AnExpiredLeaseIsReclaimedAndSentWithTheSameMessageId) {
    const Id id = Enqueue("ada@example.com");
    {
        // A worker that claimed the message and died before recording anything.
        auto unit = database_->Begin(TransactionMode::kWrite);
        ASSERT_EQ(unit->outbox().Claim(clock_.Now(), 300s, 20).size(), 1u);
        unit->Commit();
    }
    MailWorker worker = MakeWorker({.lease = 300s});
    EXPECT_EQ(worker.DrainOnce(), 0) << "the lease still holds";
    clock_.Advance(299s);
    EXPECT_EQ(worker.DrainOnce(), 0);
    clock_.Advance(1s);
    EXPECT_EQ(worker.DrainOnce(), 1);
    EXPECT_EQ(Load(id).status, OutboxStatus::kSent);
    ASSERT_EQ(transport_.sent().size(), 1u);
    EXPECT_EQ(transport_.sent()[0].message_id, "<m1@test>");
}

TEST_F(MailWorkerTest, StopRequestedBeforeAMessageLeavesItForLater) {
    Enqueue("ada@example.com");
    std::stop_source stop;
    stop.request_stop();
    MailWorker worker = MakeWorker({.lease = 60s});
    EXPECT_EQ(worker.DrainOnce(stop.get_token()), 0);
    EXPECT_TRUE(transport_.sent().empty());
    clock_.Advance(60s);
    EXPECT_EQ(worker.DrainOnce(), 1);
}

// --- The loop (real threads; waits have deadlines, nothing sleeps a fixed time) --------------

TEST_F(MailWorkerTest, LoopDeliversPromptlyOnWake) {
    MailWorker worker = MakeWorker();
    MailWorkerLoop loop(
        worker, [](std::string_view) {}, std::chrono::hours{1});
    const Id id = Enqueue("ada@example.com");
    loop.Wake();
    ASSERT_TRUE(transport_.WaitForSends(1)) << "not sent within the deadline, though the poll interval is an hour";
    loop.Stop();
    EXPECT_EQ(Load(id).status, OutboxStatus::kSent);
}

TEST_F(MailWorkerTest, LoopKeepsDrainingWhileBatchesAreFull) {
    MailWorker worker = MakeWorker({.batch_size = 2});
    for (int i = 0; i < 5; ++i) Enqueue(fmt::format("p{}@example.com", i));
    MailWorkerLoop loop(
        worker, [](std::string_view) {}, std::chrono::hours{1});
    loop.Wake();
    ASSERT_TRUE(transport_.WaitForSends(5));
}

TEST_F(MailWorkerTest, LoopLogsDatabaseFailuresAndRecovers) {
    FlakyDatabase flaky(*database_);
    flaky.failures = 2;
    MailWorker worker(flaky, transport_, clock_, [] { return 0.5; }, {});
    Enqueue("ada@example.com");
    std::mutex log_mutex;
    std::vector<std::string> logged;
    MailWorkerLoop loop(
        worker,
        [&](std::string_view line) {
            std::lock_guard lock(log_mutex);
            logged.emplace_back(line);
        },
        10ms);
    ASSERT_TRUE(transport_.WaitForSends(1));
    loop.Stop();
    std::lock_guard lock(log_mutex);
    ASSERT_EQ(logged.size(), 2u);
    EXPECT_EQ(logged[0], "mail worker: database is down");
}

TEST_F(MailWorkerTest, StopFinishesTheMessageInHandAndSendsNoOther) {
    const Id first = Enqueue("a@example.com");
    const Id second = Enqueue("b@example.com");
    MailWorker worker = MakeWorker();
    transport_.Hold(true);
    MailWorkerLoop loop(
        worker, [](std::string_view) {}, std::chrono::hours{1});
    ASSERT_TRUE(transport_.WaitForSends(1));  // the first send is in progress
    loop.RequestStop();
    transport_.Hold(false);
    loop.Stop();
    EXPECT_EQ(transport_.sent().size(), 1u);
    EXPECT_EQ(Load(first).status, OutboxStatus::kSent);
    EXPECT_EQ(Load(second).status, OutboxStatus::kPending);
}

TEST_F(MailWorkerTest, StopOnAnIdleLoopReturnsAtOnceAndIsIdempotent) {
    MailWorker worker = MakeWorker();
    MailWorkerLoop loop(
        worker, [](std::string_view) {}, std::chrono::hours{1});
    loop.Stop();  // would hang for an hour if the wait ignored the stop request
    loop.Stop();
}

}  // namespace
}  // namespace shiftsync
