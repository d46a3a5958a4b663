#include "infra/db/sql_unit_of_work.hpp"

#include <type_traits>
#include <utility>

namespace shiftsync::db {
namespace {

class SqlUnitOfWork final : public UnitOfWork {
public:
    SqlUnitOfWork(std::unique_ptr<SqlTransaction> transaction, const DialectTraits& dialect)
        : transaction_(std::move(transaction)),
          repositories_(MakeRepositories([this, &dialect]<typename Port>(std::type_identity<Port>) {
              return MakeSqlRepository<Port>(transaction_->connection(), dialect);
          })) {}

    void LockUserSchedule(Id organization_id, Id user_id) override {
        transaction_->LockUserSchedule(organization_id, user_id);
    }
    void LockOrganization(Id organization_id) override { transaction_->LockOrganization(organization_id); }
    void Commit() override { transaction_->Commit(); }

private:
    Repositories& repositories() override { return repositories_; }

    std::unique_ptr<SqlTransaction> transaction_;
    Repositories repositories_;  // declared after transaction_: destroyed while its connection is still held
};

}  // namespace

std::unique_ptr<UnitOfWork> MakeSqlUnitOfWork(std::unique_ptr<SqlTransaction> transaction,
                                              const DialectTraits& dialect) {
    return std::make_unique<SqlUnitOfWork>(std::move(transaction), dialect);
}

}  // namespace shiftsync::db
