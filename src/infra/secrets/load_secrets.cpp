#include "infra/secrets/load_secrets.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "infra/aws/secrets_manager.hpp"
#include "infra/crypto/system_adapters.hpp"
#include "infra/secrets/secret_files.hpp"

namespace shiftsync {
namespace {

using namespace secrets_detail;
namespace fs = std::filesystem;
namespace json = boost::json;

constexpr int kMinLifetimeDays = 1;
constexpr int kMaxLifetimeDays = 365;
constexpr int kDefaultLifetimeDays = 7;
constexpr std::string_view kKeySeparators = ", \t\r\n";
constexpr std::array<std::string_view, 3> kPasswordKeys = {"database_password", "smtp_password", "s3_secret_key"};
constexpr std::array<std::string_view, 5> kSettingKeys = {"database_url", "s3_bucket", "s3_access_key_id", "smtp_url",
                                                          "smtp_username"};

bool IsOneOf(std::string_view key, const auto& keys) { return std::find(keys.begin(), keys.end(), key) != keys.end(); }

bool IsKnownKey(std::string_view key) {
    return key == "token_key" || key == "token_lifetime_days" || IsOneOf(key, kPasswordKeys) ||
           IsOneOf(key, kSettingKeys);
}

int ParseLifetimeDays(std::string_view text, const std::string& where) {
    int days = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || days < kMinLifetimeDays ||
        days > kMaxLifetimeDays) {
        throw ConfigError(where + " must be a whole number of days from " + std::to_string(kMinLifetimeDays) + " to " +
                          std::to_string(kMaxLifetimeDays));
    }
    return days;
}

// What one source says; unset members are left to the sources after it.
struct SourceValues {
    std::optional<std::vector<TokenKey>> token_keys;
    std::optional<int> token_lifetime_days;
    std::map<std::string, SecretSetting> texts;  // passwords and settings, by key
};

// Each text is one base64 key; `where` names the source, a key's position is added when there are
// several. The keys themselves never appear in a message.
std::vector<TokenKey> DecodeKeys(const std::vector<std::string_view>& texts, const std::string& where) {
    if (texts.empty()) throw ConfigError(where + " holds no key");
    const auto digest = MakeSha256Digest();
    std::vector<TokenKey> keys;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::string key_where = texts.size() == 1 ? where : where + " (key " + std::to_string(i + 1) + ")";
        TokenKey key;
        key.key = DecodeKey(texts[i], key_where);
        key.id = digest->Sha256Hex(key.key).substr(0, 16);
        const auto same = std::find_if(keys.begin(), keys.end(), [&](const TokenKey& k) { return k.key == key.key; });
        if (same != keys.end()) {
            throw ConfigError(where + " lists the same key twice (keys " + std::to_string(same - keys.begin() + 1) +
                              " and " + std::to_string(i + 1) + ")");
        }
        keys.push_back(std::move(key));
    }
    return keys;
}

// Several keys in one text, separated by commas, whitespace or newlines.
std::vector<TokenKey> DecodeKeyList(std::string_view text, const std::string& where) {
    std::vector<std::string_view> texts;
    while (!text.empty()) {
        const std::size_t start = text.find_first_not_of(kKeySeparators);
        if (start == std::string_view::npos) break;
        text.remove_prefix(start);
        const std::size_t end = std::min(text.find_first_of(kKeySeparators), text.size());
        texts.push_back(text.substr(0, end));
        text.remove_prefix(end);
    }
    return DecodeKeys(texts, where);
}

// One value given as text (environment, credential file, a JSON string).
void AddText(SourceValues& values, const std::string& key, std::string text, const std::string& where) {
    if (key == "token_key") {
        values.token_keys = DecodeKeyList(text, where);
    } else if (key == "token_lifetime_days") {
        values.token_lifetime_days = ParseLifetimeDays(text, where);
    } else if (!text.empty()) {
        values.texts[key] = SecretSetting{std::move(text), where};
    }
}

SourceValues FromEnvironment(const std::map<std::string, std::string>& environment) {
    SourceValues values;
    for (std::string_view key :
         {"token_key", "token_lifetime_days", "database_password", "smtp_password", "s3_secret_key"}) {
        std::string name = "SHIFTSYNC_" + std::string(key);
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::toupper(c); });
        // An empty variable counts as unset, as compose files and unit templates often leave them.
        if (const auto it = environment.find(name); it != environment.end() && !it->second.empty()) {
            AddText(values, std::string(key), it->second, name);
        }
    }
    return values;
}

SourceValues FromCredentialsDirectory(const fs::path& dir) {
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
        throw ConfigError("credentials directory " + dir.string() + " does not exist or is not a directory");
    }
    SourceValues values;
    std::vector<std::string_view> keys = {"token_key", "token_lifetime_days"};
    keys.insert(keys.end(), kPasswordKeys.begin(), kPasswordKeys.end());
    keys.insert(keys.end(), kSettingKeys.begin(), kSettingKeys.end());
    for (std::string_view key : keys) {
        const fs::path path = dir / key;
        auto contents = ReadPrivateFile(path, "credential", /*must_exist=*/false);
        if (!contents) continue;
        SecretBuffer text(std::move(*contents));
        // `echo secret > file` and systemd-creds keep one newline that is not part of the value.
        if (!text.value().empty() && text.value().back() == '\n') text.value().pop_back();
        AddText(values, std::string(key), text.value(), "credential " + path.string());
    }
    return values;
}

// The secrets file and the AWS secret: a JSON object; `what` names it ("secrets file /etc/x.json").
SourceValues FromJson(std::string& text, const std::string& what) {
    boost::system::error_code ec;
    json::value root = json::parse(text, ec);
    // Boost's messages describe the syntax error, never the text, so they are safe to show.
    if (ec) throw ConfigError(what + " is not valid JSON: " + ec.message());
    if (!root.is_object()) throw ConfigError(what + " must hold a JSON object");

    SourceValues values;
    for (auto& [json_key, value] : root.as_object()) {
        const std::string key(json_key);
        if (!IsKnownKey(key)) throw ConfigError(what + " has unknown key \"" + key + "\"");
        const std::string where = key + " in " + what;
        if (key == "token_key" && value.is_array()) {
            std::vector<std::string_view> texts;
            for (const json::value& entry : value.as_array()) {
                if (!entry.is_string()) throw ConfigError(where + " must hold base64 strings only");
                texts.push_back(entry.get_string());
            }
            values.token_keys = DecodeKeys(texts, where);
        } else if (key == "token_key" && !value.is_string()) {
            throw ConfigError(where + " must be a base64 string or an array of them");
        } else if (key == "token_lifetime_days" && value.is_int64()) {
            AddText(values, key, std::to_string(value.get_int64()), where);
        } else if (key == "token_lifetime_days" && !value.is_string()) {
            throw ConfigError(where + " must be a whole number of days from 1 to 365");
        } else if (!value.is_string()) {
            throw ConfigError(where + " must be a string");
        } else {
            AddText(values, key, std::string(value.get_string()), where);
        }
    }
    // The parsed tree holds copies of every secret in the text.
    for (auto& [key, value] : root.as_object()) {
        if (value.is_string()) sodium_memzero(value.get_string().data(), value.get_string().size());
        if (value.is_array()) {
            for (auto& entry : value.as_array()) {
                if (entry.is_string()) sodium_memzero(entry.get_string().data(), entry.get_string().size());
            }
        }
    }
    return values;
}

SourceValues FromAws(const AwsSecretConfig& aws, const AwsSecretFetcher& fetch) {
    if (!fetch) throw std::logic_error("LoadSecrets: config.aws.secret_id is set but no fetcher was given");
    SecretBuffer text;
    try {
        text.value() = fetch(aws);
    } catch (const AwsError& e) {
        throw ConfigError(std::string("AWS Secrets Manager: ") + e.what());  // AwsError names no secret
    } catch (const std::invalid_argument& e) {
        throw ConfigError(std::string("AWS Secrets Manager: ") + e.what());
    }
    return FromJson(text.value(), "AWS secret " + aws.secret_id);
}

SourceValues FromSecretsFile(const fs::path& path) {
    SecretBuffer text(*ReadPrivateFile(path, "secrets file", /*must_exist=*/true));
    return FromJson(text.value(), "secrets file " + path.string());
}

void WipeKeys(std::vector<TokenKey>& keys) {
    for (TokenKey& key : keys) sodium_memzero(key.key.data(), key.key.size());
}

bool OnPostgres(const Config& config, const Secrets& secrets) {
    if (!config.database.postgres_url.empty()) return true;
    const auto url = secrets.settings.find("database_url");
    return url != secrets.settings.end() && url->second.value.rfind("postgresql://", 0) == 0;
}

}  // namespace

Secrets LoadSecrets(const Config& config, const std::map<std::string, std::string>& environment,
                    const LoadSecretsOptions& options) {
    // In precedence order; each is read and checked whole even when an earlier one has every value.
    std::vector<SourceValues> sources;
    std::vector<std::string> used = {"environment"};
    sources.push_back(FromEnvironment(environment));
    if (!config.credentials_dir.empty()) {
        sources.push_back(FromCredentialsDirectory(config.credentials_dir));
        used.push_back("credentials directory " + config.credentials_dir.string());
    }
    if (!config.aws.secret_id.empty()) {
        sources.push_back(FromAws(config.aws, options.fetch_aws_secret));
        used.push_back("AWS secret " + config.aws.secret_id);
    }
    if (!config.secrets_file.empty()) {
        sources.push_back(FromSecretsFile(config.secrets_file));
        used.push_back("secrets file " + config.secrets_file.string());
    }

    Secrets secrets;
    secrets.token_lifetime_days = kDefaultLifetimeDays;
    bool have_keys = false;
    bool have_lifetime = false;
    std::map<std::string, SecretSetting> texts;
    for (SourceValues& source : sources) {
        if (source.token_keys && !have_keys && options.token_keys) {
            secrets.token_keys = std::move(*source.token_keys);
            have_keys = true;
        }
        if (source.token_keys) WipeKeys(*source.token_keys);
        if (source.token_lifetime_days && !have_lifetime) {
            secrets.token_lifetime_days = *source.token_lifetime_days;
            have_lifetime = true;
        }
        for (auto& [key, text] : source.texts) texts.emplace(key, std::move(text));  // the first stays
    }
    for (auto& [key, text] : texts) {
        if (key == "database_password") {
            secrets.database_password = std::move(text.value);
        } else if (key == "smtp_password") {
            secrets.smtp_password = std::move(text.value);
        } else if (key == "s3_secret_key") {
            secrets.s3_secret_key = std::move(text.value);
        } else {
            secrets.settings.emplace(key, std::move(text));
        }
    }

    if (options.token_keys && !have_keys) {
        used.push_back("key file in " + (config.data_dir / "secrets").string());
        if (OnPostgres(config, secrets)) {
            spdlog::warn(
                R"({{"msg":"the session signing key is the one generated in {}: servers on other machines need the same key; give it to every server as the secret token_key"}})",
                (config.data_dir / "secrets").string());
        }
        const auto digest = MakeSha256Digest();
        TokenKey key;
        key.key = LoadOrGenerateKey(config.data_dir);
        key.id = digest->Sha256Hex(key.key).substr(0, 16);
        secrets.token_keys.push_back(std::move(key));
    }
    if (!options.token_keys) return secrets;  // migrate: its output is one line for scripts to read
    json::array sources_used;
    for (const std::string& name : used) sources_used.emplace_back(name);
    spdlog::info(R"({{"msg":"secrets loaded","sources":{},"token_keys":{},"signing_kid":"{}"}})",
                 json::serialize(sources_used), secrets.token_keys.size(),
                 secrets.token_keys.empty() ? "" : secrets.token_keys.front().id);
    return secrets;
}

}  // namespace shiftsync
