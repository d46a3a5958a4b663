#pragma once
// The one parser of a PostgreSQL connection URL,
//   postgresql://[user[:password]@]host[:port]/dbname[?key=value&...][#fragment]
// shared by config/ (which checks the setting and takes a password out of a secret store's URL)
// and infra/db (which turns it into libpq's connection string). Pure: no I/O, standard library
// only, so any layer may link it (target shiftsync_postgres_url).
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shiftsync {

struct PostgresUrl {
    std::string user;  // percent-decoded; empty: none given
    // From "user:password@" or a "password=" parameter (of any case), percent-decoded; nullopt: none.
    std::optional<std::string> password;
    std::string host;      // percent-decoded; an IPv6 address without its brackets
    std::string port;      // digits only; empty: libpq's default
    std::string database;  // percent-decoded, never empty
    // The parameters after '?', percent-decoded, in their order, without the password.
    std::vector<std::pair<std::string, std::string>> parameters;
    // The URL as written, less its password: the ":password" of the user and every password=
    // parameter removed, everything else (escapes included) byte for byte.
    std::string without_password;
};

// What is wrong with a URL, as the end of a sentence that starts with what the URL is
// ("the database URL has no host"). Never quotes the URL or any part of it: it may hold a password.
class PostgresUrlError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Takes `url` apart. Throws PostgresUrlError when it is not of the form above: another scheme,
// white space or control characters, no host, no database, a port that is not digits, an
// unclosed '[', a bad percent escape, or more than one password. A password is not an error here:
// callers decide (a setting must not carry one; a secret store's URL may).
PostgresUrl ParsePostgresUrl(std::string_view url);

}  // namespace shiftsync
