#pragma once
// The BlobStore port in memory, for service tests and as the reference the contract suite holds
// the real adapters to. Thread-safe.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/blob_store.hpp"

namespace shiftsync {

class InMemoryBlobStore final : public BlobStore {
public:
    // Like the adapters: std::invalid_argument for a key that is not IsValidBlobKey (checked
    // before any failure set up with FailNextCalls).
    void Put(const std::string& key, std::string_view bytes, std::string_view content_type) override;
    std::optional<std::string> Get(const std::string& key) override;
    void Delete(const std::string& key) override;

    // The next `count` calls of Put, Get or Delete (with valid keys) throw BlobStoreError and
    // change nothing, as an unreachable store would.
    void FailNextCalls(int count);
    // Every stored key, in order.
    std::vector<std::string> Keys() const;
    // The content type given to the last Put of `key`, if it holds a blob.
    std::optional<std::string> ContentType(const std::string& key) const;

private:
    struct Blob {
        std::string bytes;
        std::string content_type;
    };
    // REQUIRES: mutex_ held. Validates the key, then throws if a failure is pending.
    void Check(std::string_view operation, const std::string& key);

    mutable std::mutex mutex_;
    std::map<std::string, Blob> blobs_;
    int failures_left_ = 0;
};

}  // namespace shiftsync
