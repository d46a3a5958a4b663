#include "http/openapi_document.hpp"

namespace shiftsync::embedded {
extern const std::string_view kOpenApiJson;  // generated from docs/openapi.json
}

namespace shiftsync::http {

std::string_view OpenApiDocument() { return embedded::kOpenApiJson; }

}  // namespace shiftsync::http
