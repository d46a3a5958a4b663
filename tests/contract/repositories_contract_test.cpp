// The repository and unit-of-work contract, written once and run against every
// implementation: what services may rely on whichever database is behind the ports.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "infra/db/sqlite_database.hpp"
#include "backends.hpp"
#include "temp_dir.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

using namespace contract;  // Backend, kInMemory, kSqlite, At, Unix

constexpr std::int64_t kHour = 3600;

Date Day(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

Organization MakeOrganization(std::string name) {
    Organization org;
    org.name = std::move(name);
    org.time_zone = "Europe/Berlin";
    org.week_start = std::chrono::Monday;
    org.created_at = At(0);
    return org;
}

User MakeUser(Id organization_id, std::string name, std::string email, Role role = Role::kEmployee) {
    User user;
    user.organization_id = organization_id;
    user.name = std::move(name);
    user.email = std::move(email);
    user.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdA$aGFzaA";
    user.position = "Barista";
    user.role = role;
    user.created_at = At(10);
    return user;
}

Shift MakeShift(Id organization_id, std::optional<Id> user_id, Instant start, Instant end) {
    Shift shift;
    shift.organization_id = organization_id;
    shift.user_id = user_id;
    shift.start = start;
    shift.end = end;
    shift.position = "Barista";
    shift.note = "";
    return shift;
}

WeeklyPattern MakePattern(Id organization_id, Id user_id, Date start, Date end) {
    WeeklyPattern pattern;
    pattern.organization_id = organization_id;
    pattern.user_id = user_id;
    pattern.start_date = start;
    pattern.end_date = end;
    pattern.days[0] = DayTimes{LocalTime{8 * 60}, LocalTime{16 * 60}};
    pattern.position = "Barista";
    pattern.created_at = At(20);
    return pattern;
}

Invitation MakeInvitation(Id organization_id, Id invited_by, std::string token_hash, Instant created, Instant expires) {
    Invitation invitation;
    invitation.organization_id = organization_id;
    invitation.email = "new@example.com";
    invitation.role = Role::kManager;
    invitation.position = "Cook";
    invitation.token_hash = std::move(token_hash);
    invitation.invited_by = invited_by;
    invitation.created_at = created;
    invitation.expires_at = expires;
    return invitation;
}

void ExpectSameUser(const User& expected, const User& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.name, actual.name);
    EXPECT_EQ(expected.email, actual.email);
    EXPECT_EQ(expected.password_hash, actual.password_hash);
    EXPECT_EQ(expected.position, actual.position);
    EXPECT_EQ(expected.role, actual.role);
    EXPECT_EQ(expected.active, actual.active);
    EXPECT_EQ(expected.token_version, actual.token_version);
    EXPECT_EQ(expected.picture_id, actual.picture_id);
    EXPECT_EQ(expected.email_notifications, actual.email_notifications);
    EXPECT_EQ(Unix(expected.created_at), Unix(actual.created_at));
}

void ExpectSameShift(const Shift& expected, const Shift& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.user_id, actual.user_id);
    EXPECT_EQ(Unix(expected.start), Unix(actual.start));
    EXPECT_EQ(Unix(expected.end), Unix(actual.end));
    EXPECT_EQ(expected.position, actual.position);
    EXPECT_EQ(expected.note, actual.note);
    EXPECT_EQ(expected.pattern_id, actual.pattern_id);
}

void ExpectSamePattern(const WeeklyPattern& expected, const WeeklyPattern& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.user_id, actual.user_id);
    EXPECT_EQ(expected.start_date, actual.start_date);
    EXPECT_EQ(expected.end_date, actual.end_date);
    for (std::size_t i = 0; i < expected.days.size(); ++i) EXPECT_EQ(expected.days[i], actual.days[i]) << "day " << i;
    EXPECT_EQ(expected.position, actual.position);
    EXPECT_EQ(Unix(expected.created_at), Unix(actual.created_at));
}

void ExpectSameInvitation(const Invitation& expected, const Invitation& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.email, actual.email);
    EXPECT_EQ(expected.role, actual.role);
    EXPECT_EQ(expected.position, actual.position);
    EXPECT_EQ(expected.token_hash, actual.token_hash);
    EXPECT_EQ(expected.invited_by, actual.invited_by);
    EXPECT_EQ(Unix(expected.created_at), Unix(actual.created_at));
    EXPECT_EQ(Unix(expected.expires_at), Unix(actual.expires_at));
    EXPECT_EQ(expected.accepted_at.has_value(), actual.accepted_at.has_value());
    if (expected.accepted_at && actual.accepted_at) {
        EXPECT_EQ(Unix(*expected.accepted_at), Unix(*actual.accepted_at));
    }
}

class RepositoryContract : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override { db_ = GetParam().open(dir_.path()); }

    template <typename Work>
    auto Write(Work work) {
        return InWrite(*db_, work);
    }

    template <typename Work>
    auto Read(Work work) {
        return InRead(*db_, work);
    }

    Id AddOrganization(const std::string& name = "Café Central") {
        return Write([&](UnitOfWork& uow) { return uow.organizations().Create(MakeOrganization(name)); });
    }

    Id AddUser(Id organization_id, const std::string& name, const std::string& email, Role role = Role::kEmployee) {
        return Write([&](UnitOfWork& uow) {
            auto id = uow.users().Create(MakeUser(organization_id, name, email, role));
            EXPECT_TRUE(id.ok()) << email;
            return id.ok() ? *id : Id{0};
        });
    }

    Id AddShift(const Shift& shift) {
        return Write([&](UnitOfWork& uow) { return uow.shifts().Create(shift); });
    }

    Id AddPattern(const WeeklyPattern& pattern) {
        return Write([&](UnitOfWork& uow) { return uow.patterns().Create(pattern); });
    }

    TempDir dir_;  // declared first: removed after the database is closed
    std::unique_ptr<UnitOfWorkFactory> db_;
};

// ---- Schedule revision

// Every write to what a schedule shows raises its organisation's revision (and only its
// own), so a schedule built at one revision can be reused while it is unchanged.
TEST_P(RepositoryContract, EveryScheduleWriteRaisesTheRevision) {
    const Id org = AddOrganization("Mine");
    const Id other = AddOrganization("Theirs");
    auto revision = [&](Id id) {
        return Read([&](UnitOfWork& uow) { return uow.organizations().FindById(id)->schedule_revision; });
    };
    const std::int64_t theirs = revision(other);
    std::int64_t last = revision(org);
    auto expect_raised = [&](const char* what) {
        const std::int64_t now = revision(org);
        EXPECT_GT(now, last) << what;
        last = now;
    };
    const Id user = AddUser(org, "Ada", "ada@example.com");
    expect_raised("users().Create");
    Write([&](UnitOfWork& uow) {
        User row = *uow.users().FindById(org, user);
        row.name = "Ada L.";
        EXPECT_TRUE(uow.users().Update(row).ok());
    });
    expect_raised("users().Update");
    const Id pattern = AddPattern(
        MakePattern(org, user, Date{std::chrono::year{2027} / 1 / 4}, Date{std::chrono::year{2027} / 1 / 10}));
    expect_raised("patterns().Create");
    Write([&](UnitOfWork& uow) { uow.patterns().Update(*uow.patterns().FindById(org, pattern)); });
    expect_raised("patterns().Update");
    Shift shift = MakeShift(org, user, At(0), At(kHour));
    shift.id = AddShift(shift);
    expect_raised("shifts().Create");
    shift.note = "changed";
    Write([&](UnitOfWork& uow) { uow.shifts().Update(shift); });
    expect_raised("shifts().Update");
    Write([&](UnitOfWork& uow) { uow.shifts().ReleaseUserShiftsFrom(org, user, At(0)); });
    expect_raised("shifts().ReleaseUserShiftsFrom");
    Write([&](UnitOfWork& uow) { uow.shifts().DeletePatternShiftsFrom(org, pattern, At(0)); });
    expect_raised("shifts().DeletePatternShiftsFrom");
    Write([&](UnitOfWork& uow) { uow.shifts().DetachPattern(org, pattern); });
    expect_raised("shifts().DetachPattern");
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.shifts().Delete(org, shift.id)); });
    expect_raised("shifts().Delete");
    Write([&](UnitOfWork& uow) { EXPECT_TRUE(uow.patterns().Delete(org, pattern)); });
    expect_raised("patterns().Delete");
    Write([&](UnitOfWork& uow) { uow.organizations().Update(*uow.organizations().FindById(org)); });
    expect_raised("organizations().Update");
    EXPECT_EQ(revision(other), theirs);
}

// A write that is rolled back leaves the revision as it was.
TEST_P(RepositoryContract, RolledBackWriteKeepsTheRevision) {
    const Id org = AddOrganization("Mine");
    const std::int64_t before =
        Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org)->schedule_revision; });
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        uow->shifts().Create(MakeShift(org, std::nullopt, At(0), At(kHour)));
    }
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org)->schedule_revision; }), before);
}

// ---- Organizations

TEST_P(RepositoryContract, OrganizationRoundTripAndUpdate) {
    Organization org = MakeOrganization("Bäckerei Müller");
    org.week_start = std::chrono::Sunday;
    org.created_at = At(42);
    const Id id = Write([&](UnitOfWork& uow) { return uow.organizations().Create(org); });
    EXPECT_GT(id, 0);

    auto found = Read([&](UnitOfWork& uow) { return uow.organizations().FindById(id); });
    ASSERT_TRUE(found);
    EXPECT_EQ(found->id, id);
    EXPECT_EQ(found->name, "Bäckerei Müller");
    EXPECT_EQ(found->time_zone, "Europe/Berlin");
    EXPECT_EQ(found->week_start, std::chrono::Sunday);
    EXPECT_EQ(Unix(found->created_at), Unix(At(42)));

    found->name = "Renamed";
    found->time_zone = "America/New_York";
    found->week_start = std::chrono::Saturday;
    Write([&](UnitOfWork& uow) { uow.organizations().Update(*found); });
    auto updated = Read([&](UnitOfWork& uow) { return uow.organizations().FindById(id); });
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->name, "Renamed");
    EXPECT_EQ(updated->time_zone, "America/New_York");
    EXPECT_EQ(updated->week_start, std::chrono::Saturday);
    EXPECT_EQ(Unix(updated->created_at), Unix(At(42)));
}

TEST_P(RepositoryContract, OrganizationMissingIsNotFound) {
    EXPECT_FALSE(Read([](UnitOfWork& uow) { return uow.organizations().FindById(12345); }));
}

// ---- Users

TEST_P(RepositoryContract, UserRoundTrip) {
    const Id org = AddOrganization();
    User user = MakeUser(org, "Ada", "Ada@Example.com", Role::kOwner);
    user.active = false;
    user.token_version = 9'000'000'000;  // beyond 32 bits
    user.picture_id = "k3Jq9xV0b1c2d3e4f5g6hQ";
    user.created_at = At(77);
    auto created = Write([&](UnitOfWork& uow) { return uow.users().Create(user); });
    ASSERT_TRUE(created.ok());
    user.id = *created;

    auto found = Read([&](UnitOfWork& uow) { return uow.users().FindById(org, user.id); });
    ASSERT_TRUE(found);
    ExpectSameUser(user, *found);

    User plain = MakeUser(org, "Bob", "bob@example.com");
    plain.id = AddUser(org, plain.name, plain.email);
    auto found_plain = Read([&](UnitOfWork& uow) { return uow.users().FindByIdAnyOrganization(plain.id); });
    ASSERT_TRUE(found_plain);
    ExpectSameUser(plain, *found_plain);
    EXPECT_FALSE(found_plain->picture_id);
}

TEST_P(RepositoryContract, UserOfAnotherOrganizationIsNotFound) {
    const Id org_a = AddOrganization("A");
    const Id org_b = AddOrganization("B");
    const Id ada = AddUser(org_a, "Ada", "ada@example.com");
    Read([&](UnitOfWork& uow) {
        EXPECT_FALSE(uow.users().FindById(org_b, ada));
        EXPECT_TRUE(uow.users().FindById(org_a, ada));
        auto any = uow.users().FindByIdAnyOrganization(ada);
        ASSERT_TRUE(any);
        EXPECT_EQ(any->organization_id, org_a);
        EXPECT_FALSE(uow.users().FindByIdAnyOrganization(ada + 1000));
    });
}

TEST_P(RepositoryContract, UserFindByEmailIgnoresCase) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "Ada.Lovelace@Example.COM");
    Read([&](UnitOfWork& uow) {
        auto found = uow.users().FindByEmail("ada.lovelace@example.com");
        ASSERT_TRUE(found);
        EXPECT_EQ(found->id, ada);
        EXPECT_EQ(found->email, "Ada.Lovelace@Example.COM");  // stored as typed
        EXPECT_TRUE(uow.users().FindByEmail("ADA.LOVELACE@EXAMPLE.COM"));
        EXPECT_FALSE(uow.users().FindByEmail("ada@example.com"));
    });
}

TEST_P(RepositoryContract, UserEmailIsUniqueIgnoringCaseAcrossOrganizations) {
    const Id org_a = AddOrganization("A");
    const Id org_b = AddOrganization("B");
    AddUser(org_a, "Ada", "ada@example.com");
    auto uow = db_->Begin(TransactionMode::kWrite);
    auto same_org = uow->users().Create(MakeUser(org_a, "Ada 2", "ADA@example.com"));
    ASSERT_FALSE(same_org.ok());
    EXPECT_EQ(same_org.error().code, ErrorCode::kConflict);
    EXPECT_EQ(same_org.error().detail, "email is already registered");
    auto other_org = uow->users().Create(MakeUser(org_b, "Ada 3", "Ada@Example.com"));
    ASSERT_FALSE(other_org.ok());
    EXPECT_EQ(other_org.error().code, ErrorCode::kConflict);
    // The transaction stays usable after a conflict.
    EXPECT_TRUE(uow->users().Create(MakeUser(org_b, "Bob", "bob@example.com")).ok());
    uow->Commit();
    EXPECT_EQ(Read([&](UnitOfWork& r) { return r.users().List(org_b, true).size(); }), 1u);
}

TEST_P(RepositoryContract, UserUpdateWritesEveryFieldAndDetectsConflicts) {
    const Id org_a = AddOrganization("A");
    const Id org_b = AddOrganization("B");
    const Id ada = AddUser(org_a, "Ada", "ada@example.com");
    AddUser(org_a, "Bob", "bob@example.com");

    User changed = *Read([&](UnitOfWork& uow) { return uow.users().FindById(org_a, ada); });
    changed.name = "Ada L.";
    changed.email = "ADA@example.com";  // a case change of one's own address is no conflict
    changed.password_hash = "new-hash";
    changed.position = "Manager";
    changed.role = Role::kManager;
    changed.active = false;
    changed.token_version = 3;
    changed.picture_id = "Zz9yX8wV7u6t5s4r3q2p1o";
    changed.email_notifications = false;
    Status status = Write([&](UnitOfWork& uow) { return uow.users().Update(changed); });
    ASSERT_TRUE(status.ok());
    ExpectSameUser(changed, *Read([&](UnitOfWork& uow) { return uow.users().FindById(org_a, ada); }));

    changed.picture_id.reset();
    ASSERT_TRUE(Write([&](UnitOfWork& uow) { return uow.users().Update(changed); }).ok());
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.users().FindById(org_a, ada); })->picture_id);

    User taken = changed;
    taken.email = "Bob@Example.com";
    taken.name = "Should not stick";
    auto conflict = Write([&](UnitOfWork& uow) { return uow.users().Update(taken); });
    ASSERT_FALSE(conflict.ok());
    EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
    auto after = Read([&](UnitOfWork& uow) { return uow.users().FindById(org_a, ada); });
    EXPECT_EQ(after->email, "ADA@example.com");
    EXPECT_EQ(after->name, "Ada L.");

    User elsewhere = changed;
    elsewhere.organization_id = org_b;  // not this organisation's user
    elsewhere.name = "Hijacked";
    auto missing = Write([&](UnitOfWork& uow) { return uow.users().Update(elsewhere); });
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.users().FindById(org_a, ada); })->name, "Ada L.");
}

// The preference defaults to wanting email, and both values survive Create and Update.
TEST_P(RepositoryContract, UserEmailNotificationsRoundTrip) {
    const Id org = AddOrganization();
    EXPECT_TRUE(MakeUser(org, "Ada", "ada@example.com").email_notifications);
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.users().FindById(org, ada)->email_notifications; }));

    User quiet = MakeUser(org, "Bob", "bob@example.com");
    quiet.email_notifications = false;
    quiet.id = Write([&](UnitOfWork& uow) { return *uow.users().Create(quiet); });
    ExpectSameUser(quiet, *Read([&](UnitOfWork& uow) { return uow.users().FindById(org, quiet.id); }));
    EXPECT_FALSE(
        Read([&](UnitOfWork& uow) { return uow.users().FindByEmail("bob@example.com")->email_notifications; }));

    quiet.email_notifications = true;
    ASSERT_TRUE(Write([&](UnitOfWork& uow) { return uow.users().Update(quiet); }).ok());
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.users().FindById(org, quiet.id)->email_notifications; }));
    quiet.email_notifications = false;
    ASSERT_TRUE(Write([&](UnitOfWork& uow) { return uow.users().Update(quiet); }).ok());
    auto listed = Read([&](UnitOfWork& uow) { return uow.users().List(org, true); });
    ASSERT_EQ(listed.size(), 2u);
    EXPECT_TRUE(listed[0].email_notifications);   // Ada
    EXPECT_FALSE(listed[1].email_notifications);  // Bob
}

TEST_P(RepositoryContract, UserListIsOrderedByNameThenIdAndFiltersInactive) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id zoe = AddUser(org, "Zoe", "zoe@example.com");
    const Id ann_1 = AddUser(org, "Ann", "ann1@example.com");
    const Id ann_2 = AddUser(org, "Ann", "ann2@example.com");
    const Id max = AddUser(org, "Max", "max@example.com");
    AddUser(other, "Abe", "abe@example.com");
    Write([&](UnitOfWork& uow) {
        User user = *uow.users().FindById(org, max);
        user.active = false;
        ASSERT_TRUE(uow.users().Update(user).ok());
    });
    Read([&](UnitOfWork& uow) {
        EXPECT_EQ(IdsOf(uow.users().List(org, true)), (std::vector<Id>{ann_1, ann_2, max, zoe}));
        EXPECT_EQ(IdsOf(uow.users().List(org, false)), (std::vector<Id>{ann_1, ann_2, zoe}));
        EXPECT_TRUE(uow.users().List(12345, true).empty());
    });
}

TEST_P(RepositoryContract, CountActiveOwners) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    AddUser(org, "Owner 1", "o1@example.com", Role::kOwner);
    const Id owner_2 = AddUser(org, "Owner 2", "o2@example.com", Role::kOwner);
    AddUser(org, "Manager", "m@example.com", Role::kManager);
    AddUser(other, "Owner 3", "o3@example.com", Role::kOwner);
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.users().CountActiveOwners(org); }), 2);
    Write([&](UnitOfWork& uow) {
        User user = *uow.users().FindById(org, owner_2);
        user.active = false;
        ASSERT_TRUE(uow.users().Update(user).ok());
    });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.users().CountActiveOwners(org); }), 1);
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.users().CountActiveOwners(other); }), 1);
}

// ---- Invitations

TEST_P(RepositoryContract, InvitationRoundTripAndLookups) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id owner = AddUser(org, "Owner", "owner@example.com", Role::kOwner);
    Invitation invitation = MakeInvitation(org, owner, "ab12", At(0), At(7 * 24 * kHour));
    invitation.id = Write([&](UnitOfWork& uow) { return uow.invitations().Create(invitation); });
    Read([&](UnitOfWork& uow) {
        auto by_hash = uow.invitations().FindByTokenHash("ab12");
        ASSERT_TRUE(by_hash);
        ExpectSameInvitation(invitation, *by_hash);
        auto by_id = uow.invitations().FindById(org, invitation.id);
        ASSERT_TRUE(by_id);
        ExpectSameInvitation(invitation, *by_id);
        EXPECT_FALSE(uow.invitations().FindById(other, invitation.id));
        EXPECT_FALSE(uow.invitations().FindByTokenHash("AB12"));  // hashes match exactly
    });
}

TEST_P(RepositoryContract, InvitationTokenHashIsUnique) {
    const Id org = AddOrganization();
    const Id owner = AddUser(org, "Owner", "owner@example.com", Role::kOwner);
    const std::string hash = "9f86d081884c7d659a2feaa0c55ad015";
    Write([&](UnitOfWork& uow) { uow.invitations().Create(MakeInvitation(org, owner, hash, At(0), At(100))); });
    auto uow = db_->Begin(TransactionMode::kWrite);
    try {
        uow->invitations().Create(MakeInvitation(org, owner, hash, At(1), At(100)));
        ADD_FAILURE() << "a second invitation with the same token hash was stored";
    } catch (const std::exception& error) {
        // Infrastructure errors are logged: they must not quote the values (secrets, emails).
        EXPECT_EQ(std::string(error.what()).find(hash), std::string::npos) << error.what();
    }
}

TEST_P(RepositoryContract, ListPendingExcludesExpiredAndAcceptedNewestFirst) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id owner = AddUser(org, "Owner", "owner@example.com", Role::kOwner);
    const Id other_owner = AddUser(other, "Owner B", "ownerb@example.com", Role::kOwner);
    const Instant now = At(1000);
    auto add = [&](const std::string& hash, Instant created, Instant expires, Id organization, Id by) {
        return Write([&](UnitOfWork& uow) {
            return uow.invitations().Create(MakeInvitation(organization, by, hash, created, expires));
        });
    };
    const Id older = add("older", At(10), At(5000), org, owner);
    const Id newer = add("newer", At(20), At(5000), org, owner);
    const Id same_time = add("same-time", At(20), At(5000), org, owner);
    add("expires-now", At(30), now, org, owner);  // expired at `now` exactly
    add("expired", At(5), At(999), org, owner);
    const Id accepted = add("accepted", At(40), At(5000), org, owner);
    add("other-org", At(50), At(5000), other, other_owner);
    ASSERT_TRUE(Write([&](UnitOfWork& uow) { return uow.invitations().MarkAccepted(accepted, At(500)); }));

    auto pending = Read([&](UnitOfWork& uow) { return uow.invitations().ListPending(org, now); });
    EXPECT_EQ(IdsOf(pending), (std::vector<Id>{same_time, newer, older}));
    auto accepted_row = Read([&](UnitOfWork& uow) { return uow.invitations().FindById(org, accepted); });
    ASSERT_TRUE(accepted_row && accepted_row->accepted_at);
    EXPECT_EQ(Unix(*accepted_row->accepted_at), Unix(At(500)));
}

TEST_P(RepositoryContract, MarkAcceptedSucceedsOnlyOnce) {
    const Id org = AddOrganization();
    const Id owner = AddUser(org, "Owner", "owner@example.com", Role::kOwner);
    const Id id = Write(
        [&](UnitOfWork& uow) { return uow.invitations().Create(MakeInvitation(org, owner, "once", At(0), At(100))); });
    EXPECT_TRUE(Write([&](UnitOfWork& uow) { return uow.invitations().MarkAccepted(id, At(5)); }));
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.invitations().MarkAccepted(id, At(6)); }));
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.invitations().MarkAccepted(id + 1000, At(6)); }));
    auto row = Read([&](UnitOfWork& uow) { return uow.invitations().FindById(org, id); });
    EXPECT_EQ(Unix(*row->accepted_at), Unix(At(5)));  // the first acceptance stands
}

TEST_P(RepositoryContract, InvitationDeleteIsScopedToOrganization) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id owner = AddUser(org, "Owner", "owner@example.com", Role::kOwner);
    const Id id = Write(
        [&](UnitOfWork& uow) { return uow.invitations().Create(MakeInvitation(org, owner, "h", At(0), At(100))); });
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.invitations().Delete(other, id); }));
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.invitations().FindById(org, id); }));
    EXPECT_TRUE(Write([&](UnitOfWork& uow) { return uow.invitations().Delete(org, id); }));
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.invitations().FindById(org, id); }));
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.invitations().Delete(org, id); }));
}

// ---- Shifts

TEST_P(RepositoryContract, ShiftRoundTripOpenAndAssigned) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));

    Shift open = MakeShift(org, std::nullopt, At(0), At(8 * kHour));
    open.note = "Bring keys.\nLine two";
    open.id = AddShift(open);
    Shift assigned = MakeShift(org, ada, At(24 * kHour), At(32 * kHour));
    assigned.pattern_id = pattern;
    assigned.id = AddShift(assigned);
    Read([&](UnitOfWork& uow) {
        ExpectSameShift(open, *uow.shifts().FindById(org, open.id));
        ExpectSameShift(assigned, *uow.shifts().FindById(org, assigned.id));
    });
}

TEST_P(RepositoryContract, ShiftUpdateAndDeleteAreScopedToOrganization) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    Shift shift = MakeShift(org, std::nullopt, At(0), At(kHour));
    shift.id = AddShift(shift);

    shift.user_id = ada;
    shift.start = At(2 * kHour);
    shift.end = At(5 * kHour);
    shift.position = "Cook";
    shift.note = "changed";
    shift.pattern_id = pattern;
    Write([&](UnitOfWork& uow) { uow.shifts().Update(shift); });
    ExpectSameShift(shift, *Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));

    Shift foreign = shift;
    foreign.organization_id = other;
    foreign.note = "from another organisation";
    Write([&](UnitOfWork& uow) { uow.shifts().Update(foreign); });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); })->note, "changed");
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(other, shift.id); }));

    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.shifts().Delete(other, shift.id); }));
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));
    EXPECT_TRUE(Write([&](UnitOfWork& uow) { return uow.shifts().Delete(org, shift.id); }));
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); }));
}

TEST_P(RepositoryContract, ShiftListRangeIsEndAfterFromAndStartBeforeTo) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Instant from = At(100 * kHour);
    const Instant to = At(200 * kHour);
    AddShift(MakeShift(org, ada, At(90 * kHour), from));  // ends exactly at from: out
    const Id across_from = AddShift(MakeShift(org, ada, At(99 * kHour), At(101 * kHour)));
    const Id inside_b = AddShift(MakeShift(org, bob, At(150 * kHour), At(151 * kHour)));
    const Id inside_a = AddShift(MakeShift(org, ada, At(150 * kHour), At(152 * kHour)));  // same start: by id
    const Id open = AddShift(MakeShift(org, std::nullopt, At(120 * kHour), At(121 * kHour)));
    const Id across_to = AddShift(MakeShift(org, bob, At(199 * kHour), At(201 * kHour)));
    AddShift(MakeShift(org, ada, to, At(210 * kHour)));                          // starts exactly at to: out
    AddShift(MakeShift(other, std::nullopt, At(150 * kHour), At(151 * kHour)));  // other organisation

    Read([&](UnitOfWork& uow) {
        EXPECT_EQ(IdsOf(uow.shifts().List(ShiftQuery{org, from, to, std::nullopt})),
                  (std::vector<Id>{across_from, open, inside_b, inside_a, across_to}));
        EXPECT_EQ(IdsOf(uow.shifts().List(ShiftQuery{org, from, to, ada})), (std::vector<Id>{across_from, inside_a}));
        EXPECT_EQ(IdsOf(uow.shifts().List(ShiftQuery{org, from, to, bob})), (std::vector<Id>{inside_b, across_to}));
        EXPECT_TRUE(uow.shifts().List(ShiftQuery{org, At(300 * kHour), At(400 * kHour), std::nullopt}).empty());
    });
}

TEST_P(RepositoryContract, FindOverlappingEdgeCases) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id other_user = AddUser(other, "Cy", "cy@example.com");
    const Id morning = AddShift(MakeShift(org, ada, At(8 * kHour), At(12 * kHour)));
    const Id evening = AddShift(MakeShift(org, ada, At(18 * kHour), At(22 * kHour)));
    AddShift(MakeShift(org, bob, At(12 * kHour), At(18 * kHour)));
    AddShift(MakeShift(org, std::nullopt, At(12 * kHour), At(18 * kHour)));
    AddShift(MakeShift(other, other_user, At(12 * kHour), At(18 * kHour)));

    Read([&](UnitOfWork& uow) {
        ShiftRepository& shifts = uow.shifts();
        // Touching either neighbour is no overlap; other people's and open shifts do not count.
        EXPECT_FALSE(shifts.FindOverlapping(org, ada, At(12 * kHour), At(18 * kHour), std::nullopt));
        auto inside = shifts.FindOverlapping(org, ada, At(9 * kHour), At(10 * kHour), std::nullopt);
        ASSERT_TRUE(inside);
        EXPECT_EQ(inside->id, morning);
        auto covering = shifts.FindOverlapping(org, ada, At(0), At(24 * kHour), std::nullopt);
        ASSERT_TRUE(covering);
        EXPECT_EQ(covering->id, morning);  // the earliest
        auto late = shifts.FindOverlapping(org, ada, At(11 * kHour), At(19 * kHour), morning);
        ASSERT_TRUE(late);
        EXPECT_EQ(late->id, evening);  // except_id skipped
        EXPECT_FALSE(shifts.FindOverlapping(org, ada, At(9 * kHour), At(10 * kHour), morning));
        auto one_second = shifts.FindOverlapping(org, ada, At(12 * kHour - 1), At(12 * kHour), std::nullopt);
        ASSERT_TRUE(one_second);
        EXPECT_EQ(one_second->id, morning);
        EXPECT_FALSE(shifts.FindOverlapping(other, ada, At(9 * kHour), At(10 * kHour), std::nullopt));
    });
}

TEST_P(RepositoryContract, DeletePatternShiftsFromKeepsEarlierAndOtherShifts) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    const Id other_pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    auto pattern_shift = [&](Id pattern_id, std::int64_t start_hour) {
        Shift shift = MakeShift(org, ada, At(start_hour * kHour), At((start_hour + 4) * kHour));
        shift.pattern_id = pattern_id;
        return AddShift(shift);
    };
    const Id before = pattern_shift(pattern, 10);
    pattern_shift(pattern, 100);  // starts exactly at `from`: deleted
    pattern_shift(pattern, 200);
    const Id other_pattern_later = pattern_shift(other_pattern, 150);
    const Id manual_later = AddShift(MakeShift(org, ada, At(300 * kHour), At(301 * kHour)));

    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.shifts().DeletePatternShiftsFrom(other, pattern, At(0)); }), 0);
    EXPECT_EQ(
        Write([&](UnitOfWork& uow) { return uow.shifts().DeletePatternShiftsFrom(org, pattern, At(100 * kHour)); }), 2);
    auto left = Read([&](UnitOfWork& uow) { return uow.shifts().List(ShiftQuery{org, At(0), At(1000 * kHour), {}}); });
    EXPECT_EQ(IdsOf(left), (std::vector<Id>{before, other_pattern_later, manual_later}));
}

TEST_P(RepositoryContract, ReleaseUserShiftsFromMakesThemOpen) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    Shift past = MakeShift(org, ada, At(0), At(kHour));
    past.pattern_id = pattern;
    past.id = AddShift(past);
    Shift future = MakeShift(org, ada, At(100 * kHour), At(101 * kHour));  // starts exactly at `from`
    future.pattern_id = pattern;
    future.id = AddShift(future);
    Shift later = MakeShift(org, ada, At(200 * kHour), At(201 * kHour));
    later.id = AddShift(later);
    Shift bobs = MakeShift(org, bob, At(200 * kHour), At(201 * kHour));
    bobs.id = AddShift(bobs);

    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.shifts().ReleaseUserShiftsFrom(other, ada, At(0)); }), 0);
    EXPECT_EQ(Write([&](UnitOfWork& uow) { return uow.shifts().ReleaseUserShiftsFrom(org, ada, At(100 * kHour)); }), 2);
    Read([&](UnitOfWork& uow) {
        ExpectSameShift(past, *uow.shifts().FindById(org, past.id));
        Shift released = future;
        released.user_id.reset();
        released.pattern_id.reset();
        ExpectSameShift(released, *uow.shifts().FindById(org, future.id));
        EXPECT_FALSE(uow.shifts().FindById(org, later.id)->user_id);
        ExpectSameShift(bobs, *uow.shifts().FindById(org, bobs.id));
    });
}

TEST_P(RepositoryContract, DetachPatternThenDeletePattern) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id pattern = AddPattern(MakePattern(org, ada, Day(2024, 1, 1), Day(2024, 12, 31)));
    Shift shift = MakeShift(org, ada, At(0), At(kHour));
    shift.pattern_id = pattern;
    shift.id = AddShift(shift);

    {
        // A pattern that shifts still point at cannot go: the link must be dropped explicitly.
        auto uow = db_->Begin(TransactionMode::kWrite);
        EXPECT_ANY_THROW(uow->patterns().Delete(org, pattern));
    }
    Write([&](UnitOfWork& uow) { uow.shifts().DetachPattern(other, pattern); });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.shifts().FindById(org, shift.id); })->pattern_id, pattern);
    Write([&](UnitOfWork& uow) {
        uow.shifts().DetachPattern(org, pattern);
        EXPECT_FALSE(uow.patterns().Delete(other, pattern));
        EXPECT_TRUE(uow.patterns().Delete(org, pattern));
    });
    Read([&](UnitOfWork& uow) {
        auto kept = uow.shifts().FindById(org, shift.id);
        ASSERT_TRUE(kept);
        EXPECT_FALSE(kept->pattern_id);
        EXPECT_EQ(kept->user_id, ada);
        EXPECT_FALSE(uow.patterns().FindById(org, pattern));
    });
}

TEST_P(RepositoryContract, RowsNamingMissingRowsAreRefused) {
    const Id org = AddOrganization();
    auto uow = db_->Begin(TransactionMode::kWrite);
    EXPECT_ANY_THROW(uow->shifts().Create(MakeShift(org, Id{4242}, At(0), At(kHour))));
    EXPECT_ANY_THROW(uow->shifts().Create(MakeShift(Id{4242}, std::nullopt, At(0), At(kHour))));
    Shift with_pattern = MakeShift(org, std::nullopt, At(0), At(kHour));
    with_pattern.pattern_id = 4242;
    EXPECT_ANY_THROW(uow->shifts().Create(with_pattern));
    EXPECT_ANY_THROW((void)uow->users().Create(MakeUser(Id{4242}, "Nobody", "nobody@example.com")));
    EXPECT_ANY_THROW(uow->patterns().Create(MakePattern(org, Id{4242}, Day(2024, 1, 1), Day(2024, 2, 1))));
}

// ---- Weekly patterns

TEST_P(RepositoryContract, PatternRoundTripWithEmptyAndOvernightDays) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    WeeklyPattern pattern = MakePattern(org, ada, Day(2024, 2, 29), Day(2025, 2, 28));
    pattern.days = {};
    pattern.days[0] = DayTimes{LocalTime{0}, LocalTime{1439}};                 // Monday, whole day
    pattern.days[2] = DayTimes{LocalTime{22 * 60}, LocalTime{6 * 60}};         // Wednesday, overnight
    pattern.days[6] = DayTimes{LocalTime{9 * 60 + 5}, LocalTime{9 * 60 + 5}};  // Sunday, equal times
    pattern.position = "Night porter";
    pattern.id = AddPattern(pattern);
    auto found = Read([&](UnitOfWork& uow) { return uow.patterns().FindById(org, pattern.id); });
    ASSERT_TRUE(found);
    ExpectSamePattern(pattern, *found);
    EXPECT_FALSE(found->days[1]);
    EXPECT_FALSE(found->days[5]);

    pattern.user_id = AddUser(org, "Bob", "bob@example.com");
    pattern.start_date = Day(2024, 3, 1);
    pattern.end_date = Day(2024, 3, 31);
    pattern.days = {};
    pattern.days[4] = DayTimes{LocalTime{7 * 60}, LocalTime{15 * 60}};
    pattern.position = "Cook";
    Write([&](UnitOfWork& uow) { uow.patterns().Update(pattern); });
    ExpectSamePattern(pattern, *Read([&](UnitOfWork& uow) { return uow.patterns().FindById(org, pattern.id); }));
}

TEST_P(RepositoryContract, PatternListOrderAndIsolation) {
    const Id org = AddOrganization("A");
    const Id other = AddOrganization("B");
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id cy = AddUser(other, "Cy", "cy@example.com");
    const Id bob_early = AddPattern(MakePattern(org, bob, Day(2024, 1, 1), Day(2024, 1, 31)));
    const Id ada_late = AddPattern(MakePattern(org, ada, Day(2024, 10, 1), Day(2024, 10, 31)));
    const Id ada_early = AddPattern(MakePattern(org, ada, Day(2024, 9, 30), Day(2024, 12, 31)));
    const Id ada_late_2 = AddPattern(MakePattern(org, ada, Day(2024, 10, 1), Day(2024, 11, 30)));
    const Id foreign = AddPattern(MakePattern(other, cy, Day(2024, 1, 1), Day(2024, 1, 31)));

    Read([&](UnitOfWork& uow) {
        EXPECT_EQ(IdsOf(uow.patterns().List(org, std::nullopt)),
                  (std::vector<Id>{ada_early, ada_late, ada_late_2, bob_early}));
        EXPECT_EQ(IdsOf(uow.patterns().List(org, bob)), (std::vector<Id>{bob_early}));
        EXPECT_TRUE(uow.patterns().List(org, cy).empty());
        EXPECT_FALSE(uow.patterns().FindById(org, foreign));
    });
    EXPECT_FALSE(Write([&](UnitOfWork& uow) { return uow.patterns().Delete(org, foreign); }));
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.patterns().FindById(other, foreign); }));

    WeeklyPattern moved = *Read([&](UnitOfWork& uow) { return uow.patterns().FindById(other, foreign); });
    moved.organization_id = org;  // an update through the wrong organisation changes nothing
    moved.position = "Hijacked";
    Write([&](UnitOfWork& uow) { uow.patterns().Update(moved); });
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return uow.patterns().FindById(other, foreign); })->position, "Barista");
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
        uow->shifts().Create(MakeShift(org, user, At(0), At(kHour)));
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

TEST_P(RepositoryContract, ReadSeesTheStateAtBegin) {
    auto reader = db_->Begin(TransactionMode::kRead);
    const Id org = AddOrganization("Later");
    EXPECT_FALSE(reader->organizations().FindById(org));
    reader.reset();
    EXPECT_TRUE(Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org); }));
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
                uow->shifts().Create(MakeShift(org, ada, start, end));
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

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryContract, ::testing::Values(kInMemory, kSqlite),
                         [](const ::testing::TestParamInfo<Backend>& info) { return info.param.name; });

}  // namespace
}  // namespace shiftsync
