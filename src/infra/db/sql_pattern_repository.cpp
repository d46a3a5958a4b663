#include "infra/db/sql_repository_definition.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

// ---- Stored encodings. Changing any of these changes the meaning of existing rows.

// 'YYYY-MM-DD': sorts as text in date order, and both dialects compare it the same way.
std::string DateText(Date date) {
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return text;
}

Date ParseDateText(const std::string& text) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    auto number = [&](auto& value, std::size_t digits) {
        auto [next, ec] = std::from_chars(p, end, value);
        bool ok = ec == std::errc{} && static_cast<std::size_t>(next - p) == digits;
        p = next;
        return ok;
    };
    auto dash = [&] { return p != end && *p++ == '-'; };
    Date date{};
    if (text.size() == 10 && number(year, 4) && dash() && number(month, 2) && dash() && number(day, 2)) {
        date = std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
    }
    if (!date.ok()) throw std::runtime_error("unreadable date in database: " + text);
    return date;
}

// Columns mon_start, mon_end ... sun_end, in that order (WeekDays is Monday first too).
using DayColumns = std::array<std::optional<int>, 14>;

DayColumns ToDayColumns(const WeekDays& days) {
    DayColumns columns;
    for (std::size_t i = 0; i < days.size(); ++i) {
        if (days[i]) {
            columns[2 * i] = days[i]->start.minutes;
            columns[2 * i + 1] = days[i]->end.minutes;
        }
    }
    return columns;
}

WeekDays FromDayColumns(const DayColumns& columns) {
    WeekDays days;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const auto& start = columns[2 * i];
        const auto& end = columns[2 * i + 1];
        if (start.has_value() != end.has_value()) throw std::runtime_error("half-set pattern day in database");
        if (start) days[i] = DayTimes{LocalTime{*start}, LocalTime{*end}};
    }
    return days;
}

// ---- The repository

struct PatternRow {
    Id id = 0;
    Id organization_id = 0;
    Id user_id = 0;
    std::string start_date;
    std::string end_date;
    DayColumns days;
    std::string position;
    std::int64_t created_at = 0;
};

void BindInto(soci::statement& statement, PatternRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.user_id));
    statement.exchange(soci::into(row.start_date));
    statement.exchange(soci::into(row.end_date));
    for (auto& minutes : row.days) statement.exchange(soci::into(minutes));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.created_at));
}

WeeklyPattern ToDomain(const PatternRow& row) {
    return WeeklyPattern{row.id,
                         row.organization_id,
                         row.user_id,
                         ParseDateText(row.start_date),
                         ParseDateText(row.end_date),
                         FromDayColumns(row.days),
                         row.position,
                         FromUnix(row.created_at)};
}

#define SHIFTSYNC_DAY_COLUMNS                                                                              \
    "mon_start, mon_end, tue_start, tue_end, wed_start, wed_end, thu_start, thu_end, fri_start, fri_end, " \
    "sat_start, sat_end, sun_start, sun_end"

const std::string kSelectPattern = "SELECT id, organization_id, user_id, start_date, end_date, " SHIFTSYNC_DAY_COLUMNS
                                   ", position, created_at FROM weekly_patterns ";

class SqlPatternRepository final : public PatternRepository {
public:
    explicit SqlPatternRepository(Connection& sql) : sql_(sql) {}

    Id Create(const WeeklyPattern& pattern) override {
        RaiseScheduleRevision(sql_, pattern.organization_id);
        return QueryValue<Id>(
            sql_,
            "INSERT INTO weekly_patterns (organization_id, user_id, start_date, end_date, " SHIFTSYNC_DAY_COLUMNS
            ", position, created_at) VALUES (:organization_id, :user_id, :start_date, :end_date, "
            ":mon_start, :mon_end, :tue_start, :tue_end, :wed_start, :wed_end, :thu_start, :thu_end, "
            ":fri_start, :fri_end, :sat_start, :sat_end, :sun_start, :sun_end, :position, :created_at) RETURNING id",
            pattern.organization_id, pattern.user_id, DateText(pattern.start_date), DateText(pattern.end_date),
            ToDayColumns(pattern.days), pattern.position, ToUnix(pattern.created_at));
    }

    std::optional<WeeklyPattern> FindById(Id organization_id, Id id) override {
        auto row = QueryRow<PatternRow>(sql_, kSelectPattern + "WHERE id = :id AND organization_id = :organization_id",
                                        id, organization_id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    std::vector<WeeklyPattern> List(Id organization_id, std::optional<Id> user_id) override {
        if (user_id) {
            return ToDomainAll<WeeklyPattern>(QueryRows<PatternRow>(
                sql_,
                kSelectPattern + "WHERE organization_id = :organization_id AND user_id = :user_id "
                                 "ORDER BY user_id, start_date, id",
                organization_id, *user_id));
        }
        return ToDomainAll<WeeklyPattern>(QueryRows<PatternRow>(
            sql_, kSelectPattern + "WHERE organization_id = :organization_id ORDER BY user_id, start_date, id",
            organization_id));
    }

    void Update(const WeeklyPattern& pattern) override {
        RaiseScheduleRevision(sql_, pattern.organization_id);
        Execute(sql_,
                "UPDATE weekly_patterns SET user_id = :user_id, start_date = :start_date, end_date = :end_date, "
                "mon_start = :mon_start, mon_end = :mon_end, tue_start = :tue_start, tue_end = :tue_end, "
                "wed_start = :wed_start, wed_end = :wed_end, thu_start = :thu_start, thu_end = :thu_end, "
                "fri_start = :fri_start, fri_end = :fri_end, sat_start = :sat_start, sat_end = :sat_end, "
                "sun_start = :sun_start, sun_end = :sun_end, position = :position "
                "WHERE id = :id AND organization_id = :organization_id",
                pattern.user_id, DateText(pattern.start_date), DateText(pattern.end_date), ToDayColumns(pattern.days),
                pattern.position, pattern.id, pattern.organization_id);
    }

    bool Delete(Id organization_id, Id id) override {
        RaiseScheduleRevision(sql_, organization_id);
        return Execute(sql_, "DELETE FROM weekly_patterns WHERE id = :id AND organization_id = :organization_id", id,
                       organization_id) == 1;
    }

private:
    Connection& sql_;
};

#undef SHIFTSYNC_DAY_COLUMNS

}  // namespace

std::unique_ptr<PatternRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                  std::type_identity<PatternRepository>) {
    return std::make_unique<SqlPatternRepository>(sql);
}

template std::unique_ptr<PatternRepository> MakeSqlRepository<PatternRepository>(Connection& sql,
                                                                                 const DialectTraits& dialect);

}  // namespace shiftsync::db
