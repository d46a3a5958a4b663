#include "infra/secrets/secret_files.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "infra/crypto/bytes.hpp"
#include "infra/posix/file_descriptor.hpp"

namespace shiftsync::secrets_detail {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMinKeyBytes = 32;
constexpr std::size_t kGeneratedKeyBytes = 32;
constexpr std::size_t kMaxSecretsFileBytes = 64 * 1024;

std::string Errno() { return std::strerror(errno); }

void FsyncDirectory(const fs::path& dir) {
    FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) ::fsync(fd.get());  // best effort: durability, not correctness
}

// Writes a fresh key to `path` without ever replacing an existing one. Returns the key that is
// in the file afterwards: ours, or the one a process starting at the same moment wrote first.
std::string GenerateKeyFile(const fs::path& path) {
    const fs::path dir = path.parent_path();
    const std::string dir_name = dir.string();
    std::error_code ec;
    fs::create_directories(dir.parent_path(), ec);
    if (ec) throw ConfigError("data directory " + dir.parent_path().string() + " cannot be created: " + ec.message());
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        throw ConfigError("directory " + dir_name + " cannot be created: " + Errno());
    }

    SecretBuffer key(RandomBytes(kGeneratedKeyBytes));
    SecretBuffer text(Base64Encode(key.value()) + "\n");
    std::string temp_name = (dir / "token_key.tmp.XXXXXX").string();
    FileDescriptor fd(::mkstemp(temp_name.data()));  // mode 0600 whatever the umask
    if (fd.get() < 0) throw ConfigError("cannot create a key file in " + dir_name + ": " + Errno());
    const auto fail = [&](const std::string& message) {
        ::unlink(temp_name.c_str());
        throw ConfigError(message);
    };
    if (::fchmod(fd.get(), 0600) != 0) fail("cannot set mode 0600 on a key file in " + dir_name + ": " + Errno());
    std::size_t written = 0;
    while (written < text.value().size()) {
        const ssize_t n = ::write(fd.get(), text.value().data() + written, text.value().size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("cannot write a key file in " + dir_name + ": " + Errno());
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) fail("cannot write a key file in " + dir_name + ": " + Errno());
    // link() fails when the name exists, unlike rename(): the first writer wins and nobody's key
    // is swapped out from under sessions it already signed.
    const bool linked = ::link(temp_name.c_str(), path.c_str()) == 0;
    const int link_errno = errno;
    ::unlink(temp_name.c_str());
    if (!linked) {
        if (link_errno == EEXIST)
            return DecodeKey(*ReadPrivateFile(path, "key file", true), "key file " + path.string());
        errno = link_errno;
        throw ConfigError("cannot create key file " + path.string() + ": " + Errno());
    }
    FsyncDirectory(dir);
    spdlog::info("generated a new session signing key in {}; keep it private and back it up with the data",
                 path.string());
    return key.value();
}

}  // namespace

std::optional<std::string> ReadPrivateFile(const fs::path& path, const std::string& what, bool must_exist) {
    const std::string name = path.string();
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        if (errno == ENOENT && !must_exist) return std::nullopt;
        throw ConfigError(what + " " + name + " cannot be opened: " + Errno());
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) throw ConfigError(what + " " + name + " cannot be examined: " + Errno());
    if (!S_ISREG(info.st_mode)) throw ConfigError(what + " " + name + " is not a regular file");
    if ((info.st_mode & 077) != 0) {
        throw ConfigError(what + " " + name + " is readable by group or others; run chmod 600 " + name);
    }
    if (static_cast<std::size_t>(info.st_size) > kMaxSecretsFileBytes) {
        throw ConfigError(what + " " + name + " is too large");
    }
    std::string contents;
    std::array<char, 4096> chunk{};
    for (;;) {
        const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw ConfigError(what + " " + name + " cannot be read: " + Errno());
        if (n == 0) break;
        contents.append(chunk.data(), static_cast<std::size_t>(n));
        if (contents.size() > kMaxSecretsFileBytes) throw ConfigError(what + " " + name + " is too large");
    }
    sodium_memzero(chunk.data(), chunk.size());
    return contents;
}

// `where` names the source in messages; the value itself never appears in one.
std::string DecodeKey(std::string_view text, const std::string& where) {
    auto key = Base64DecodeAnyVariant(text);
    if (!key) {
        throw ConfigError(where + " is not valid base64; generate a key with: head -c 32 /dev/urandom | base64");
    }
    if (key->size() < kMinKeyBytes) {
        const std::size_t size = key->size();
        sodium_memzero(key->data(), key->size());
        throw ConfigError(where + " must encode at least " + std::to_string(kMinKeyBytes) + " bytes, not " +
                          std::to_string(size) + "; generate a key with: head -c 32 /dev/urandom | base64");
    }
    return *key;
}

std::string LoadOrGenerateKey(const fs::path& data_dir) {
    const fs::path path = data_dir / "secrets" / "token_key";
    const std::string where = "key file " + path.string();
    if (auto text = ReadPrivateFile(path, "key file", /*must_exist=*/false)) {
        SecretBuffer wipe(std::move(*text));
        return DecodeKey(wipe.value(), where);
    }
    return GenerateKeyFile(path);
}

}  // namespace shiftsync::secrets_detail
