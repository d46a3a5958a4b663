#pragma once
// Where picture bytes live: a local directory by default, an S3-compatible bucket at scale.
// Keys are always chosen by the server (never by a client), e.g. "pictures/<random>-128.jpg".
#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace shiftsync {

// An infrastructure failure of the store (disk full, network, 5xx, bad credentials). The
// message names the operation and key, never credentials.
class BlobStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// 1..200 characters of [a-z0-9._/-], not starting or ending with '/', with no "//" and no
// segment that is "." or "..". Adapters refuse other keys with std::invalid_argument.
inline bool IsValidBlobKey(std::string_view key) {
    if (key.empty() || key.size() > 200 || key.front() == '/' || key.back() == '/') return false;
    for (char c : key) {
        const bool allowed =
            (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '/' || c == '-';
        if (!allowed) return false;
    }
    std::size_t start = 0;
    while (start <= key.size()) {
        const std::size_t end = std::min(key.find('/', start), key.size());
        const std::string_view segment = key.substr(start, end - start);
        if (segment.empty() || segment == "." || segment == "..") return false;
        start = end + 1;
    }
    return true;
}

// Thread-safe; every call blocks (disk or network), so call it off the I/O threads.
class BlobStore {
public:
    virtual ~BlobStore() = default;
    // Stores `bytes` under `key`, replacing any blob there. Durable once it returns: a reader
    // after that sees the whole blob, never a part (local: temp file, fsync, rename; S3: PUT
    // answered 200). Throws BlobStoreError on failure, in which case the key holds either the
    // old blob or nothing, never a partial one.
    virtual void Put(const std::string& key, std::string_view bytes, std::string_view content_type) = 0;
    // The blob's bytes, or nullopt when there is none. Throws BlobStoreError on failure.
    virtual std::optional<std::string> Get(const std::string& key) = 0;
    // Removes the blob; a missing one is not an error (deletion is retried by the collector).
    // Throws BlobStoreError on failure.
    virtual void Delete(const std::string& key) = 0;
};

}  // namespace shiftsync
