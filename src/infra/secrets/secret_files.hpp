#pragma once
// Internal to infra/secrets: files that hold secrets (the secrets file, credentials, the generated
// key) and decoding keys, with messages that never contain a secret value.
#include <sodium.h>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace shiftsync::secrets_detail {

// Wipes what it holds when it goes, so decoded keys and file contents do not linger on the heap
// longer than needed. (The final Secrets copy is the caller's to look after.)
class SecretBuffer {
public:
    SecretBuffer() = default;
    explicit SecretBuffer(std::string value) : value_(std::move(value)) {}
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;
    ~SecretBuffer() { sodium_memzero(value_.data(), value_.size()); }
    std::string& value() { return value_; }

private:
    std::string value_;
};

// Reads a file that holds secrets; `what` names it in messages ("secrets file", "credential").
// The mode is checked on the open descriptor, so the file that is read is the file that was
// checked: it must be a regular file of at most 64 KiB, not readable by group or others.
// nullopt when it does not exist and `must_exist` is false. Throws ConfigError.
std::optional<std::string> ReadPrivateFile(const std::filesystem::path& path, const std::string& what, bool must_exist);

// Base64 (any variant) of >= 32 bytes -> the raw key. `where` names the source in messages.
std::string DecodeKey(std::string_view text, const std::string& where);

// <data_dir>/secrets/token_key: read, or generated on first start (32 bytes from the CSPRNG,
// mode 0600 in a 0700 directory, never replaced; processes starting together agree on one key).
std::string LoadOrGenerateKey(const std::filesystem::path& data_dir);

}  // namespace shiftsync::secrets_detail
