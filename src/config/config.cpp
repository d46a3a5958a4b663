#include "config/config.hpp"

#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>

#include "config/config_values.hpp"

extern char** environ;

namespace shiftsync {
namespace {

using namespace config_detail;

namespace fs = std::filesystem;
namespace json = boost::json;

constexpr std::uintmax_t kMaxConfigFileBytes = 1024 * 1024;
constexpr std::string_view kEnvPrefix = "SHIFTSYNC_";

enum class Kind { kText, kPath, kBool, kInteger };

struct Option {
    std::string_view flag;  // without the leading "--"
    std::string_view env;
    std::string_view file_key;  // empty: cannot be set in the config file
    Kind kind;
    std::string_view value_name;  // for help: HOST:PORT, DIR, N ...
    std::string_view default_text;
    std::string_view help;
    std::function<void(Config&, const std::string&, const Source&)> apply;
};

const std::vector<Option>& Options() {
    static const std::vector<Option> options = {
        {"listen", "SHIFTSYNC_LISTEN", "listen", Kind::kText, "HOST:PORT", "127.0.0.1:8080",
         "Address to serve HTTP on; IPv6 in brackets ([::1]:8080); port 0 picks a free port.", ApplyListen},
        {"data-dir", "SHIFTSYNC_DATA_DIR", "data_dir", Kind::kPath, "DIR", "data",
         "Database, uploads and the generated signing key live here.",
         [](Config& c, const std::string& v, const Source& s) { c.data_dir = ParsePath(v, s); }},
        {"database", "SHIFTSYNC_DATABASE", "database", Kind::kText, "URL", "sqlite (DATA_DIR/shiftsync.db)",
         "sqlite, or postgresql://[user@]host[:port]/dbname[?params]; the password is the secret database_password.",
         ApplyDatabase},
        {"config", "SHIFTSYNC_CONFIG", "", Kind::kPath, "FILE", "none",
         "JSON file with any of the settings below (keys as shown); never secrets.",
         [](Config&, const std::string&, const Source&) {}},
        {"secrets-file", "SHIFTSYNC_SECRETS_FILE", "secrets_file", Kind::kPath, "FILE", "none",
         "JSON file of secrets (token_key, token_lifetime_days, passwords...); must be mode 0600.",
         [](Config& c, const std::string& v, const Source& s) { c.secrets_file = ParsePath(v, s); }},
        {"credentials-dir", "SHIFTSYNC_CREDENTIALS_DIR", "credentials_dir", Kind::kPath, "DIR",
         "$CREDENTIALS_DIRECTORY if set", "systemd credentials: one file per secret, named as in the secrets file.",
         [](Config& c, const std::string& v, const Source& s) { c.credentials_dir = ParsePath(v, s); }},
        {"aws-secret-id", "SHIFTSYNC_AWS_SECRET_ID", "aws_secret_id", Kind::kText, "ID", "none",
         "Read secrets from this AWS Secrets Manager secret (name or ARN; a JSON object).",
         [](Config& c, const std::string& v, const Source&) { c.aws.secret_id = v; }},
        {"aws-region", "SHIFTSYNC_AWS_REGION", "aws_region", Kind::kText, "REGION", "--s3-region if set",
         "Region of the AWS secret.", [](Config& c, const std::string& v, const Source&) { c.aws.region = v; }},
        {"aws-secrets-endpoint", "SHIFTSYNC_AWS_SECRETS_ENDPOINT", "aws_secrets_endpoint", Kind::kText, "URL",
         "https://secretsmanager.REGION.amazonaws.com", "Secrets Manager endpoint (private endpoints, tests).",
         ApplyAwsSecretsEndpoint},
        {"aws-ca-file", "SHIFTSYNC_AWS_CA_FILE", "aws_ca_file", Kind::kPath, "FILE", "the system's CA bundle",
         "PEM file of the CAs trusted for the Secrets Manager endpoint.",
         [](Config& c, const std::string& v, const Source& s) { c.aws.ca_file = ParsePath(v, s); }},
        {"static-dir", "SHIFTSYNC_STATIC_DIR", "static_dir", Kind::kPath, "DIR", "web/dist of the source tree if built",
         "Files of the web app, served for paths outside /api.",
         [](Config& c, const std::string& v, const Source& s) { c.server.static_dir = ParsePath(v, s); }},
        {"public-url", "SHIFTSYNC_PUBLIC_URL", "public_url", Kind::kText, "URL", "http://HOST:PORT",
         "How users reach the service; used in links in emails.", ApplyPublicUrl},
        {"allow-new-organizations", "SHIFTSYNC_ALLOW_NEW_ORGANIZATIONS", "allow_new_organizations", Kind::kBool,
         "true|false", "true", "Whether anyone may sign up a new organisation.",
         [](Config& c, const std::string& v, const Source& s) { c.allow_new_organizations = ParseBool(v, s); }},
        {"secure-cookies", "SHIFTSYNC_SECURE_COOKIES", "secure_cookies", Kind::kBool, "true|false", "false",
         "Mark cookies Secure; set when users connect over HTTPS.",
         [](Config& c, const std::string& v, const Source& s) { c.server.secure_cookies = ParseBool(v, s); }},
        {"trusted-proxies", "SHIFTSYNC_TRUSTED_PROXIES", "trusted_proxies", Kind::kText, "LIST", "none",
         "Proxy addresses/CIDRs whose X-Forwarded-For/-Proto are believed, e.g. 10.0.0.0/8,127.0.0.1.",
         [](Config& c, const std::string& v, const Source&) { c.server.trusted_proxies = v; }},
        {"worker-threads", "SHIFTSYNC_WORKER_THREADS", "worker_threads", Kind::kInteger, "N", "4",
         "Threads for blocking work (1-64); also the database pool size.",
         [](Config& c, const std::string& v, const Source& s) {
             c.server.worker_threads = static_cast<int>(ParseInteger(v, s, 1, 64));
         }},
        {"hashing-threads", "SHIFTSYNC_HASHING_THREADS", "hashing_threads", Kind::kInteger, "N", "2",
         "Threads for password hashing (1-64), ~19 MiB each while busy.",
         [](Config& c, const std::string& v, const Source& s) {
             c.server.hashing_threads = static_cast<int>(ParseInteger(v, s, 1, 64));
         }},
        {"max-body-bytes", "SHIFTSYNC_MAX_BODY_BYTES", "max_body_bytes", Kind::kInteger, "N", "1048576",
         "Largest request body accepted (1 KiB to 64 MiB).",
         [](Config& c, const std::string& v, const Source& s) {
             c.server.max_body_bytes =
                 static_cast<std::size_t>(ParseInteger(v, s, 1024, 64 * 1024 * 1024, " bytes (1 KiB to 64 MiB)"));
         }},
        {"invitation-days", "SHIFTSYNC_INVITATION_DAYS", "invitation_days", Kind::kInteger, "N", "7",
         "Days an invitation link stays valid (1-90).",
         [](Config& c, const std::string& v, const Source& s) {
             c.invitation_lifetime_days = static_cast<int>(ParseInteger(v, s, 1, 90));
         }},
        {"password-reset-seconds", "SHIFTSYNC_PASSWORD_RESET_SECONDS", "password_reset_seconds", Kind::kInteger, "N",
         "3600", "Seconds a password reset link stays valid (1-86400).",
         [](Config& c, const std::string& v, const Source& s) {
             c.password_reset_lifetime = std::chrono::seconds{ParseInteger(v, s, 1, 86400)};
         }},
        {"log-level", "SHIFTSYNC_LOG_LEVEL", "log_level", Kind::kText, "LEVEL", "info",
         "trace, debug, info, warn or error.", ApplyLogLevel},
        {"smtp-url", "SHIFTSYNC_SMTP_URL", "smtp_url", Kind::kText, "URL", "none (.eml files in DATA_DIR/mail)",
         "SMTP relay: smtp://host:port (STARTTLS when offered) or smtps://host:port.", ApplySmtpUrl},
        {"smtp-username", "SHIFTSYNC_SMTP_USERNAME", "smtp_username", Kind::kText, "NAME", "none",
         "SMTP AUTH user; the password is the secret smtp_password.",
         [](Config& c, const std::string& v, const Source&) { c.mail.smtp_username = v; }},
        {"smtp-require-tls", "SHIFTSYNC_SMTP_REQUIRE_TLS", "smtp_require_tls", Kind::kBool, "true|false", "false",
         "Refuse to send over smtp:// unless STARTTLS succeeds.",
         [](Config& c, const std::string& v, const Source& s) { c.mail.smtp_require_tls = ParseBool(v, s); }},
        {"mail-from", "SHIFTSYNC_MAIL_FROM", "mail_from", Kind::kText, "ADDRESS", "shiftsync@localhost",
         "Sender address of every email (the organisation's name is shown as the sender name).", ApplyMailFrom},
        {"mail-max-attempts", "SHIFTSYNC_MAIL_MAX_ATTEMPTS", "mail_max_attempts", Kind::kInteger, "N", "8",
         "Delivery attempts before a message is dead (1-50).",
         [](Config& c, const std::string& v, const Source& s) {
             c.mail.max_attempts = static_cast<int>(ParseInteger(v, s, 1, 50));
         }},
        {"mail-retry-seconds", "SHIFTSYNC_MAIL_RETRY_SECONDS", "mail_retry_seconds", Kind::kInteger, "N", "30",
         "Wait after a first failed delivery (1-3600); doubles with each attempt, with jitter.",
         [](Config& c, const std::string& v, const Source& s) {
             c.mail.retry_base = std::chrono::seconds{ParseInteger(v, s, 1, 3600)};
         }},
        {"mail-lease-seconds", "SHIFTSYNC_MAIL_LEASE_SECONDS", "mail_lease_seconds", Kind::kInteger, "N", "300",
         "How long a worker holds a claimed message (5-3600); after a crash it is sent again then.",
         [](Config& c, const std::string& v, const Source& s) {
             c.mail.lease = std::chrono::seconds{ParseInteger(v, s, 5, 3600)};
         }},
        {"mail-worker", "SHIFTSYNC_MAIL_WORKER", "mail_worker", Kind::kBool, "true|false", "true",
         "Whether serve also delivers email (false when separate `shiftsync worker` processes do).",
         [](Config& c, const std::string& v, const Source& s) { c.mail.run_worker = ParseBool(v, s); }},
        {"mail-retention-seconds", "SHIFTSYNC_MAIL_RETENTION_SECONDS", "mail_retention_seconds", Kind::kInteger, "N",
         "2592000 (30 days)",
         "How long sent email keeps its body, and .eml files are kept (1 s to 10 years); links go at delivery.",
         [](Config& c, const std::string& v, const Source& s) {
             c.mail.retention = std::chrono::seconds{ParseInteger(v, s, 1, 10LL * 366 * 24 * 3600)};
         }},
        {"s3-bucket", "SHIFTSYNC_S3_BUCKET", "s3_bucket", Kind::kText, "NAME", "none (DATA_DIR/blobs)",
         "Keep pictures in this S3-compatible bucket instead of the data directory.",
         [](Config& c, const std::string& v, const Source&) { c.blobs.s3_bucket = v; }},
        {"s3-endpoint", "SHIFTSYNC_S3_ENDPOINT", "s3_endpoint", Kind::kText, "URL", "https://s3.REGION.amazonaws.com",
         "The S3-compatible server: http(s)://host[:port].", ApplyS3Endpoint},
        {"s3-region", "SHIFTSYNC_S3_REGION", "s3_region", Kind::kText, "REGION", "us-east-1",
         "Region the requests are signed for.",
         [](Config& c, const std::string& v, const Source&) {
             c.blobs.s3_region = v;
             c.blobs.s3_region_given = true;
         }},
        {"s3-path-style", "SHIFTSYNC_S3_PATH_STYLE", "s3_path_style", Kind::kBool, "true|false", "false",
         "Address the bucket as ENDPOINT/BUCKET (MinIO, s3rver) rather than BUCKET.ENDPOINT.",
         [](Config& c, const std::string& v, const Source& s) { c.blobs.s3_path_style = ParseBool(v, s); }},
        {"s3-access-key-id", "SHIFTSYNC_S3_ACCESS_KEY_ID", "s3_access_key_id", Kind::kText, "ID", "none",
         "Access key id; the secret key is the secret s3_secret_key.",
         [](Config& c, const std::string& v, const Source&) { c.blobs.s3_access_key_id = v; }},
        {"blob-collect-seconds", "SHIFTSYNC_BLOB_COLLECT_SECONDS", "blob_collect_seconds", Kind::kInteger, "N", "60",
         "How often pictures nothing refers to any more are deleted (1-3600).",
         [](Config& c, const std::string& v, const Source& s) {
             c.blobs.collect_interval = std::chrono::seconds{ParseInteger(v, s, 1, 3600)};
         }},
        {"picture-replaced-grace-seconds", "SHIFTSYNC_PICTURE_REPLACED_GRACE_SECONDS", "picture_replaced_grace_seconds",
         Kind::kInteger, "N", "60", "How long a replaced or removed picture stays readable (0-86400).",
         [](Config& c, const std::string& v, const Source& s) {
             c.blobs.replaced_grace = std::chrono::seconds{ParseInteger(v, s, 0, 86400)};
         }},
    };
    return options;
}

const Option* FindFlag(std::string_view name) {
    for (const Option& option : Options()) {
        if (option.flag == name) return &option;
    }
    return nullptr;
}

// Keys that name secrets or settings of the secrets file: refused with a pointer to where they go,
// because a config file is typically world-readable and checked into deployment repos.
bool BelongsInSecretsFile(std::string_view key) {
    for (std::string_view secret :
         {"token_key", "token_lifetime_days", "database_password", "smtp_password", "s3_secret_key"}) {
        if (key == secret) return true;
    }
    return false;
}

std::string FileValueText(const json::value& value, const Option& option, const Source& source) {
    switch (option.kind) {
        case Kind::kText:
        case Kind::kPath:
            if (!value.is_string()) throw ConfigError(source.label + " must be a string");
            return std::string(value.get_string());
        case Kind::kBool:
            if (!value.is_bool()) throw ConfigError(source.label + " must be true or false (a JSON boolean)");
            return value.get_bool() ? "true" : "false";
        case Kind::kInteger:
            if (value.is_int64()) return std::to_string(value.get_int64());
            if (value.is_uint64()) return std::to_string(value.get_uint64());  // out of range: reported by apply
            throw ConfigError(source.label + " must be a whole number");
    }
    throw ConfigError(source.label + " has an unsupported type");
}

void ApplyConfigFile(Config& config, const fs::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) throw ConfigError("config file " + name + " does not exist or is not a file");
    if (fs::file_size(path, ec) > kMaxConfigFileBytes) throw ConfigError("config file " + name + " is too large");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConfigError("config file " + name + " cannot be read");
    std::ostringstream text;
    text << in.rdbuf();

    boost::system::error_code parse_error;
    const json::value root = json::parse(text.str(), parse_error);
    if (parse_error) throw ConfigError("config file " + name + " is not valid JSON: " + parse_error.message());
    if (!root.is_object()) throw ConfigError("config file " + name + " must hold a JSON object");

    const fs::path base_dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    for (const auto& [key, value] : root.as_object()) {
        if (BelongsInSecretsFile(key)) {
            throw ConfigError("config file " + name + " contains \"" + std::string(key) +
                              "\": secrets do not belong in the config file; put them in the secrets file "
                              "(--secrets-file, mode 0600) or the environment (SHIFTSYNC_TOKEN_KEY)");
        }
        const auto option = std::find_if(Options().begin(), Options().end(),
                                         [&](const Option& o) { return !o.file_key.empty() && o.file_key == key; });
        if (option == Options().end()) {
            throw ConfigError("config file " + name + " has unknown key \"" + std::string(key) + "\" (see --help)");
        }
        const Source source{std::string(key) + " in " + name, base_dir};
        option->apply(config, FileValueText(value, *option, source), source);
    }
}

struct FlagValue {
    const Option* option;
    std::string value;
};

std::vector<FlagValue> ParseFlags(const std::vector<std::string>& args) {
    std::vector<FlagValue> values;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2) {
            if (!arg.empty() && arg.front() == '-') throw ConfigError("unknown option " + arg + " (see --help)");
            throw ConfigError("unexpected argument " + Quoted(arg) + " (see --help)");
        }
        const auto equals = arg.find('=');
        const std::string name = arg.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
        const Option* option = FindFlag(name);
        if (option == nullptr) throw ConfigError("unknown option --" + name + " (see --help)");
        if (equals != std::string::npos) {
            values.push_back({option, arg.substr(equals + 1)});
        } else if (i + 1 < args.size()) {
            values.push_back({option, args[++i]});
        } else {
            throw ConfigError("option --" + name + " needs a value: --" + name + " " + std::string(option->value_name));
        }
    }
    return values;
}

// The AWS options make sense only together: a region for the secret, nothing without a secret id.
void CheckAwsSecret(Config& config) {
    AwsSecretConfig& aws = config.aws;
    if (aws.region.empty() && config.blobs.s3_region_given) aws.region = config.blobs.s3_region;
    if (aws.secret_id.empty()) {
        if (!aws.endpoint.empty() || !aws.ca_file.empty()) {
            throw ConfigError("--aws-secrets-endpoint and --aws-ca-file need --aws-secret-id");
        }
        return;
    }
    if (aws.region.empty()) {
        throw ConfigError("--aws-secret-id needs a region: --aws-region (SHIFTSYNC_AWS_REGION), or --s3-region");
    }
    std::error_code ec;
    if (!aws.ca_file.empty() && !fs::is_regular_file(aws.ca_file, ec)) {
        throw ConfigError("AWS CA file " + aws.ca_file.string() + " does not exist or is not a file");
    }
}

std::string DefaultPublicUrl(const ServerConfig& server) {
    if (server.listen_port == 0) return {};  // known only once bound; the server fills it in
    const bool ipv6 = server.listen_host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + server.listen_host + "]" : server.listen_host) + ":" +
           std::to_string(server.listen_port);
}

}  // namespace

Config LoadConfig(const std::vector<std::string>& args, const std::map<std::string, std::string>& environment) {
    const std::vector<FlagValue> flags = ParseFlags(args);  // unknown flags fail before any file is read

    std::optional<std::string> config_file;
    std::string config_label;
    if (const auto it = environment.find("SHIFTSYNC_CONFIG"); it != environment.end() && !it->second.empty()) {
        config_file = it->second;
        config_label = "SHIFTSYNC_CONFIG";
    }
    for (const FlagValue& flag : flags) {
        if (flag.option->flag == "config") {
            config_file = flag.value;
            config_label = "--config";
        }
    }

    Config config;
    if (config_file) {
        if (config_file->empty()) throw ConfigError(config_label + " must not be empty");
        ApplyConfigFile(config, *config_file);
    }
    for (const Option& option : Options()) {
        // An empty variable counts as unset, as compose files and unit templates often leave them.
        if (const auto it = environment.find(std::string(option.env)); it != environment.end() && !it->second.empty()) {
            option.apply(config, it->second, Source{std::string(option.env), {}});
        }
    }
    for (const FlagValue& flag : flags) {
        flag.option->apply(config, flag.value, Source{"--" + std::string(flag.option->flag), {}});
    }

    std::error_code ec;
    if (!config.server.static_dir.empty() && !fs::is_directory(config.server.static_dir, ec)) {
        throw ConfigError("static directory " + config.server.static_dir.string() + " does not exist");
    }
#ifdef SHIFTSYNC_DEFAULT_STATIC_DIR
    if (config.server.static_dir.empty() && fs::is_directory(SHIFTSYNC_DEFAULT_STATIC_DIR, ec)) {
        config.server.static_dir = SHIFTSYNC_DEFAULT_STATIC_DIR;
    }
#endif
    if (config.server.public_url.empty()) config.server.public_url = DefaultPublicUrl(config.server);
    if (config.credentials_dir.empty()) {
        if (const auto it = environment.find("CREDENTIALS_DIRECTORY"); it != environment.end() && !it->second.empty())
            config.credentials_dir = it->second;
    }
    CheckAwsSecret(config);
    return config;
}

std::map<std::string, std::string> ShiftsyncEnvironment() {
    std::map<std::string, std::string> result;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto equals = text.find('=');
        if (equals == std::string_view::npos) continue;
        if (text.rfind(kEnvPrefix, 0) != 0 && text.substr(0, equals) != "CREDENTIALS_DIRECTORY") continue;
        result.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
    }
    return result;
}

std::string ConfigFlagsHelp() {
    std::size_t flag_width = 0;
    std::size_t env_width = 0;
    for (const Option& option : Options()) {
        flag_width = std::max(flag_width, option.flag.size() + option.value_name.size() + 3);
        env_width = std::max(env_width, option.env.size());
    }
    std::string help =
        "Options (also --option=value). Precedence: options > SHIFTSYNC_* environment > config file > defaults.\n"
        "Config file keys are the option names with '_' for '-'; relative paths in it are relative to the file.\n"
        "Empty environment variables count as unset.\n\n";
    for (const Option& option : Options()) {
        std::string flag = "--" + std::string(option.flag) + " " + std::string(option.value_name);
        flag.resize(flag_width, ' ');
        std::string env(option.env);
        env.resize(env_width, ' ');
        help += "  " + flag + "  " + env + "  default: " + std::string(option.default_text) + "\n";
        help += "      " + std::string(option.help) + "\n";
    }
    help +=
        "\nSecrets never come from options or the config file. Each is taken from the first of: the environment,\n"
        "the credentials directory, the AWS secret, the secrets file (token_key: else the generated key file).\n"
        "A secret store may also hold database_url, s3_bucket, s3_access_key_id, smtp_url and smtp_username,\n"
        "used where options, environment and config file leave them unset. In the environment:\n"
        "  SHIFTSYNC_TOKEN_KEY            base64 of >= 32 random bytes (head -c 32 /dev/urandom | base64);\n"
        "                                 several separated by commas: the first signs, all verify;\n"
        "                                 without one, a key is generated once in <data-dir>/secrets/token_key\n"
        "  SHIFTSYNC_TOKEN_LIFETIME_DAYS  session lifetime, 1-365 days (default 7)\n"
        "  SHIFTSYNC_DATABASE_PASSWORD    PostgreSQL password (with --database postgresql://USER@...)\n"
        "  SHIFTSYNC_SMTP_PASSWORD        SMTP AUTH password (with --smtp-username)\n"
        "  SHIFTSYNC_S3_SECRET_KEY        S3 secret access key (with --s3-access-key-id)\n";
    return help;
}

}  // namespace shiftsync
