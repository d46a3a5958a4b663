#include "app/password_policy.hpp"

#include "domain/validation.hpp"

namespace shiftsync {

Status CheckNewPassword(std::string_view password, const CommonPasswords& common) {
    if (auto shape = ValidatePasswordShape(password); !shape) return shape;
    if (common.Contains(password))
        return Error::Invalid("this password is too common; choose a longer or less predictable one", "password");
    return Ok();
}

}  // namespace shiftsync
