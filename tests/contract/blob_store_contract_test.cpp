// The BlobStore port (app/ports/blob_store.hpp), one suite run against every implementation: the
// in-memory fake, the local directory, and S3 against a real s3rver (path-style and
// virtual-hosted); then the in-memory fake's test hooks. What only one implementation can show is
// in local_blob_store_test.cpp and s3_blob_store_test.cpp.
#include <gtest/gtest.h>

#include <atomic>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/blob_store.hpp"
#include "blob_store_fixtures.hpp"
#include "infra/blob/local_blob_store.hpp"
#include "infra/blob/s3_blob_store.hpp"
#include "s3rver.hpp"
#include "temp_dir.hpp"
#include "testing/in_memory_blob_store.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;

using namespace blob_contract;  // EveryByteValue, RandomBytes, KeyPrefix, SharedS3rver, S3OptionsFor

// --- Backends -----------------------------------------------------------------------------------

struct Backend {
    std::string name;
    std::function<std::unique_ptr<BlobStore>(const fs::path& dir)> open;
};

std::ostream& operator<<(std::ostream& out, const Backend& backend) { return out << backend.name; }

const Backend kInMemory{"InMemory", [](const fs::path&) { return std::make_unique<InMemoryBlobStore>(); }};
const Backend kLocal{"Local", [](const fs::path& dir) { return MakeLocalBlobStore(dir / "blobs"); }};
const Backend kS3PathStyle{"S3PathStyle",
                           [](const fs::path&) { return MakeS3BlobStore(S3OptionsFor(SharedS3rver())); }};
const Backend kS3VirtualHosted{"S3VirtualHosted", [](const fs::path&) {
                                   S3Options options = S3OptionsFor(SharedS3rver());
                                   options.endpoint = SharedS3rver().virtual_host_endpoint();
                                   options.path_style = false;
                                   return MakeS3BlobStore(options);
                               }};

class BlobStoreContract : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { store_ = GetParam().open(dir_.path()); }
    std::string K(std::string_view key) const { return prefix_ + std::string(key); }

    TempDir dir_;
    std::unique_ptr<BlobStore> store_;
    const std::string prefix_ = KeyPrefix();
};

TEST_P(BlobStoreContract, RoundTripsEveryByteValue) {
    const std::string bytes = EveryByteValue();
    store_->Put(K("bytes.bin"), bytes, "application/octet-stream");
    EXPECT_EQ(store_->Get(K("bytes.bin")), bytes);
}

TEST_P(BlobStoreContract, RoundTripsThreeMegabytes) {
    const std::string bytes = RandomBytes(3 * 1024 * 1024 + 7, 42);
    store_->Put(K("big.bin"), bytes, "image/jpeg");
    const auto read = store_->Get(K("big.bin"));
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->size(), bytes.size());
    EXPECT_TRUE(*read == bytes);  // not EXPECT_EQ: a mismatch would print 3 MB
}

TEST_P(BlobStoreContract, EmptyBlobIsABlob) {
    store_->Put(K("empty"), "", "text/plain");
    EXPECT_EQ(store_->Get(K("empty")), std::optional<std::string>(""));
}

TEST_P(BlobStoreContract, PutReplacesTheBlob) {
    store_->Put(K("pictures/p-128.jpg"), "the first, longer version", "image/jpeg");
    store_->Put(K("pictures/p-128.jpg"), "second", "image/jpeg");
    EXPECT_EQ(store_->Get(K("pictures/p-128.jpg")), "second");
}

TEST_P(BlobStoreContract, MissingKeyIsNullopt) {
    EXPECT_EQ(store_->Get(K("never/stored.jpg")), std::nullopt);
    store_->Put(K("stored.jpg"), "x", "image/jpeg");
    EXPECT_EQ(store_->Get(K("stored.jp")), std::nullopt);
    EXPECT_EQ(store_->Get(K("stored.jpg/x")), std::nullopt);
}

TEST_P(BlobStoreContract, DeleteRemovesAndIsIdempotent) {
    store_->Put(K("a.jpg"), "a", "image/jpeg");
    store_->Put(K("b.jpg"), "b", "image/jpeg");
    store_->Delete(K("a.jpg"));
    EXPECT_EQ(store_->Get(K("a.jpg")), std::nullopt);
    EXPECT_EQ(store_->Get(K("b.jpg")), "b");
    EXPECT_NO_THROW(store_->Delete(K("a.jpg")));
    EXPECT_NO_THROW(store_->Delete(K("never/there.jpg")));
    EXPECT_EQ(store_->Get(K("b.jpg")), "b");
}

TEST_P(BlobStoreContract, InvalidKeysAreRefused) {
    const std::vector<std::string> invalid = {"",
                                              "/a",
                                              "a/",
                                              "a//b",
                                              "A.jpg",
                                              "a b",
                                              "../x",
                                              "a/../b",
                                              "./a",
                                              "a/.",
                                              "..",
                                              ".",
                                              "a\\b",
                                              "a?b",
                                              "a%2fb",
                                              "a:b",
                                              "caf\xc3\xa9",
                                              std::string("a\0b", 3),
                                              "a\nb",
                                              std::string(201, 'k')};
    for (const auto& key : invalid) {
        SCOPED_TRACE(::testing::PrintToString(key));
        EXPECT_THROW(store_->Put(key, "x", "text/plain"), std::invalid_argument);
        EXPECT_THROW(store_->Get(key), std::invalid_argument);
        EXPECT_THROW(store_->Delete(key), std::invalid_argument);
    }
    // Refusing is not a blanket "no": the edges of the alphabet and the length are accepted.
    const std::string longest = prefix_ + std::string(200 - prefix_.size(), 'z');
    for (const auto& key : {longest, K("0-9_a.z/..../x-._")}) {
        store_->Put(key, "ok", "text/plain");
        EXPECT_EQ(store_->Get(key), "ok") << key;
    }
}

TEST_P(BlobStoreContract, KeysWithSubDirectoriesAreIndependent) {
    store_->Put(K("a/b/c/d.bin"), "d", "application/octet-stream");
    store_->Put(K("a/b/e.bin"), "e", "application/octet-stream");
    store_->Put(K("a/f"), "f", "application/octet-stream");
    EXPECT_EQ(store_->Get(K("a/b/c/d.bin")), "d");
    EXPECT_EQ(store_->Get(K("a/b/e.bin")), "e");
    EXPECT_EQ(store_->Get(K("a/f")), "f");
    EXPECT_EQ(store_->Get(K("a/b")), std::nullopt);  // a prefix of keys is not a blob
    store_->Delete(K("a/b/c/d.bin"));
    EXPECT_EQ(store_->Get(K("a/b/c/d.bin")), std::nullopt);
    EXPECT_EQ(store_->Get(K("a/b/e.bin")), "e");
    store_->Put(K("a/b/c/d.bin"), "d again", "application/octet-stream");  // its directory may be gone
    EXPECT_EQ(store_->Get(K("a/b/c/d.bin")), "d again");
}

TEST_P(BlobStoreContract, ConcurrentPutsOfDifferentKeys) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 8;
    const auto key = [this](int t, int i) { return K("t" + std::to_string(t) + "/blob-" + std::to_string(i)); };
    const auto bytes = [](int t, int i) { return RandomBytes(1000 + 3000 * i + t, 100 * t + i); };
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                try {
                    store_->Put(key(t, i), bytes(t, i), "application/octet-stream");
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) EXPECT_TRUE(store_->Get(key(t, i)) == bytes(t, i)) << key(t, i);
    }
}

INSTANTIATE_TEST_SUITE_P(AllStores, BlobStoreContract,
                         ::testing::Values(kInMemory, kLocal, kS3PathStyle, kS3VirtualHosted),
                         [](const auto& info) { return info.param.name; });

// --- The in-memory fake's test hooks -------------------------------------------------------------

TEST(InMemoryBlobStoreTest, FailNextCallsFailsThatManyCallsAndChangesNothing) {
    InMemoryBlobStore store;
    store.Put("kept", "old", "text/plain");
    store.FailNextCalls(2);
    EXPECT_THROW(store.Put("kept", "new", "text/plain"), BlobStoreError);
    EXPECT_THROW(store.Delete("kept"), BlobStoreError);
    EXPECT_EQ(store.Get("kept"), "old");
    store.Put("other", "o", "image/png");
    EXPECT_EQ(store.Keys(), (std::vector<std::string>{"kept", "other"}));
    EXPECT_EQ(store.ContentType("other"), "image/png");
    EXPECT_EQ(store.ContentType("missing"), std::nullopt);
}

TEST(InMemoryBlobStoreTest, InvalidKeyIsRefusedBeforeAnInjectedFailure) {
    InMemoryBlobStore store;
    store.FailNextCalls(1);
    EXPECT_THROW(store.Get("Bad"), std::invalid_argument);
    EXPECT_THROW(store.Get("good"), BlobStoreError);
    EXPECT_EQ(store.Get("good"), std::nullopt);
}

}  // namespace
}  // namespace shiftsync
