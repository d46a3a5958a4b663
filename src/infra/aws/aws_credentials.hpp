#pragma once
// AWS credentials: where they come from (the environment, the EC2 instance role) and a cache that
// renews the instance role's temporary ones before they expire.
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>

namespace shiftsync {

// A failure to reach or use AWS, meant for the operator: names the endpoint, the HTTP status and
// AWS's error type (e.g. "ResourceNotFoundException"), never a credential or a secret value.
class AwsError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct AwsCredentials {
    std::string access_key_id;
    std::string secret_access_key;  // never logged
    std::string session_token;      // empty for long-term keys; sent as X-Amz-Security-Token
    // When temporary credentials stop working (the instance role's "Expiration"); the epoch for
    // long-term keys, which do not expire.
    std::chrono::system_clock::time_point expires_at{};
};

// The credentials of this process, from the first of:
//   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) in `environment`;
//   2. the EC2 instance role through IMDSv2 (PUT /latest/api/token, then
//      GET /latest/meta-data/iam/security-credentials/ and .../<role>), at
//      AWS_EC2_METADATA_SERVICE_ENDPOINT from `environment` when set (as botocore reads it),
//      else http://169.254.169.254, with a short timeout (2 s per request); skipped when
//      AWS_EC2_METADATA_DISABLED=true (as botocore does).
// `environment` is the whole process environment (name -> value). Throws AwsError when neither
// gives credentials, and when only one of the two key variables is set (a mistake to report, not
// a reason to try the instance role). Blocks on network I/O (only when the environment has none).
AwsCredentials ResolveAwsCredentials(const std::map<std::string, std::string>& environment);

// The variables of this process that ResolveAwsCredentials reads (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_EC2_METADATA_SERVICE_ENDPOINT,
// AWS_EC2_METADATA_DISABLED), and no others.
std::map<std::string, std::string> AwsProcessEnvironment();

// Hands out credentials from `fetch` (typically ResolveAwsCredentials), fetching again once fewer
// than `renew_before` remain before they expire; long-term keys are fetched once. When renewing
// fails while the cached ones still work, those are used and renewal is tried on the next call;
// once they have expired, the failure (AwsError) reaches the caller. Thread-safe: one fetch at a
// time, others wait for it. Blocks while fetching.
class RefreshingAwsCredentials {
public:
    using Fetch = std::function<AwsCredentials()>;
    using Now = std::function<std::chrono::system_clock::time_point()>;
    explicit RefreshingAwsCredentials(Fetch fetch, Now now = std::chrono::system_clock::now,
                                      std::chrono::seconds renew_before = std::chrono::minutes{5});
    AwsCredentials Get();

private:
    Fetch fetch_;
    Now now_;
    std::chrono::seconds renew_before_;
    std::mutex mutex_;
    std::optional<AwsCredentials> cached_;
};

}  // namespace shiftsync
