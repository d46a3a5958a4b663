// The RepositoryContract suite (repository_fixture.hpp) on invitations.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "repository_fixture.hpp"

namespace shiftsync {
namespace {

using namespace contract;  // RepositoryContract, the Make* rows, ExpectSame*, At, Unix, kHour

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

}  // namespace
}  // namespace shiftsync
