// Paged lists (domain/page.hpp), on every backend: each page continues after the (key, id) of the
// previous page's last row, in the list's stable order, so walking the pages meets every row once,
// even when rows are added between pages, and never a row of another organisation.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // RepositoryContract, the Make* rows, At, kHour

// Walks every page of `read_page` (given the position after the last row seen), calling
// `between_pages` after each page but the last; returns the rows in the order met.
template <typename Row, typename Key, typename KeyOf>
std::vector<Row> WalkPages(
    std::function<std::vector<Row>(const std::optional<RowPosition<Key>>&)> read_page, int limit, KeyOf key_of,
    std::function<void()> between_pages = [] {}) {
    std::vector<Row> seen;
    std::optional<RowPosition<Key>> after;
    for (int pages = 0; pages < 100; ++pages) {
        std::vector<Row> page = read_page(after);
        EXPECT_LE(page.size(), static_cast<std::size_t>(limit));
        seen.insert(seen.end(), page.begin(), page.end());
        if (page.size() < static_cast<std::size_t>(limit)) return seen;
        after = RowPosition<Key>{key_of(page.back()), page.back().id};
        between_pages();
    }
    ADD_FAILURE() << "the pages never end";
    return seen;
}

template <typename Rows>
bool AllDistinct(const Rows& rows) {
    std::set<Id> ids;
    for (const auto& row : rows) ids.insert(row.id);
    return ids.size() == rows.size();
}

TEST_P(RepositoryContract, ShiftPagesFollowStartThenIdAcrossInsertsBetweenPages) {
    const Id org = AddOrganization("Mine");
    const Id other = AddOrganization("Theirs");
    for (int hour : {5, 1, 3, 3, 3, 2, 8})
        AddShift(MakeShift(org, std::nullopt, At(hour * kHour), At((hour + 1) * kHour)));
    AddShift(MakeShift(other, std::nullopt, At(2 * kHour), At(3 * kHour)));
    const ShiftQuery query{org, At(0), At(24 * kHour), std::nullopt};
    std::vector<Id> added_ahead;
    int inserted = 0;
    const std::vector<Shift> walked = WalkPages<Shift, Instant>(
        [&](const auto& after) {
            return Read([&](UnitOfWork& uow) { return uow.shifts().ListPage(query, after, 2); });
        },
        2, [](const Shift& shift) { return shift.start; },
        [&] {
            if (++inserted > 3) return;
            // One behind the walk (never met) and one ahead of it (met once).
            AddShift(MakeShift(org, std::nullopt, At(0), At(kHour / 2)));
            added_ahead.push_back(AddShift(MakeShift(org, std::nullopt, At(20 * kHour), At(21 * kHour))));
        });
    EXPECT_TRUE(AllDistinct(walked));
    const std::vector<Shift> all = Read([&](UnitOfWork& uow) { return uow.shifts().List(query); });
    std::vector<Id> expected;
    for (const Shift& shift : all) {
        if (shift.start != At(0)) expected.push_back(shift.id);  // those added behind the walk are not met
    }
    EXPECT_EQ(IdsOf(walked), expected) << "start, then id; every row once; the other organisation's never";
    EXPECT_GE(inserted, 3);
    for (Id id : added_ahead) EXPECT_NE(std::find(expected.begin(), expected.end(), id), expected.end());
}

TEST_P(RepositoryContract, ShiftPagesKeepTheQuerysUserAndLimit) {
    const Id org = AddOrganization("Mine");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    for (int day = 0; day < 5; ++day) {
        AddShift(MakeShift(org, ada, At(day * 24 * kHour), At(day * 24 * kHour + kHour)));
        AddShift(MakeShift(org, std::nullopt, At(day * 24 * kHour), At(day * 24 * kHour + kHour)));
    }
    Read([&](UnitOfWork& uow) {
        const ShiftQuery query{org, At(0), At(10 * 24 * kHour), ada};
        EXPECT_EQ(uow.shifts().ListPage(query, std::nullopt, 1).size(), 1u);
        EXPECT_EQ(uow.shifts().ListPage(query, std::nullopt, 500).size(), 5u);
        for (const Shift& shift : uow.shifts().ListPage(query, std::nullopt, 500)) EXPECT_EQ(shift.user_id, ada);
        const ShiftQuery everyone{org, At(0), At(10 * 24 * kHour), std::nullopt};
        EXPECT_EQ(IdsOf(uow.shifts().ListPage(everyone, std::nullopt, 500)), IdsOf(uow.shifts().List(everyone)));
    });
}

TEST_P(RepositoryContract, UserPagesFollowNameThenId) {
    const Id org = AddOrganization("Mine");
    const Id other = AddOrganization("Theirs");
    for (const char* name : {"Cleo", "Ada", "Bea", "Ada", "Dan", "Bea"}) {
        AddUser(org, name, std::string(name) + std::to_string(AddOrganization()) + "@example.com");
    }
    AddUser(other, "Abe", "abe@example.com");
    const Id gone = AddUser(org, "Aaron", "aaron@example.com");
    Write([&](UnitOfWork& uow) {
        User user = *uow.users().FindById(org, gone);
        user.active = false;
        EXPECT_TRUE(uow.users().Update(user).ok());
    });
    for (bool include_inactive : {false, true}) {
        std::vector<User> walked = WalkPages<User, std::string>(
            [&](const auto& after) {
                return Read([&](UnitOfWork& uow) { return uow.users().ListPage(org, include_inactive, after, 2); });
            },
            2, [](const User& user) { return user.name; },
            [&] { AddUser(org, "Zed", "zed" + std::to_string(AddOrganization()) + "@example.com"); });
        const std::vector<User> all = Read([&](UnitOfWork& uow) { return uow.users().List(org, include_inactive); });
        EXPECT_EQ(IdsOf(walked), IdsOf(all)) << include_inactive;
        EXPECT_TRUE(AllDistinct(walked));
        EXPECT_TRUE(std::is_sorted(walked.begin(), walked.end(), [](const User& a, const User& b) {
            return std::tie(a.name, a.id) < std::tie(b.name, b.id);
        }));
    }
}

TEST_P(RepositoryContract, InvitationPagesAreNewestFirstAndPendingOnly) {
    const Id org = AddOrganization("Mine");
    const Id other = AddOrganization("Theirs");
    const Id owner = AddUser(org, "Olga", "olga@example.com", Role::kOwner);
    const Id their_owner = AddUser(other, "Otto", "otto@example.com", Role::kOwner);
    int token = 0;
    auto invite = [&](Id organization, Id by, int created, int expires) {
        return Write([&](UnitOfWork& uow) {
            return uow.invitations().Create(
                MakeInvitation(organization, by, "hash-" + std::to_string(++token), At(created), At(expires)));
        });
    };
    for (int created : {10, 30, 20, 30, 40}) invite(org, owner, created, 1000);
    invite(org, owner, 50, 60);  // expired at 100
    invite(other, their_owner, 35, 1000);
    const std::vector<Invitation> walked = WalkPages<Invitation, Instant>(
        [&](const auto& before) {
            return Read([&](UnitOfWork& uow) { return uow.invitations().ListPendingPage(org, At(100), before, 2); });
        },
        2, [](const Invitation& invitation) { return invitation.created_at; },
        [&] { invite(org, owner, 10 - token, 1000); });  // older than every row so far: met at the end
    const std::vector<Invitation> all =
        Read([&](UnitOfWork& uow) { return uow.invitations().ListPending(org, At(100)); });
    EXPECT_EQ(IdsOf(walked), IdsOf(all));
    EXPECT_TRUE(AllDistinct(walked));
    EXPECT_GT(walked.size(), 5u) << "those added between pages were met";
}

}  // namespace
}  // namespace shiftsync
