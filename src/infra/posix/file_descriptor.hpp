#pragma once
// An open file descriptor, closed on every path out. Header-only, for the adapters that write
// files durably (the local blob store, .eml mail, the generated key).
#include <unistd.h>

namespace shiftsync {

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    // Closes now, reporting the error close() may give (a delayed write error on some file
    // systems), so writers can check it.
    int Close() {
        const int result = ::close(fd_);
        fd_ = -1;
        return result;
    }

private:
    int fd_;
};

}  // namespace shiftsync
