#include "infra/db/sql_repository_definition.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "infra/db/sql_statements.hpp"

namespace shiftsync::db {
namespace {

using namespace sql_detail;

struct ShiftRow {
    Id id = 0;
    Id organization_id = 0;
    std::optional<Id> user_id;
    std::int64_t start_at = 0;
    std::int64_t end_at = 0;
    std::string position;
    std::string note;
    std::optional<Id> pattern_id;
};

void BindInto(soci::statement& statement, ShiftRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.user_id));
    statement.exchange(soci::into(row.start_at));
    statement.exchange(soci::into(row.end_at));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.note));
    statement.exchange(soci::into(row.pattern_id));
}

Shift ToDomain(const ShiftRow& row) {
    return Shift{row.id,   row.organization_id, row.user_id, FromUnix(row.start_at), FromUnix(row.end_at), row.position,
                 row.note, row.pattern_id};
}

const std::string kSelectShift =
    "SELECT id, organization_id, user_id, start_at, end_at, position, note, pattern_id FROM shifts ";

// The shifts of a ShiftQuery's range. The lower bound on start_at keeps the index scan to the range
// itself instead of all history: a shift ending after `from` started at most kMaxShiftLength before it.
const std::string kRange =
    "WHERE organization_id = :organization_id AND start_at > :earliest AND start_at < :to AND end_at > :from ";

std::int64_t Earliest(const ShiftQuery& query) { return ToUnix(query.from - kMaxShiftLength); }

class SqlShiftRepository final : public ShiftRepository {
public:
    SqlShiftRepository(Connection& sql, const DialectTraits& dialect) : sql_(sql), dialect_(dialect) {}

    Result<Id> Create(const Shift& shift) override {
        RaiseScheduleRevision(sql_, shift.organization_id);
        // No row back means the dialect's overlap clause skipped the insert.
        auto id = QueryRow<long long>(
            sql_,
            "INSERT INTO shifts (organization_id, user_id, start_at, end_at, position, note, pattern_id) "
            "VALUES (:organization_id, :user_id, :start_at, :end_at, :position, :note, :pattern_id)" +
                std::string(dialect_.shift_overlap_clause) + " RETURNING id",
            shift.organization_id, shift.user_id, ToUnix(shift.start), ToUnix(shift.end), shift.position, shift.note,
            shift.pattern_id);
        if (!id) return OverlapOf(shift, std::nullopt);
        return Id{*id};
    }

    std::optional<Shift> FindById(Id organization_id, Id id) override {
        auto row = QueryRow<ShiftRow>(sql_, kSelectShift + "WHERE id = :id AND organization_id = :organization_id", id,
                                      organization_id);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    std::vector<Shift> List(const ShiftQuery& query) override {
        if (query.user_id) {
            return ToDomainAll<Shift>(QueryRows<ShiftRow>(
                sql_, kSelectShift + kRange + "AND user_id = :user_id ORDER BY start_at, id", query.organization_id,
                Earliest(query), ToUnix(query.to), ToUnix(query.from), *query.user_id));
        }
        return ToDomainAll<Shift>(QueryRows<ShiftRow>(sql_, kSelectShift + kRange + "ORDER BY start_at, id",
                                                      query.organization_id, Earliest(query), ToUnix(query.to),
                                                      ToUnix(query.from)));
    }

    std::vector<Shift> ListPage(const ShiftQuery& query, const std::optional<RowPosition<Instant>>& after,
                                int limit) override {
        // Before every shift of the range when there is no `after`: no branch per case.
        const std::int64_t after_key = after ? ToUnix(after->key) : Earliest(query);
        const Id after_id = after ? after->id : 0;
        const std::string keyset = "AND " + KeysetCondition("start_at", false);
        if (query.user_id) {
            return ToDomainAll<Shift>(QueryRows<ShiftRow>(
                sql_, kSelectShift + kRange + "AND user_id = :user_id " + keyset + "ORDER BY start_at, id LIMIT :limit",
                query.organization_id, Earliest(query), ToUnix(query.to), ToUnix(query.from), *query.user_id, after_key,
                after_id, limit));
        }
        return ToDomainAll<Shift>(QueryRows<ShiftRow>(
            sql_, kSelectShift + kRange + keyset + "ORDER BY start_at, id LIMIT :limit", query.organization_id,
            Earliest(query), ToUnix(query.to), ToUnix(query.from), after_key, after_id, limit));
    }

    std::optional<Shift> FindOverlapping(Id organization_id, Id user_id, Instant start, Instant end,
                                         std::optional<Id> except_id) override {
        // Ids start at 1 in every dialect, so 0 excludes nothing.
        auto row = QueryRow<ShiftRow>(
            sql_,
            kSelectShift +
                "WHERE organization_id = :organization_id AND user_id = :user_id AND start_at > :earliest "
                "AND start_at < :end AND end_at > :start AND id <> :except_id ORDER BY start_at, id LIMIT 1",
            organization_id, user_id, ToUnix(start - kMaxShiftLength), ToUnix(end), ToUnix(start),
            except_id.value_or(0));
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    Status Update(const Shift& shift) override {
        RaiseScheduleRevision(sql_, shift.organization_id);
        try {
            // UPDATE has no ON CONFLICT: one SAVEPOINT (where the dialect needs it) per edit.
            WithSavepoint(sql_, dialect_, [&] {
                return Execute(sql_,
                               "UPDATE shifts SET user_id = :user_id, start_at = :start_at, end_at = :end_at, "
                               "position = :position, note = :note, pattern_id = :pattern_id "
                               "WHERE id = :id AND organization_id = :organization_id",
                               shift.user_id, ToUnix(shift.start), ToUnix(shift.end), shift.position, shift.note,
                               shift.pattern_id, shift.id, shift.organization_id);
            });
        } catch (const SqlError& error) {
            if (IsUniqueViolationOn(error, "shifts_no_overlap_per_user", dialect_.is_exclusion_violation))
                return OverlapOf(shift, shift.id);
            throw;
        }
        return Ok();
    }

    bool Delete(Id organization_id, Id id) override {
        RaiseScheduleRevision(sql_, organization_id);
        return Execute(sql_, "DELETE FROM shifts WHERE id = :id AND organization_id = :organization_id", id,
                       organization_id) == 1;
    }

    int DeletePatternShiftsFrom(Id organization_id, Id pattern_id, Instant from) override {
        RaiseScheduleRevision(sql_, organization_id);
        return static_cast<int>(Execute(sql_,
                                        "DELETE FROM shifts WHERE organization_id = :organization_id "
                                        "AND pattern_id = :pattern_id AND start_at >= :from",
                                        organization_id, pattern_id, ToUnix(from)));
    }

    int ReleaseUserShiftsFrom(Id organization_id, Id user_id, Instant from) override {
        RaiseScheduleRevision(sql_, organization_id);
        return static_cast<int>(Execute(sql_,
                                        "UPDATE shifts SET user_id = NULL, pattern_id = NULL "
                                        "WHERE organization_id = :organization_id AND user_id = :user_id "
                                        "AND start_at >= :from",
                                        organization_id, user_id, ToUnix(from)));
    }

    void DetachPattern(Id organization_id, Id pattern_id) override {
        RaiseScheduleRevision(sql_, organization_id);
        Execute(sql_,
                "UPDATE shifts SET pattern_id = NULL WHERE organization_id = :organization_id "
                "AND pattern_id = :pattern_id",
                organization_id, pattern_id);
    }

private:
    // The overlap the schema refused `shift` for. The clashing shift is committed or this
    // transaction's own (PostgreSQL waits for a concurrent writer before deciding), so a fresh
    // statement at READ COMMITTED finds it, unless it was deleted since.
    Error OverlapOf(const Shift& shift, std::optional<Id> except_id) {
        Error error{ErrorCode::kShiftOverlap, "the employee already has a shift at that time", "start"};
        if (!shift.user_id) return error;  // open shifts never clash; kept total anyway
        if (auto other = FindOverlapping(shift.organization_id, *shift.user_id, shift.start, shift.end, except_id)) {
            error.detail = "the employee already has shift " + std::to_string(other->id) + " at that time";
            error.conflicting_id = other->id;
        }
        return error;
    }

    Connection& sql_;
    const DialectTraits& dialect_;
};

}  // namespace

std::unique_ptr<ShiftRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                std::type_identity<ShiftRepository>) {
    return std::make_unique<SqlShiftRepository>(sql, dialect);
}

template std::unique_ptr<ShiftRepository> MakeSqlRepository<ShiftRepository>(Connection& sql,
                                                                             const DialectTraits& dialect);

}  // namespace shiftsync::db
