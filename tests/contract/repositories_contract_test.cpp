// The repository and unit-of-work contract, written once and run against every
// implementation: what services may rely on whichever database is behind the ports.
// The RepositoryContract suite is spread over this file (the schedule revision, revoked tokens,
// transactions, and the one INSTANTIATE that runs every file's tests against every backend),
// organization_user_contract_test.cpp, invitation_contract_test.cpp and
// shift_pattern_contract_test.cpp; its fixture is in repository_fixture.hpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

using namespace contract;  // RepositoryContract, Backend, kInMemory, kSqlite, kPostgres, the Make* rows, At, Unix,
                           // kHour

// ---- Schedule revision

// Every port method marked "RAISES: schedule revision" in app/ports/repositories.hpp, in the
// order the test below calls them. A method that changes what a schedule shows is marked there
// and listed here; MarkersAndListAgree fails when the two part.
const std::vector<std::string> kRevisionRaisingMethods = {
    "UserRepository::Create",
    "UserRepository::Update",
    "PatternRepository::Create",
    "PatternRepository::Update",
    "ShiftRepository::Create",
    "ShiftRepository::Update",
    "ShiftRepository::ReleaseUserShiftsFrom",
    "ShiftRepository::DeletePatternShiftsFrom",
    "ShiftRepository::DetachPattern",
    "ShiftRepository::Delete",
    "PatternRepository::Delete",
    "OrganizationRepository::Update",
};

// Every write to what a schedule shows raises its organisation's revision (and only its
// own), so a schedule built at one revision can be reused while it is unchanged.
TEST_P(RepositoryContract, EveryMethodMarkedRaisesTheRevision) {
    const Id org = AddOrganization("Mine");
    const Id other = AddOrganization("Theirs");
    auto revision = [&](Id id) {
        return Read([&](UnitOfWork& uow) { return uow.organizations().FindById(id)->schedule_revision; });
    };
    const std::int64_t theirs = revision(other);
    std::int64_t last = revision(org);
    std::vector<std::string> called;
    auto expect_raised = [&](const char* method) {
        const std::int64_t now = revision(org);
        EXPECT_GT(now, last) << method;
        last = now;
        called.push_back(method);
    };
    const Id user = AddUser(org, "Ada", "ada@example.com");
    expect_raised("UserRepository::Create");
    Write([&](UnitOfWork& uow) {
        User row = *uow.users().FindById(org, user);
        row.name = "Ada L.";
        EXPECT_TRUE(uow.users().Update(row).ok());
    });
    expect_raised("UserRepository::Update");
    const Id pattern = AddPattern(
        MakePattern(org, user, Date{std::chrono::year{2027} / 1 / 4}, Date{std::chrono::year{2027} / 1 / 10}));
    expect_raised("PatternRepository::Create");
    Write([&](UnitOfWork& uow) { uow.patterns().Update(*uow.patterns().FindById(org, pattern)); });
    expect_raised("PatternRepository::Update");
    Shift shift = MakeShift(org, user, At(0), At(kHour));
    shift.id = AddShift(shift);
    expect_raised("ShiftRepository::Create");
    shift.note = "changed";
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.shifts().Update(shift).ok()); });
    expect_raised("ShiftRepository::Update");
    Write([&](UnitOfWork& uow) { uow.shifts().ReleaseUserShiftsFrom(org, user, At(0)); });
    expect_raised("ShiftRepository::ReleaseUserShiftsFrom");
    Write([&](UnitOfWork& uow) { uow.shifts().DeletePatternShiftsFrom(org, pattern, At(0)); });
    expect_raised("ShiftRepository::DeletePatternShiftsFrom");
    Write([&](UnitOfWork& uow) { uow.shifts().DetachPattern(org, pattern); });
    expect_raised("ShiftRepository::DetachPattern");
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.shifts().Delete(org, shift.id)); });
    expect_raised("ShiftRepository::Delete");
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.patterns().Delete(org, pattern)); });
    expect_raised("PatternRepository::Delete");
    Write([&](UnitOfWork& uow) { uow.organizations().Update(*uow.organizations().FindById(org)); });
    expect_raised("OrganizationRepository::Update");
    EXPECT_EQ(revision(other), theirs);
    EXPECT_EQ(called, kRevisionRaisingMethods) << "each listed method is called above, in the list's order";
}

// The methods marked in the ports header, as "Class::Method": a marker line, then (after any
// other comment lines) the method's declaration.
std::vector<std::string> MarkedMethods(const std::string& header_path) {
    std::ifstream header(header_path);
    EXPECT_TRUE(header) << "cannot read " << header_path;
    const std::regex class_line(R"(^class (\w+) \{)");
    const std::regex method_line(R"(virtual .*?(\w+)\()");
    const std::regex comment_line(R"(^\s*//)");
    std::vector<std::string> marked;
    std::string line, current_class;
    bool pending = false;
    while (std::getline(header, line)) {
        std::smatch match;
        if (std::regex_search(line, match, class_line)) current_class = match[1];
        if (line.find("// RAISES: schedule revision") != std::string::npos) {
            pending = true;
        } else if (pending && !std::regex_search(line, comment_line)) {
            EXPECT_TRUE(std::regex_search(line, match, method_line))
                << "a marker is not followed by a method: " << line;
            if (!match.empty()) marked.push_back(current_class + "::" + match[1].str());
            pending = false;
        }
    }
    return marked;
}

TEST(ScheduleRevisionContract, MarkersAndListAgree) {
    std::vector<std::string> marked = MarkedMethods(SHIFTSYNC_REPOSITORY_PORTS_HEADER);
    std::vector<std::string> listed = kRevisionRaisingMethods;
    std::sort(marked.begin(), marked.end());
    std::sort(listed.begin(), listed.end());
    EXPECT_EQ(marked, listed) << "a method marked \"RAISES: schedule revision\" in app/ports/repositories.hpp "
                                 "must be called in EveryMethodMarkedRaisesTheRevision and listed in "
                                 "kRevisionRaisingMethods, and only those";
    EXPECT_GE(marked.size(), 12u);
}

// A write that is rolled back leaves the revision as it was.
TEST_P(RepositoryContract, RolledBackWriteKeepsTheRevision) {
    const Id org = AddOrganization("Mine");
    const std::int64_t before =
        Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org)->schedule_revision; });
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        EXPECT_TRUE(uow->shifts().Create(MakeShift(org, std::nullopt, At(0), At(kHour))).ok());
    }
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org)->schedule_revision; }), before);
}

// ---- Revoked tokens

TEST_P(RepositoryContract, RevokedTokens) {
    Write([&](UnitOfWork& uow) {
        uow.revoked_tokens().Revoke("jti-1", At(100));
        uow.revoked_tokens().Revoke("jti-1", At(100));  // idempotent
        uow.revoked_tokens().Revoke("jti-2", At(200));
    });
    Read([&](UnitOfWork& uow) {
        EXPECT_TRUE(uow.revoked_tokens().IsRevoked("jti-1"));
        EXPECT_TRUE(uow.revoked_tokens().IsRevoked("jti-2"));
        EXPECT_FALSE(uow.revoked_tokens().IsRevoked("jti-3"));
        EXPECT_FALSE(uow.revoked_tokens().IsRevoked("JTI-1"));
    });
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.revoked_tokens().PurgeExpired(At(99)); }), 0);
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.revoked_tokens().PurgeExpired(At(100)); }), 1);
    Read([&](UnitOfWork& uow) {
        EXPECT_FALSE(uow.revoked_tokens().IsRevoked("jti-1"));
        EXPECT_TRUE(uow.revoked_tokens().IsRevoked("jti-2"));
    });
}

// ---- Transactions

TEST_P(RepositoryContract, DestroyingWithoutCommitKeepsNothing) {
    const Id kept_org = AddOrganization("Kept");
    Id org = 0;
    Id user = 0;
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        org = uow->organizations().Create(MakeOrganization("Gone"));
        user = *uow->users().Create(MakeUser(org, "Ada", "ada@example.com"));
        EXPECT_TRUE(uow->shifts().Create(MakeShift(org, user, At(0), At(kHour))).ok());
        Organization renamed = *uow->organizations().FindById(kept_org);
        renamed.name = "Renamed";
        uow->organizations().Update(renamed);
        EXPECT_TRUE(uow->users().FindById(org, user));  // visible inside its own transaction
    }
    Read([&](UnitOfWork& uow) {
        EXPECT_FALSE(uow.organizations().FindById(org));
        EXPECT_FALSE(uow.users().FindByEmail("ada@example.com"));
        EXPECT_TRUE(uow.shifts().List(ShiftQuery{org, At(-kHour), At(2 * kHour), {}}).empty());
        EXPECT_EQ(uow.organizations().FindById(kept_org)->name, "Kept");
    });
    // The email is free again.
    EXPECT_GT(AddUser(kept_org, "Ada", "ada@example.com"), 0);
}

TEST_P(RepositoryContract, ReadSeesOneStateFromItsFirstQuery) {
    const Id first = AddOrganization("First");
    auto reader = db_->Begin(TransactionMode::kRead);
    EXPECT_TRUE(reader->organizations().FindById(first));  // the snapshot is taken here
    const Id later = AddOrganization("Later");
    Write([&](UnitOfWork& uow) {
        auto org = uow.organizations().FindById(first);
        org->name = "Renamed";
        uow.organizations().Update(*org);
        return 0;
    });
    EXPECT_FALSE(reader->organizations().FindById(later));
    EXPECT_EQ(reader->organizations().FindById(first)->name, "First");
    reader.reset();
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.organizations().FindById(later); }));
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.organizations().FindById(first)->name; }), "Renamed");
}

// A lone statement holds nothing between statements: a writer commits while it is open, and its
// statement sees what was committed before it ran.
TEST_P(RepositoryContract, ASingleStatementSeesWhatWasCommittedBeforeItAndHoldsNothing) {
    const Id org = AddOrganization("Before");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    auto lone = db_->Begin(TransactionMode::kSingleStatement);
    Write([&](UnitOfWork& uow) {
        auto found = uow.organizations().FindById(org);
        found->name = "After";
        uow.organizations().Update(*found);
        return 0;
    });
    auto holder = lone->users().FindSessionHolder(ada, "jti");
    ASSERT_TRUE(holder);
    EXPECT_EQ(holder->organization.name, "After");
    lone->Commit();
    lone.reset();
    EXPECT_GT(AddUser(org, "Bob", "bob@example.com"), 0);  // and nothing was left open
}

TEST_P(RepositoryContract, AwkwardStringsAreStoredExactly) {
    const std::vector<std::string> samples = {
        "Robert'); DROP TABLE users;--",
        "Zoë 日本 🙂",
        "quote \" and backslash \\ and percent % and _",
        "",
        "  padded  ",
        "semi;colon :name ?",
    };
    const Id org = AddOrganization(samples[0]);
    int n = 0;
    for (const std::string& text : samples) {
        ++n;
        User user = MakeUser(org, text, "o'brien+" + std::to_string(n) + "@example.com");
        user.position = text;
        user.password_hash = text;
        user.picture_id = text;
        user.id = Write([&](UnitOfWork& uow) { return *uow.users().Create(user); });
        ExpectSameUser(user, *Read([&](UnitOfWork& uow) { return uow.users().FindById(org, user.id); }));
        EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.users().FindByEmail(user.email); }));

        Shift shift = MakeShift(org, std::nullopt, At(n * kHour), At(n * kHour + 60));
        shift.position = text;
        shift.note = text;
        shift.id = AddShift(shift);
        ExpectSameShift(shift, *Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));

        Write([&](UnitOfWork& uow) { uow.revoked_tokens().Revoke(text, At(1000)); });
        EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.revoked_tokens().IsRevoked(text); }));
    }
    auto organization = Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org); });
    EXPECT_EQ(organization->name, samples[0]);
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.users().List(org, true).size(); }), samples.size());
}

// The use case "create a shift unless it overlaps" from many threads at once: kWrite must
// serialise the check and the insert, and waiting writers must queue rather than fail.
TEST_P(RepositoryContract, ConcurrentOverlapCheckedInsertsKeepOneShift) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    constexpr int kThreads = 8;
    std::atomic<int> created{0};
    std::atomic<int> refused{0};
    std::atomic<int> failed{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            while (!go.load()) std::this_thread::yield();
            try {
                auto uow = db_->Begin(TransactionMode::kWrite);
                uow->LockUserSchedule(org, ada);
                const Instant start = At(i * 60);  // every range overlaps every other
                const Instant end = At(8 * kHour + i * 60);
                if (uow->shifts().FindOverlapping(org, ada, start, end, std::nullopt)) {
                    ++refused;
                    return;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(5));  // widen the race window
                EXPECT_TRUE(uow->shifts().Create(MakeShift(org, ada, start, end)).ok());
                uow->Commit();
                ++created;
            } catch (const std::exception& error) {
                ADD_FAILURE() << "thread " << i << ": " << error.what();
                ++failed;
            }
        });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(created.load(), 1);
    EXPECT_EQ(refused.load(), kThreads - 1);
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(Read([&](UnitOfWork& uow) {
                  return uow.shifts().List(ShiftQuery{org, At(-kHour), At(24 * kHour), ada}).size();
              }),
              1u);
}

TEST_P(RepositoryContract, Ping) { EXPECT_TRUE(db_->Ping()); }

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryContract, ::testing::Values(kInMemory, kSqlite, kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace shiftsync
