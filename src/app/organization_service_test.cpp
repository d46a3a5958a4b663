#include "app/organization_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include "app/organization_zone.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

class OrganizationServiceTest : public testing::Test {
protected:
    OrganizationServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        owner_ = Seed(org_.id, "Olga", "olga@example.com", Role::kOwner);
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        employee_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "fake$x",
                                   .role = role});
    }

    Organization Stored() {
        auto uow = db_->Begin(TransactionMode::kRead);
        return *uow->organizations().FindById(org_.id);
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeTimeZones zones_;
    OrganizationService organizations_{*db_, zones_};
    Organization org_;
    User owner_, manager_, employee_;
};

TEST_F(OrganizationServiceTest, EveryoneReadsTheirOwnOrganization) {
    const Organization other = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "Etc/GMT-3"});
    const User stranger = Seed(other.id, "Sam", "sam@example.com", Role::kOwner);
    auto ours = organizations_.Get(PrincipalFor(employee_));
    ASSERT_TRUE(ours.ok());
    EXPECT_EQ(ours->id, org_.id);
    EXPECT_EQ(ours->name, "Bakery");
    auto theirs = organizations_.Get(PrincipalFor(stranger));
    ASSERT_TRUE(theirs.ok());
    EXPECT_EQ(theirs->name, "Elsewhere");
}

TEST_F(OrganizationServiceTest, OwnersUpdateNameZoneAndWeekStart) {
    OrganizationUpdate update;
    update.name = "Corner Bakery";
    update.time_zone = "Etc/GMT-2";
    update.week_start = std::chrono::Sunday;
    auto result = organizations_.Update(PrincipalFor(owner_), update);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_EQ(result->name, "Corner Bakery");
    EXPECT_EQ(result->time_zone, "Etc/GMT-2");
    EXPECT_EQ(result->week_start, std::chrono::Sunday);

    const Organization stored = Stored();
    EXPECT_EQ(stored.name, "Corner Bakery");
    EXPECT_EQ(stored.time_zone, "Etc/GMT-2");
    EXPECT_EQ(stored.week_start, std::chrono::Sunday);
}

TEST_F(OrganizationServiceTest, UpdateChangesOnlyWhatIsGiven) {
    OrganizationUpdate update;
    update.week_start = std::chrono::Saturday;
    ASSERT_TRUE(organizations_.Update(PrincipalFor(owner_), update).ok());
    const Organization stored = Stored();
    EXPECT_EQ(stored.week_start, std::chrono::Saturday);
    EXPECT_EQ(stored.name, "Bakery");
    EXPECT_EQ(stored.time_zone, "UTC");
}

TEST_F(OrganizationServiceTest, OnlyOwnersUpdate) {
    OrganizationUpdate update;
    update.name = "Taken over";
    for (const User& user : {manager_, employee_}) {
        auto result = organizations_.Update(PrincipalFor(user), update);
        ASSERT_FALSE(result.ok()) << user.name;
        EXPECT_EQ(result.error().code, ErrorCode::kForbidden) << user.name;
    }
    EXPECT_EQ(Stored().name, "Bakery");
}

TEST_F(OrganizationServiceTest, UnknownTimeZoneIsRefused) {
    OrganizationUpdate update;
    update.name = "Corner Bakery";
    update.time_zone = "Europe/Atlantis";
    auto result = organizations_.Update(PrincipalFor(owner_), update);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "time_zone");
    const Organization stored = Stored();
    EXPECT_EQ(stored.time_zone, "UTC");
    EXPECT_EQ(stored.name, "Bakery");  // nothing of a refused update is kept
}

TEST_F(OrganizationServiceTest, LocaleDefaultsToEnUsAndTakesASupportedTag) {
    EXPECT_EQ(Stored().locale, "en-US");
    OrganizationUpdate update;
    update.locale = "en-GB";
    auto result = organizations_.Update(PrincipalFor(owner_), update);
    ASSERT_TRUE(result.ok()) << result.error().detail;
    EXPECT_EQ(result->locale, "en-GB");
    EXPECT_EQ(Stored().locale, "en-GB");
}

TEST_F(OrganizationServiceTest, UnsupportedLocaleIsRefused) {
    for (const char* locale : {"de-DE", "en", "en_us", ""}) {
        OrganizationUpdate update;
        update.name = "Corner Bakery";
        update.locale = locale;
        auto result = organizations_.Update(PrincipalFor(owner_), update);
        ASSERT_FALSE(result.ok()) << locale;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
        EXPECT_EQ(result.error().field, "locale");
        EXPECT_NE(result.error().detail.find("en-US, en-GB"), std::string::npos) << result.error().detail;
    }
    EXPECT_EQ(Stored().locale, "en-US");
    EXPECT_EQ(Stored().name, "Bakery");
}

TEST_F(OrganizationServiceTest, InvalidNameIsRefused) {
    OrganizationUpdate update;
    update.name = " ";
    auto result = organizations_.Update(PrincipalFor(owner_), update);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(result.error().field, "name");
    EXPECT_EQ(Stored().name, "Bakery");
}

TEST_F(OrganizationServiceTest, UpdateTouchesOnlyTheCallersOrganization) {
    const Organization other = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    OrganizationUpdate update;
    update.name = "Renamed";
    ASSERT_TRUE(organizations_.Update(PrincipalFor(owner_), update).ok());
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_EQ(uow->organizations().FindById(other.id)->name, "Elsewhere");
}

TEST(OrganizationZone, IsTheZoneOfTheOrganizationsNameAndAnUnknownOneIsAFault) {
    FakeTimeZones zones;
    zones.AddFixed("Test/Plus2", std::chrono::hours(2));
    const Organization org{.name = "Bakery", .time_zone = "Test/Plus2"};
    EXPECT_EQ(&ZoneOf(org, zones), zones.Find("Test/Plus2"));
    EXPECT_THROW(ZoneOf(Organization{.name = "Bakery", .time_zone = "Mars/Olympus"}, zones), std::runtime_error);
}

}  // namespace
}  // namespace shiftsync
