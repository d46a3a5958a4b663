#pragma once
// The unit of work both SQL backends hand out: it holds the SQL repositories (made once, here,
// for every port in Repositories) over the connection of a backend's transaction, and leaves the
// backend only what differs between databases: how a transaction begins, locks, commits and
// rolls back. Internal to infra/db.
#include <memory>

#include "app/ports/unit_of_work.hpp"
#include "infra/db/connection.hpp"
#include "infra/db/sql_repositories.hpp"

namespace shiftsync::db {

// One backend's transaction on one leased connection. Its constructor begins it (as the unit of
// work's TransactionMode says) and throws if it cannot; its destructor rolls back what was not
// committed, never throws, and gives the connection back.
class SqlTransaction {
public:
    virtual ~SqlTransaction() = default;
    // The connection the repositories run on; lives as long as this transaction.
    virtual Connection& connection() = 0;
    // As UnitOfWork::LockUserSchedule and UnitOfWork::LockOrganization.
    virtual void LockUserSchedule(Id organization_id, Id user_id) = 0;
    virtual void LockOrganization(Id organization_id) = 0;
    // As UnitOfWork::Commit.
    virtual void Commit() = 0;
};

// A unit of work over `transaction`, whose repositories run on its connection with `dialect`
// (which must outlive it). The repositories are destroyed before the transaction ends.
std::unique_ptr<UnitOfWork> MakeSqlUnitOfWork(std::unique_ptr<SqlTransaction> transaction,
                                              const DialectTraits& dialect);

}  // namespace shiftsync::db
