#include "domain/role.hpp"

#include <gtest/gtest.h>

#include <array>

namespace shiftsync {
namespace {

constexpr std::array<Role, 3> kRoles = {Role::kEmployee, Role::kManager, Role::kOwner};
constexpr bool kY = true;
constexpr bool kN = false;

// Tables written out by hand rather than derived, so a change in the rules shows up here.
// Indexes follow the enum: 0 employee, 1 manager, 2 owner.

// kAssign[actor][target_current][wanted]
constexpr bool kAssign[3][3][3] = {
    // actor employee: nothing
    {{kN, kN, kN}, {kN, kN, kN}, {kN, kN, kN}},
    // actor manager: promote employees up to manager; never demote managers or touch owners
    {{kY, kY, kN}, {kN, kY, kN}, {kN, kN, kN}},
    // actor owner: anyone to anything
    {{kY, kY, kY}, {kY, kY, kY}, {kY, kY, kY}},
};

// kInvite[actor][wanted]
constexpr bool kInvite[3][3] = {
    {kN, kN, kN},
    {kY, kY, kN},
    {kY, kY, kY},
};

// kManage[actor][target]
constexpr bool kManage[3][3] = {
    {kN, kN, kN},
    {kY, kY, kN},
    {kY, kY, kY},
};

TEST(RoleTest, NamesRoundTrip) {
    EXPECT_EQ(RoleName(Role::kEmployee), "employee");
    EXPECT_EQ(RoleName(Role::kManager), "manager");
    EXPECT_EQ(RoleName(Role::kOwner), "owner");
    for (const Role role : kRoles) {
        EXPECT_EQ(ParseRole(RoleName(role)), role);
    }
}

TEST(RoleTest, ParseRejectsAnythingElse) {
    for (const char* name : {"", "Owner", "MANAGER", " employee", "employee ", "admin", "others", "own", "owners"}) {
        EXPECT_EQ(ParseRole(name), std::nullopt) << name;
    }
}

TEST(RoleTest, CapabilitiesByRole) {
    EXPECT_FALSE(CanManageSchedule(Role::kEmployee));
    EXPECT_TRUE(CanManageSchedule(Role::kManager));
    EXPECT_TRUE(CanManageSchedule(Role::kOwner));
    EXPECT_FALSE(CanInvite(Role::kEmployee));
    EXPECT_TRUE(CanInvite(Role::kManager));
    EXPECT_FALSE(CanSeeEmails(Role::kEmployee));
    EXPECT_TRUE(CanSeeEmails(Role::kOwner));
}

TEST(RoleTest, MayAssignRoleExhaustive) {
    for (const Role actor : kRoles) {
        for (const Role target : kRoles) {
            for (const Role wanted : kRoles) {
                EXPECT_EQ(MayAssignRole(actor, target, wanted),
                          kAssign[static_cast<int>(actor)][static_cast<int>(target)][static_cast<int>(wanted)])
                    << RoleName(actor) << " sets " << RoleName(target) << " to " << RoleName(wanted);
            }
        }
    }
}

TEST(RoleTest, MayInviteAsExhaustive) {
    for (const Role actor : kRoles) {
        for (const Role wanted : kRoles) {
            EXPECT_EQ(MayInviteAs(actor, wanted), kInvite[static_cast<int>(actor)][static_cast<int>(wanted)])
                << RoleName(actor) << " invites as " << RoleName(wanted);
        }
    }
}

TEST(RoleTest, MayManagePersonExhaustive) {
    for (const Role actor : kRoles) {
        for (const Role target : kRoles) {
            EXPECT_EQ(MayManagePerson(actor, target), kManage[static_cast<int>(actor)][static_cast<int>(target)])
                << RoleName(actor) << " manages " << RoleName(target);
        }
    }
}

TEST(RoleTest, NamedRules) {
    // The same rules as the tables, spelled as the product describes them.
    EXPECT_TRUE(MayAssignRole(Role::kManager, Role::kEmployee, Role::kManager));   // promote
    EXPECT_FALSE(MayAssignRole(Role::kManager, Role::kManager, Role::kEmployee));  // no demoting peers
    EXPECT_FALSE(MayAssignRole(Role::kManager, Role::kOwner, Role::kManager));     // owners untouchable
    EXPECT_FALSE(MayAssignRole(Role::kManager, Role::kEmployee, Role::kOwner));    // no making owners
    EXPECT_TRUE(MayAssignRole(Role::kOwner, Role::kOwner, Role::kEmployee));
    EXPECT_FALSE(MayAssignRole(Role::kEmployee, Role::kEmployee, Role::kEmployee));
    EXPECT_FALSE(MayInviteAs(Role::kManager, Role::kOwner));
    EXPECT_TRUE(MayInviteAs(Role::kOwner, Role::kOwner));
    EXPECT_FALSE(MayManagePerson(Role::kManager, Role::kOwner));
    EXPECT_TRUE(MayManagePerson(Role::kManager, Role::kManager));
}

}  // namespace
}  // namespace shiftsync
