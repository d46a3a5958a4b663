// The in-memory PasswordResetRepository: the same rules as the SQL adapter (unique token hashes,
// foreign keys, single use).
#include <memory>
#include <type_traits>

#include "testing/in_memory_repository_definition.hpp"

namespace shiftsync::in_memory {
namespace {

class InMemoryPasswordResetRepository final : public PasswordResetRepository {
public:
    explicit InMemoryPasswordResetRepository(Context& context) : context_(context) {}

    Id Create(const PasswordReset& reset) override {
        context_.RequireWritable();
        State& state = context_.state();
        RequireOrganization(state, reset.organization_id);
        RequireUser(state, reset.user_id);
        if (reset.requested_by) RequireUser(state, *reset.requested_by);
        for (const auto& [id, row] : state.password_resets) {
            if (row.token_hash == reset.token_hash) ConstraintFailed("UNIQUE password_resets.token_hash");
        }
        PasswordReset row = reset;
        row.id = state.next_password_reset_id++;
        row.used_at.reset();
        state.password_resets.emplace(row.id, row);
        return row.id;
    }

    std::optional<PasswordReset> FindByTokenHash(const std::string& token_hash) override {
        for (const auto& [id, row] : context_.state().password_resets) {
            if (row.token_hash == token_hash) return row;
        }
        return std::nullopt;
    }

    bool MarkUsed(Id id, Instant at) override {
        context_.RequireWritable();
        auto it = context_.state().password_resets.find(id);
        if (it == context_.state().password_resets.end() || it->second.used_at) return false;
        it->second.used_at = at;
        return true;
    }

    int MarkAllUsed(Id user_id, Instant at) override {
        context_.RequireWritable();
        int marked = 0;
        for (auto& [id, row] : context_.state().password_resets) {
            if (row.user_id != user_id || row.used_at) continue;
            row.used_at = at;
            ++marked;
        }
        return marked;
    }

    int PurgeExpiredBefore(Instant before) override {
        context_.RequireWritable();
        return static_cast<int>(std::erase_if(context_.state().password_resets,
                                              [&](const auto& entry) { return entry.second.expires_at < before; }));
    }

private:
    Context& context_;
};

}  // namespace

std::unique_ptr<PasswordResetRepository> MakeRepository(Context& context, std::type_identity<PasswordResetRepository>) {
    return std::make_unique<InMemoryPasswordResetRepository>(context);
}
template std::unique_ptr<PasswordResetRepository> MakeInMemoryRepository<PasswordResetRepository>(Context& context);

}  // namespace shiftsync::in_memory
