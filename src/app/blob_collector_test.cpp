#include "app/blob_collector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "testing/fakes.hpp"
#include "testing/in_memory_blob_store.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

class BlobCollectorTest : public testing::Test {
protected:
    void Schedule(const std::string& key, Instant due_at) {
        auto uow = db_->Begin(TransactionMode::kWrite);
        uow->blob_deletions().Schedule(key, due_at);
        uow->Commit();
    }
    std::vector<std::string> Ledger() {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->blob_deletions().Due(clock_.Now() + seconds{1'000'000}, 1000);
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    InMemoryBlobStore blobs_;
    FakeClock clock_;
};

TEST_F(BlobCollectorTest, DeletesDueBlobsAndForgetsThem) {
    blobs_.Put("a", "1", "image/jpeg");
    blobs_.Put("b", "2", "image/jpeg");
    blobs_.Put("c", "3", "image/jpeg");
    Schedule("a", clock_.Now());
    Schedule("b", clock_.Now() + seconds{10});
    BlobCollector collector(*db_, blobs_, clock_);

    EXPECT_EQ(collector.CollectOnce(), 1);
    EXPECT_EQ(blobs_.Keys(), (std::vector<std::string>{"b", "c"}));
    EXPECT_EQ(Ledger(), (std::vector<std::string>{"b"}));
    clock_.Advance(seconds{10});
    EXPECT_EQ(collector.CollectOnce(), 1);
    EXPECT_EQ(blobs_.Keys(), (std::vector<std::string>{"c"}));
    EXPECT_TRUE(Ledger().empty());
}

TEST_F(BlobCollectorTest, AMissingBlobCountsAsDeleted) {
    Schedule("gone", clock_.Now());
    BlobCollector collector(*db_, blobs_, clock_);
    EXPECT_EQ(collector.CollectOnce(), 1);
    EXPECT_TRUE(Ledger().empty());
}

TEST_F(BlobCollectorTest, TakesAtMostOneBatch) {
    for (int i = 0; i < 5; ++i) {
        blobs_.Put("k" + std::to_string(i), "x", "image/jpeg");
        Schedule("k" + std::to_string(i), clock_.Now());
    }
    BlobCollector collector(*db_, blobs_, clock_, 2);
    EXPECT_EQ(collector.CollectOnce(), 2);
    EXPECT_EQ(blobs_.Keys().size(), 3u);
    EXPECT_EQ(collector.CollectOnce(), 2);
    EXPECT_EQ(collector.CollectOnce(), 1);
    EXPECT_TRUE(blobs_.Keys().empty());
}

TEST_F(BlobCollectorTest, AFailedDeletionIsRetriedLater) {
    blobs_.Put("a", "1", "image/jpeg");
    Schedule("a", clock_.Now());
    BlobCollector collector(*db_, blobs_, clock_);
    blobs_.FailNextCalls(1);
    EXPECT_EQ(collector.CollectOnce(), 1);
    EXPECT_EQ(blobs_.Keys(), (std::vector<std::string>{"a"}));
    EXPECT_EQ(Ledger(), (std::vector<std::string>{"a"}));  // back on the ledger...
    EXPECT_EQ(collector.CollectOnce(), 0);                 // ...but not due yet
    clock_.Advance(seconds{60});
    EXPECT_EQ(collector.CollectOnce(), 1);
    EXPECT_TRUE(blobs_.Keys().empty());
}

}  // namespace
}  // namespace shiftsync
