#include "testing/in_memory_blob_store.hpp"

#include <stdexcept>

namespace shiftsync {

void InMemoryBlobStore::Check(std::string_view operation, const std::string& key) {
    if (!IsValidBlobKey(key)) throw std::invalid_argument("invalid blob key");
    if (failures_left_ > 0) {
        --failures_left_;
        throw BlobStoreError("in-memory blob store: " + std::string(operation) + " " + key + " failed (injected)");
    }
}

void InMemoryBlobStore::Put(const std::string& key, std::string_view bytes, std::string_view content_type) {
    std::lock_guard lock(mutex_);
    Check("put", key);
    blobs_[key] = Blob{std::string(bytes), std::string(content_type)};
}

std::optional<std::string> InMemoryBlobStore::Get(const std::string& key) {
    std::lock_guard lock(mutex_);
    Check("get", key);
    const auto it = blobs_.find(key);
    if (it == blobs_.end()) return std::nullopt;
    return it->second.bytes;
}

void InMemoryBlobStore::Delete(const std::string& key) {
    std::lock_guard lock(mutex_);
    Check("delete", key);
    blobs_.erase(key);
}

void InMemoryBlobStore::FailNextCalls(int count) {
    std::lock_guard lock(mutex_);
    failures_left_ = count;
}

std::vector<std::string> InMemoryBlobStore::Keys() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> keys;
    keys.reserve(blobs_.size());
    for (const auto& [key, blob] : blobs_) keys.push_back(key);
    return keys;
}

std::optional<std::string> InMemoryBlobStore::ContentType(const std::string& key) const {
    std::lock_guard lock(mutex_);
    const auto it = blobs_.find(key);
    if (it == blobs_.end()) return std::nullopt;
    return it->second.content_type;
}

}  // namespace shiftsync
