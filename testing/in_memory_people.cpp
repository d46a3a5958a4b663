// The in-memory organisations, users and invitations (see in_memory_database.hpp).
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

// Same rule as the SQL adapter's users.email_key: ASCII lower-case of the whole address.
std::string EmailStorageKey(const std::string& email) {
    std::string key = email;
    for (char& c : key) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return key;
}

class InMemoryOrganizationRepository final : public OrganizationRepository {
public:
    explicit InMemoryOrganizationRepository(Context& context) : context_(context) {}

    Id Create(const Organization& org) override {
        context_.RequireWritable();
        State& state = context_.state();
        Organization row = org;
        row.id = state.next_organization_id++;
        row.schedule_revision = 0;
        state.organizations.emplace(row.id, row);
        return row.id;
    }

    std::optional<Organization> FindById(Id id) override {
        auto it = context_.state().organizations.find(id);
        if (it == context_.state().organizations.end()) return std::nullopt;
        return it->second;
    }

    void Update(const Organization& org) override {
        context_.RequireWritable();
        auto it = context_.state().organizations.find(org.id);
        if (it == context_.state().organizations.end()) return;
        it->second.name = org.name;
        it->second.time_zone = org.time_zone;
        it->second.week_start = org.week_start;
        it->second.locale = org.locale;
        ++it->second.schedule_revision;
    }

private:
    Context& context_;
};

class InMemoryUserRepository final : public UserRepository {
public:
    explicit InMemoryUserRepository(Context& context) : context_(context) {}

    Result<Id> Create(const User& user) override {
        context_.RequireWritable();
        RaiseScheduleRevision(context_.state(), user.organization_id);
        State& state = context_.state();
        RequireOrganization(state, user.organization_id);
        if (EmailTakenBySomeoneElse(user.email, 0)) return Error::Conflict("email is already registered");
        User row = user;
        row.id = state.next_user_id++;
        state.users.emplace(row.id, row);
        return row.id;
    }

    std::optional<User> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state().users, organization_id, id));
    }

    std::optional<User> FindByIdAnyOrganization(Id id) override {
        auto it = context_.state().users.find(id);
        if (it == context_.state().users.end()) return std::nullopt;
        return it->second;
    }

    std::optional<SessionHolder> FindSessionHolder(Id user_id, const std::string& token_id) override {
        const State& state = context_.state();
        auto user = state.users.find(user_id);
        if (user == state.users.end()) return std::nullopt;
        return SessionHolder{user->second, state.organizations.at(user->second.organization_id),
                             state.revoked_tokens.contains(token_id)};
    }

    std::optional<User> FindByEmail(const std::string& email) override {
        const std::string key = EmailStorageKey(email);
        for (const auto& [id, user] : context_.state().users) {
            if (EmailStorageKey(user.email) == key) return user;
        }
        return std::nullopt;
    }

    std::vector<User> List(Id organization_id, bool include_inactive) override {
        std::vector<User> out;
        for (const auto& [id, user] : context_.state().users) {
            if (user.organization_id == organization_id && (include_inactive || user.active)) out.push_back(user);
        }
        std::sort(out.begin(), out.end(),
                  [](const User& a, const User& b) { return std::tie(a.name, a.id) < std::tie(b.name, b.id); });
        return out;
    }

    std::vector<User> ListPage(Id organization_id, bool include_inactive,
                               const std::optional<RowPosition<std::string>>& after, int limit) override {
        return FirstAfter(List(organization_id, include_inactive), after, limit,
                          [](const User& user) { return std::tie(user.name, user.id); });
    }

    Status Update(const User& user) override {
        context_.RequireWritable();
        User* row = FindInOrganization(context_.state().users, user.organization_id, user.id);
        if (row == nullptr) return Error::NotFound("user not found");
        if (EmailTakenBySomeoneElse(user.email, user.id)) return Error::Conflict("email is already registered");
        row->name = user.name;
        row->email = user.email;
        row->password_hash = user.password_hash;
        row->position = user.position;
        row->role = user.role;
        row->active = user.active;
        row->token_version = user.token_version;
        row->picture_id = user.picture_id;
        row->email_notifications = user.email_notifications;
        RaiseScheduleRevision(context_.state(), user.organization_id);
        return Ok();
    }

    int CountActiveOwners(Id organization_id) override {
        return static_cast<int>(
            std::count_if(context_.state().users.begin(), context_.state().users.end(), [&](const auto& entry) {
                const User& user = entry.second;
                return user.organization_id == organization_id && user.role == Role::kOwner && user.active;
            }));
    }

private:
    bool EmailTakenBySomeoneElse(const std::string& email, Id self) const {
        const std::string key = EmailStorageKey(email);
        return std::any_of(context_.state().users.begin(), context_.state().users.end(), [&](const auto& entry) {
            return entry.first != self && EmailStorageKey(entry.second.email) == key;
        });
    }

    Context& context_;
};

class InMemoryInvitationRepository final : public InvitationRepository {
public:
    explicit InMemoryInvitationRepository(Context& context) : context_(context) {}

    Id Create(const Invitation& invitation) override {
        context_.RequireWritable();
        State& state = context_.state();
        RequireOrganization(state, invitation.organization_id);
        RequireUser(state, invitation.invited_by);
        if (FindByTokenHash(invitation.token_hash)) ConstraintFailed("UNIQUE invitations.token_hash");
        Invitation row = invitation;
        row.id = state.next_invitation_id++;
        state.invitations.emplace(row.id, row);
        return row.id;
    }

    std::optional<Invitation> FindByTokenHash(const std::string& token_hash) override {
        for (const auto& [id, invitation] : context_.state().invitations) {
            if (invitation.token_hash == token_hash) return invitation;
        }
        return std::nullopt;
    }

    std::optional<Invitation> FindById(Id organization_id, Id id) override {
        return CopyOf(FindInOrganization(context_.state().invitations, organization_id, id));
    }

    std::vector<Invitation> ListPending(Id organization_id, Instant now) override {
        std::vector<Invitation> out;
        for (const auto& [id, invitation] : context_.state().invitations) {
            if (invitation.organization_id == organization_id && !invitation.accepted_at && invitation.expires_at > now)
                out.push_back(invitation);
        }
        std::sort(out.begin(), out.end(), [](const Invitation& a, const Invitation& b) {
            return std::tie(a.created_at, a.id) > std::tie(b.created_at, b.id);
        });
        return out;
    }

    std::vector<Invitation> ListPendingPage(Id organization_id, Instant now,
                                            const std::optional<RowPosition<Instant>>& before, int limit) override {
        return FirstAfter(
            ListPending(organization_id, now), before, limit,
            [](const Invitation& invitation) { return std::tie(invitation.created_at, invitation.id); },
            /*newest_first=*/true);
    }

    bool MarkAccepted(Id id, Instant at) override {
        context_.RequireWritable();
        auto it = context_.state().invitations.find(id);
        if (it == context_.state().invitations.end() || it->second.accepted_at) return false;
        it->second.accepted_at = at;
        return true;
    }

    bool Delete(Id organization_id, Id id) override {
        context_.RequireWritable();
        if (!FindInOrganization(context_.state().invitations, organization_id, id)) return false;
        context_.state().invitations.erase(id);
        return true;
    }

private:
    Context& context_;
};

}  // namespace

std::unique_ptr<OrganizationRepository> MakeRepository(Context& context, std::type_identity<OrganizationRepository>) {
    return std::make_unique<InMemoryOrganizationRepository>(context);
}
template std::unique_ptr<OrganizationRepository> MakeInMemoryRepository<OrganizationRepository>(Context& context);
std::unique_ptr<UserRepository> MakeRepository(Context& context, std::type_identity<UserRepository>) {
    return std::make_unique<InMemoryUserRepository>(context);
}
template std::unique_ptr<UserRepository> MakeInMemoryRepository<UserRepository>(Context& context);
std::unique_ptr<InvitationRepository> MakeRepository(Context& context, std::type_identity<InvitationRepository>) {
    return std::make_unique<InMemoryInvitationRepository>(context);
}
template std::unique_ptr<InvitationRepository> MakeInMemoryRepository<InvitationRepository>(Context& context);

}  // namespace shiftsync::in_memory
