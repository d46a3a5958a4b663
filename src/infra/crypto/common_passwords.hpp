#pragma once
// CommonPasswords backed by the list kept in src/infra/crypto/common-passwords.txt.
#include <memory>

#include "app/ports/system.hpp"

namespace shiftsync {

// The list is compiled into the binary (see generate_common_passwords.py for how it was made), so
// nothing is read at run time. Contains() compares ASCII case-insensitively and is an exact match
// of the whole password. Construction indexes ~75k entries (a few milliseconds, a few MiB); keep
// one instance. Thread-safe.
std::unique_ptr<CommonPasswords> MakeCommonPasswords();

}  // namespace shiftsync
