#pragma once
// For the in-memory repository files only: how each defines MakeInMemoryRepository<Port>
// (in_memory_repositories.hpp) without a list of repositories anywhere. A file defines, in
// shiftsync::in_memory, the overload of MakeRepository for its port and then instantiates
// MakeInMemoryRepository for it:
//
//   std::unique_ptr<FooRepository> MakeRepository(Context& context, std::type_identity<FooRepository>) { ... }
//   template std::unique_ptr<FooRepository> MakeInMemoryRepository<FooRepository>(Context& context);
//
// (Not included by the unit of work, where the overloads are not declared.)
#include <memory>
#include <type_traits>

#include "testing/in_memory_repositories.hpp"

namespace shiftsync::in_memory {

template <typename Port>
std::unique_ptr<Port> MakeInMemoryRepository(Context& context) {
    // Found by argument-dependent lookup where the repository file instantiates this.
    return MakeRepository(context, std::type_identity<Port>{});
}

}  // namespace shiftsync::in_memory
