#include "infra/crypto/argon2id_hasher.hpp"

#include <sodium.h>

#include <stdexcept>
#include <string>

#include "infra/crypto/bytes.hpp"

namespace shiftsync {
namespace {

constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimitBytes = 19456 * 1024;  // 19 MiB, printed as m=19456 (KiB)

class Argon2idHasher final : public PasswordHasher {
public:
    Argon2idHasher() : dummy_hash_(Hash(Base64UrlEncode(RandomBytes(24)))) {}

    std::string Hash(std::string_view password) const override {
        char out[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimitBytes,
                                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
            throw std::runtime_error("argon2id: out of memory");
        }
        return out;
    }

    bool Verify(std::string_view password, std::string_view encoded_hash) const override {
        // libsodium reads a NUL-terminated string of bounded size; anything longer is not ours.
        if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
        if (encoded_hash.find('\0') != std::string_view::npos) return false;
        const std::string terminated(encoded_hash);
        return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
    }

    const std::string& DummyHash() const override { return dummy_hash_; }

private:
    std::string dummy_hash_;
};

}  // namespace

std::unique_ptr<PasswordHasher> MakeArgon2idHasher() {
    InitializeSodium();
    return std::make_unique<Argon2idHasher>();
}

}  // namespace shiftsync
