// The blob-deletion ledger (BlobDeletionRepository in app/ports/repositories.hpp), run against
// every database implementation: what PictureService's collector and adopters rely on.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "temp_dir.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // Backend, kInMemory, kSqlite, kPostgres, At, InWrite

class BlobDeletionContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { db_ = GetParam().open(dir_.path()); }

    std::vector<std::string> Due(Instant now, int limit = 100) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->blob_deletions().Due(now, limit);
    }

    TempDir dir_;
    std::unique_ptr<UnitOfWorkFactory> db_;
};

TEST_P(BlobDeletionContract, DueListsOnlyKeysWhoseTimeHasComeEarliestFirst) {
    InWrite(*db_, [](UnitOfWork& uow) {
        uow.blob_deletions().Schedule("pictures/c-128.jpg", At(300));
        uow.blob_deletions().Schedule("pictures/a-128.jpg", At(100));
        uow.blob_deletions().Schedule("pictures/b-128.jpg", At(200));
    });
    EXPECT_TRUE(Due(At(99)).empty());
    EXPECT_EQ(Due(At(100)), (std::vector<std::string>{"pictures/a-128.jpg"}));
    EXPECT_EQ(Due(At(1000)),
              (std::vector<std::string>{"pictures/a-128.jpg", "pictures/b-128.jpg", "pictures/c-128.jpg"}));
    EXPECT_EQ(Due(At(1000), 2), (std::vector<std::string>{"pictures/a-128.jpg", "pictures/b-128.jpg"}));
}

TEST_P(BlobDeletionContract, SchedulingAgainMovesTheDueTime) {
    InWrite(*db_, [](UnitOfWork& uow) { uow.blob_deletions().Schedule("k", At(500)); });
    InWrite(*db_, [](UnitOfWork& uow) { uow.blob_deletions().Schedule("k", At(10)); });
    EXPECT_EQ(Due(At(10)), (std::vector<std::string>{"k"}));
    InWrite(*db_, [](UnitOfWork& uow) { uow.blob_deletions().Schedule("k", At(900)); });
    EXPECT_TRUE(Due(At(800)).empty());
}

TEST_P(BlobDeletionContract, CancelSaysWhetherADeletionWasScheduled) {
    InWrite(*db_, [](UnitOfWork& uow) { uow.blob_deletions().Schedule("k", At(5)); });
    EXPECT_TRUE(InWrite(*db_, [](UnitOfWork& uow) { return uow.blob_deletions().Cancel("k"); }));
    EXPECT_FALSE(InWrite(*db_, [](UnitOfWork& uow) { return uow.blob_deletions().Cancel("k"); }));
    EXPECT_FALSE(InWrite(*db_, [](UnitOfWork& uow) { return uow.blob_deletions().Cancel("never"); }));
    EXPECT_TRUE(Due(At(1000)).empty());
}

TEST_P(BlobDeletionContract, NothingIsKeptWithoutCommit) {
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        uow->blob_deletions().Schedule("k", At(1));
    }
    EXPECT_TRUE(Due(At(1000)).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, BlobDeletionContract, ::testing::Values(kInMemory, kSqlite, kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace shiftsync
