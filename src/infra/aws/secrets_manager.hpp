#pragma once
// AWS Secrets Manager's GetSecretValue over HTTPS, signed with libcurl's built-in AWS Signature
// Version 4 (CURLOPT_AWS_SIGV4).
#include <chrono>
#include <string>

#include "infra/aws/aws_credentials.hpp"

namespace shiftsync {

struct SecretsManagerOptions {
    std::string secret_id;             // name or ARN of the secret
    std::string region;                // e.g. "eu-west-1"
    std::string endpoint;              // empty: https://secretsmanager.<region>.amazonaws.com
    std::string ca_file;               // empty: the system's CA bundle; else a PEM file to trust instead
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
