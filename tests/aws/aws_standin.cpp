// tests/aws/aws_standin.py as a child process (see aws_standin.hpp).
#include "aws_standin.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace shiftsync::aws_test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

const fs::path kStandIn = fs::path(__FILE__).parent_path() / "aws_standin.py";

void WriteFile(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

// True once `pid` has exited (reaped), waiting at most until `deadline`.
bool Reaped(pid_t pid, SteadyClock::time_point deadline) {
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (SteadyClock::now() > deadline) return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

}  // namespace

AwsStandIn::AwsStandIn(StandInOptions options) {
    const fs::path dir = dir_.path() / "standin";
    std::vector<std::string> args = {"/usr/bin/python3",
                                     kStandIn.string(),
                                     "--dir",
                                     dir.string(),
                                     "--access-key-id",
                                     kAccessKeyId,
                                     "--secret-access-key",
                                     kSecretAccessKey,
                                     "--region",
                                     options.region,
                                     "--fail-first",
                                     std::to_string(options.fail_first),
                                     "--clock-offset",
                                     std::to_string(options.clock_offset_seconds),
                                     "--stop-on-stdin-eof"};
    if (!options.session_token.empty()) args.insert(args.end(), {"--session-token", options.session_token});
    int n = 0;
    for (const auto* secrets : {&options.secrets, &options.binary_secrets}) {
        for (const auto& [name, content] : *secrets) {
            const fs::path file = dir_.path() / ("secret-" + std::to_string(++n));
            WriteFile(file, content);
            args.push_back(secrets == &options.secrets ? "--secret" : "--binary-secret");
            args.push_back(name + "=" + file.string());
        }
    }
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);

    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
    const int spawned = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(in[0]);
    stdin_ = in[1];
    if (spawned != 0) {
        pid_ = -1;
        throw std::runtime_error("cannot start /usr/bin/python3");
    }

    const auto deadline = SteadyClock::now() + 20s;
    const fs::path ready = dir / "ready.json";
    while (!fs::exists(ready)) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("aws_standin.py exited before it was ready (is python3-botocore installed?)");
        }
        if (SteadyClock::now() > deadline) throw std::runtime_error("aws_standin.py was not ready within 20 s");
        std::this_thread::sleep_for(20ms);
    }
    const boost::json::object document = boost::json::parse(ReadFile(ready)).as_object();
    https_port_ = static_cast<int>(document.at("https_port").as_int64());
    imds_port_ = static_cast<int>(document.at("imds_port").as_int64());
    ca_file_ = std::string(document.at("ca_file").as_string());
}

AwsStandIn::~AwsStandIn() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        if (!Reaped(pid_, SteadyClock::now() + 5s)) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    if (stdin_ >= 0) ::close(stdin_);
}

std::vector<LoggedRequest> AwsStandIn::Requests() const {
    std::vector<LoggedRequest> requests;
    std::istringstream lines(ReadFile(dir_.path() / "standin" / "requests.log"));
    for (std::string line; std::getline(lines, line);) {
        const boost::json::object entry = boost::json::parse(line).as_object();
        LoggedRequest request;
        if (const auto& id = entry.at("secret_id"); id.is_string()) request.secret_id = id.as_string();
        request.status = static_cast<int>(entry.at("status").as_int64());
        if (const auto& error = entry.at("error"); error.is_string()) request.error = error.as_string();
        requests.push_back(std::move(request));
    }
    return requests;
}

int ClosedPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("cannot bind a loopback port");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

}  // namespace shiftsync::aws_test
