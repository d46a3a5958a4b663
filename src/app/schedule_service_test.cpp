#include "app/schedule_service.hpp"

#include <gtest/gtest.h>

#include <string>

#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::hours;

class ScheduleServiceTest : public testing::Test {
protected:
    ScheduleServiceTest() {
        // UTC+10 all year: the local date is often a day ahead of the UTC one.
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "Etc/GMT-10"});
        zoe_ = Seed(org_.id, "Zoe", "zoe@example.com", Role::kOwner);
        adam_ = Seed(org_.id, "Adam", "adam@example.com", Role::kEmployee);
        mia_ = Seed(org_.id, "Mia", "mia@example.com", Role::kEmployee);
        clock_.Set(UtcAt(2026, 3, 10, 2));  // Tuesday 12:00 local
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "fake$x",
                                   .role = role});
    }

    Shift Work(std::optional<Id> user_id, Instant start, Instant end, Id organization_id = 0) {
        return SeedShift(*db_, Shift{.organization_id = organization_id != 0 ? organization_id : org_.id,
                                     .user_id = user_id,
                                     .start = start,
                                     .end = end});
    }

    void SetWeekStart(std::chrono::weekday week_start) {
        auto uow = db_->Begin(TransactionMode::kWrite);
        Organization org = *uow->organizations().FindById(org_.id);
        org.week_start = week_start;
        uow->organizations().Update(org);
        uow->Commit();
    }

    std::unique_ptr<ScheduleView> Week(std::optional<Date> any_day, const User& viewer) {
        auto view = schedule_.Week(PrincipalFor(viewer), any_day);
        if (!view.ok()) throw std::logic_error(view.error().detail);
        return std::move(view).value();
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    FakeTimeZones zones_;
    ScheduleService schedule_{*db_, zones_, clock_};
    Organization org_;
    User zoe_, adam_, mia_;
};

TEST_F(ScheduleServiceTest, DefaultWeekIsTodayInTheOrganizationsZone) {
    // Sunday 20:00Z is already Monday 06:00 in UTC+10: the week is the one starting that Monday.
    clock_.Set(UtcAt(2026, 3, 8, 20));
    auto view = Week(std::nullopt, adam_);
    const ScheduleWeek& week = view->schedule.week;
    EXPECT_EQ(week.days.front().date, Day(2026, 3, 9));
    EXPECT_EQ(week.days.back().date, Day(2026, 3, 15));
    EXPECT_EQ(week.start(), UtcAt(2026, 3, 8, 14));  // local midnight
    EXPECT_EQ(week.end(), UtcAt(2026, 3, 15, 14));
    EXPECT_EQ(view->organization.id, org_.id);

    clock_.Set(UtcAt(2026, 3, 8, 13, 59));  // still Sunday locally
    EXPECT_EQ(Week(std::nullopt, adam_)->schedule.week.days.front().date, Day(2026, 3, 2));
}

TEST_F(ScheduleServiceTest, WeekBeginsOnTheOrganizationsWeekStart) {
    EXPECT_EQ(Week(Day(2026, 3, 11), adam_)->schedule.week.days.front().date, Day(2026, 3, 9));
    SetWeekStart(std::chrono::Sunday);
    auto sunday = Week(Day(2026, 3, 11), adam_);
    EXPECT_EQ(sunday->schedule.week.days.front().date, Day(2026, 3, 8));
    EXPECT_EQ(sunday->schedule.week.days.back().date, Day(2026, 3, 14));
    EXPECT_EQ(sunday->organization.week_start, std::chrono::Sunday);
    SetWeekStart(std::chrono::Saturday);
    EXPECT_EQ(Week(Day(2026, 3, 11), adam_)->schedule.week.days.front().date, Day(2026, 3, 7));
    EXPECT_EQ(Week(Day(2026, 3, 7), adam_)->schedule.week.days.front().date, Day(2026, 3, 7));
    EXPECT_EQ(Week(Day(2026, 3, 6), adam_)->schedule.week.days.front().date, Day(2026, 2, 28));
}

TEST_F(ScheduleServiceTest, PeopleAreActiveOnesByName) {
    User removed = mia_;
    removed.active = false;
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        ASSERT_TRUE(uow->users().Update(removed).ok());
        uow->Commit();
    }
    const User other_adam = Seed(org_.id, "Adam", "adam2@example.com", Role::kEmployee);
    const Organization elsewhere = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    Seed(elsewhere.id, "Bob", "bob@example.com", Role::kOwner);

    auto view = Week(std::nullopt, adam_);
    std::vector<Id> ids;
    for (const PersonWeek& person : view->schedule.people) ids.push_back(person.user->id);
    EXPECT_EQ(ids, (std::vector<Id>{adam_.id, other_adam.id, zoe_.id}));
}

TEST_F(ScheduleServiceTest, ShiftsGoToTheLocalDayTheyStartOn) {
    // Monday 9th 08:00-16:00 local is Sunday 8th 22:00Z - Monday 06:00Z.
    const Shift monday = Work(adam_.id, UtcAt(2026, 3, 8, 22), UtcAt(2026, 3, 9, 6));
    // Sunday 15th 22:00 local to Monday 06:00: overnight, counted fully on Sunday.
    const Shift sunday_night = Work(adam_.id, UtcAt(2026, 3, 15, 12), UtcAt(2026, 3, 15, 20));
    const Shift open = Work(std::nullopt, UtcAt(2026, 3, 10, 22), UtcAt(2026, 3, 11, 2));
    const Shift zoes = Work(zoe_.id, UtcAt(2026, 3, 11, 0), UtcAt(2026, 3, 11, 4));
    Work(adam_.id, UtcAt(2026, 3, 8, 12), UtcAt(2026, 3, 8, 14));   // Sunday before the week (local)
    Work(zoe_.id, UtcAt(2026, 3, 15, 14), UtcAt(2026, 3, 15, 16));  // Monday after the week (local)

    auto view = Week(Day(2026, 3, 12), zoe_);
    const Schedule& schedule = view->schedule;
    ASSERT_EQ(schedule.people.size(), 3u);
    const PersonWeek& adam = schedule.people[0];
    ASSERT_EQ(adam.user->id, adam_.id);
    ASSERT_EQ(adam.shifts_by_day[0].size(), 1u);
    EXPECT_EQ(adam.shifts_by_day[0][0]->id, monday.id);
    ASSERT_EQ(adam.shifts_by_day[6].size(), 1u);
    EXPECT_EQ(adam.shifts_by_day[6][0]->id, sunday_night.id);
    for (int day = 1; day < 6; ++day) EXPECT_TRUE(adam.shifts_by_day[day].empty()) << day;
    EXPECT_EQ(adam.total, hours{16});

    const PersonWeek& zoe = schedule.people[2];
    ASSERT_EQ(zoe.user->id, zoe_.id);
    ASSERT_EQ(zoe.shifts_by_day[2].size(), 1u);  // Wednesday 10:00 local
    EXPECT_EQ(zoe.shifts_by_day[2][0]->id, zoes.id);
    EXPECT_EQ(zoe.total, hours{4});

    ASSERT_EQ(schedule.open_by_day[2].size(), 1u);  // Wednesday 08:00 local
    EXPECT_EQ(schedule.open_by_day[2][0]->id, open.id);
    EXPECT_EQ(schedule.open_by_day[1].size(), 0u);
}

TEST_F(ScheduleServiceTest, OtherOrganizationsShiftsAreNotShown) {
    const Organization elsewhere = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
    Work(std::nullopt, UtcAt(2026, 3, 10, 0), UtcAt(2026, 3, 10, 4), elsewhere.id);
    auto view = Week(std::nullopt, adam_);
    for (const auto& day : view->schedule.open_by_day) EXPECT_TRUE(day.empty());
    EXPECT_TRUE(view->shifts.empty());
}

TEST_F(ScheduleServiceTest, LatestPatternIsShownPerPerson) {
    WeeklyPattern pattern;
    pattern.organization_id = org_.id;
    pattern.user_id = adam_.id;
    pattern.start_date = Day(2026, 3, 2);
    pattern.end_date = Day(2026, 3, 29);
    pattern.days[0] = DayTimes{LocalTime{8 * 60}, LocalTime{16 * 60}};
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        pattern.id = uow->patterns().Create(pattern);
        uow->Commit();
    }
    auto view = Week(std::nullopt, adam_);
    ASSERT_NE(view->schedule.people[0].latest_pattern, nullptr);
    EXPECT_EQ(view->schedule.people[0].latest_pattern->id, pattern.id);
    EXPECT_EQ(view->schedule.people[2].latest_pattern, nullptr);
}

}  // namespace
}  // namespace shiftsync
