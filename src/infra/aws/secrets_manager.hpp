#pragma once
// AWS Secrets Manager's GetSecretValue over HTTPS, signed with libcurl's built-in AWS Signature
// Version 4 (CURLOPT_AWS_SIGV4), and the credentials it signs with.
#include <chrono>
#include <map>
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

struct SecretsManagerOptions {
    std::string secret_id;       // name or ARN of the secret
    std::string region;          // e.g. "eu-west-1"
    std::string endpoint;        // empty: https://secretsmanager.<region>.amazonaws.com
    std::string ca_file;         // empty: the system's CA bundle; else a PEM file to trust instead
    std::chrono::seconds timeout{10};  // whole request
};

// POST / with X-Amz-Target: secretsmanager.GetSecretValue, Content-Type:
// application/x-amz-json-1.1 and body {"SecretId": ...}, signed for service "secretsmanager" in
// options.region. Returns the SecretString of the answer (the caller parses it; Shift-Sync's
// secret holds a JSON object). Refuses a secret that has only SecretBinary. Retries once on a
// transport error or 5xx. Throws std::invalid_argument for bad options (empty id or region, an
// endpoint that is not an http(s) URL without path/query/credentials; plain http only for
// loopback addresses; a ca_file that is not a file; a non-positive timeout) and for credentials
// without a key id or secret key, before sending anything; AwsError for everything else. The
// timeout covers both attempts. Blocks on network I/O.
std::string GetSecretString(const SecretsManagerOptions& options, const AwsCredentials& credentials);

}  // namespace shiftsync
