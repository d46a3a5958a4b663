#pragma once
// The one table from expected failures (domain/error.hpp) to HTTP problems.
#include "domain/error.hpp"
#include "http/message.hpp"

namespace shiftsync::http {

Response ProblemFromError(const Error& error);

}  // namespace shiftsync::http
