// A throwaway PostgreSQL server for tests (see postgres_server.hpp).
#include "postgres_server.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "infra/db/postgres_database.hpp"

extern char** environ;

namespace shiftsync::contract {
namespace {

namespace fs = std::filesystem;

const fs::path kBinDir = "/usr/lib/postgresql/15/bin";
constexpr const char* kStateVariable = "SHIFTSYNC_TEST_POSTGRES_STATE";

std::string FileText(const fs::path& file) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Runs `args` to completion with stdin from /dev/null and stdout and stderr appended to `log`,
// as the `postgres` user when this process is root. Returns the exit status (-1: not normal).
int Run(std::vector<std::string> args, const fs::path& log) {
    if (::geteuid() == 0) args.insert(args.begin(), {"runuser", "-u", "postgres", "--"});
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    pid_t pid = -1;
    const int spawned = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw std::runtime_error("cannot run " + args.front() + ": " + std::strerror(spawned));
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// A port nobody listens on right now (another process may take it before postgres does: the
// caller retries).
int FreeLoopbackPort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "socket");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        throw std::system_error(errno, std::generic_category(), "bind");
    }
    ::close(fd);
    return ntohs(address.sin_port);
}

// A fresh directory the server's user owns.
fs::path MakeServerDir() {
    std::string pattern = (fs::temp_directory_path() / "shiftsync-pg-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + pattern);
    if (::geteuid() == 0) {
        const passwd* user = ::getpwnam("postgres");
        if (user == nullptr) {
            throw std::runtime_error("running as root, and there is no postgres user to run the server as");
        }
        if (::chown(pattern.c_str(), user->pw_uid, user->pw_gid) != 0) {
            throw std::system_error(errno, std::generic_category(), "chown " + pattern);
        }
    }
    return pattern;
}

}  // namespace

PostgresServer::PostgresServer(fs::path dir, int port, bool owned) : dir_(std::move(dir)), port_(port), owned_(owned) {}

std::unique_ptr<PostgresServer> PostgresServer::Start() {
    const fs::path dir = MakeServerDir();
    const fs::path data = dir / "data";
    const fs::path log = dir / "commands.log";       // ours
    const fs::path server_log = dir / "server.log";  // the server's: written as its user
    auto fail = [&](const std::string& what) {
        const std::string text = FileText(log) + FileText(server_log);
        std::error_code ignored;
        fs::remove_all(dir, ignored);
        throw std::runtime_error(what + "\n" + text);
    };
    if (Run({(kBinDir / "initdb").string(), "-D", data.string(), "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync", "--no-instructions"},
            log) != 0) {
        fail("initdb failed");
    }
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int port = FreeLoopbackPort();
        // Durability is pointless for a server that is deleted after the run.
        const std::string settings = "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(port) +
                                     " -c unix_socket_directories=" + dir.string() +
                                     " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                     " -c max_connections=200 -c max_prepared_transactions=0";
        if (Run({(kBinDir / "pg_ctl").string(), "-D", data.string(), "-l", server_log.string(), "-w", "-t", "30", "-o",
                 settings, "start"},
                log) == 0) {
            std::unique_ptr<PostgresServer> server(new PostgresServer(dir, port, true));
            try {
                // ICU's en-US sorts "ann" before "Bob", where SQLite (and COLLATE "C") sort "Bob"
                // first: the contract's ordering tests then show whether the schema pins it.
                server->Execute(std::string("CREATE DATABASE ") + kTemplate +
                                " TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
                                " LOCALE 'C.UTF-8'");
                MigratePostgresDatabase(OptionsFor(server->Url(kTemplate)));
            } catch (const std::exception& error) {
                server.reset();  // stops it
                throw std::runtime_error(std::string("preparing the template database failed: ") + error.what());
            }
            return server;
        }
    }
    fail("pg_ctl start failed five times");
    return nullptr;
}

std::unique_ptr<PostgresServer> PostgresServer::Attach(const fs::path& state_file) {
    std::ifstream in(state_file);
    int port = 0;
    std::string dir;
    if (!(in >> port >> dir)) throw std::runtime_error("unreadable PostgreSQL state file " + state_file.string());
    return std::unique_ptr<PostgresServer>(new PostgresServer(dir, port, false));
}

void PostgresServer::WriteState(const fs::path& state_file) {
    std::ofstream out(state_file, std::ios::trunc);
    out << port_ << ' ' << dir_.string() << '\n';
    if (!out.flush()) throw std::runtime_error("cannot write " + state_file.string());
    owned_ = false;
}

void PostgresServer::StopFromState(const fs::path& state_file) {
    if (!fs::exists(state_file)) return;
    auto server = Attach(state_file);
    server->owned_ = true;
    server.reset();
    fs::remove(state_file);
}

PostgresServer::~PostgresServer() {
    admin_.reset();
    if (owned_) Stop();
}

void PostgresServer::Stop() noexcept {
    try {
        Run({(kBinDir / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "immediate", "-w", "stop"},
            "/dev/null");
    } catch (...) {
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
}

std::string PostgresServer::Url(const std::string& database) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

void PostgresServer::Execute(const std::string& sql) {
    std::lock_guard lock(admin_mutex_);
    if (!admin_) {
        admin_ = std::make_unique<soci::session>(
            soci::postgresql, "host=127.0.0.1 port=" + std::to_string(port_) + " user=postgres dbname=postgres");
    }
    *admin_ << sql;
}

namespace {

std::mutex shared_mutex;
std::unique_ptr<PostgresServer> shared_server;

// Stops a server this process started once its tests are done.
class StopSharedServer final : public ::testing::Environment {
public:
    void TearDown() override {
        std::lock_guard lock(shared_mutex);
        shared_server.reset();
    }
};

[[maybe_unused]] ::testing::Environment* const kStopSharedServer =
    ::testing::AddGlobalTestEnvironment(new StopSharedServer);

// The database every throwaway one is dropped from when its factory goes.
class ThrowawayDatabase final : public UnitOfWorkFactory {
public:
    ThrowawayDatabase(PostgresServer& server, std::string name, int pool_size)
        : server_(server), name_(std::move(name)) {
        server_.Execute("CREATE DATABASE " + name_ + " TEMPLATE " + PostgresServer::kTemplate);
        try {
            PostgresOptions options = OptionsFor(server_.Url(name_));
            options.pool_size = pool_size;
            database_ = OpenPostgresDatabase(options);
        } catch (...) {
            Drop();
            throw;
        }
    }
    ~ThrowawayDatabase() override {
        database_.reset();
        Drop();
    }

    std::unique_ptr<UnitOfWork> Begin(TransactionMode mode) override { return database_->Begin(mode); }
    bool Ping() override { return database_->Ping(); }

private:
    void Drop() noexcept {
        try {
            server_.Execute("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
        } catch (...) {
        }
    }

    PostgresServer& server_;
    std::string name_;
    std::unique_ptr<UnitOfWorkFactory> database_;
};

}  // namespace

PostgresServer& SharedPostgresServer() {
    static std::string failure;  // a server that would not start is not tried again by every test
    std::lock_guard lock(shared_mutex);
    if (!failure.empty()) throw std::runtime_error(failure);
    if (!shared_server) {
        const char* state = std::getenv(kStateVariable);
        try {
            shared_server =
                state != nullptr && fs::exists(state) ? PostgresServer::Attach(state) : PostgresServer::Start();
        } catch (const std::exception& error) {
            failure = std::string("the PostgreSQL test server did not start: ") + error.what();
            throw;
        }
    }
    return *shared_server;
}

std::unique_ptr<UnitOfWorkFactory> OpenThrowawayPostgresDatabase(int pool_size) {
    static std::atomic<int> sequence{0};
    PostgresServer& server = SharedPostgresServer();
    const std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++sequence);
    return std::make_unique<ThrowawayDatabase>(server, name, pool_size);
}

}  // namespace shiftsync::contract
