#pragma once
// RFC 9457 problem details. `type` is a stable URI the API documents; `detail` is for
// people and never carries internal messages.
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace shiftsync::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// type becomes "https://shiftsync.dev/problems/<slug>".
struct ProblemFields {
    std::string_view field;        // optional "field" extension member
    long long conflicting_id = 0;  // optional "conflicting_shift_id" member (0: absent)
};
Response Problem(int status, std::string_view slug, std::string_view title, std::string_view detail,
                 ProblemFields extra = {});

}  // namespace shiftsync::http
