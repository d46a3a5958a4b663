// The in-memory shifts and weekly patterns (see in_memory_database.hpp).
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <vector>

#include "testing/in_memory_repository_definition.hpp"

namespace shiftsync::in_memory {
namespace {

bool ByStartThenId(const Shift& a, const Shift& b) { return std::tie(a.start, a.id) < std::tie(b.start, b.id); }

class InMemoryShiftRepository final : public ShiftRepository {
public:
    explicit InMemoryShiftRepository(Context& context) : context_(context) {}

    // No overlap constraint here, as on SQLite: never kShiftOverlap.
    Result<Id> Create(const Shift& shift) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), shift.organization_id);
        State& state = context_.state();
        RequireOrganization(state, shift.organization_id);
        RequireReferences(shift);
        Shift row = shift;
        row.id = state.next_shift_id++;
        state.shifts.emplace(row.id, row);
        return row.id;
    }

    std::optional<Shift> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state().shifts, organization_id, id));
    }

    std::vector<Shift> List(const ShiftQuery& query) override {
        std::vector<Shift> out;
        for (const auto& [id, shift] : context_.state().shifts) {
            if (shift.organization_id == query.organization_id && shift.end > query.from && shift.start < query.to &&
                (!query.user_id || shift.user_id == query.user_id))
                out.push_back(shift);
        }
        std::sort(out.begin(), out.end(), ByStartThenId);
        return out;
    }

    std::vector<Shift> ListPage(const ShiftQuery& query, const std::optional<RowPosition<Instant>>& after,
                                int limit) override {
        return FirstAfter(List(query), after, limit,
                          [](const Shift& shift) { return std::tie(shift.start, shift.id); });
    }

    std::optional<Shift> FindOverlapping(Id organization_id, Id user_id, Instant start, Instant end,
                                         std::optional<Id> except_id) override {
        std::optional<Shift> earliest;
        for (const auto& [id, shift] : context_.state().shifts) {
            if (shift.organization_id != organization_id || shift.user_id != user_id || id == except_id) continue;
            if (!Overlaps(shift.start, shift.end, start, end)) continue;
            if (!earliest || ByStartThenId(shift, *earliest)) earliest = shift;
        }
        return earliest;
    }

    Status Update(const Shift& shift) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), shift.organization_id);
        Shift* row = FindInOrganization(context_.state().shifts, shift.organization_id, shift.id);
        if (row == nullptr) return Ok();
        RequireReferences(shift);
        row->user_id = shift.user_id;
        row->start = shift.start;
        row->end = shift.end;
        row->position = shift.position;
        row->note = shift.note;
        row->pattern_id = shift.pattern_id;
        return Ok();
    }

    bool Delete(Id organization_id, Id id) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), organization_id);
        if (!FindInOrganization(context_.state().shifts, organization_id, id)) return false;
        context_.state().shifts.erase(id);
        return true;
    }

    int DeletePatternShiftsFrom(Id organization_id, Id pattern_id, Instant from) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), organization_id);
        return static_cast<int>(std::erase_if(context_.state().shifts, [&](const auto& entry) {
            const Shift& shift = entry.second;
            return shift.organization_id == organization_id && shift.pattern_id == pattern_id && shift.start >= from;
        }));
    }

    int ReleaseUserShiftsFrom(Id organization_id, Id user_id, Instant from) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), organization_id);
        int released = 0;
        for (auto& [id, shift] : context_.state().shifts) {
            if (shift.organization_id == organization_id && shift.user_id == user_id && shift.start >= from) {
                shift.user_id.reset();
                shift.pattern_id.reset();
                ++released;
            }
        }
        return released;
    }

    void DetachPattern(Id organization_id, Id pattern_id) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), organization_id);
        for (auto& [id, shift] : context_.state().shifts) {
            if (shift.organization_id == organization_id && shift.pattern_id == pattern_id) shift.pattern_id.reset();
        }
    }

private:
    void RequireReferences(const Shift& shift) const {
        if (shift.user_id) RequireUser(context_.state(), *shift.user_id);
        if (shift.pattern_id) RequirePattern(context_.state(), *shift.pattern_id);
    }

    Context& context_;
};

class InMemoryPatternRepository final : public PatternRepository {
public:
    explicit InMemoryPatternRepository(Context& context) : context_(context) {}

    Id Create(const WeeklyPattern& pattern) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), pattern.organization_id);
        State& state = context_.state();
        RequireOrganization(state, pattern.organization_id);
        RequireUser(state, pattern.user_id);
        WeeklyPattern row = pattern;
        row.id = state.next_pattern_id++;
        state.patterns.emplace(row.id, row);
        return row.id;
    }

    std::optional<WeeklyPattern> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state().patterns, organization_id, id));
    }

    std::vector<WeeklyPattern> List(Id organization_id, std::optional<Id> user_id) override {
        std::vector<WeeklyPattern> out;
        for (const auto& [id, pattern] : context_.state().patterns) {
            if (pattern.organization_id == organization_id && (!user_id || pattern.user_id == *user_id))
                out.push_back(pattern);
        }
        std::sort(out.begin(), out.end(), [](const WeeklyPattern& a, const WeeklyPattern& b) {
            return std::tie(a.user_id, a.start_date, a.id) < std::tie(b.user_id, b.start_date, b.id);
        });
        return out;
    }

    void Update(const WeeklyPattern& pattern) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), pattern.organization_id);
        WeeklyPattern* row = FindInOrganization(context_.state().patterns, pattern.organization_id, pattern.id);
        if (row == nullptr) return;
        RequireUser(context_.state(), pattern.user_id);
        row->user_id = pattern.user_id;
        row->start_date = pattern.start_date;
        row->end_date = pattern.end_date;
        row->days = pattern.days;
        row->position = pattern.position;
    }

    bool Delete(Id organization_id, Id id) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), organization_id);
        if (!FindInOrganization(context_.state().patterns, organization_id, id)) return false;
        for (const auto& [shift_id, shift] : context_.state().shifts) {
            if (shift.pattern_id == id) ConstraintFailed("FOREIGN KEY shift " + std::to_string(shift_id));
        }
        context_.state().patterns.erase(id);
        return true;
    }

private:
    Context& context_;
};

}  // namespace

std::unique_ptr<ShiftRepository> MakeRepository(Context& context, std::type_identity<ShiftRepository>) {
    return std::make_unique<InMemoryShiftRepository>(context);
}
template std::unique_ptr<ShiftRepository> MakeInMemoryRepository<ShiftRepository>(Context& context);
std::unique_ptr<PatternRepository> MakeRepository(Context& context, std::type_identity<PatternRepository>) {
    return std::make_unique<InMemoryPatternRepository>(context);
}
template std::unique_ptr<PatternRepository> MakeInMemoryRepository<PatternRepository>(Context& context);

}  // namespace shiftsync::in_memory
