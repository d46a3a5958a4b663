// The RepositoryContract suite (repository_fixture.hpp) on organisations and users.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // RepositoryContract, the Make* rows, ExpectSame*, At, Unix, kHour

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
    EXPECT_EQ(found->locale, "en-US");
    EXPECT_EQ(Unix(found->created_at), Unix(At(42)));

    found->name = "Renamed";
    found->time_zone = "America/New_York";
    found->week_start = std::chrono::Saturday;
    found->locale = "en-GB";
    Write([&](UnitOfWork& uow) { uow.organizations().Update(*found); });
    auto updated = Read([&](UnitOfWork& uow) { return uow.organizations().FindById(id); });
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->name, "Renamed");
    EXPECT_EQ(updated->time_zone, "America/New_York");
    EXPECT_EQ(updated->week_start, std::chrono::Saturday);
    EXPECT_EQ(updated->locale, "en-GB");
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

TEST_P(RepositoryContract, SessionHolderIsTheUserTheirOrganisationAndTheTokensRevocation) {
    const Id org = AddOrganization("Holder's shop");
    const Id other_org = AddOrganization("Another shop");
    User ada = MakeUser(org, "Ada", "ada@example.com", Role::kManager);
    ada.token_version = 7;
    ada.id = Write([&](UnitOfWork& uow) { return *uow.users().Create(ada); });
    AddUser(other_org, "Bob", "bob@example.com");
    Write([](UnitOfWork& uow) { uow.revoked_tokens().Revoke("jti-revoked", At(500)); });
    const auto organization = Read([&](UnitOfWork& uow) { return uow.organizations().FindById(org); });
    ASSERT_TRUE(organization);

    auto live = Read([&](UnitOfWork& uow) { return uow.users().FindSessionHolder(ada.id, "jti-live"); });
    ASSERT_TRUE(live);
    ExpectSameUser(ada, live->user);
    EXPECT_EQ(live->organization.id, org);
    EXPECT_EQ(live->organization.name, "Holder's shop");
    EXPECT_EQ(live->organization.time_zone, organization->time_zone);
    EXPECT_EQ(live->organization.week_start, organization->week_start);
    EXPECT_EQ(live->organization.locale, organization->locale);
    EXPECT_EQ(live->organization.schedule_revision, organization->schedule_revision);
    EXPECT_FALSE(live->token_revoked);

    auto revoked = Read([&](UnitOfWork& uow) { return uow.users().FindSessionHolder(ada.id, "jti-revoked"); });
    ASSERT_TRUE(revoked);
    EXPECT_TRUE(revoked->token_revoked);
    EXPECT_FALSE(Read([&](UnitOfWork& uow) { return uow.users().FindSessionHolder(ada.id + 1000, "jti-live"); }));
}

// The organisation's schedule revision comes with the session, so a cached schedule can be
// answered from that read alone: it must be the current one.
TEST_P(RepositoryContract, SessionHolderCarriesTheCurrentScheduleRevision) {
    const Id org = AddOrganization();
    const Id ada = AddUser(org, "Ada", "ada@example.com");
    const auto revision = [&] {
        return Read([&](UnitOfWork& uow) { return uow.users().FindSessionHolder(ada, "jti"); })
            ->organization.schedule_revision;
    };
    const std::int64_t before = revision();
    AddUser(org, "Bob", "bob@example.com");  // a new person changes the schedule
    EXPECT_GT(revision(), before);
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

// Names compare byte by byte (code point order) on every backend, whatever collation a
// PostgreSQL database was created with: upper case before lower case, ASCII before accents.
TEST_P(RepositoryContract, UserListSortsNamesByteWise) {
    const Id org = AddOrganization();
    const Id emile = AddUser(org, "Émile", "emile@example.com");
    const Id ann = AddUser(org, "ann", "ann@example.com");
    const Id zed = AddUser(org, "zed", "zed@example.com");
    const Id bob = AddUser(org, "Bob", "bob@example.com");
    const Id anna = AddUser(org, "Anna", "anna@example.com");
    EXPECT_EQ(Read([&](UnitOfWork& uow) { return IdsOf(uow.users().List(org, true)); }),
              (std::vector<Id>{anna, bob, ann, zed, emile}));
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

}  // namespace
}  // namespace shiftsync
