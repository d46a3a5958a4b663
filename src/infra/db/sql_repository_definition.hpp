#pragma once
// For the SQL repository files only: how each defines MakeSqlRepository<Port>
// (sql_repositories.hpp) without a list of repositories anywhere. A file defines, in
// shiftsync::db, the overload of MakeRepository for its port and then instantiates
// MakeSqlRepository for it:
//
//   std::unique_ptr<FooRepository> MakeRepository(Connection& sql, const DialectTraits& dialect,
//                                                 std::type_identity<FooRepository>) { ... }
//   template std::unique_ptr<FooRepository> MakeSqlRepository<FooRepository>(Connection& sql,
//                                                                              const DialectTraits& dialect);
//
// SqlUnitOfWork calls MakeSqlRepository<FooRepository>, which only that instantiation defines; a
// port nobody instantiates fails to link. (Not included by SqlUnitOfWork: there the overloads are
// not declared, so the template must not be instantiated there.)
#include <memory>
#include <type_traits>

#include "infra/db/sql_repositories.hpp"

namespace shiftsync::db {

template <typename Port>
std::unique_ptr<Port> MakeSqlRepository(Connection& sql, const DialectTraits& dialect) {
    // Found by argument-dependent lookup where the repository file instantiates this.
    return MakeRepository(sql, dialect, std::type_identity<Port>{});
}

}  // namespace shiftsync::db
