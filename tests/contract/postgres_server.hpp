#pragma once
// A throwaway PostgreSQL 15 server for the contract tests (Debian's binaries in
// /usr/lib/postgresql/15/bin): initdb and pg_ctl in a temp dir, listening on a free loopback
// port, with fsync off. initdb and postgres refuse to run as root, so as root (CI) they run as
// the `postgres` system user that Debian's package creates (runuser), in a dir chowned to it.
//
// ctest runs every test in its own process, so one server per process would be initdb'd ~100
// times: tests/contract/CMakeLists.txt starts one server for the whole ctest run (a fixture,
// postgres_test_server start/stop) and points the tests at it through
// $SHIFTSYNC_TEST_POSTGRES_STATE. A test binary run by hand starts its own on first use and
// stops it when its tests end.
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "app/ports/unit_of_work.hpp"
#include "infra/db/postgres_database.hpp"

namespace soci {
class session;
}  // namespace soci

namespace shiftsync::contract {

class PostgresServer {
public:
    // Starts a server and prepares the template database every test database is copied from
    // (migrated, with an ICU en-US collation so that sorting which relies on the schema's
    // COLLATE "C" would show). Blocks for a few seconds. Throws std::runtime_error with the
    // server's log on failure.
    static std::unique_ptr<PostgresServer> Start();
    // The server another process started and described in `state_file` (WriteState); not
    // stopped by this object. Throws std::runtime_error if the file is unreadable.
    static std::unique_ptr<PostgresServer> Attach(const std::filesystem::path& state_file);

    // Stops the server (and removes its directory) if this object started it.
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // Records the port and directory for Attach, and leaves the server running past this
    // object (the fixture's cleanup stops it with StopFromState).
    void WriteState(const std::filesystem::path& state_file);
    // Stops the server `state_file` describes and removes its directory and the file.
    static void StopFromState(const std::filesystem::path& state_file);

    int port() const { return port_; }
    // postgresql://postgres@127.0.0.1:<port>/<database>
    std::string Url(const std::string& database) const;
    // Runs `sql` as the superuser on the `postgres` database (CREATE/DROP DATABASE: outside a
    // transaction). Thread-safe. Throws on failure.
    void Execute(const std::string& sql);

    static constexpr const char* kTemplate = "shiftsync_template";

private:
    PostgresServer(std::filesystem::path dir, int port, bool owned);
    void Stop() noexcept;

    std::filesystem::path dir_;  // holds data/, the log and the socket
    int port_;
    bool owned_;
    std::mutex admin_mutex_;
    std::unique_ptr<soci::session> admin_;  // to `postgres`, opened on first Execute
};

// Options for `url` with no password and the default pool.
inline PostgresOptions OptionsFor(std::string url) {
    PostgresOptions options;
    options.url = std::move(url);
    return options;
}

// The server this process's tests share: the one $SHIFTSYNC_TEST_POSTGRES_STATE names if set,
// else one started now and stopped when the tests end (a gtest Environment). Thread-safe.
PostgresServer& SharedPostgresServer();

// A fresh database on the shared server, copied from the migrated template and opened with
// OpenPostgresDatabase; dropped when the returned factory is destroyed.
std::unique_ptr<UnitOfWorkFactory> OpenThrowawayPostgresDatabase(int pool_size = 4);

}  // namespace shiftsync::contract
