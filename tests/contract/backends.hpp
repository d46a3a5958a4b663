#pragma once
// The implementations every contract suite runs against, in one place: adding a backend
// here adds it to every suite.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <type_traits>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "infra/db/sqlite_database.hpp"
#include "postgres_server.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync::contract {

struct Backend {
    std::string name;
    // Opens an empty database that may keep files under `dir`.
    std::function<std::unique_ptr<UnitOfWorkFactory>(const std::filesystem::path& dir)> open;
};

inline std::ostream& operator<<(std::ostream& out, const Backend& backend) { return out << backend.name; }

inline const Backend kInMemory{"InMemory", [](const std::filesystem::path&) { return MakeInMemoryDatabase(); }};
inline const Backend kSqlite{
    "Sqlite", [](const std::filesystem::path& dir) { return OpenSqliteDatabase(SqliteOptions{dir / "shiftsync.db"}); }};
// A database of its own on the test run's PostgreSQL 15 server (postgres_server.hpp).
inline const Backend kPostgres{"Postgres",
                               [](const std::filesystem::path&) { return OpenThrowawayPostgresDatabase(); }};

// Instants as offsets from a fixed base, so tests read as "At(3600)".
inline constexpr std::int64_t kBase = 1'700'000'000;  // 2023-11-14T22:13:20Z
inline Instant At(std::int64_t seconds_after_base) { return Instant{std::chrono::seconds{kBase + seconds_after_base}}; }
inline std::int64_t Unix(Instant instant) { return instant.time_since_epoch().count(); }
inline std::optional<std::int64_t> Unix(const std::optional<Instant>& instant) {
    if (!instant) return std::nullopt;
    return Unix(*instant);
}

// The ids of `rows`, in order: for comparing lists.
template <typename Rows>
std::vector<Id> IdsOf(const Rows& rows) {
    std::vector<Id> ids;
    for (const auto& row : rows) ids.push_back(row.id);
    return ids;
}

// Runs `work(uow)` in a kWrite unit of work and commits; returns what `work` returns.
template <typename Work>
auto InWrite(UnitOfWorkFactory& db, Work work) {
    auto uow = db.Begin(TransactionMode::kWrite);
    if constexpr (std::is_void_v<decltype(work(*uow))>) {
        work(*uow);
        uow->Commit();
    } else {
        auto result = work(*uow);
        uow->Commit();
        return result;
    }
}

// Runs `work(uow)` in a kRead unit of work.
template <typename Work>
auto InRead(UnitOfWorkFactory& db, Work work) {
    auto uow = db.Begin(TransactionMode::kRead);
    return work(*uow);
}

}  // namespace shiftsync::contract
