// The BlobStore port (app/ports/blob_store.hpp), one suite run against every implementation: the
// in-memory fake, the local directory, and S3 against a real s3rver (path-style and
// virtual-hosted), followed by what only one implementation can show (files and permissions on
// disk; what awscli reads and writes, signatures, timeouts and retries over the wire).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/blob_store.hpp"
#include "infra/blob/local_blob_store.hpp"
#include "infra/blob/s3_blob_store.hpp"
#include "temp_dir.hpp"
#include "testing/in_memory_blob_store.hpp"

extern char** environ;

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The repository root, from this file's path (CMake compiles it by absolute path).
const fs::path kRepoRoot = fs::path(__FILE__).parent_path().parent_path().parent_path();
const fs::path kServeJs = kRepoRoot / "tools" / "s3rver" / "serve.js";
// Debian's awscli, not whatever `aws` comes first on PATH.
constexpr const char* kAwsCli = "/usr/bin/aws";
constexpr const char* kBucket = "shiftsync-test";
constexpr const char* kAccessKey = "S3RVER";  // s3rver's built-in account
constexpr const char* kSecretKey = "S3RVER";

// --- Bytes ------------------------------------------------------------------------------------

std::string EveryByteValue() {
    std::string bytes;
    for (int round = 0; round < 2; ++round) {
        for (int b = 0; b < 256; ++b) bytes.push_back(static_cast<char>(b));
    }
    return bytes;
}

std::string RandomBytes(std::size_t size, unsigned seed) {
    std::mt19937 random(seed);
    std::string bytes(size, '\0');
    for (auto& c : bytes) c = static_cast<char>(random() & 0xff);
    return bytes;
}

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// --- Child processes ----------------------------------------------------------------------------

// Waits for `pid` until `deadline`; kills it if it is still running then. Returns the exit status
// (or -1 when it had to be killed or did not exit normally).
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

// tools/s3rver/serve.js on a port the kernel picks, in a directory of its own, with kBucket; it
// prints the port when listening. Stopped (SIGTERM, then SIGKILL) on destruction; it also stops
// by itself if this process dies, since its stdin (our pipe) then closes.
class S3rver {
  public:
    S3rver() {
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
    S3rver(const S3rver&) = delete;
    S3rver& operator=(const S3rver&) = delete;
    ~S3rver() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            WaitUntil(pid_, SteadyClock::now() + 5s);
        }
        if (stdin_ >= 0) ::close(stdin_);
    }

    int port() const { return port_; }
    std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }
    // Names <bucket>.s3.localhost, which curl resolves to loopback by itself.
    std::string virtual_host_endpoint() const { return "http://s3.localhost:" + std::to_string(port_); }

  private:
    // The first line serve.js prints, within a deadline; fails if it exits first.
    int ReadPort(int fd) {
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

    TempDir dir_;
    pid_t pid_ = -1;
    int stdin_ = -1;
    int port_ = 0;
};

// One server for the whole test process, started on first use (under ctest every test is its own
// process; run by hand, tests share it and use keys of their own).
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

// --- Backends -----------------------------------------------------------------------------------

struct Backend {
    std::string name;
    std::function<std::unique_ptr<BlobStore>(const fs::path& dir)> open;
};

std::ostream& operator<<(std::ostream& out, const Backend& backend) { return out << backend.name; }

const Backend kInMemory{"InMemory", [](const fs::path&) { return std::make_unique<InMemoryBlobStore>(); }};
const Backend kLocal{"Local", [](const fs::path& dir) { return MakeLocalBlobStore(dir / "blobs"); }};
const Backend kS3PathStyle{"S3PathStyle",
                           [](const fs::path&) { return MakeS3BlobStore(S3OptionsFor(SharedS3rver())); }};
const Backend kS3VirtualHosted{"S3VirtualHosted", [](const fs::path&) {
                                   S3Options options = S3OptionsFor(SharedS3rver());
                                   options.endpoint = SharedS3rver().virtual_host_endpoint();
                                   options.path_style = false;
                                   return MakeS3BlobStore(options);
                               }};

// Keys of this test alone: s3rver's bucket outlives a test when tests share a process.
std::string KeyPrefix() {
    static std::atomic<int> counter{0};
    return "t" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "/";
}

class BlobStoreContract : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override { store_ = GetParam().open(dir_.path()); }
    std::string K(std::string_view key) const { return prefix_ + std::string(key); }

    TempDir dir_;
    std::unique_ptr<BlobStore> store_;
    const std::string prefix_ = KeyPrefix();
};

TEST_P(BlobStoreContract, RoundTripsEveryByteValue) {
    const std::string bytes = EveryByteValue();
    store_->Put(K("bytes.bin"), bytes, "application/octet-stream");
    EXPECT_EQ(store_->Get(K("bytes.bin")), bytes);
}

TEST_P(BlobStoreContract, RoundTripsThreeMegabytes) {
    const std::string bytes = RandomBytes(3 * 1024 * 1024 + 7, 42);
    store_->Put(K("big.bin"), bytes, "image/jpeg");
    const auto read = store_->Get(K("big.bin"));
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(read->size(), bytes.size());
    EXPECT_TRUE(*read == bytes);  // not EXPECT_EQ: a mismatch would print 3 MB
}

TEST_P(BlobStoreContract, EmptyBlobIsABlob) {
    store_->Put(K("empty"), "", "text/plain");
    EXPECT_EQ(store_->Get(K("empty")), std::optional<std::string>(""));
}

TEST_P(BlobStoreContract, PutReplacesTheBlob) {
    store_->Put(K("pictures/p-128.jpg"), "the first, longer version", "image/jpeg");
    store_->Put(K("pictures/p-128.jpg"), "second", "image/jpeg");
    EXPECT_EQ(store_->Get(K("pictures/p-128.jpg")), "second");
}

TEST_P(BlobStoreContract, MissingKeyIsNullopt) {
    EXPECT_EQ(store_->Get(K("never/stored.jpg")), std::nullopt);
    store_->Put(K("stored.jpg"), "x", "image/jpeg");
    EXPECT_EQ(store_->Get(K("stored.jp")), std::nullopt);
    EXPECT_EQ(store_->Get(K("stored.jpg/x")), std::nullopt);
}

TEST_P(BlobStoreContract, DeleteRemovesAndIsIdempotent) {
    store_->Put(K("a.jpg"), "a", "image/jpeg");
    store_->Put(K("b.jpg"), "b", "image/jpeg");
    store_->Delete(K("a.jpg"));
    EXPECT_EQ(store_->Get(K("a.jpg")), std::nullopt);
    EXPECT_EQ(store_->Get(K("b.jpg")), "b");
    EXPECT_NO_THROW(store_->Delete(K("a.jpg")));
    EXPECT_NO_THROW(store_->Delete(K("never/there.jpg")));
    EXPECT_EQ(store_->Get(K("b.jpg")), "b");
}

TEST_P(BlobStoreContract, InvalidKeysAreRefused) {
    const std::vector<std::string> invalid = {"",
                                              "/a",
                                              "a/",
                                              "a//b",
                                              "A.jpg",
                                              "a b",
                                              "../x",
                                              "a/../b",
                                              "./a",
                                              "a/.",
                                              "..",
                                              ".",
                                              "a\\b",
                                              "a?b",
                                              "a%2fb",
                                              "a:b",
                                              "caf\xc3\xa9",
                                              std::string("a\0b", 3),
                                              "a\nb",
                                              std::string(201, 'k')};
    for (const auto& key : invalid) {
        SCOPED_TRACE(::testing::PrintToString(key));
        EXPECT_THROW(store_->Put(key, "x", "text/plain"), std::invalid_argument);
        EXPECT_THROW(store_->Get(key), std::invalid_argument);
        EXPECT_THROW(store_->Delete(key), std::invalid_argument);
    }
    // Refusing is not a blanket "no": the edges of the alphabet and the length are accepted.
    const std::string longest = prefix_ + std::string(200 - prefix_.size(), 'z');
    for (const auto& key : {longest, K("0-9_a.z/..../x-._")}) {
        store_->Put(key, "ok", "text/plain");
        EXPECT_EQ(store_->Get(key), "ok") << key;
    }
}

TEST_P(BlobStoreContract, KeysWithSubDirectoriesAreIndependent) {
    store_->Put(K("a/b/c/d.bin"), "d", "application/octet-stream");
    store_->Put(K("a/b/e.bin"), "e", "application/octet-stream");
    store_->Put(K("a/f"), "f", "application/octet-stream");
    EXPECT_EQ(store_->Get(K("a/b/c/d.bin")), "d");
    EXPECT_EQ(store_->Get(K("a/b/e.bin")), "e");
    EXPECT_EQ(store_->Get(K("a/f")), "f");
    EXPECT_EQ(store_->Get(K("a/b")), std::nullopt);  // a prefix of keys is not a blob
    store_->Delete(K("a/b/c/d.bin"));
    EXPECT_EQ(store_->Get(K("a/b/c/d.bin")), std::nullopt);
    EXPECT_EQ(store_->Get(K("a/b/e.bin")), "e");
    store_->Put(K("a/b/c/d.bin"), "d again", "application/octet-stream");  // its directory may be gone
    EXPECT_EQ(store_->Get(K("a/b/c/d.bin")), "d again");
}

TEST_P(BlobStoreContract, ConcurrentPutsOfDifferentKeys) {
    constexpr int kThreads = 4;
    constexpr int kPerThread = 8;
    const auto key = [this](int t, int i) { return K("t" + std::to_string(t) + "/blob-" + std::to_string(i)); };
    const auto bytes = [](int t, int i) { return RandomBytes(1000 + 3000 * i + t, 100 * t + i); };
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kPerThread; ++i) {
                try {
                    store_->Put(key(t, i), bytes(t, i), "application/octet-stream");
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    for (int t = 0; t < kThreads; ++t) {
        for (int i = 0; i < kPerThread; ++i) EXPECT_TRUE(store_->Get(key(t, i)) == bytes(t, i)) << key(t, i);
    }
}

INSTANTIATE_TEST_SUITE_P(AllStores, BlobStoreContract,
                         ::testing::Values(kInMemory, kLocal, kS3PathStyle, kS3VirtualHosted),
                         [](const auto& info) { return info.param.name; });

// --- The in-memory fake's test hooks -------------------------------------------------------------

TEST(InMemoryBlobStoreTest, FailNextCallsFailsThatManyCallsAndChangesNothing) {
    InMemoryBlobStore store;
    store.Put("kept", "old", "text/plain");
    store.FailNextCalls(2);
    EXPECT_THROW(store.Put("kept", "new", "text/plain"), BlobStoreError);
    EXPECT_THROW(store.Delete("kept"), BlobStoreError);
    EXPECT_EQ(store.Get("kept"), "old");
    store.Put("other", "o", "image/png");
    EXPECT_EQ(store.Keys(), (std::vector<std::string>{"kept", "other"}));
    EXPECT_EQ(store.ContentType("other"), "image/png");
    EXPECT_EQ(store.ContentType("missing"), std::nullopt);
}

TEST(InMemoryBlobStoreTest, InvalidKeyIsRefusedBeforeAnInjectedFailure) {
    InMemoryBlobStore store;
    store.FailNextCalls(1);
    EXPECT_THROW(store.Get("Bad"), std::invalid_argument);
    EXPECT_THROW(store.Get("good"), BlobStoreError);
    EXPECT_EQ(store.Get("good"), std::nullopt);
}

// --- The local directory ------------------------------------------------------------------------

class LocalBlobStoreTest : public ::testing::Test {
  protected:
    fs::path root() const { return dir_.path() / "blobs"; }
    std::vector<std::string> TempFiles() const {
        std::vector<std::string> found;
        for (const auto& entry : fs::recursive_directory_iterator(root())) {
            if (entry.path().filename().string().rfind(".tmp-", 0) == 0) found.push_back(entry.path().string());
        }
        return found;
    }
    static unsigned Mode(const fs::path& path) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return 0;
        return st.st_mode & 07777;
    }

    TempDir dir_;
};

TEST_F(LocalBlobStoreTest, KeySegmentsAreDirectories) {
    auto store = MakeLocalBlobStore(root());
    store->Put("pictures/ab/c-128.jpg", "jpeg bytes", "image/jpeg");
    EXPECT_EQ(ReadFile(root() / "pictures" / "ab" / "c-128.jpg"), "jpeg bytes");
}

TEST_F(LocalBlobStoreTest, PutLeavesNoTemporaryFiles) {
    auto store = MakeLocalBlobStore(root());
    store->Put("a/b.bin", RandomBytes(100000, 1), "application/octet-stream");
    store->Put("a/b.bin", "replaced", "application/octet-stream");
    store->Put("c.bin", "c", "application/octet-stream");
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
    EXPECT_EQ(ReadFile(root() / "a" / "b.bin"), "replaced");
}

TEST_F(LocalBlobStoreTest, DirectoriesAre0700AndFiles0600) {
    const mode_t old_umask = ::umask(0);  // the store must not rely on a umask to hide blobs
    auto store = MakeLocalBlobStore(root());
    store->Put("a/b/c.bin", "c", "application/octet-stream");
    store->Put("a/b/c.bin", "replaced", "application/octet-stream");
    ::umask(old_umask);
    EXPECT_EQ(Mode(root()), 0700u);
    EXPECT_EQ(Mode(root() / "a"), 0700u);
    EXPECT_EQ(Mode(root() / "a" / "b"), 0700u);
    EXPECT_EQ(Mode(root() / "a" / "b" / "c.bin"), 0600u);
}

TEST_F(LocalBlobStoreTest, LeftoverTemporaryFilesAreRemovedAtStart) {
    fs::create_directories(root() / "a" / "b");
    WriteFile(root() / ".tmp-x.jpg-Ab12Cd", "torn");
    WriteFile(root() / "a" / "b" / ".tmp-y.jpg-Zz99Qq", "torn");
    WriteFile(root() / "a" / "b" / "y.jpg", "whole");
    WriteFile(root() / "a" / "tmp-not-a-leftover", "blob");
    auto store = MakeLocalBlobStore(root());
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
    EXPECT_EQ(store->Get("a/b/y.jpg"), "whole");
    EXPECT_EQ(store->Get("a/tmp-not-a-leftover"), "blob");
}

// Writes beyond RLIMIT_FSIZE fail with EFBIG, for root too (unlike permissions), so a Put can be
// made to fail half-way through writing.
class FileSizeLimit {
  public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &old_);
        old_handler_ = ::signal(SIGXFSZ, SIG_IGN);  // else the process is killed
        rlimit limit = old_;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &old_);
        ::signal(SIGXFSZ, old_handler_);
    }

  private:
    rlimit old_{};
    sighandler_t old_handler_;
};

TEST_F(LocalBlobStoreTest, FailedPutKeepsTheOldBlob) {
    auto store = MakeLocalBlobStore(root());
    store->Put("pictures/p.jpg", "old", "image/jpeg");
    {
        FileSizeLimit limit(64 * 1024);
        EXPECT_THROW(store->Put("pictures/p.jpg", RandomBytes(1024 * 1024, 7), "image/jpeg"), BlobStoreError);
    }
    EXPECT_EQ(store->Get("pictures/p.jpg"), "old");
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
}

TEST_F(LocalBlobStoreTest, PutUnderAFileFailsAndKeepsTheFile) {
    auto store = MakeLocalBlobStore(root());
    store->Put("a", "a blob where a directory would go", "text/plain");
    EXPECT_THROW(store->Put("a/b", "b", "text/plain"), BlobStoreError);
    EXPECT_EQ(store->Get("a"), "a blob where a directory would go");
    EXPECT_EQ(store->Get("a/b"), std::nullopt);
    EXPECT_NO_THROW(store->Delete("a/b"));
}

TEST_F(LocalBlobStoreTest, PutOverADirectoryFailsAndKeepsWhatIsInside) {
    auto store = MakeLocalBlobStore(root());
    store->Put("a/b", "b", "text/plain");
    EXPECT_THROW(store->Put("a", "a", "text/plain"), BlobStoreError);
    EXPECT_EQ(store->Get("a/b"), "b");
    EXPECT_EQ(TempFiles(), std::vector<std::string>{});
}

TEST_F(LocalBlobStoreTest, RootThatIsAFileIsRefused) {
    WriteFile(root(), "not a directory");
    EXPECT_THROW(MakeLocalBlobStore(root()), BlobStoreError);
    EXPECT_THROW(MakeLocalBlobStore(root() / "below"), BlobStoreError);
}

// --- S3 -----------------------------------------------------------------------------------------

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
    EXPECT_TRUE(refused([](S3Options& o) { o.path_style = false; }));  // virtual hosts need a DNS name
    EXPECT_FALSE(refused([](S3Options&) {}));
    EXPECT_FALSE(refused([](S3Options& o) {
        o.endpoint = "https://s3.eu-west-1.amazonaws.com/";
        o.path_style = false;
    }));
}

}  // namespace
}  // namespace shiftsync
