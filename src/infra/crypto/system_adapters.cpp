#include "infra/crypto/system_adapters.hpp"

#include <sodium.h>

#include <chrono>

#include "infra/crypto/bytes.hpp"

namespace shiftsync {
namespace {

class SystemClock final : public Clock {
public:
    Instant Now() const override { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); }
};

class SodiumRandom final : public RandomSource {
public:
    std::string Token(std::size_t bytes) override { return Base64UrlEncode(RandomBytes(bytes)); }
};

class Sha256Digest final : public Digest {
public:
    std::string Sha256Hex(std::string_view data) const override {
        unsigned char hash[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(data.data()), data.size());
        char hex[crypto_hash_sha256_BYTES * 2 + 1];
        sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);  // lower-case
        return hex;
    }
};

}  // namespace

std::unique_ptr<Clock> MakeSystemClock() { return std::make_unique<SystemClock>(); }

std::unique_ptr<RandomSource> MakeSodiumRandom() {
    InitializeSodium();
    return std::make_unique<SodiumRandom>();
}

std::unique_ptr<Digest> MakeSha256Digest() {
    InitializeSodium();
    return std::make_unique<Sha256Digest>();
}

}  // namespace shiftsync
