// What only the S3 BlobStore (infra/blob/s3_blob_store.hpp) can show: what awscli reads and
// writes against the same s3rver, signatures, timeouts and retries over the wire, and the options
// it refuses. The behaviour it shares with every BlobStore is in blob_store_contract_test.cpp.
#include "infra/blob/s3_blob_store.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/blob_store.hpp"
#include "blob_store_fixtures.hpp"
#include "s3rver.hpp"
#include "temp_dir.hpp"

extern char** environ;

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using namespace blob_contract;  // bytes, KeyPrefix, S3rver, kBucket, WaitUntil, Pointers

// Debian's awscli, not whatever `aws` comes first on PATH.
constexpr const char* kAwsCli = "/usr/bin/aws";

struct CommandResult {
    int exit_code;
    std::string output;  // stdout and stderr
};

// Runs Debian's awscli against `server` with s3rver's credentials and no user configuration.
CommandResult RunAwsCli(const S3rver& server, std::vector<std::string> args) {
    TempDir scratch;
    const fs::path output = scratch.path() / "output";
    args.insert(args.begin(), {kAwsCli, "--endpoint-url", server.endpoint(), "s3api"});
    auto argv = Pointers(args);
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        if (std::string_view(*e).rfind("AWS_", 0) != 0) env.emplace_back(*e);
    }
    for (const char* setting :
         {"AWS_ACCESS_KEY_ID=S3RVER", "AWS_SECRET_ACCESS_KEY=S3RVER", "AWS_DEFAULT_REGION=us-east-1",
          "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true",
          "AWS_PAGER="}) {
        env.emplace_back(setting);
    }
    auto envp = Pointers(env);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, kAwsCli, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot run /usr/bin/aws (Debian's awscli)");
    const int code = WaitUntil(pid, SteadyClock::now() + 60s);
    return {code, ReadFile(output)};
}

// A loopback HTTP server that answers each request with the next status of a script (the last one
// repeats) and records what it received: for what s3rver cannot do (fail on purpose).
class ScriptedHttpServer {
public:
    explicit ScriptedHttpServer(std::vector<int> statuses) : statuses_(std::move(statuses)) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 8) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("cannot listen");
        }
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { Serve(); });
    }
    ~ScriptedHttpServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }

    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::string> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }

private:
    void Serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (client < 0) continue;
            const std::string request = ReadRequest(client);
            int status;
            {
                std::lock_guard lock(mutex_);
                status = statuses_[std::min(requests_.size(), statuses_.size() - 1)];
                requests_.push_back(request);
            }
            const std::string body = "<?xml version=\"1.0\"?><Error><Code>Scripted" + std::to_string(status) +
                                     "</Code><Message>scripted</Message></Error>";
            const std::string response =
                "HTTP/1.1 " + std::to_string(status) +
                " Scripted\r\nContent-Type: application/xml\r\nContent-Length: " + std::to_string(body.size()) +
                "\r\nConnection: close\r\n\r\n" + body;
            [[maybe_unused]] const auto written = ::write(client, response.data(), response.size());
            ::close(client);
        }
    }

    // The head and the body (by Content-Length) of one request.
    static std::string ReadRequest(int client) {
        std::string data;
        char buffer[4096];
        std::size_t head_end;
        while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t n = ::read(client, buffer, sizeof buffer);
            if (n <= 0) return data;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        std::size_t length = 0;
        std::string lower = data.substr(0, head_end);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        if (const auto at = lower.find("\r\ncontent-length:"); at != std::string::npos) {
            length = std::stoul(lower.substr(at + 17));
        }
        // curl asks before sending a body; without an answer it waits a second, then sends anyway.
        if (lower.find("\r\nexpect: 100-continue") != std::string::npos) {
            constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
            [[maybe_unused]] const auto written = ::write(client, kContinue.data(), kContinue.size());
        }
        while (data.size() < head_end + 4 + length) {
            const ssize_t n = ::read(client, buffer, sizeof buffer);
            if (n <= 0) break;
            data.append(buffer, static_cast<std::size_t>(n));
        }
        return data;
    }

    const std::vector<int> statuses_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    mutable std::mutex mutex_;
    std::vector<std::string> requests_;
    std::thread thread_;
};

// A loopback socket that is bound but not listening (connections are refused), or listening but
// never accepting (connections hang): a server that is down, and one that does not answer.
class DeadSocket {
public:
    explicit DeadSocket(bool listening) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len);
        if (listening) ::listen(fd_, 8);
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }
    ~DeadSocket() { ::close(fd_); }
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int fd_ = -1;
    int port_ = 0;
};

class S3BlobStoreTest : public ::testing::Test {
protected:
    S3rver& server() { return SharedS3rver(); }
    std::string K(std::string_view key) const { return prefix_ + std::string(key); }
    static S3Options OptionsFor(const std::string& endpoint) {
        S3Options options;
        options.endpoint = endpoint;
        options.bucket = kBucket;
        options.path_style = true;
        options.access_key_id = "AKIDEXAMPLE";
        options.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
        options.timeout = 5s;
        return options;
    }

    TempDir dir_;
    const std::string prefix_ = KeyPrefix();
};

TEST_F(S3BlobStoreTest, WhatTheAdapterStoresAwsCliReads) {
    auto store = MakeS3BlobStore(S3OptionsFor(server()));
    const std::string bytes = EveryByteValue() + RandomBytes(70000, 3);
    store->Put(K("pictures/x-128.jpg"), bytes, "image/jpeg");
    const fs::path out = dir_.path() / "out";
    const auto result =
        RunAwsCli(server(), {"get-object", "--bucket", kBucket, "--key", K("pictures/x-128.jpg"), out.string()});
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_TRUE(ReadFile(out) == bytes);
    EXPECT_NE(result.output.find("\"ContentType\": \"image/jpeg\""), std::string::npos) << result.output;
}

TEST_F(S3BlobStoreTest, WhatAwsCliStoresTheAdapterReadsAndDeletes) {
    auto store = MakeS3BlobStore(S3OptionsFor(server()));
    const std::string bytes = RandomBytes(200000, 9);
    WriteFile(dir_.path() / "in", bytes);
    const auto put = RunAwsCli(server(), {"put-object", "--bucket", kBucket, "--key", K("from/cli.bin"), "--body",
                                          (dir_.path() / "in").string()});
    ASSERT_EQ(put.exit_code, 0) << put.output;
    EXPECT_TRUE(store->Get(K("from/cli.bin")) == bytes);
    store->Delete(K("from/cli.bin"));
    const auto head = RunAwsCli(server(), {"head-object", "--bucket", kBucket, "--key", K("from/cli.bin")});
    EXPECT_NE(head.exit_code, 0) << head.output;
    EXPECT_NE(head.output.find("404"), std::string::npos) << head.output;
}

// s3rver 3.7.1 does not check SigV4 signatures; tools/s3rver/serve.js does, as S3 would.
TEST_F(S3BlobStoreTest, WrongSecretIsRefusedWithoutShowingIt) {
    S3Options options = S3OptionsFor(server());
    options.secret_access_key = "not-the-secret-5ab1e";
    auto store = MakeS3BlobStore(options);
    for (const auto& call : std::vector<std::function<void()>>{[&] { store->Put(K("denied.jpg"), "x", "image/jpeg"); },
                                                               [&] { store->Get(K("denied.jpg")); },
                                                               [&] { store->Delete(K("denied.jpg")); }}) {
        try {
            call();
            ADD_FAILURE() << "no BlobStoreError";
        } catch (const BlobStoreError& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find("403"), std::string::npos) << message;
            EXPECT_NE(message.find("SignatureDoesNotMatch"), std::string::npos) << message;
            EXPECT_NE(message.find(K("denied.jpg")), std::string::npos) << message;
            EXPECT_EQ(message.find("not-the-secret"), std::string::npos) << message;
        }
    }
    // The right secret works on the same server, so the refusal was about the secret.
    auto good = MakeS3BlobStore(S3OptionsFor(server()));
    good->Put(K("allowed.jpg"), "x", "image/jpeg");
    EXPECT_EQ(good->Get(K("allowed.jpg")), "x");
}

TEST_F(S3BlobStoreTest, UnknownAccessKeyIsRefusedWithoutShowingIt) {
    S3Options options = S3OptionsFor(server());
    options.access_key_id = "AKIAUNKNOWN7777";
    auto store = MakeS3BlobStore(options);
    try {
        store->Get(K("x.jpg"));
        FAIL() << "no BlobStoreError";
    } catch (const BlobStoreError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("InvalidAccessKeyId"), std::string::npos) << message;
        EXPECT_EQ(message.find("AKIAUNKNOWN7777"), std::string::npos) << message;
    }
}

TEST_F(S3BlobStoreTest, MissingBucketIsAnErrorNotAMissingBlob) {
    S3Options options = S3OptionsFor(server());
    options.bucket = "no-such-bucket";
    auto store = MakeS3BlobStore(options);
    try {
        store->Get("x.jpg");
        FAIL() << "no BlobStoreError";
    } catch (const BlobStoreError& e) {
        EXPECT_NE(std::string(e.what()).find("NoSuchBucket"), std::string::npos) << e.what();
    }
}

TEST_F(S3BlobStoreTest, ServerThatIsDownFailsAtOnce) {
    DeadSocket refusing(/*listening=*/false);
    auto store = MakeS3BlobStore(OptionsFor(refusing.endpoint()));
    const auto start = SteadyClock::now();
    EXPECT_THROW(store->Put("x.jpg", "x", "image/jpeg"), BlobStoreError);
    EXPECT_THROW(store->Get("x.jpg"), BlobStoreError);
    EXPECT_LT(SteadyClock::now() - start, 4s);  // well within the 5 s timeout
}

TEST_F(S3BlobStoreTest, ServerThatDoesNotAnswerTimesOut) {
    DeadSocket silent(/*listening=*/true);
    S3Options options = OptionsFor(silent.endpoint());
    options.timeout = 1s;
    auto store = MakeS3BlobStore(options);
    const auto start = SteadyClock::now();
    try {
        store->Get("x.jpg");
        FAIL() << "no BlobStoreError";
    } catch (const BlobStoreError& e) {
        EXPECT_NE(std::string(e.what()).find("GET x.jpg"), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).find(options.secret_access_key), std::string::npos) << e.what();
    }
    const auto elapsed = SteadyClock::now() - start;
    EXPECT_GE(elapsed, 900ms);
    EXPECT_LT(elapsed, 2500ms);  // the retry shares the one timeout
}

TEST_F(S3BlobStoreTest, ServerErrorIsRetriedOnce) {
    ScriptedHttpServer flaky({503, 200});
    auto store = MakeS3BlobStore(OptionsFor(flaky.endpoint()));
    EXPECT_NO_THROW(store->Put("pictures/p.jpg", "abc", "image/jpeg"));
    EXPECT_EQ(flaky.requests().size(), 2u);

    ScriptedHttpServer broken({500});
    auto failing = MakeS3BlobStore(OptionsFor(broken.endpoint()));
    try {
        failing->Get("pictures/p.jpg");
        FAIL() << "no BlobStoreError";
    } catch (const BlobStoreError& e) {
        EXPECT_NE(std::string(e.what()).find("HTTP 500 Scripted500"), std::string::npos) << e.what();
    }
    EXPECT_EQ(broken.requests().size(), 2u);
}

TEST_F(S3BlobStoreTest, ClientErrorIsNotRetried) {
    ScriptedHttpServer denying({403});
    auto store = MakeS3BlobStore(OptionsFor(denying.endpoint()));
    EXPECT_THROW(store->Delete("pictures/p.jpg"), BlobStoreError);
    EXPECT_EQ(denying.requests().size(), 1u);
}

TEST_F(S3BlobStoreTest, PutSendsThePayloadHashAndContentTypeSigned) {
    ScriptedHttpServer server({200});
    auto store = MakeS3BlobStore(OptionsFor(server.endpoint()));
    store->Put("pictures/p.jpg", "abc", "image/jpeg");
    ASSERT_EQ(server.requests().size(), 1u);
    const std::string request = server.requests()[0];
    EXPECT_EQ(request.rfind("PUT /shiftsync-test/pictures/p.jpg HTTP/1.1\r\n", 0), 0u) << request;
    // SHA-256("abc")
    EXPECT_NE(request.find("x-amz-content-sha256: ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
              std::string::npos)
        << request;
    EXPECT_NE(request.find("Content-Type: image/jpeg"), std::string::npos) << request;
    EXPECT_NE(request.find("Credential=AKIDEXAMPLE/"), std::string::npos) << request;
    EXPECT_NE(request.find("/us-east-1/s3/aws4_request"), std::string::npos) << request;
    EXPECT_NE(request.find("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date"), std::string::npos)
        << request;
    EXPECT_EQ(request.find(OptionsFor("").secret_access_key), std::string::npos) << request;
    EXPECT_EQ(request.substr(request.size() - 3), "abc");
}

// The instance role's temporary credentials: asked for on every request (the source renews them),
// the session token sent and signed.
S3Options WithCredentialSource(S3Options options, std::atomic<int>& asked, std::string token) {
    options.credentials = [&asked, token, key = options.access_key_id, secret = options.secret_access_key] {
        ++asked;
        return AwsCredentials{key, secret, token, std::chrono::system_clock::now() + 6h};
    };
    options.access_key_id.clear();
    options.secret_access_key.clear();
    return options;
}

TEST_F(S3BlobStoreTest, TemporaryCredentialsSendTheirSessionTokenSigned) {
    ScriptedHttpServer server({200});
    std::atomic<int> asked = 0;
    auto store = MakeS3BlobStore(WithCredentialSource(OptionsFor(server.endpoint()), asked, "FwoGZXIvTokenExample"));
    store->Put("pictures/p.jpg", "abc", "image/jpeg");
    ASSERT_EQ(server.requests().size(), 1u);
    const std::string request = server.requests()[0];
    EXPECT_NE(request.find("X-Amz-Security-Token: FwoGZXIvTokenExample"), std::string::npos) << request;
    EXPECT_NE(request.find("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token"),
              std::string::npos)
        << request;
    EXPECT_EQ(asked, 1);
}

TEST_F(S3BlobStoreTest, TemporaryCredentialsWorkAgainstS3rverAndAreAskedForEachRequest) {
    std::atomic<int> asked = 0;
    auto store = MakeS3BlobStore(WithCredentialSource(S3OptionsFor(server()), asked, "session-token-1"));
    store->Put(K("temporary.jpg"), "t", "image/jpeg");
    EXPECT_EQ(store->Get(K("temporary.jpg")), "t");
    store->Delete(K("temporary.jpg"));
    EXPECT_EQ(asked, 3);
}

TEST_F(S3BlobStoreTest, CredentialsThatCannotBeHadMakeTheStoreFailNotCrash) {
    S3Options options = OptionsFor("http://127.0.0.1:9");
    options.access_key_id.clear();
    options.secret_access_key.clear();
    options.credentials = []() -> AwsCredentials { throw AwsError("instance metadata service: HTTP 404"); };
    auto store = MakeS3BlobStore(options);
    try {
        store->Put("pictures/p.jpg", "abc", "image/jpeg");
        ADD_FAILURE() << "no BlobStoreError";
    } catch (const BlobStoreError& e) {
        EXPECT_NE(std::string(e.what()).find("instance metadata service"), std::string::npos) << e.what();
    }
}

TEST_F(S3BlobStoreTest, InvalidOptionsAreRefused) {
    const auto refused = [](auto change) {
        S3Options options = OptionsFor("http://127.0.0.1:9000");
        change(options);
        try {
            MakeS3BlobStore(options);
        } catch (const std::invalid_argument& e) {
            const std::string& secret = options.secret_access_key;
            return secret.empty() || std::string(e.what()).find(secret) == std::string::npos;
        }
        return false;
    };
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "127.0.0.1:9000"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "ftp://127.0.0.1"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "http://127.0.0.1:9000/prefix"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "http://127.0.0.1:9000?x=1"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "http://user:pass@127.0.0.1:9000"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "http://127.0.0.1:99999"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.endpoint = "http://"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.bucket = "ab"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.bucket = "Upper"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.bucket = "a..b"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.bucket = "192.168.1.1"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.region = ""; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.region = "us:east"; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.access_key_id = ""; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.secret_access_key = ""; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.timeout = 0s; }));
    EXPECT_TRUE(refused([](S3Options& o) { o.credentials = [] { return AwsCredentials{}; }; }));  // and keys
    EXPECT_TRUE(refused([](S3Options& o) { o.path_style = false; }));  // virtual hosts need a DNS name
    EXPECT_FALSE(refused([](S3Options&) {}));
    EXPECT_FALSE(refused([](S3Options& o) {
        o.endpoint = "https://s3.eu-west-1.amazonaws.com/";
        o.path_style = false;
    }));
}

}  // namespace
}  // namespace shiftsync
