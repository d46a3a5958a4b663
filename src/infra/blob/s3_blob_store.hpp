#pragma once
// Blobs in an S3-compatible bucket (AWS S3, MinIO, Ceph, s3rver), through libcurl with its
// built-in AWS Signature Version 4 signing (CURLOPT_AWS_SIGV4).
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "app/ports/blob_store.hpp"
#include "infra/aws/aws_credentials.hpp"

namespace shiftsync {

struct S3Options {
    std::string endpoint;  // "https://s3.eu-west-1.amazonaws.com" or "http://127.0.0.1:9000"
    std::string region = "us-east-1";
    std::string bucket;
    bool path_style = false;  // endpoint/bucket/key (MinIO, s3rver) instead of bucket.endpoint/key
    std::string access_key_id;
    std::string secret_access_key;  // from the secrets; never logged, never in an error message
    // When set, asked before each request instead of the two keys above (which must then be empty):
    // the instance role's temporary credentials, renewed by RefreshingAwsCredentials. Thread-safe.
    std::function<AwsCredentials()> credentials;
    std::chrono::seconds timeout{30};  // whole request
};

// Validates the options (endpoint is an http(s) URL without path, query or credentials; bucket is a
// valid S3 bucket name; either both keys or `credentials`) and throws std::invalid_argument naming the bad option
// otherwise. Does not contact the server.
//   Put    -> PUT with Content-Type, Content-Length and x-amz-content-sha256 of the body; 200 = stored.
//   Get    -> GET; 200 = bytes, 404 (NoSuchKey) = nullopt.
//   Delete -> DELETE; 204/200/404 = done.
// Any other status, a transport error or a timeout throws BlobStoreError naming the operation, key and
// status (the response body's S3 error Code if there is one), never a credential. Retries a request
// once on a transport error or 5xx. Thread-safe (one curl easy handle per call, or per thread).
std::unique_ptr<BlobStore> MakeS3BlobStore(S3Options options);

}  // namespace shiftsync
