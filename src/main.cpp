// The composition root: the one file that sees every layer and wires them together.
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/json/serialize.hpp>
#include "app/auth_service.hpp"
#include "app/blob_collector.hpp"
#include "app/invitation_service.hpp"
#include "app/login_throttle.hpp"
#include "app/mail_composer.hpp"
#include "app/mail_retention.hpp"
#include "app/mail_service.hpp"
#include "app/mail_worker.hpp"
#include "app/notifications.hpp"
#include "app/organization_service.hpp"
#include "app/password_reset_service.hpp"
#include "app/pattern_service.hpp"
#include "app/people_service.hpp"
#include "app/periodic_loop.hpp"
#include "app/picture_service.hpp"
#include "app/schedule_service.hpp"
#include "app/services.hpp"
#include "app/shift_service.hpp"
#include "config/config.hpp"
#include "config/secret_settings.hpp"

#include "http/all_routes.hpp"
#include "http/error_mapping.hpp"
#include "http/router.hpp"
#include "http/schedule_cache.hpp"
#include "http/server/server.hpp"
#include "http/static_files.hpp"
#include "infra/aws/aws_credentials.hpp"
#include "infra/blob/local_blob_store.hpp"
#include "infra/blob/s3_blob_store.hpp"
#include "infra/crypto/argon2id_hasher.hpp"
#include "infra/crypto/common_passwords.hpp"
#include "infra/crypto/jwt_session_tokens.hpp"
#include "infra/crypto/system_adapters.hpp"
#include "infra/db/postgres_database.hpp"
#include "infra/db/sqlite_database.hpp"
#include "infra/image/vips_picture_processor.hpp"
#include "infra/mail/eml_file_transport.hpp"
#include "infra/mail/smtp_transport.hpp"
#include "infra/secrets/load_secrets.hpp"
#include "infra/templates/embedded_mail_templates.hpp"
#include "infra/tz/tz_database.hpp"

namespace shiftsync {
namespace {

constexpr std::string_view kUsage = R"(Shift-Sync: workforce scheduling.

Usage: shiftsync <command> [options]

Commands:
  serve      run the HTTP API, the web app and the background workers
  worker     background work only: deliver queued email, delete unused pictures
  migrate    apply pending database migrations and exit
  routes     print the API's route table (--json) and exit; opens no database
  version    print the version and exit

Run 'shiftsync <command> --help' for the options of a command.
)";

// Answers 503 until the real application is attached (the public URL, and so the router,
// is known only once the listener has its port).
class LateBoundApplication : public http::Application {
public:
    void Attach(http::Application* app) { app_.store(app); }
    http::WorkPool PoolFor(const http::Request& request) const override {
        auto* app = app_.load();
        return app ? app->PoolFor(request) : http::WorkPool::kGeneral;
    }
    std::size_t BodyLimitFor(std::string_view method, std::string_view path,
                             std::string_view content_type) const override {
        auto* app = app_.load();
        return app ? app->BodyLimitFor(method, path, content_type) : 0;
    }
    http::Response Handle(const http::Request& request) override {
        auto* app = app_.load();
        if (app == nullptr) return http::ProblemFromFailure(http::HttpFailure::kNotReady, "starting up");
        http::Response response = app->Handle(request);
        // A successful write may have queued email: deliver it now rather than at the next poll.
        if (on_write_ && request.method != "GET" && request.method != "HEAD" && response.status < 400) on_write_();
        return response;
    }
    void OnSuccessfulWrite(std::function<void()> callback) { on_write_ = std::move(callback); }

private:
    std::atomic<http::Application*> app_{nullptr};
    std::function<void()> on_write_;  // set before the server runs
};

// Jitter for retry backoff; thread-safe.
double UniformRandom() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// How queued email leaves: SMTP when a relay is configured, else .eml files in DATA_DIR/mail.
std::unique_ptr<MailTransport> MakeMailTransport(const Config& config, const Secrets& secrets, const Clock& clock) {
    const MailSender sender{config.mail.from_address};
    if (config.mail.smtp_url.empty()) return MakeEmlFileTransport(config.data_dir / "mail", sender, clock);
    SmtpSettings smtp;
    smtp.url = config.mail.smtp_url;
    smtp.username = config.mail.smtp_username;
    smtp.password = secrets.smtp_password;
    smtp.require_tls = config.mail.smtp_require_tls;
    return MakeSmtpTransport(std::move(smtp), sender, clock);
}

// Where pictures live: an S3-compatible bucket when one is configured, else DATA_DIR/blobs.
std::unique_ptr<BlobStore> MakeBlobStore(const Config& config, const Secrets& secrets) {
    const BlobConfig& blobs = config.blobs;
    if (blobs.s3_bucket.empty()) return MakeLocalBlobStore(config.data_dir / "blobs");
    S3Options s3;
    s3.endpoint = blobs.s3_endpoint.empty() ? "https://s3." + blobs.s3_region + ".amazonaws.com" : blobs.s3_endpoint;
    s3.region = blobs.s3_region;
    s3.bucket = blobs.s3_bucket;
    s3.path_style = blobs.s3_path_style;
    if (blobs.s3_access_key_id.empty() && secrets.s3_secret_key.empty()) {
        // No keys: AWS_* variables or the instance role, whose temporary credentials are renewed.
        auto source =
            std::make_shared<RefreshingAwsCredentials>([] { return ResolveAwsCredentials(AwsProcessEnvironment()); });
        try {
            source->Get();  // fail at start, not on the first upload
        } catch (const AwsError& e) {
            throw ConfigError(std::string("S3 blob store: no access key configured and ") + e.what());
        }
        s3.credentials = [source] { return source->Get(); };
    } else {
        s3.access_key_id = blobs.s3_access_key_id;
        s3.secret_access_key = secrets.s3_secret_key;
    }
    try {
        return MakeS3BlobStore(std::move(s3));
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("S3 blob store: ") + e.what());
    }
}

void LogCollectorError(std::string_view message) {
    spdlog::error("{}", boost::json::serialize(boost::json::object{{"msg", "blob collector"}, {"error", message}}));
}

// Deletes unreferenced blobs every collect_interval, on a thread of its own.
std::unique_ptr<PeriodicLoop> StartBlobCollector(BlobCollector& collector, const Config& config) {
    return std::make_unique<PeriodicLoop>(
        "blob collector", [&collector] { return collector.CollectOnce() >= collector.batch(); }, LogCollectorError,
        std::chrono::duration_cast<std::chrono::milliseconds>(config.blobs.collect_interval));
}

void LogRetentionError(std::string_view message) {
    spdlog::error("{}", boost::json::serialize(boost::json::object{{"msg", "mail retention"}, {"error", message}}));
}

// Purges the bodies of email sent longer ago than the retention period, and old .eml files.
std::unique_ptr<PeriodicLoop> StartMailRetention(MailRetention& retention) {
    return std::make_unique<PeriodicLoop>(
        "mail retention", [&retention] { return retention.PurgeOnce() >= retention.batch(); }, LogRetentionError,
        retention.Interval());
}

MailWorkerSettings MailSettingsOf(const Config& config) {
    MailWorkerSettings settings;
    settings.max_attempts = config.mail.max_attempts;
    settings.base_backoff = config.mail.retry_base;
    settings.lease = config.mail.lease;
    return settings;
}

void LogWorkerError(std::string_view message) {
    spdlog::error("{}", boost::json::serialize(boost::json::object{{"msg", "mail worker"}, {"error", message}}));
}

// "https://example.com:8443/base" -> "https://example.com:8443"
std::string OriginOf(const std::string& url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return url;
    const auto path_start = url.find('/', scheme_end + 3);
    return path_start == std::string::npos ? url : url.substr(0, path_start);
}

std::filesystem::path DatabaseFile(const Config& config) { return config.data_dir / "shiftsync.db"; }

bool UsesPostgres(const Config& config) { return !config.database.postgres_url.empty(); }

// For logs and messages: the SQLite file, or the PostgreSQL URL (config refuses one with a password).
std::string DatabaseLabel(const Config& config) {
    return UsesPostgres(config) ? config.database.postgres_url : DatabaseFile(config).string();
}

// Runs `open` on the PostgreSQL options; options the adapter refuses are the operator's to fix
// (exit 2, like every ConfigError), while an unreachable server stays a runtime failure.
template <typename Open>
auto WithPostgres(const Config& config, const std::string& password, int pool_size, Open open) {
    try {
        return open(PostgresOptions{config.database.postgres_url, password, pool_size});
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("PostgreSQL: ") + e.what());
    }
}

// The database every command works on: DATA_DIR/shiftsync.db, or PostgreSQL with --database.
// Both apply pending migrations before returning.
std::unique_ptr<UnitOfWorkFactory> OpenDatabase(const Config& config, const Secrets& secrets, int pool_size) {
    if (UsesPostgres(config)) return WithPostgres(config, secrets.database_password, pool_size, OpenPostgresDatabase);
    return OpenSqliteDatabase(SqliteOptions{DatabaseFile(config), pool_size});
}

// Returns how many migrations were applied.
int MigrateDatabase(const Config& config, const std::string& database_password) {
    if (UsesPostgres(config)) return WithPostgres(config, database_password, 1, MigratePostgresDatabase);
    return MigrateSqliteDatabase(DatabaseFile(config));
}

// The secrets from every store, with the settings a store carried (database_url, smtp_url, ...)
// merged into `config` where it left them empty: before anything opens the database, mail or blobs.
Secrets LoadSecretsInto(Config& config, const std::map<std::string, std::string>& environment, bool token_keys) {
    Secrets secrets = LoadSecrets(config, environment, LoadSecretsOptions{token_keys, MakeSecretsManagerFetcher()});
    ApplySecretSettings(config, secrets);
    return secrets;
}

std::vector<JwtKey> JwtKeysOf(const Secrets& secrets) {
    std::vector<JwtKey> keys;
    for (const TokenKey& key : secrets.token_keys) keys.push_back(JwtKey{key.key, key.id});
    return keys;
}

void ConfigureLogging(const std::string& level) {
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    spdlog::set_level(spdlog::level::from_str(level));
}

bool WantsHelp(const std::vector<std::string>& args) {
    for (const auto& arg : args)
        if (arg == "--help" || arg == "-h") return true;
    return false;
}

int Serve(const std::vector<std::string>& args) {
    if (WantsHelp(args)) {
        std::cout << "Usage: shiftsync serve [options]\n\nRuns the API, the web app and the workers.\n\n"
                  << ConfigFlagsHelp();
        return 0;
    }
    const auto environment = ShiftsyncEnvironment();
    Config config = LoadConfig(args, environment);
    ConfigureLogging(config.log_level);
    const Secrets secrets = LoadSecretsInto(config, environment, /*token_keys=*/true);

    auto database = OpenDatabase(config, secrets, config.server.worker_threads);
    auto hasher = MakeArgon2idHasher();
    auto common_passwords = MakeCommonPasswords();
    auto tokens = MakeJwtSessionTokens(JwtKeysOf(secrets));
    auto clock = MakeSystemClock();
    auto random = MakeSodiumRandom();
    auto digest = MakeSha256Digest();
    auto zones = MakeTzDatabaseZones();
    auto templates = MakeEmbeddedMailTemplates();
    auto transport = MakeMailTransport(config, secrets, *clock);
    auto blobs = MakeBlobStore(config, secrets);
    auto picture_processor = MakeVipsPictureProcessor();

    LateBoundApplication late;
    http::ServerOptions options;
    options.host = config.server.listen_host;
    options.port = config.server.listen_port;
    options.max_header_bytes = config.server.max_header_bytes;
    options.max_body_bytes = config.server.max_body_bytes;
    options.read_timeout = config.server.read_timeout;
    options.idle_timeout = config.server.idle_timeout;
    options.worker_threads = config.server.worker_threads;
    options.hashing_threads = config.server.hashing_threads;
    options.hashing_queue_limit = config.server.hashing_queue_limit;
    try {
        options.trusted_proxies = http::TrustedProxies::Parse(config.server.trusted_proxies);
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("trusted_proxies: ") + e.what());
    }
    http::Server server(options, late);
    const std::uint16_t port = server.Start();
    std::string public_url = config.server.public_url;
    if (public_url.empty()) public_url = fmt::format("http://{}:{}", config.server.listen_host, port);

    const std::chrono::seconds token_lifetime{std::chrono::hours{24} * secrets.token_lifetime_days};
    ServiceSettings settings;
    settings.public_url = public_url;
    settings.token_lifetime = token_lifetime;
    settings.allow_new_organizations = config.allow_new_organizations;
    settings.invitation_lifetime = std::chrono::hours{24} * config.invitation_lifetime_days;
    settings.pictures = PictureSettings{config.blobs.orphan_grace, config.blobs.replaced_grace};
    settings.password_reset_lifetime = config.password_reset_lifetime;
    Services services(ServicePorts{*database, *hasher, *common_passwords, *tokens, *clock, *random, *digest, *zones,
                                   *templates, *blobs, *picture_processor},
                      settings);
    http::ScheduleCache schedule_cache;
    http::RouteServices route_services{services, schedule_cache, {token_lifetime, config.server.secure_cookies}};
    http::StaticFiles static_files(config.server.static_dir);
    http::Router router(http::AllRoutes(route_services), services.auth, http::RouterSettings{OriginOf(public_url)},
                        &static_files);
    MailWorker mail_worker(*database, *transport, *clock, UniformRandom, MailSettingsOf(config));
    std::optional<MailWorkerLoop> mail_loop;
    BlobCollector blob_collector(*database, *blobs, *clock);
    MailRetention mail_retention(*database, *transport, *clock, MailRetentionSettings{config.mail.retention});
    std::unique_ptr<PeriodicLoop> collector_loop;
    std::unique_ptr<PeriodicLoop> retention_loop;
    if (config.mail.run_worker) {
        mail_loop.emplace(mail_worker, LogWorkerError);
        late.OnSuccessfulWrite([&mail_loop] { mail_loop->Wake(); });
        collector_loop = StartBlobCollector(blob_collector, config);
        retention_loop = StartMailRetention(mail_retention);
    }
    late.Attach(&router);

    spdlog::info(R"({{"msg":"listening","address":"{}:{}","public_url":"{}","data_dir":"{}","database":{}}})",
                 config.server.listen_host, port, public_url, config.data_dir.string(),
                 boost::json::serialize(boost::json::string(DatabaseLabel(config))));
    server.Run();
    late.Attach(nullptr);
    if (collector_loop) collector_loop->RequestStop();
    if (retention_loop) retention_loop->RequestStop();
    if (mail_loop) mail_loop->Stop();  // finishes the message in hand; the rest waits in the outbox
    collector_loop.reset();
    retention_loop.reset();
    return 0;
}

// Delivers queued email and collects unused blobs until SIGTERM or SIGINT; any number may run
// beside the servers.
int Worker(const std::vector<std::string>& args) {
    if (WantsHelp(args)) {
        std::cout
            << "Usage: shiftsync worker [options]\n\nDelivers queued email (the outbox) and deletes unused pictures;"
               " run several to scale out, with --mail-worker=false on the servers.\n\n"
            << ConfigFlagsHelp();
        return 0;
    }
    // Block the signals before any thread starts so only sigwait below receives them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    const auto environment = ShiftsyncEnvironment();
    Config config = LoadConfig(args, environment);
    ConfigureLogging(config.log_level);
    const Secrets secrets = LoadSecretsInto(config, environment, /*token_keys=*/true);
    auto database = OpenDatabase(config, secrets, 2);
    auto clock = MakeSystemClock();
    auto transport = MakeMailTransport(config, secrets, *clock);
    MailWorker mail_worker(*database, *transport, *clock, UniformRandom, MailSettingsOf(config));
    MailWorkerLoop loop(mail_worker, LogWorkerError);
    auto blobs = MakeBlobStore(config, secrets);
    BlobCollector blob_collector(*database, *blobs, *clock);
    auto collector_loop = StartBlobCollector(blob_collector, config);
    MailRetention mail_retention(*database, *transport, *clock, MailRetentionSettings{config.mail.retention});
    auto retention_loop = StartMailRetention(mail_retention);
    spdlog::info(R"({{"msg":"mail worker started","data_dir":"{}","database":{}}})", config.data_dir.string(),
                 boost::json::serialize(boost::json::string(DatabaseLabel(config))));
    int received = 0;
    sigwait(&signals, &received);
    collector_loop->RequestStop();
    retention_loop->RequestStop();
    loop.Stop();
    collector_loop.reset();
    retention_loop.reset();
    spdlog::info(R"({"msg":"mail worker stopped"})");
    return 0;
}

int Migrate(const std::vector<std::string>& args) {
    if (WantsHelp(args)) {
        std::cout << "Usage: shiftsync migrate [options]\n\nApplies pending database migrations.\n\n"
                  << ConfigFlagsHelp();
        return 0;
    }
    const auto environment = ShiftsyncEnvironment();
    Config config = LoadConfig(args, environment);
    ConfigureLogging(config.log_level);
    // The database settings may come from a secret store; migrate signs nothing, so no key is generated.
    const Secrets secrets = LoadSecretsInto(config, environment, /*token_keys=*/false);
    const int applied = MigrateDatabase(config, secrets.database_password);
    std::cout << "applied " << applied << " migration(s) to " << DatabaseLabel(config) << "\n";
    return 0;
}

// Stands in for the ports that reach outside the process when only the route tables are built:
// `routes` calls no handler, so none of these is ever called.
class NotOpened final : public UnitOfWorkFactory, public BlobStore, public PictureProcessor {
public:
    std::unique_ptr<UnitOfWork> Begin(TransactionMode) override { throw Unused(); }
    bool Ping() override { return false; }
    void Put(const std::string&, std::string_view, std::string_view) override { throw Unused(); }
    std::optional<std::string> Get(const std::string&) override { throw Unused(); }
    void Delete(const std::string&) override { throw Unused(); }
    Result<PictureRenditions> Process(std::string_view, PictureFormat) const override { throw Unused(); }

private:
    static std::logic_error Unused() { return std::logic_error("routes: a service was called"); }
};

// Prints the real route table (method, pattern, access, pool, body kind, ...) as JSON, built over
// services whose database, blob store and picture decoder are never opened. The route documentation
// checks (tests/e2e) read it.
int Routes(const std::vector<std::string>& args) {
    if (WantsHelp(args) || args != std::vector<std::string>{"--json"}) {
        (WantsHelp(args) ? std::cout : std::cerr)
            << "Usage: shiftsync routes --json\n\nPrints every route of the API as a JSON array of "
               "{method, pattern, access, pool, body, max_body_bytes, personal}; opens no database.\n";
        return WantsHelp(args) ? 0 : 2;
    }
    NotOpened outside;
    auto hasher = MakeArgon2idHasher();
    auto common_passwords = MakeCommonPasswords();
    auto tokens = MakeJwtSessionTokens({JwtKey{std::string(32, 'k'), "routes"}});  // signs nothing
    auto clock = MakeSystemClock();
    auto random = MakeSodiumRandom();
    auto digest = MakeSha256Digest();
    auto zones = MakeTzDatabaseZones();
    auto templates = MakeEmbeddedMailTemplates();
    Services services(ServicePorts{outside, *hasher, *common_passwords, *tokens, *clock, *random, *digest, *zones,
                                   *templates, outside, outside},
                      ServiceSettings{});
    http::ScheduleCache schedule_cache;
    http::RouteServices route_services{services, schedule_cache, {}};
    std::cout << http::RoutesJson(http::AllRoutes(route_services)) << "\n";
    return 0;
}

int Run(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string command = argv[1];
    const std::vector<std::string> args(argv + 2, argv + argc);
    if (command == "--help" || command == "-h" || command == "help") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "version" || command == "--version") {
        std::cout << "shiftsync " << SHIFTSYNC_VERSION << "\n";
        return 0;
    }
    if (command == "serve") return Serve(args);
    if (command == "migrate") return Migrate(args);
    if (command == "worker") return Worker(args);
    if (command == "routes") return Routes(args);
    std::cerr << "unknown command '" << command << "'\n\n" << kUsage;
    return 2;
}

}  // namespace
}  // namespace shiftsync

int main(int argc, char** argv) {
    try {
        return shiftsync::Run(argc, argv);
    } catch (const shiftsync::ConfigError& e) {
        std::cerr << "shiftsync: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "shiftsync: " << e.what() << "\n";
        return 1;
    }
}
