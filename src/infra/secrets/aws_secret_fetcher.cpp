// Kept apart from load_secrets.cpp so code that never reaches AWS (the loader's tests) does not
// link the AWS client.
#include "infra/aws/secrets_manager.hpp"
#include "infra/secrets/load_secrets.hpp"

namespace shiftsync {

AwsSecretFetcher MakeSecretsManagerFetcher() {
    return [](const AwsSecretConfig& aws) {
        SecretsManagerOptions options;
        options.secret_id = aws.secret_id;
        options.region = aws.region;
        options.endpoint = aws.endpoint;
        options.ca_file = aws.ca_file.string();
        return GetSecretString(options, ResolveAwsCredentials(AwsProcessEnvironment()));
    };
}

}  // namespace shiftsync
