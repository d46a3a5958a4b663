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

struct InvitationRow {
    Id id = 0;
    Id organization_id = 0;
    std::string email;
    std::string role;
    std::string position;
    std::string token_hash;
    Id invited_by = 0;
    std::int64_t created_at = 0;
    std::int64_t expires_at = 0;
    std::optional<std::int64_t> accepted_at;
};

void BindInto(soci::statement& statement, InvitationRow& row) {
    statement.exchange(soci::into(row.id));
    statement.exchange(soci::into(row.organization_id));
    statement.exchange(soci::into(row.email));
    statement.exchange(soci::into(row.role));
    statement.exchange(soci::into(row.position));
    statement.exchange(soci::into(row.token_hash));
    statement.exchange(soci::into(row.invited_by));
    statement.exchange(soci::into(row.created_at));
    statement.exchange(soci::into(row.expires_at));
    statement.exchange(soci::into(row.accepted_at));
}

Invitation ToDomain(const InvitationRow& row) {
    return Invitation{row.id,
                      row.organization_id,
                      row.email,
                      ParseRoleText(row.role),
                      row.position,
                      row.token_hash,
                      row.invited_by,
                      FromUnix(row.created_at),
                      FromUnix(row.expires_at),
                      FromUnix(row.accepted_at)};
}

const std::string kSelectInvitation =
    "SELECT id, organization_id, email, role, position, token_hash, invited_by, created_at, expires_at, accepted_at "
    "FROM invitations ";

class SqlInvitationRepository final : public InvitationRepository {
public:
    explicit SqlInvitationRepository(Connection& sql) : sql_(sql) {}

    Id Create(const Invitation& invitation) override {
        return QueryValue<Id>(
            sql_,
            "INSERT INTO invitations (organization_id, email, role, position, token_hash, invited_by, "
            "created_at, expires_at, accepted_at) VALUES (:organization_id, :email, :role, "
            ":position, :token_hash, :invited_by, :created_at, :expires_at, :accepted_at) "
            "RETURNING id",
            invitation.organization_id, invitation.email, RoleText(invitation.role), invitation.position,
            invitation.token_hash, invitation.invited_by, ToUnix(invitation.created_at), ToUnix(invitation.expires_at),
            ToUnix(invitation.accepted_at));
    }

    std::optional<Invitation> FindByTokenHash(const std::string& token_hash) override {
        return Find(kSelectInvitation + "WHERE token_hash = :token_hash", token_hash);
    }

    std::optional<Invitation> FindById(Id organization_id, Id id) override {
        return Find(kSelectInvitation + "WHERE id = :id AND organization_id = :organization_id", id, organization_id);
    }

    std::vector<Invitation> ListPending(Id organization_id, Instant now) override {
        return ToDomainAll<Invitation>(QueryRows<InvitationRow>(
            sql_,
            kSelectInvitation +
                "WHERE organization_id = :organization_id AND accepted_at IS NULL AND expires_at > :now "
                "ORDER BY created_at DESC, id DESC",
            organization_id, ToUnix(now)));
    }

    std::vector<Invitation> ListPendingPage(Id organization_id, Instant now,
                                            const std::optional<RowPosition<Instant>>& before, int limit) override {
        const std::string pending =
            "WHERE organization_id = :organization_id AND accepted_at IS NULL AND expires_at > :now ";
        const std::string order = "ORDER BY created_at DESC, id DESC LIMIT :limit";
        if (!before) {
            return ToDomainAll<Invitation>(QueryRows<InvitationRow>(sql_, kSelectInvitation + pending + order,
                                                                    organization_id, ToUnix(now), limit));
        }
        return ToDomainAll<Invitation>(QueryRows<InvitationRow>(
            sql_, kSelectInvitation + pending + "AND " + KeysetCondition("created_at", true) + order, organization_id,
            ToUnix(now), ToUnix(before->key), before->id, limit));
    }

    // One conditional UPDATE: of two racing acceptances only one can change the row.
    bool MarkAccepted(Id id, Instant at) override {
        return Execute(sql_, "UPDATE invitations SET accepted_at = :at WHERE id = :id AND accepted_at IS NULL",
                       ToUnix(at), id) == 1;
    }

    bool Delete(Id organization_id, Id id) override {
        return Execute(sql_, "DELETE FROM invitations WHERE id = :id AND organization_id = :organization_id", id,
                       organization_id) == 1;
    }

private:
    template <typename... Params>
    std::optional<Invitation> Find(const std::string& query, const Params&... params) {
        auto row = QueryRow<InvitationRow>(sql_, query, params...);
        if (!row) return std::nullopt;
        return ToDomain(*row);
    }

    Connection& sql_;
};

}  // namespace

std::unique_ptr<InvitationRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
                                                     std::type_identity<InvitationRepository>) {
    return std::make_unique<SqlInvitationRepository>(sql);
}

template std::unique_ptr<InvitationRepository> MakeSqlRepository<InvitationRepository>(Connection& sql,
                                                                                       const DialectTraits& dialect);

}  // namespace shiftsync::db
