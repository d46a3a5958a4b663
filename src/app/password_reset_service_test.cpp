#include "app/password_reset_service.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "app/mail_composer.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using namespace std::chrono_literals;

constexpr const char* kOldPassword = "correct horse battery staple";
constexpr const char* kNewPassword = "a brand new and rather long passphrase";
constexpr const char* kAppUrl = "https://shifts.example.com";

// The two kinds this service sends, with the placeholders of their real templates.
class ResetMailTemplates final : public MailTemplates {
public:
    std::string_view Text(EmailKind kind) const override {
        return kind == EmailKind::kPasswordReset
                   ? "Subject: reset\n\n{{requested}} {{link}} {{expires}} {{organization}}"
                   : "Subject: notice\n\n{{changed}} {{link}} {{organization}}";
    }
    std::string_view Html(EmailKind kind) const override { return Text(kind); }
};

class PasswordResetServiceTest : public testing::Test {
protected:
    PasswordResetServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        other_org_ = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
        owner_ = Seed(org_.id, "Olga", "olga@example.com", Role::kOwner);
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        emma_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);
        stranger_ = Seed(other_org_.id, "Sam", "sam@example.com", Role::kEmployee);
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = hasher_.Hash(kOldPassword),
                                   .role = role});
    }

    static Principal As(const User& user) { return Principal{user.id, user.organization_id, user.role, "jti", {}, {}}; }

    std::vector<OutboxMessage> Outbox() {
        auto uow = db_->Begin(TransactionMode::kRead);
        auto messages = uow->outbox().List(org_.id, 0, 100);
        return {messages.rbegin(), messages.rend()};  // oldest first
    }
    // The token in the newest password reset email's link.
    std::string LastToken() {
        for (const OutboxMessage& m : [&] {
                 auto all = Outbox();
                 return std::vector(all.rbegin(), all.rend());
             }()) {
            if (m.kind != EmailKind::kPasswordReset) continue;
            const auto at = m.text_body.find("token=");
            return m.text_body.substr(at + 6, m.text_body.find(' ', at) - at - 6);
        }
        ADD_FAILURE() << "no password reset email";
        return "";
    }
    User Reload(const User& user) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return *uow->users().FindById(user.organization_id, user.id);
    }
    int ResetRows() {
        auto uow = db_->Begin(TransactionMode::kRead);
        int n = 0;
        for (const OutboxMessage& m : uow->outbox().List(org_.id, 0, 100)) n += m.kind == EmailKind::kPasswordReset;
        return n;
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    FakePasswordHasher hasher_;
    FakeCommonPasswords common_;
    SequenceRandom random_;
    FakeDigest digest_;
    FakeTimeZones zones_;
    ResetMailTemplates templates_;
    MailComposer composer_{templates_, random_, "shifts.example.com"};
    Notifications notifications_{composer_, zones_, clock_, kAppUrl};
    LoginThrottle throttle_{*db_, digest_, clock_, ThrottleLimits{3, 10, 15min}};
    PasswordResetService resets_{PasswordResetPorts{*db_, hasher_, common_, random_, digest_, clock_}, throttle_,
                                 PasswordResetSettings{1h, kAppUrl}, &notifications_};
    Organization org_, other_org_;
    User owner_, manager_, emma_, stranger_;
};

TEST_F(PasswordResetServiceTest, AKnownEmailGetsASingleUseLinkStoredOnlyAsAHash) {
    ASSERT_TRUE(resets_.Request("EMMA@example.com", "10.0.0.1"));
    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kPasswordReset);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_TRUE(outbox[0].carries_secret);
    const std::string token = LastToken();
    EXPECT_GE(token.size(), 43u);  // 32 random bytes
    EXPECT_NE(outbox[0].text_body.find(std::string(kAppUrl) + "/reset-password?token=" + token), std::string::npos);
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_FALSE(uow->password_resets().FindByTokenHash(token));  // never the token itself
    auto stored = uow->password_resets().FindByTokenHash(digest_.Sha256Hex(token));
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->user_id, emma_.id);
    EXPECT_EQ(stored->expires_at, clock_.Now() + 1h);
    EXPECT_FALSE(stored->requested_by);
}

TEST_F(PasswordResetServiceTest, UnknownAndRemovedEmailsAnswerTheSameAndSendNothing) {
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        User removed = emma_;
        removed.active = false;
        ASSERT_TRUE(uow->users().Update(removed));
        uow->Commit();
    }
    const int draws = random_.calls();
    EXPECT_TRUE(resets_.Request("nobody@example.com", "10.0.0.1"));
    EXPECT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    EXPECT_TRUE(Outbox().empty());
    EXPECT_EQ(random_.calls(), draws + 2);  // a token drawn anyway: the same work
}

TEST_F(PasswordResetServiceTest, ConfirmSetsThePasswordEndsSessionsAndSendsANotice) {
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    const std::string token = LastToken();
    ASSERT_TRUE(resets_.Confirm(token, kNewPassword));
    const User after = Reload(emma_);
    EXPECT_TRUE(hasher_.Verify(kNewPassword, after.password_hash));
    EXPECT_EQ(after.token_version, emma_.token_version + 1);
    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 2u);
    EXPECT_EQ(outbox[1].kind, EmailKind::kSecurityNotice);
    EXPECT_EQ(outbox[1].to_address, "emma@example.com");

    // Single use.
    auto again = resets_.Confirm(token, "yet another long passphrase");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kResetLinkGone);
    EXPECT_TRUE(hasher_.Verify(kNewPassword, Reload(emma_).password_hash));
}

TEST_F(PasswordResetServiceTest, AnExpiredLinkIsGoneAndChangesNothing) {
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    const std::string token = LastToken();
    clock_.Advance(1h);
    auto result = resets_.Confirm(token, kNewPassword);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kResetLinkGone);
    EXPECT_EQ(Reload(emma_).password_hash, emma_.password_hash);
    EXPECT_EQ(Reload(emma_).token_version, emma_.token_version);
}

TEST_F(PasswordResetServiceTest, UnknownOrMalformedTokensAreInvalidInput) {
    for (const std::string token :
         {std::string(""), std::string("short"), std::string(43, '*'), std::string(43, 'a'), std::string(300, 'b')}) {
        auto result = resets_.Confirm(token, kNewPassword);
        ASSERT_FALSE(result) << token;
        EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput) << token;
        EXPECT_EQ(result.error().field, "token");
    }
}

TEST_F(PasswordResetServiceTest, ThePolicyAppliesAndAWeakPasswordLeavesTheLinkUsable) {
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    const std::string token = LastToken();
    auto weak = resets_.Confirm(token, "short");
    ASSERT_FALSE(weak);
    EXPECT_EQ(weak.error().code, ErrorCode::kInvalidInput);
    EXPECT_EQ(weak.error().field, "password");
    EXPECT_EQ(Reload(emma_).password_hash, emma_.password_hash);
    EXPECT_TRUE(resets_.Confirm(token, kNewPassword));
}

TEST_F(PasswordResetServiceTest, SettingAPasswordEndsTheOtherOpenLinks) {
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    const std::string first = LastToken();
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    const std::string second = LastToken();
    ASSERT_NE(first, second);
    ASSERT_TRUE(resets_.Confirm(second, kNewPassword));
    auto old_link = resets_.Confirm(first, "yet another long passphrase");
    ASSERT_FALSE(old_link);
    EXPECT_EQ(old_link.error().code, ErrorCode::kResetLinkGone);
}

TEST_F(PasswordResetServiceTest, RequestsAreThrottledPerEmailWhetherOrNotItIsKnown) {
    for (const char* email : {"emma@example.com", "ghost@example.com"}) {
        for (int i = 0; i < 3; ++i) ASSERT_TRUE(resets_.Request(email, "10.0.0." + std::to_string(i)));
        auto fourth = resets_.Request(email, "10.0.0.9");
        ASSERT_FALSE(fourth) << email;
        EXPECT_EQ(fourth.error().code, ErrorCode::kTooManyRequests);
        EXPECT_GT(fourth.error().retry_after_seconds, 0);
    }
    EXPECT_EQ(ResetRows(), 3);  // the throttled request sent nothing
    // Sign-in failures are counted apart.
    EXPECT_FALSE(throttle_.RetryAfter("emma@example.com", "10.0.0.1"));
}

TEST_F(PasswordResetServiceTest, RequestsAreThrottledPerAddress) {
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(resets_.Request("p" + std::to_string(i) + "@example.com", "10.9.9.9"));
    auto next = resets_.Request("emma@example.com", "10.9.9.9");
    ASSERT_FALSE(next);
    EXPECT_EQ(next.error().code, ErrorCode::kTooManyRequests);
    EXPECT_TRUE(Outbox().empty());
}

TEST_F(PasswordResetServiceTest, ANonEmailIsInvalidInput) {
    auto result = resets_.Request("not an email", "10.0.0.1");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidInput);
}

TEST_F(PasswordResetServiceTest, AManagerSendsALinkToAnEmployeeAndNeverSeesIt) {
    auto sent = resets_.SendFor(As(manager_), emma_.id, "10.0.0.1");
    ASSERT_TRUE(sent);
    EXPECT_EQ(sent->expires_at, clock_.Now() + 1h);
    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_NE(outbox[0].text_body.find("Max sent you a link"), std::string::npos);
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_EQ(uow->password_resets().FindByTokenHash(digest_.Sha256Hex(LastToken()))->requested_by, manager_.id);
}

TEST_F(PasswordResetServiceTest, SendingFollowsTheRulesForManagingPeople) {
    auto employee = resets_.SendFor(As(emma_), manager_.id, "10.0.0.1");
    ASSERT_FALSE(employee);
    EXPECT_EQ(employee.error().code, ErrorCode::kForbidden);
    auto manager_for_owner = resets_.SendFor(As(manager_), owner_.id, "10.0.0.1");
    ASSERT_FALSE(manager_for_owner);
    EXPECT_EQ(manager_for_owner.error().code, ErrorCode::kForbidden);
    auto other_org = resets_.SendFor(As(manager_), stranger_.id, "10.0.0.1");
    ASSERT_FALSE(other_org);
    EXPECT_EQ(other_org.error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(Outbox().empty());
    EXPECT_TRUE(resets_.SendFor(As(owner_), owner_.id, "10.0.0.1"));
    EXPECT_TRUE(resets_.SendFor(As(owner_), manager_.id, "10.0.0.1"));
}

TEST_F(PasswordResetServiceTest, ARemovedPersonGetsNoLinkAndTheirLinksDie) {
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    const std::string token = LastToken();
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        User removed = emma_;
        removed.active = false;
        ASSERT_TRUE(uow->users().Update(removed));
        uow->Commit();
    }
    auto sent = resets_.SendFor(As(owner_), emma_.id, "10.0.0.1");
    ASSERT_FALSE(sent);
    EXPECT_EQ(sent.error().code, ErrorCode::kConflict);
    auto confirmed = resets_.Confirm(token, kNewPassword);
    ASSERT_FALSE(confirmed);
    EXPECT_EQ(confirmed.error().code, ErrorCode::kResetLinkGone);
}

// A reset email is essential: someone who turned non-essential email off still gets it.
TEST_F(PasswordResetServiceTest, TheLinkReachesSomeoneWhoTurnedEmailOff) {
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        User quiet = emma_;
        quiet.email_notifications = false;
        ASSERT_TRUE(uow->users().Update(quiet));
        uow->Commit();
    }
    ASSERT_TRUE(resets_.Request("emma@example.com", "10.0.0.1"));
    ASSERT_TRUE(resets_.SendFor(As(manager_), emma_.id, "10.0.0.1"));
    EXPECT_EQ(ResetRows(), 2);
    EXPECT_TRUE(IsEssential(EmailKind::kPasswordReset));
}

}  // namespace
}  // namespace shiftsync
