// tools/s3rver/serve.js as a child process (see s3rver.hpp).
#include "s3rver.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace shiftsync::blob_contract {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// The repository root, from this file's path (CMake compiles it by absolute path).
const fs::path kRepoRoot = fs::path(__FILE__).parent_path().parent_path().parent_path();
const fs::path kServeJs = kRepoRoot / "tools" / "s3rver" / "serve.js";

}  // namespace

int WaitUntil(pid_t pid, SteadyClock::time_point deadline) {
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (SteadyClock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(10ms);
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
    std::vector<char*> pointers;
    for (auto& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers;
}

S3rver::S3rver() {
    int out[2];
    int in[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    std::vector<std::string> args = {"node",     kServeJs.string(), "--port",
                                     "0",        "--directory",     dir_.path().string(),
                                     "--bucket", kBucket,           "--stop-on-stdin-eof"};
    auto argv = Pointers(args);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    const int spawned = ::posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    if (spawned != 0) {
        ::close(out[0]);
        pid_ = -1;
        throw std::runtime_error("cannot start node (is Node.js installed?)");
    }
    port_ = ReadPort(out[0]);
    ::close(out[0]);
}

S3rver::~S3rver() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        WaitUntil(pid_, SteadyClock::now() + 5s);
    }
    if (stdin_ >= 0) ::close(stdin_);
}

int S3rver::ReadPort(int fd) {
    const auto deadline = SteadyClock::now() + 20s;
    std::string line;
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
        pollfd p{fd, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) {
            throw std::runtime_error("serve.js did not report its port in time");
        }
        char buffer[256];
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0) {
            throw std::runtime_error(
                "serve.js exited before listening (was tools/s3rver/install.sh run? "
                "the build target s3rver_install does it)");
        }
        line.append(buffer, static_cast<std::size_t>(n));
    }
    return std::stoi(line);
}

S3rver& SharedS3rver() {
    static S3rver server;
    return server;
}

S3Options S3OptionsFor(const S3rver& server) {
    S3Options options;
    options.endpoint = server.endpoint();
    options.bucket = kBucket;
    options.path_style = true;
    options.access_key_id = kAccessKey;
    options.secret_access_key = kSecretKey;
    options.timeout = 10s;
    return options;
}

}  // namespace shiftsync::blob_contract
