#pragma once
#include <string_view>

#include "app/ports/system.hpp"
#include "domain/result.hpp"

namespace shiftsync {

// OWASP ASVS V2.1: 12-128 characters of anything, no composition rules, not a common password.
Status CheckNewPassword(std::string_view password, const CommonPasswords& common);

}  // namespace shiftsync
