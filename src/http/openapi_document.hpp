#pragma once
#include <string_view>

namespace shiftsync::http {

// docs/openapi.json, embedded at build time (see src/http/CMakeLists.txt).
std::string_view OpenApiDocument();

}  // namespace shiftsync::http
