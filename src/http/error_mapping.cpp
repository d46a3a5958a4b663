#include "http/error_mapping.hpp"

#include <string>

#include "http/problem.hpp"

namespace shiftsync::http {
namespace {

struct ProblemKind {
    int status;
    std::string_view slug;
    std::string_view title;
};

ProblemKind KindOf(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformed: return {400, "malformed-request", "Malformed request"};
        case ErrorCode::kInvalidInput: return {422, "invalid-input", "Invalid input"};
        case ErrorCode::kUnauthenticated: return {401, "unauthenticated", "Not signed in"};
        case ErrorCode::kInvalidCredentials: return {401, "invalid-credentials", "Wrong email or password"};
        case ErrorCode::kForbidden: return {403, "forbidden", "Not allowed"};
        case ErrorCode::kRegistrationClosed: return {403, "registration-closed", "Registration closed"};
        case ErrorCode::kNotFound: return {404, "not-found", "Not found"};
        case ErrorCode::kConflict: return {409, "conflict", "Conflict"};
        case ErrorCode::kEmailTaken: return {409, "email-taken", "Email already registered"};
        case ErrorCode::kShiftOverlap: return {409, "shift-overlap", "Overlapping shift"};
        case ErrorCode::kGone: return {410, "invitation-gone", "Invitation no longer valid"};
        case ErrorCode::kTooManyRequests: return {429, "too-many-requests", "Too many requests"};
        case ErrorCode::kUnavailable: return {503, "service-busy", "Service busy"};
        case ErrorCode::kInvalidPicture: return {422, "invalid-picture", "Not a usable picture"};
        case ErrorCode::kUnsupportedMediaType: return {415, "unsupported-media-type", "Unsupported media type"};
        case ErrorCode::kPayloadTooLarge: return {413, "payload-too-large", "Payload too large"};
        case ErrorCode::kResetLinkGone: return {410, "reset-link-gone", "Reset link no longer valid"};
    }
    return {500, "internal-error", "Internal error"};
}

ProblemKind KindOf(HttpFailure failure) {
    switch (failure) {
        case HttpFailure::kMethodNotAllowed: return {405, "method-not-allowed", "Method not allowed"};
        case HttpFailure::kCsrfCheckFailed: return {403, "csrf-check-failed", "Cross-site request refused"};
        case HttpFailure::kHeaderTooLarge: return {431, "header-too-large", "Header too large"};
        case HttpFailure::kNotReady: return {503, "not-ready", "Not ready"};
        case HttpFailure::kInternalError: return {500, "internal-error", "Internal error"};
    }
    return {500, "internal-error", "Internal error"};
}

}  // namespace

Response ProblemFromError(const Error& error) {
    const ProblemKind kind = KindOf(error.code);
    Response response =
        Problem(kind.status, kind.slug, kind.title, error.detail, ProblemFields{error.field, error.conflicting_id});
    if (error.retry_after_seconds > 0) response.AddHeader("Retry-After", std::to_string(error.retry_after_seconds));
    return response;
}

Response ProblemFromFailure(HttpFailure failure, std::string_view detail) {
    const ProblemKind kind = KindOf(failure);
    return Problem(kind.status, kind.slug, kind.title, detail);
}

}  // namespace shiftsync::http
