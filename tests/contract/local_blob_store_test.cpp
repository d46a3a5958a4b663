// What only the local directory BlobStore (infra/blob/local_blob_store.hpp) can show: files,
// directories and permissions on disk, leftovers of torn writes, and failures half-way through.
// The behaviour it shares with every BlobStore is in blob_store_contract_test.cpp.
#include "infra/blob/local_blob_store.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "app/ports/blob_store.hpp"
#include "blob_store_fixtures.hpp"
#include "temp_dir.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;

using namespace blob_contract;  // RandomBytes, ReadFile, WriteFile

class LocalBlobStoreTest : public ::testing::Test {
protected:
    fs::path root() const { return dir_.path() / "blobs"; }
    std::vector<std::string> TempFiles() const {
        std::vector<std::string> found;
        for (const auto& entry : fs::recursive_directory_iterator(root())) {
            if (entry.path().filename().string().rfind(".tmp-", 0) == 0) found.push_back(entry.path().string());
        }
        return found;
    }
    static unsigned Mode(const fs::path& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return 0;
        return st.st_mode & 07777;
    }

    TempDir dir_;
};

TEST_F(LocalBlobStoreTest, KeySegmentsAreDirectories) {
    auto store = MakeLocalBlobStore(root());
    store->Put("pictures/ab/c-128.jpg", "jpeg bytes", "image/jpeg");
    EXPECT_EQ(ReadFile(root() / "pictures" / "ab" / "c-128.jpg"), "jpeg bytes");
}

TEST_F(LocalBlobStoreTest, PutLeavesNoTemporaryFiles) {
    auto store = MakeLocalBlobStore(root());
    store->Put("a/b.bin", RandomBytes(100000, 1), "application/octet-stream");
    store->Put("a/b.bin", "replaced", "application/octet-stream");
    store->Put("c.bin", "c", "application/octet-stream");
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
    EXPECT_EQ(ReadFile(root() / "a" / "b.bin"), "replaced");
}

TEST_F(LocalBlobStoreTest, DirectoriesAre0700AndFiles0600) {
    const mode_t old_umask = ::umask(0);  // the store must not rely on a umask to hide blobs
    auto store = MakeLocalBlobStore(root());
    store->Put("a/b/c.bin", "c", "application/octet-stream");
    store->Put("a/b/c.bin", "replaced", "application/octet-stream");
    ::umask(old_umask);
    EXPECT_EQ(Mode(root()), 0700u);
    EXPECT_EQ(Mode(root() / "a"), 0700u);
    EXPECT_EQ(Mode(root() / "a" / "b"), 0700u);
    EXPECT_EQ(Mode(root() / "a" / "b" / "c.bin"), 0600u);
}

TEST_F(LocalBlobStoreTest, LeftoverTemporaryFilesAreRemovedAtStart) {
    fs::create_directories(root() / "a" / "b");
    WriteFile(root() / ".tmp-x.jpg-Ab12Cd", "torn");
    WriteFile(root() / "a" / "b" / ".tmp-y.jpg-Zz99Qq", "torn");
    WriteFile(root() / "a" / "b" / "y.jpg", "whole");
    WriteFile(root() / "a" / "tmp-not-a-leftover", "blob");
    auto store = MakeLocalBlobStore(root());
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
    EXPECT_EQ(store->Get("a/b/y.jpg"), "whole");
    EXPECT_EQ(store->Get("a/tmp-not-a-leftover"), "blob");
}

// Writes beyond RLIMIT_FSIZE fail with EFBIG, for root too (unlike permissions), so a Put can be
// made to fail half-way through writing.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &old_);
        old_handler_ = ::signal(SIGXFSZ, SIG_IGN);  // else the process is killed
        rlimit limit = old_;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &old_);
        ::signal(SIGXFSZ, old_handler_);
    }

private:
    rlimit old_{};
    sighandler_t old_handler_;
};

TEST_F(LocalBlobStoreTest, FailedPutKeepsTheOldBlob) {
    auto store = MakeLocalBlobStore(root());
    store->Put("pictures/p.jpg", "old", "image/jpeg");
    {
        FileSizeLimit limit(64 * 1024);
        EXPECT_THROW(store->Put("pictures/p.jpg", RandomBytes(1024 * 1024, 7), "image/jpeg"), BlobStoreError);
    }
    EXPECT_EQ(store->Get("pictures/p.jpg"), "old");
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
}

TEST_F(LocalBlobStoreTest, PutUnderAFileFailsAndKeepsTheFile) {
    auto store = MakeLocalBlobStore(root());
    store->Put("a", "a blob where a directory would go", "text/plain");
    EXPECT_THROW(store->Put("a/b", "b", "text/plain"), BlobStoreError);
    EXPECT_EQ(store->Get("a"), "a blob where a directory would go");
    EXPECT_EQ(store->Get("a/b"), std::nullopt);
    EXPECT_NO_THROW(store->Delete("a/b"));
}

TEST_F(LocalBlobStoreTest, PutOverADirectoryFailsAndKeepsWhatIsInside) {
    auto store = MakeLocalBlobStore(root());
    store->Put("a/b", "b", "text/plain");
    EXPECT_THROW(store->Put("a", "a", "text/plain"), BlobStoreError);
    EXPECT_EQ(store->Get("a/b"), "b");
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
}

TEST_F(LocalBlobStoreTest, RootThatIsAFileIsRefused) {
    WriteFile(root(), "not a directory");
    EXPECT_THROW(MakeLocalBlobStore(root()), BlobStoreError);
    EXPECT_THROW(MakeLocalBlobStore(root() / "below"), BlobStoreError);
}

}  // namespace
}  // namespace shiftsync
