#include "infra/mail/eml_file_transport.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <system_error>
#include <utility>

#include "infra/posix/file_descriptor.hpp"

namespace shiftsync {
namespace {

// Long enough to tell message ids apart, short enough to keep names well under NAME_MAX.
constexpr std::size_t kMaxIdInName = 80;

// A file-system step that failed, with errno text: becomes kTemporaryFailure.
struct DiskError {
    std::string what;
};

std::string ErrnoText(int error) { return std::generic_category().message(error); }

// mkdir -p with mode 0700 for every directory it creates (existing ones are left alone).
void EnsureDirectory(const std::filesystem::path& dir) {
    std::filesystem::path partial;
    for (const auto& component : dir) {
        partial /= component;
        if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
            throw DiskError{fmt::format("cannot create directory {}: {}", partial.string(), ErrnoText(errno))};
        }
    }
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
        throw DiskError{fmt::format("{} is not a directory", dir.string())};
    }
}

void WriteAll(int fd, std::string_view data, const std::filesystem::path& path) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw DiskError{fmt::format("cannot write {}: {}", path.string(), ErrnoText(errno))};
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

// So the rename itself survives a crash, not just the file's contents.
void SyncDirectory(const std::filesystem::path& dir) {
    FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0 || ::fsync(fd.get()) != 0) {
        throw DiskError{fmt::format("cannot sync directory {}: {}", dir.string(), ErrnoText(errno))};
    }
}

class EmlFileTransport final : public MailTransport {
public:
    EmlFileTransport(std::filesystem::path dir, MailSender sender, const Clock& clock)
        : dir_(std::move(dir)), sender_(std::move(sender)), clock_(clock) {}

    DeliveryResult Send(const OutboxMessage& message) override {
        if (auto problem = FindMimeProblem(message, sender_)) {
            return {DeliveryOutcome::kPermanentFailure, *problem};
        }
        const std::string bytes = RenderMime(message, sender_, clock_.Now());
        const std::filesystem::path target = dir_ / EmlFileName(message);
        // Unique per process and call, so concurrent sends of the same message never share a
        // temporary file; the last rename wins with a complete file either way.
        const std::filesystem::path temp =
            dir_ / fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), next_temp_++);
        try {
            EnsureDirectory(dir_);
            WriteFile(temp, bytes);
            if (::rename(temp.c_str(), target.c_str()) != 0) {
                int error = errno;
                ::unlink(temp.c_str());
                throw DiskError{fmt::format("cannot rename to {}: {}", target.string(), ErrnoText(error))};
            }
            SyncDirectory(dir_);
        } catch (const DiskError& e) {
            return {DeliveryOutcome::kTemporaryFailure, e.what};
        }
        return {DeliveryOutcome::kDelivered, {}};
    }

    // The .eml files are the delivery (a local mailbox), so retention applies to them as to a
    // sent message's body: a file last written before `before` goes. Temporary files (".name.tmp-")
    // are not .eml files and are left to the send that owns them.
    int PurgeDeliveredBefore(Instant before) override {
        const auto before_unix = before.time_since_epoch().count();
        int removed = 0;
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
            const std::string name = entry.path().filename().string();
            if (name.starts_with('.') || !name.ends_with(".eml")) continue;
            struct stat st {};
            if (::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
            if (st.st_mtim.tv_sec >= before_unix) continue;
            if (::unlink(entry.path().c_str()) == 0) ++removed;
        }
        return removed;  // a missing directory holds nothing to purge
    }

private:
    static void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
        FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
        if (fd.get() < 0) throw DiskError{fmt::format("cannot create {}: {}", path.string(), ErrnoText(errno))};
        try {
            WriteAll(fd.get(), bytes, path);
            if (::fsync(fd.get()) != 0) {
                throw DiskError{fmt::format("cannot sync {}: {}", path.string(), ErrnoText(errno))};
            }
            if (fd.Close() != 0) {
                throw DiskError{fmt::format("cannot close {}: {}", path.string(), ErrnoText(errno))};
            }
        } catch (const DiskError&) {
            ::unlink(path.c_str());
            throw;
        }
    }

    const std::filesystem::path dir_;
    const MailSender sender_;
    const Clock& clock_;
    std::atomic<std::uint64_t> next_temp_{0};
};

}  // namespace

std::string EmlFileName(const OutboxMessage& message) {
    const std::chrono::year_month_day day(std::chrono::floor<std::chrono::days>(message.created_at));
    std::string id;
    for (char c : message.message_id) {
        if (id.size() == kMaxIdInName) break;
        const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                          c == '_' || c == '-';
        if (safe)
            id += c;
        else if (c == '@')
            id += '_';
    }
    return fmt::format("{:04}{:02}{:02}-{}-{}.eml", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                       static_cast<unsigned>(day.day()), message.id, id.empty() ? "none" : id);
}

std::unique_ptr<MailTransport> MakeEmlFileTransport(std::filesystem::path dir, MailSender sender, const Clock& clock) {
    return std::make_unique<EmlFileTransport>(std::move(dir), std::move(sender), clock);
}

}  // namespace shiftsync
