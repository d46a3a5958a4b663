#include "infra/secrets/load_secrets.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "infra/crypto/bytes.hpp"
#include "infra/crypto/system_adapters.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::size_t kMinKeyBytes = 32;
constexpr std::size_t kGeneratedKeyBytes = 32;
constexpr std::size_t kMaxSecretsFileBytes = 64 * 1024;
constexpr int kMinLifetimeDays = 1;
constexpr int kMaxLifetimeDays = 365;
constexpr int kDefaultLifetimeDays = 7;
constexpr std::array<std::string_view, 5> kSecretsFileKeys = {"token_key", "token_lifetime_days", "database_password",
                                                              "smtp_password", "s3_secret_key"};

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

// An open descriptor closed on every path out.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }

private:
    int fd_;
};

std::string Errno() { return std::strerror(errno); }

// Reads a file that holds secrets. The mode is checked on the open descriptor, so the file that
// is read is the file that was checked. nullopt when it does not exist and `must_exist` is false.
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

int ParseLifetimeDays(std::string_view text, const std::string& where) {
    int days = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || days < kMinLifetimeDays ||
        days > kMaxLifetimeDays) {
        throw ConfigError(where + " must be a whole number of days from " + std::to_string(kMinLifetimeDays) + " to " +
                          std::to_string(kMaxLifetimeDays));
    }
    return days;
}

struct FileSecrets {
    std::optional<std::string> token_key;
    std::optional<int> token_lifetime_days;
    std::optional<std::string> smtp_password;
    std::optional<std::string> s3_secret_key;
    std::optional<std::string> database_password;
};

FileSecrets ReadSecretsFile(const fs::path& path) {
    const std::string name = path.string();
    SecretBuffer text(*ReadPrivateFile(path, "secrets file", /*must_exist=*/true));
    boost::system::error_code ec;
    json::value root = json::parse(text.value(), ec);
    // Boost's messages describe the syntax error, never the text, so they are safe to show.
    if (ec) throw ConfigError("secrets file " + name + " is not valid JSON: " + ec.message());
    if (!root.is_object()) throw ConfigError("secrets file " + name + " must hold a JSON object");

    FileSecrets secrets;
    for (auto& [key, value] : root.as_object()) {
        if (std::find(kSecretsFileKeys.begin(), kSecretsFileKeys.end(), std::string_view(key)) ==
            kSecretsFileKeys.end()) {
            throw ConfigError("secrets file " + name + " has unknown key \"" + std::string(key) + "\"");
        }
        const std::string where = std::string(key) + " in secrets file " + name;
        if (key == "token_key") {
            if (!value.is_string()) throw ConfigError(where + " must be a base64 string");
            secrets.token_key = DecodeKey(value.get_string(), where);
        } else if (key == "token_lifetime_days") {
            if (!value.is_int64()) throw ConfigError(where + " must be a whole number of days from 1 to 365");
            secrets.token_lifetime_days = ParseLifetimeDays(std::to_string(value.get_int64()), where);
        } else if (!value.is_string()) {
            throw ConfigError(where + " must be a string");
        } else if (key == "smtp_password") {
            secrets.smtp_password = std::string(value.get_string());
        } else if (key == "s3_secret_key") {
            secrets.s3_secret_key = std::string(value.get_string());
        } else if (key == "database_password") {
            secrets.database_password = std::string(value.get_string());
        }
    }
    // The parsed tree holds copies of every secret in the file.
    for (auto& [key, value] : root.as_object()) {
        if (value.is_string()) sodium_memzero(value.get_string().data(), value.get_string().size());
    }
    return secrets;
}

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

std::string LoadOrGenerateKey(const fs::path& data_dir) {
    const fs::path path = data_dir / "secrets" / "token_key";
    const std::string where = "key file " + path.string();
    if (auto text = ReadPrivateFile(path, "key file", /*must_exist=*/false)) {
        SecretBuffer wipe(std::move(*text));
        return DecodeKey(wipe.value(), where);
    }
    return GenerateKeyFile(path);
}

std::string DatabasePassword(FileSecrets& file, const std::map<std::string, std::string>& environment) {
    if (const auto it = environment.find("SHIFTSYNC_DATABASE_PASSWORD");
        it != environment.end() && !it->second.empty()) {
        return it->second;
    }
    return file.database_password ? std::move(*file.database_password) : std::string();
}

}  // namespace

Secrets LoadSecrets(const Config& config, const std::map<std::string, std::string>& environment) {
    FileSecrets file;
    if (!config.secrets_file.empty()) file = ReadSecretsFile(config.secrets_file);

    Secrets secrets;
    if (const auto it = environment.find("SHIFTSYNC_TOKEN_KEY"); it != environment.end() && !it->second.empty()) {
        secrets.token_key = DecodeKey(it->second, "SHIFTSYNC_TOKEN_KEY");
    } else if (file.token_key) {
        secrets.token_key = std::move(*file.token_key);
    } else {
        secrets.token_key = LoadOrGenerateKey(config.data_dir);
    }
    if (file.token_key) sodium_memzero(file.token_key->data(), file.token_key->size());

    secrets.token_lifetime_days = kDefaultLifetimeDays;
    if (const auto it = environment.find("SHIFTSYNC_TOKEN_LIFETIME_DAYS");
        it != environment.end() && !it->second.empty()) {
        secrets.token_lifetime_days = ParseLifetimeDays(it->second, "SHIFTSYNC_TOKEN_LIFETIME_DAYS");
    } else if (file.token_lifetime_days) {
        secrets.token_lifetime_days = *file.token_lifetime_days;
    }

    if (const auto it = environment.find("SHIFTSYNC_SMTP_PASSWORD"); it != environment.end() && !it->second.empty()) {
        secrets.smtp_password = it->second;
    } else if (file.smtp_password) {
        secrets.smtp_password = std::move(*file.smtp_password);
    }
    if (const auto it = environment.find("SHIFTSYNC_S3_SECRET_KEY"); it != environment.end() && !it->second.empty()) {
        secrets.s3_secret_key = it->second;
    } else if (file.s3_secret_key) {
        secrets.s3_secret_key = std::move(*file.s3_secret_key);
    }

    secrets.database_password = DatabasePassword(file, environment);
    secrets.token_key_id = MakeSha256Digest()->Sha256Hex(secrets.token_key).substr(0, 16);
    return secrets;
}

}  // namespace shiftsync

namespace shiftsync {

std::string LoadDatabasePassword(const Config& config, const std::map<std::string, std::string>& environment) {
    FileSecrets file;
    if (!config.secrets_file.empty()) file = ReadSecretsFile(config.secrets_file);
    if (file.token_key) sodium_memzero(file.token_key->data(), file.token_key->size());
    return DatabasePassword(file, environment);
}

}  // namespace shiftsync
