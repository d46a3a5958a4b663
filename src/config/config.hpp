#pragma once
// Typed configuration, loaded and validated once at start.
// Precedence: command-line flags > SHIFTSYNC_* environment > optional config file (JSON) > defaults.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace shiftsync {

// A message meant for the operator (bad flag, unreadable file). Never contains secret values.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ServerConfig {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;  // 0: any free port (logged at start)
    std::string public_url;            // e.g. "https://shifts.example.com"; default http://host:port
    bool secure_cookies = false;       // set the Secure flag (behind TLS)
    // Addresses/CIDR networks of reverse proxies whose X-Forwarded-For/-Proto are believed, separated
    // by commas or spaces; empty: none. Checked when the server starts (http::TrustedProxies::Parse).
    std::string trusted_proxies;
    std::filesystem::path static_dir;  // web app files; default <repo>/web/dist if present
    std::size_t max_header_bytes = 16 * 1024;
    std::size_t max_body_bytes = 1024 * 1024;
    std::chrono::seconds read_timeout{30};  // a request must arrive whole within this
    std::chrono::seconds idle_timeout{75};  // keep-alive connections idle longer are closed
    int worker_threads = 4;                 // blocking pool (database); also the DB pool size
    int hashing_threads = 2;                // bounded pool for password hashing
    std::size_t hashing_queue_limit = 64;   // beyond this, hashing routes answer 503
};

// One session signing key.
struct TokenKey {
    std::string key;  // raw bytes of the HS256 key (>= 32 bytes)
    std::string id;   // JWT "kid": the first 16 hex digits of SHA-256(key); not secret
};

// A setting a secret store carried (the seed's secret held database_url, s3_bucket, ...); it fills
// the matching Config value only where flags, environment and config file left it empty
// (ApplySecretSettings in config/secret_settings.hpp).
struct SecretSetting {
    std::string value;
    std::string source;  // for messages: "database_url in AWS secret shiftsync/prod"
};

struct Secrets {
    // Never empty once loaded for serve/worker. The first is the newest and signs; all verify, so
    // keys rotate without signing anyone out. Ids are distinct (duplicate keys are refused).
    std::vector<TokenKey> token_keys;
    int token_lifetime_days = 7;
    std::string smtp_password;      // for SMTP AUTH; empty: no authentication
    std::string s3_secret_key;      // for the S3 blob store
    std::string database_password;  // for PostgreSQL; empty: none (trust or peer authentication)
    // By key: database_url, s3_bucket, s3_access_key_id, smtp_url, smtp_username.
    std::map<std::string, SecretSetting> settings;
};

// AWS Secrets Manager as a secret store (see infra/secrets/load_secrets.hpp).
struct AwsSecretConfig {
    std::string secret_id;          // name or ARN; empty: AWS is not used
    std::string region;             // --aws-region, else an explicitly set --s3-region; required with secret_id
    std::string endpoint;           // empty: https://secretsmanager.REGION.amazonaws.com
    std::filesystem::path ca_file;  // empty: the system's CA bundle
};

// Where the data lives: the SQLite file DATA_DIR/shiftsync.db (the default) or a PostgreSQL database.
struct DatabaseConfig {
    // Empty: SQLite. Else postgresql://[user@]host[:port]/dbname[?params], never with a password
    // (refused when loading, so the URL is safe to log); the password comes from the secrets.
    std::string postgres_url;
};

// Outgoing email. With no smtp_url the worker writes each message as an .eml file into
// <data_dir>/mail/ instead (the embedded default), through the same queue.
struct MailConfig {
    std::string smtp_url;                              // smtp://host:port (STARTTLS when offered) or smtps://host:port
    std::string smtp_username;                         // the password comes from the secrets
    bool smtp_require_tls = false;                     // refuse to send over smtp:// without STARTTLS
    std::string from_address = "shiftsync@localhost";  // envelope sender and From address
    int max_attempts = 8;                              // then the message is dead (visible and retryable in the API)
    std::chrono::seconds retry_base{30};               // wait after a first temporary failure; doubles each time
    std::chrono::seconds lease{300};                   // a claimed message is claimed again after this (crash recovery)
    bool run_worker = true;  // serve also drains the outbox; false with separate `shiftsync worker`s
    // Sent messages keep their bodies this long (then the outbox keeps only who, what and when),
    // and .eml files of this age are deleted. Secret-bearing bodies go at delivery anyway.
    std::chrono::seconds retention{std::chrono::hours{24 * 30}};
};

// Where pictures are kept: DATA_DIR/blobs by default, an S3-compatible bucket when s3_bucket is set.
struct BlobConfig {
    std::string s3_endpoint;  // http(s)://host[:port]; default https://s3.<region>.amazonaws.com
    std::string s3_region = "us-east-1";
    std::string s3_bucket;                       // empty: the local directory
    bool s3_path_style = false;                  // endpoint/bucket/key (MinIO, s3rver) instead of bucket.endpoint/key
    std::string s3_access_key_id;                // the secret key comes from the secrets (s3_secret_key)
    bool s3_region_given = false;                // s3_region was set (not the default): it also defaults aws.region
    std::chrono::seconds collect_interval{60};   // how often unreferenced blobs are looked for
    std::chrono::seconds replaced_grace{60};     // a replaced picture's blobs go this long after
    std::chrono::seconds orphan_grace{60 * 60};  // an upload never adopted goes this long after
};

struct Config {
    ServerConfig server;
    MailConfig mail;
    BlobConfig blobs;
    DatabaseConfig database;
    std::filesystem::path data_dir = "data";
    std::filesystem::path secrets_file;     // optional JSON secrets file (mode 0600 or stricter)
    std::filesystem::path credentials_dir;  // systemd credentials; default $CREDENTIALS_DIRECTORY
    AwsSecretConfig aws;
    bool allow_new_organizations = true;  // false: a single-business deployment
    int invitation_lifetime_days = 7;
    std::chrono::seconds password_reset_lifetime{std::chrono::hours{1}};  // how long a reset link works
    std::string log_level = "info";
};

// Parses flags after the subcommand (argv excludes program and subcommand), the given
// environment (name -> value, typically all SHIFTSYNC_* variables) and the config file named
// by --config / SHIFTSYNC_CONFIG. Throws ConfigError with an operator-friendly message.
Config LoadConfig(const std::vector<std::string>& args, const std::map<std::string, std::string>& environment);

// The environment of this process: SHIFTSYNC_* variables, and CREDENTIALS_DIRECTORY, which systemd
// sets for this service's LoadCredential= (the default of --credentials-dir). Nothing else: AWS_*
// credentials are read only where they are used (infra/secrets).
std::map<std::string, std::string> ShiftsyncEnvironment();

// Help text for the flags LoadConfig understands.
std::string ConfigFlagsHelp();

}  // namespace shiftsync
