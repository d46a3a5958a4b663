#include "infra/db/sql_repository_definition.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "infra/db/sql_organization_row.hpp"
#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace sql_detail {

void RaiseScheduleRevision(Connection& sql, Id organization_id) {
    Execute(sql, "UPDATE organizations SET schedule_revision = schedule_revision + 1 WHERE id = :id", organization_id);
}

std::string OrganizationColumns(const std::string& table) {
    return ColumnList({"id", "name", "time_zone", "week_start", "created_at", "schedule_revision", "locale"}, table);
}

void BindInto(soci::statement& statement, OrganizationRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.name));
    statement.exchange(soci::into(row.time_zone));
    statement.exchange(soci::into(row.week_start));
    statement.exchange(soci::into(row.created_at));
    statement.exchange(soci::into(row.schedule_revision));
    statement.exchange(soci::into(row.locale));
}

Organization ToDomain(const OrganizationRow& row) {
    return Organization{row.id,
                        row.name,
                        row.time_zone,
                        std::chrono::weekday{static_cast<unsigned>(row.week_start)},
                        FromUnix(row.created_at),
                        row.schedule_revision,
                        row.locale};
}

}  // namespace sql_detail

namespace {

using namespace sql_detail;

int WeekStartColumn(std::chrono::weekday day) { return static_cast<int>(day.c_encoding()); }

const std::string kSelectOrganization = "SELECT " + OrganizationColumns("") + " FROM organizations ";

class SqlOrganizationRepository final : public OrganizationRepository {
public:
    explicit SqlOrganizationRepository(Connection& sql) : sql_(sql) {}

    Id Create(const Organization& org) override {
        return QueryValue<Id>(sql_,
                              "INSERT INTO organizations (name, time_zone, week_start, created_at, locale) "
                              "VALUES (:name, :time_zone, :week_start, :created_at, :locale) RETURNING id",
                              org.name, org.time_zone, WeekStartColumn(org.week_start), ToUnix(org.created_at),
                              org.locale);
    }

    std::optional<Organization> FindById(Id id) override {
        auto row = QueryRow<OrganizationRow>(sql_, kSelectOrganization + "WHERE id = :id", id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    void Update(const Organization& org) override {
        Execute(sql_,
                "UPDATE organizations SET name = :name, time_zone = :time_zone, week_start = :week_start, "
                "locale = :locale, schedule_revision = schedule_revision + 1 WHERE id = :id",
                org.name, org.time_zone, WeekStartColumn(org.week_start), org.locale, org.id);
    }

private:
    Connection& sql_;
};

}  // namespace

std::unique_ptr<OrganizationRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                       std::type_identity<OrganizationRepository>) {
    return std::make_unique<SqlOrganizationRepository>(sql);
}

template std::unique_ptr<OrganizationRepository> MakeSqlRepository<OrganizationRepository>(
    Connection& sql, const DialectTraits& dialect);

}  // namespace shiftsync::db
