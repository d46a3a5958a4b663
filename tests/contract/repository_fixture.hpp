#pragma once
// The fixture of the RepositoryContract suite, which is spread over several files (one INSTANTIATE,
// in repositories_contract_test.cpp, runs every one of them against every backend), with the rows
// its tests build and the comparisons they make.
#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "app/ports/unit_of_work.hpp"
#include "backends.hpp"
#include "temp_dir.hpp"

namespace shiftsync::contract {

inline constexpr std::int64_t kHour = 3600;

inline Date Day(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

// Rows with plausible values in every field; tests change what they are about.
inline Organization MakeOrganization(std::string name) {
    Organization org;
    org.name = std::move(name);
    org.time_zone = "Europe/Berlin";
    org.week_start = std::chrono::Monday;
    org.created_at = At(0);
    return org;
}

inline User MakeUser(Id organization_id, std::string name, std::string email, Role role = Role::kEmployee) {
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

inline Shift MakeShift(Id organization_id, std::optional<Id> user_id, Instant start, Instant end) {
    Shift shift;
    shift.organization_id = organization_id;
    shift.user_id = user_id;
    shift.start = start;
    shift.end = end;
    shift.position = "Barista";
    shift.note = "";
    return shift;
}

inline WeeklyPattern MakePattern(Id organization_id, Id user_id, Date start, Date end) {
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

inline Invitation MakeInvitation(Id organization_id, Id invited_by, std::string token_hash, Instant created,
                                 Instant expires) {
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

// Every field of `actual` equals `expected` (instants to the second).
inline void ExpectSameUser(const User& expected, const User& actual) {
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

inline void ExpectSameShift(const Shift& expected, const Shift& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.user_id, actual.user_id);
    EXPECT_EQ(Unix(expected.start), Unix(actual.start));
    EXPECT_EQ(Unix(expected.end), Unix(actual.end));
    EXPECT_EQ(expected.position, actual.position);
    EXPECT_EQ(expected.note, actual.note);
    EXPECT_EQ(expected.pattern_id, actual.pattern_id);
}

inline void ExpectSamePattern(const WeeklyPattern& expected, const WeeklyPattern& actual) {
    EXPECT_EQ(expected.id, actual.id);
    EXPECT_EQ(expected.organization_id, actual.organization_id);
    EXPECT_EQ(expected.user_id, actual.user_id);
    EXPECT_EQ(expected.start_date, actual.start_date);
    EXPECT_EQ(expected.end_date, actual.end_date);
    for (std::size_t i = 0; i < expected.days.size(); ++i) EXPECT_EQ(expected.days[i], actual.days[i]) << "day " << i;
    EXPECT_EQ(expected.position, actual.position);
    EXPECT_EQ(Unix(expected.created_at), Unix(actual.created_at));
}

inline void ExpectSameInvitation(const Invitation& expected, const Invitation& actual) {
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
        return Write([&](UnitOfWork& uow) {
            auto id = uow.shifts().Create(shift);
            EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().detail);
            return id.ok() ? *id : Id{0};
        });
    }

    Id AddPattern(const WeeklyPattern& pattern) {
        return Write([&](UnitOfWork& uow) { return uow.patterns().Create(pattern); });
    }

    TempDir dir_;  // declared first: removed after the database is closed
    std::unique_ptr<UnitOfWorkFactory> db_;
};

}  // namespace shiftsync::contract
