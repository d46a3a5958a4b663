#pragma once
// tools/s3rver/serve.js as a child process of the blob store tests, the S3Options that reach it,
// and the child-process helpers it shares with the tests that run awscli.
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "infra/blob/s3_blob_store.hpp"
#include "temp_dir.hpp"

namespace shiftsync::blob_contract {

using SteadyClock = std::chrono::steady_clock;

inline constexpr const char* kBucket = "shiftsync-test";
inline constexpr const char* kAccessKey = "S3RVER";  // s3rver's built-in account
inline constexpr const char* kSecretKey = "S3RVER";

// Waits for `pid` until `deadline`; kills it if it is still running then. Returns the exit status
// (or -1 when it had to be killed or did not exit normally).
int WaitUntil(pid_t pid, SteadyClock::time_point deadline);

// argv/envp for posix_spawn: pointers into `strings` (which must outlive them), then nullptr.
std::vector<char*> Pointers(std::vector<std::string>& strings);

// tools/s3rver/serve.js on a port the kernel picks, in a directory of its own, with kBucket; it
// prints the port when listening. Stopped (SIGTERM, then SIGKILL) on destruction; it also stops
// by itself if this process dies, since its stdin (our pipe) then closes.
// The constructor blocks until the port is known; it throws std::runtime_error if node cannot be
// started or serve.js does not report its port within 20 s.
class S3rver {
public:
    S3rver();
    S3rver(const S3rver&) = delete;
    S3rver& operator=(const S3rver&) = delete;
    ~S3rver();

    int port() const { return port_; }
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // Names <bucket>.s3.localhost, which curl resolves to loopback by itself.
    std::string virtual_host_endpoint() const { return "http://s3.localhost:" + std::to_string(port_); }

private:
    // The first line serve.js prints, within a deadline; fails if it exits first.
    int ReadPort(int fd);

    TempDir dir_;
    pid_t pid_ = -1;
    int stdin_ = -1;
    int port_ = 0;
};

// One server for the whole test process, started on first use (under ctest every test is its own
// process; run by hand, tests share it and use keys of their own).
S3rver& SharedS3rver();

// Path-style options for `server` with s3rver's credentials and a 10 s timeout.
S3Options S3OptionsFor(const S3rver& server);

}  // namespace shiftsync::blob_contract
