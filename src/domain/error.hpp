#pragma once
// Expected failures of a use case, as values. Infrastructure failures are exceptions;
// programmer errors are asserts. The one mapping to HTTP lives in http/error_mapping.
#include <string>

namespace shiftsync {

enum class ErrorCode {
    kMalformed,        // input that cannot be read at all: not JSON, an unparsable query (400)
    kInvalidInput,     // a value breaks a rule (422)
    kUnauthenticated,  // no or bad credentials (401)
    kForbidden,        // signed in but the role may not do this (403)
    kNotFound,         // absent, or belongs to another organisation (404)
    kConflict,         // clashes with stored state: overlap, duplicate email (409)
    kGone,             // an invitation used up or expired (410)
    kTooManyRequests,  // throttled (429); Error::retry_after_seconds says for how long
    kUnavailable,      // a bounded pool is full (503)
    // Finer kinds that clients act on differently (each has its own problem type).
    kInvalidCredentials,    // login failed, whatever the reason (401)
    kEmailTaken,            // the email is registered already (409)
    kShiftOverlap,          // the employee already works then; Error::conflicting_id (409)
    kRegistrationClosed,    // creating organisations is switched off (403)
    kInvalidPicture,        // an upload that is not a usable JPEG, PNG or WebP image (422)
    kUnsupportedMediaType,  // a body of a type the operation does not take (415)
    kPayloadTooLarge,       // a body, or a part of one, over its limit (413)
    kResetLinkGone,         // a password reset link used already or expired (410)
};

struct Error {
    ErrorCode code;
    std::string detail;  // safe to show to the caller; never internal messages
    std::string field;   // the offending input field, if any ("email", "days.monday.start")
    long retry_after_seconds = 0;
    long long conflicting_id = 0;  // for kConflict on overlaps: the shift that clashes

    static Error Malformed(std::string detail, std::string field = {}) {
        return {ErrorCode::kMalformed, std::move(detail), std::move(field)};
    }
    static Error Invalid(std::string detail, std::string field = {}) {
        return {ErrorCode::kInvalidInput, std::move(detail), std::move(field)};
    }
    static Error NotFound(std::string detail) { return {ErrorCode::kNotFound, std::move(detail), {}}; }
    static Error Forbidden(std::string detail) { return {ErrorCode::kForbidden, std::move(detail), {}}; }
    static Error Conflict(std::string detail) { return {ErrorCode::kConflict, std::move(detail), {}}; }
    static Error Unauthenticated(std::string detail) { return {ErrorCode::kUnauthenticated, std::move(detail), {}}; }
};

}  // namespace shiftsync
