#pragma once
// One database connection as the repositories use it: the SOCI session and the statements
// already prepared on it. Preparing a statement costs SQLite more than running the small
// queries Shift-Sync makes (it was half of a schedule read), so each statement is prepared
// once per connection and then only re-bound and re-run. Belongs to one pooled session and
// is used by one thread at a time, like the session.
#include <memory>
#include <string>
#include <unordered_map>

namespace soci {
class session;
}  // namespace soci

namespace shiftsync::db {

class StatementCache {
public:
    struct Entry {
        virtual ~Entry() = default;
    };
    Entry* Find(const std::string& key) {
        auto it = entries_.find(key);
        return it == entries_.end() ? nullptr : it->second.get();
    }
    Entry& Insert(const std::string& key, std::unique_ptr<Entry> entry) { return *(entries_[key] = std::move(entry)); }
    // After a driver error the statement's state is unknown: the next use prepares it afresh.
    void Erase(const std::string& key) { entries_.erase(key); }
    // Before the session reconnects: its statements belong to the connection that is going.
    void Clear() { entries_.clear(); }

private:
    std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

struct Connection {
    soci::session& sql;
    StatementCache& statements;
};

// Runs a statement without parameters or results (BEGIN, COMMIT, ROLLBACK) through the
// cache. Throws like the repositories do.
void RunStatement(Connection& connection, const std::string& query);
// Runs a query whose result is one integer (SELECT COUNT(*) ...) through the cache and
// returns it, having read the result to its end.
long long RunCountQuery(Connection& connection, const std::string& query);

}  // namespace shiftsync::db
