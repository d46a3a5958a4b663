#include "testing/fakes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <functional>
#include <optional>
#include <stdexcept>

namespace shiftsync {
namespace {

constexpr std::string_view kHashPrefix = "fake$";
constexpr std::string_view kSessionPrefix = "fake-session";

std::string AsciiLower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lowered;
}

std::optional<std::int64_t> ParseInteger(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t begin = 0;
    while (true) {
        const std::size_t end = text.find(separator, begin);
        parts.push_back(text.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin));
        if (end == std::string_view::npos) break;
        begin = end + 1;
    }
    return parts;
}

std::string Checksum(std::string_view body) { return fmt::format("{:016x}", std::hash<std::string_view>{}(body)); }

Error Rejected() { return Error::Unauthenticated("invalid or expired session"); }

}  // namespace

// --- Calendar helpers ----------------------------------------------------------------------

Date Day(int year, unsigned month, unsigned day) {
    return Date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
}

Instant UtcAt(int year, unsigned month, unsigned day, int hour, int minute) {
    return Instant{std::chrono::sys_days{Day(year, month, day)}} + std::chrono::hours{hour} +
           std::chrono::minutes{minute};
}

// --- Clock -------------------------------------------------------------------------------

FakeClock::FakeClock() : FakeClock(UtcAt(2026, 3, 4, 12)) {}

FakeClock::FakeClock(Instant now) : now_seconds_(now.time_since_epoch().count()) {}

Instant FakeClock::Now() const { return Instant{std::chrono::seconds{now_seconds_.load()}}; }

void FakeClock::Set(Instant now) { now_seconds_.store(now.time_since_epoch().count()); }

void FakeClock::Advance(std::chrono::seconds by) { now_seconds_.fetch_add(by.count()); }

// --- Passwords ---------------------------------------------------------------------------

std::string FakePasswordHasher::Hash(std::string_view password) const {
    {
        std::lock_guard lock(mutex_);
        ++hash_calls_;
    }
    std::string hash(kHashPrefix);
    hash.append(password.rbegin(), password.rend());
    return hash;
}

bool FakePasswordHasher::Verify(std::string_view password, std::string_view encoded_hash) const {
    {
        std::lock_guard lock(mutex_);
        verified_hashes_.emplace_back(encoded_hash);
    }
    if (encoded_hash.substr(0, kHashPrefix.size()) != kHashPrefix) return false;
    const std::string_view reversed = encoded_hash.substr(kHashPrefix.size());
    return std::equal(password.begin(), password.end(), reversed.rbegin(), reversed.rend());
}

const std::string& FakePasswordHasher::DummyHash() const {
    static const std::string dummy = "dummy$not-a-password-hash";
    return dummy;
}

int FakePasswordHasher::hash_calls() const {
    std::lock_guard lock(mutex_);
    return hash_calls_;
}

int FakePasswordHasher::verify_calls() const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(verified_hashes_.size());
}

std::vector<std::string> FakePasswordHasher::verified_hashes() const {
    std::lock_guard lock(mutex_);
    return verified_hashes_;
}

FakeCommonPasswords::FakeCommonPasswords()
    : FakeCommonPasswords({"password1234", "123456789012", "qwertyuiopasdf", "letmeinletmein"}) {}

FakeCommonPasswords::FakeCommonPasswords(std::set<std::string> lower_case_entries)
    : entries_(std::move(lower_case_entries)) {}

bool FakeCommonPasswords::Contains(std::string_view password) const { return entries_.contains(AsciiLower(password)); }

// --- Randomness and digests ----------------------------------------------------------------

std::string SequenceRandom::Token(std::size_t bytes) {
    const int n = next_.fetch_add(1);
    const std::size_t length = std::max<std::size_t>((4 * bytes + 2) / 3, 7);
    return fmt::format("r{:0>{}}", n, length - 1);
}

int SequenceRandom::calls() const { return next_.load() - 1; }

std::string FakeDigest::Sha256Hex(std::string_view data) const {
    std::string hex;
    hex.reserve(2 * data.size());
    for (const char c : data) hex += fmt::format("{:02x}", static_cast<unsigned char>(c));
    return hex;
}

// --- Session tokens ------------------------------------------------------------------------

std::string FakeSessionTokens::Issue(const SessionClaims& claims) const {
    assert(claims.token_id.find('.') == std::string::npos);
    const std::string body = fmt::format(
        "{}.{}.{}.{}.{}.{}.{}", kSessionPrefix, claims.user_id, claims.organization_id, claims.token_version,
        claims.token_id, claims.issued_at.time_since_epoch().count(), claims.expires_at.time_since_epoch().count());
    return body + "." + Checksum(body);
}

Result<SessionClaims> FakeSessionTokens::Verify(std::string_view token, Instant now) const {
    const std::size_t last_dot = token.rfind('.');
    if (last_dot == std::string_view::npos) return Rejected();
    const std::string_view body = token.substr(0, last_dot);
    if (token.substr(last_dot + 1) != Checksum(body)) return Rejected();
    const std::vector<std::string_view> parts = Split(body, '.');
    if (parts.size() != 7 || parts[0] != kSessionPrefix || parts[4].empty()) return Rejected();
    const auto user_id = ParseInteger(parts[1]);
    const auto organization_id = ParseInteger(parts[2]);
    const auto token_version = ParseInteger(parts[3]);
    const auto issued_at = ParseInteger(parts[5]);
    const auto expires_at = ParseInteger(parts[6]);
    if (!user_id || !organization_id || !token_version || !issued_at || !expires_at) return Rejected();

    SessionClaims claims;
    claims.user_id = *user_id;
    claims.organization_id = *organization_id;
    claims.token_version = *token_version;
    claims.token_id = std::string(parts[4]);
    claims.issued_at = Instant{std::chrono::seconds{*issued_at}};
    claims.expires_at = Instant{std::chrono::seconds{*expires_at}};
    if (!(claims.expires_at > now)) return Rejected();
    return claims;
}

// --- Time zones ----------------------------------------------------------------------------

FixedOffsetZone::FixedOffsetZone(std::chrono::seconds utc_offset) : offset_(utc_offset) {}

Instant FixedOffsetZone::ToUtc(LocalSeconds local) const { return Instant{local - offset_}; }

LocalSeconds FixedOffsetZone::ToLocal(Instant instant) const { return instant.time_since_epoch() + offset_; }

FakeTimeZones::FakeTimeZones() {
    AddFixed("UTC", std::chrono::seconds{0});
    AddFixed("Etc/UTC", std::chrono::seconds{0});
    AddFixed("Etc/GMT", std::chrono::seconds{0});
    // POSIX-style signs, as in the tz database: Etc/GMT-2 is UTC+2.
    for (int hours = 1; hours <= 14; ++hours) AddFixed(fmt::format("Etc/GMT-{}", hours), std::chrono::hours{hours});
    for (int hours = 1; hours <= 12; ++hours) AddFixed(fmt::format("Etc/GMT+{}", hours), -std::chrono::hours{hours});
}

const TimeZone* FakeTimeZones::Find(std::string_view iana_name) const {
    if (auto it = borrowed_.find(iana_name); it != borrowed_.end()) return it->second;
    if (auto it = owned_.find(iana_name); it != owned_.end()) return it->second.get();
    return nullptr;
}

void FakeTimeZones::AddFixed(std::string name, std::chrono::seconds utc_offset) {
    owned_[std::move(name)] = std::make_unique<FixedOffsetZone>(utc_offset);
}

void FakeTimeZones::AddBorrowed(std::string name, const TimeZone& zone) { borrowed_[std::move(name)] = &zone; }

// --- Builders ------------------------------------------------------------------------------

Organization SeedOrganization(UnitOfWorkFactory& database, Organization org) {
    auto uow = database.Begin(TransactionMode::kWrite);
    org.id = uow->organizations().Create(org);
    uow->Commit();
    return org;
}

User SeedUser(UnitOfWorkFactory& database, User user) {
    auto uow = database.Begin(TransactionMode::kWrite);
    auto id = uow->users().Create(user);
    if (!id) throw std::logic_error("SeedUser: " + id.error().detail + " (" + user.email + ")");
    user.id = *id;
    uow->Commit();
    return user;
}

Shift SeedShift(UnitOfWorkFactory& database, Shift shift) {
    auto uow = database.Begin(TransactionMode::kWrite);
    auto id = uow->shifts().Create(shift);
    if (!id) throw std::logic_error("SeedShift: " + id.error().detail);
    shift.id = *id;
    uow->Commit();
    return shift;
}

Invitation SeedInvitation(UnitOfWorkFactory& database, Invitation invitation) {
    auto uow = database.Begin(TransactionMode::kWrite);
    invitation.id = uow->invitations().Create(invitation);
    uow->Commit();
    return invitation;
}

Principal PrincipalFor(const User& user) {
    Principal principal;
    principal.user_id = user.id;
    principal.organization_id = user.organization_id;
    principal.role = user.role;
    principal.token_id = fmt::format("principal-of-{}", user.id);
    principal.token_expires_at = UtcAt(2100, 1, 1);
    return principal;
}

std::optional<User> LoadUser(UnitOfWorkFactory& database, Id id) {
    auto uow = database.Begin(TransactionMode::kRead);
    return uow->users().FindByIdAnyOrganization(id);
}

std::optional<Shift> LoadShift(UnitOfWorkFactory& database, Id organization_id, Id id) {
    auto uow = database.Begin(TransactionMode::kRead);
    return uow->shifts().FindById(organization_id, id);
}

std::vector<Shift> LoadShifts(UnitOfWorkFactory& database, Id organization_id, Instant from, Instant to) {
    auto uow = database.Begin(TransactionMode::kRead);
    return uow->shifts().List(ShiftQuery{organization_id, from, to, std::nullopt});
}

}  // namespace shiftsync
