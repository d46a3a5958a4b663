#include "infra/blob/local_blob_store.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>

#include "infra/posix/file_descriptor.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTempPrefix = ".tmp-";

[[noreturn]] void Fail(std::string_view operation, std::string_view what, int error) {
    throw BlobStoreError(fmt::format("local blob store: {}: {}: {}", operation, what, std::strerror(error)));
}

void RequireValidKey(const std::string& key) {
    if (!IsValidBlobKey(key)) throw std::invalid_argument("invalid blob key");
}

// mkdir -p with 0700 for every directory it creates; an existing directory is fine.
void MakeDirectories(const fs::path& dir, std::string_view operation) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return;
    fs::path partial;
    for (const auto& part : dir) {
        partial /= part;
        if (::mkdir(partial.c_str(), 0700) == 0 || errno == EEXIST) continue;
        Fail(operation, fmt::format("cannot create {}", partial.string()), errno);
    }
    if (::stat(dir.c_str(), &st) != 0) Fail(operation, fmt::format("cannot create {}", dir.string()), errno);
    if (!S_ISDIR(st.st_mode)) Fail(operation, fmt::format("cannot create {}", dir.string()), ENOTDIR);
}

void SyncDirectory(const fs::path& dir, std::string_view operation) {
    FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) Fail(operation, fmt::format("cannot open {}", dir.string()), errno);
    if (::fsync(fd.get()) != 0) Fail(operation, fmt::format("cannot sync {}", dir.string()), errno);
}

void WriteAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category());
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

// Removes ".tmp-*" files anywhere under `root`: what a crash in the middle of Put leaves.
void RemoveLeftoverTempFiles(const fs::path& root) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
    if (ec) throw BlobStoreError(fmt::format("local blob store: cannot scan {}: {}", root.string(), ec.message()));
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) throw BlobStoreError(fmt::format("local blob store: cannot scan {}: {}", root.string(), ec.message()));
        const std::string name = it->path().filename().string();
        if (name.rfind(kTempPrefix, 0) != 0 || !it->is_regular_file(ec)) continue;
        if (::unlink(it->path().c_str()) != 0 && errno != ENOENT) {
            Fail("start", fmt::format("cannot remove {}", it->path().string()), errno);
        }
    }
}

class LocalBlobStore final : public BlobStore {
public:
    explicit LocalBlobStore(fs::path root) : root_(std::move(root)) {
        MakeDirectories(root_, "start");
        RemoveLeftoverTempFiles(root_);
    }

    void Put(const std::string& key, std::string_view bytes, std::string_view /*content_type*/) override {
        RequireValidKey(key);
        const std::string operation = "put " + key;
        const fs::path target = root_ / key;
        const fs::path dir = target.parent_path();
        MakeDirectories(dir, operation);

        std::string temp = (dir / (std::string(kTempPrefix) + target.filename().string() + "-XXXXXX")).string();
        FileDescriptor fd(::mkostemp(temp.data(), O_CLOEXEC));  // mode 0600
        if (fd.get() < 0) Fail(operation, "cannot create a temporary file", errno);
        try {
            WriteAll(fd.get(), bytes);
            if (::fsync(fd.get()) != 0) throw std::system_error(errno, std::generic_category());
            if (fd.Close() != 0) throw std::system_error(errno, std::generic_category());
            if (::rename(temp.c_str(), target.c_str()) != 0) throw std::system_error(errno, std::generic_category());
        } catch (const std::system_error& e) {
            ::unlink(temp.c_str());
            Fail(operation, "cannot write", e.code().value());
        }
        SyncDirectory(dir, operation);
    }

    std::optional<std::string> Get(const std::string& key) override {
        RequireValidKey(key);
        const fs::path path = root_ / key;
        FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (fd.get() < 0) {
            // ENOTDIR: a parent is a blob (a file), so there is nothing under it.
            if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
            Fail("get " + key, "cannot open", errno);
        }
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) Fail("get " + key, "cannot stat", errno);
        if (S_ISDIR(st.st_mode)) return std::nullopt;  // a prefix of other keys, not a blob

        std::string bytes;
        bytes.reserve(static_cast<std::size_t>(st.st_size));
        char buffer[64 * 1024];
        for (;;) {
            const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
            if (n == 0) break;
            if (n < 0) {
                if (errno == EINTR) continue;
                Fail("get " + key, "cannot read", errno);
            }
            bytes.append(buffer, static_cast<std::size_t>(n));
        }
        return bytes;
    }

    void Delete(const std::string& key) override {
        RequireValidKey(key);
        const fs::path path = root_ / key;
        if (::unlink(path.c_str()) != 0) {
            // Missing, under a file, or a directory (a prefix of other keys): no blob to remove.
            if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return;
            Fail("delete " + key, "cannot remove", errno);
        }
        SyncDirectory(path.parent_path(), "delete " + key);
    }

private:
    const fs::path root_;
};

}  // namespace

std::unique_ptr<BlobStore> MakeLocalBlobStore(const std::filesystem::path& root) {
    return std::make_unique<LocalBlobStore>(root);
}

}  // namespace shiftsync
