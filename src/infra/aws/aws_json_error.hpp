#pragma once
// The error body of AWS's JSON protocols: {"__type": "...", "message": "..."}.
#include <string>
#include <string_view>

namespace shiftsync {

struct AwsJsonError {
    std::string type;     // e.g. "ResourceNotFoundException"; empty when the body is not one
    std::string message;  // "message" or "Message", empty if absent
};

// Parses `body` leniently: a namespace prefix ("com.amazon.coral.service#X") or a ":http://..."
// suffix on __type is dropped; only printable ASCII is kept and the message is cut at 300
// characters, so a strange body cannot smuggle control characters into a log line.
AwsJsonError ParseAwsJsonError(std::string_view body);

}  // namespace shiftsync
