#pragma once
// Paged lists (docs/API.md, "Paged lists"): every list that can grow is read a page at a time in
// a stable order, each page continuing after the sort key of the previous page's last row (keyset
// pagination: rows added or removed between pages cause neither duplicates nor skips among the
// rest). The key travels to the client as an opaque cursor, base64url of "<id>:<sort key>".
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/result.hpp"
#include "domain/types.hpp"

namespace shiftsync {

inline constexpr int kDefaultPageLimit = 100;
inline constexpr int kMaxPageLimit = 500;

// Where a page continues: the sort key and id of the last row already seen. The sort key is the
// list's own (a start time, a name), as text; empty where the id alone orders the list.
struct PageKey {
    Id id = 0;
    std::string sort_key;
    bool operator==(const PageKey&) const = default;
};

struct PageRequest {
    int limit = kDefaultPageLimit;  // 1 to kMaxPageLimit
    std::optional<PageKey> after;   // nullopt: the first page
};

template <typename T>
struct Page {
    std::vector<T> items;
    std::optional<std::string> next_cursor;  // nullopt: this is the last page
};

// The page a client asked for, from the raw values of its `limit` and `cursor` parameters
// (nullopt: absent; limit then defaults to kDefaultPageLimit). kMalformed naming the field when
// limit is not a whole number from 1 to kMaxPageLimit, or the cursor is not one EncodeCursor made.
Result<PageRequest> ParsePageRequest(const std::optional<std::string>& limit, const std::optional<std::string>& cursor);

std::string EncodeCursor(const PageKey& key);

// The sort key of a cursor as a whole number (lists ordered by an instant, in Unix seconds):
// kMalformed naming "cursor" when it is not one (a cursor of another list).
Result<long long> NumericSortKey(const PageKey& key);

// One page out of `rows`, read with a limit of `limit + 1`: the first `limit` rows, and when there
// was one more, the cursor after the last of them (`key_of(row)` gives a row's PageKey).
// REQUIRES: limit >= 1
template <typename T, typename KeyOf>
Page<T> PageOf(std::vector<T> rows, int limit, KeyOf key_of) {
    Page<T> page;
    if (static_cast<int>(rows.size()) > limit) {
        rows.resize(static_cast<std::size_t>(limit));
        page.next_cursor = EncodeCursor(key_of(rows.back()));
    }
    page.items = std::move(rows);
    return page;
}

}  // namespace shiftsync
