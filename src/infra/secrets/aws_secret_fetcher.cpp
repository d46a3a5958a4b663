// Kept apart from load_secrets.cpp so code that never reaches AWS (the loader's tests) does not
// link the AWS client.
#include <cstdlib>

#include "infra/aws/secrets_manager.hpp"
#include "infra/secrets/load_secrets.hpp"

namespace shiftsync {

AwsSecretFetcher MakeSecretsManagerFetcher() {
    return [](const AwsSecretConfig& aws) {
        // Only what ResolveAwsCredentials reads: the rest of the environment stays out of reach.
        std::map<std::string, std::string> environment;
        for (const char* name : {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                                 "AWS_EC2_METADATA_SERVICE_ENDPOINT"}) {
            if (const char* value = std::getenv(name)) environment.emplace(name, value);
        }
        SecretsManagerOptions options;
        options.secret_id = aws.secret_id;
        options.region = aws.region;
        options.endpoint = aws.endpoint;
        options.ca_file = aws.ca_file.string();
        return GetSecretString(options, ResolveAwsCredentials(environment));
    };
}

}  // namespace shiftsync
