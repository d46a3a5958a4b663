#pragma once
// Internal to config/: reading one setting's text into Config, with operator-friendly errors
// (ConfigError naming where the value came from). config.cpp's option table calls these.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.hpp"

namespace shiftsync::config_detail {

// Where a value came from, for messages ("--worker-threads", "SHIFTSYNC_WORKER_THREADS",
// "worker_threads in /etc/shiftsync.json") and for resolving relative paths: a path in a config
// file is relative to that file, so a unit file can point at it from any working directory.
struct Source {
    std::string label;
    std::filesystem::path base_dir;
};

std::string Quoted(std::string_view value);
// A whole number in [min, max]; `unit` is added to the message ("bytes (1 KiB to 64 MiB)").
std::int64_t ParseInteger(const std::string& value, const Source& source, std::int64_t min, std::int64_t max,
                          std::string_view unit = {});
bool ParseBool(const std::string& value, const Source& source);  // true/false, 1/0, yes/no, on/off
// Relative paths from a config file are taken from the file's directory.
std::filesystem::path ParsePath(const std::string& value, const Source& source);

void ApplyListen(Config& config, const std::string& value, const Source& source);
void ApplyPublicUrl(Config& config, const std::string& value, const Source& source);
void ApplySmtpUrl(Config& config, const std::string& value, const Source& source);
void ApplyS3Endpoint(Config& config, const std::string& value, const Source& source);
void ApplyAwsSecretsEndpoint(Config& config, const std::string& value, const Source& source);
void ApplyDatabase(Config& config, const std::string& value, const Source& source);
// A database URL from a secret store may carry a password (user:pass@ or ?password=), as the seed's
// did: returns the URL without it and the password, percent-decoded as libpq decodes it (empty:
// none). Other URLs, and URLs that are not well formed (more than one password included), come back
// unchanged for ApplyDatabase to judge.
struct UrlAndPassword {
    std::string url;
    std::string password;
};
UrlAndPassword SplitDatabasePassword(const std::string& value, const Source& source);

void ApplyMailFrom(Config& config, const std::string& value, const Source& source);
void ApplyLogLevel(Config& config, const std::string& value, const Source& source);

}  // namespace shiftsync::config_detail
