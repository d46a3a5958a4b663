#include "app/notifications.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "app/auth_service.hpp"
#include "app/invitation_service.hpp"
#include "app/mail_composer.hpp"
#include "app/pattern_service.hpp"
#include "app/people_service.hpp"
#include "app/shift_service.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::hours;

constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kNewPassword = "a brand new and rather long passphrase";
constexpr const char* kAppUrl = "https://shifts.example.com";

// Every kind uses exactly the placeholders its real template (templates/mail/<kind>.txt|html)
// uses, so a value the real templates need and Notifications forgets shows up here as an empty
// "name=[]". The subject starts with the kind's name, so a test can tell kinds apart by it too.
class FakeMailTemplates final : public MailTemplates {
public:
    FakeMailTemplates() {
        Add(EmailKind::kAnnouncement, {"subject", "recipient_name", "message", "organization"});
        Add(EmailKind::kInvitation, {"organization", "role", "link", "expires"});
        Add(EmailKind::kPatternAssigned, {"recipient_name", "organization", "position", "days", "period", "link"});
        Add(EmailKind::kSecurityNotice, {"organization", "changed", "recipient_name", "link"});
        const std::vector<std::string> shift{"when", "recipient_name", "organization", "position",
                                             "note", "changes",        "link"};
        Add(EmailKind::kShiftAssigned, shift);
        Add(EmailKind::kShiftCancelled, shift);
        Add(EmailKind::kShiftChanged, shift);
        Add(EmailKind::kWelcome, {"organization", "recipient_name", "link"});
    }
    std::string_view Text(EmailKind kind) const override { return text_.at(kind); }
    std::string_view Html(EmailKind kind) const override { return html_.at(kind); }

private:
    void Add(EmailKind kind, const std::vector<std::string>& names) {
        std::string body;
        for (const std::string& name : names) body += name + "=[{{" + name + "}}]\n";
        text_[kind] = "Subject: " + std::string(EmailKindName(kind)) + "\n\n" + body;
        html_[kind] = "<p>" + body + "</p>";
    }
    std::map<EmailKind, std::string> text_, html_;
};

DayTimes Times(int start_hour, int end_hour) { return DayTimes{LocalTime{start_hour * 60}, LocalTime{end_hour * 60}}; }

class NotificationsTest : public testing::Test {
protected:
    NotificationsTest() {
        clock_.Set(UtcAt(2026, 3, 4, 12));  // a Wednesday
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        manager_ = Seed(org_.id, "Max", "max@example.com", Role::kManager);
        emma_ = Seed(org_.id, "Emma", "emma@example.com", Role::kEmployee);
        ella_ = Seed(org_.id, "Ella", "ella@example.com", Role::kEmployee);
    }

    User Seed(Id organization_id, const std::string& name, const std::string& email, Role role,
              bool email_notifications = true) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = hasher_.Hash(kPassword),
                                   .position = "Baker",
                                   .role = role,
                                   .email_notifications = email_notifications});
    }

    // The organisation's outbox, newest first.
    std::vector<OutboxMessage> Outbox(Id organization_id) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->outbox().List(organization_id, 0, 100);
    }
    std::vector<OutboxMessage> Outbox() { return Outbox(org_.id); }

    std::vector<OutboxMessage> OutboxTo(const std::string& address) {
        std::vector<OutboxMessage> out;
        for (OutboxMessage& message : Outbox())
            if (message.to_address == address) out.push_back(std::move(message));
        return out;
    }

    ShiftInput FutureShift(Id user_id) const {
        return ShiftInput{.user_id = user_id, .start = UtcAt(2026, 3, 10, 8), .end = UtcAt(2026, 3, 10, 16)};
    }

    Shift CreateShift(const ShiftInput& input) {
        auto shift = shifts_.Create(PrincipalFor(manager_), input);
        EXPECT_TRUE(shift.ok()) << (shift.ok() ? "" : shift.error().detail);
        return shift.ok() ? *shift : Shift{};
    }

    // Monday to Friday, 08:00-16:00, for two weeks from `monday`.
    PatternInput TwoWeeks(Id user_id, Date monday, Date last_day) const {
        PatternInput input;
        input.user_id = user_id;
        input.start_date = monday;
        input.end_date = last_day;
        for (int i = 0; i < 5; ++i) input.days[i] = Times(8, 16);
        return input;
    }

    AuthPorts Ports() { return AuthPorts{*db_, hasher_, common_, tokens_, random_, digest_, clock_, zones_}; }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakeClock clock_;
    FakePasswordHasher hasher_;
    FakeCommonPasswords common_;
    FakeSessionTokens tokens_;
    SequenceRandom random_;
    FakeDigest digest_;
    FakeTimeZones zones_;
    FakeMailTemplates templates_;
    MailComposer composer_{templates_, random_, "mail.example.com"};
    Notifications notifications_{composer_, zones_, clock_, kAppUrl};
    LoginThrottle throttle_{*db_, digest_, clock_, ThrottleLimits{}};
    AuthService auth_{Ports(), throttle_, AuthSettings{}, &notifications_};
    PeopleService people_{*db_, hasher_, common_, clock_, &notifications_};
    InvitationService invitations_{*db_,           random_, digest_, clock_, InvitationSettings{.public_url = kAppUrl},
                                   &notifications_};
    ShiftService shifts_{*db_, &notifications_};
    PatternService patterns_{*db_, zones_, clock_, &notifications_};
    Organization org_;
    User manager_, emma_, ella_;
};

// --- Accounts ------------------------------------------------------------------------------

TEST_F(NotificationsTest, RegisteringANewOrganizationQueuesOneWelcomeToTheNewUser) {
    RegisterCommand command;
    command.name = "Olga Owner";
    command.email = "olga@example.com";
    command.password = kPassword;
    command.organization = NewOrganization{"Corner Cafe", "Etc/GMT-1", std::nullopt};
    auto grant = auth_.Register(command);
    ASSERT_TRUE(grant.ok()) << grant.error().detail;

    const auto outbox = Outbox(grant->organization.id);
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kWelcome);
    EXPECT_EQ(outbox[0].to_address, "olga@example.com");
    EXPECT_EQ(outbox[0].recipient_user_id, grant->user.id);
    EXPECT_EQ(outbox[0].status, OutboxStatus::kPending);
    EXPECT_NE(outbox[0].text_body.find(std::string("link=[") + kAppUrl + "]"), std::string::npos)
        << outbox[0].text_body;
    EXPECT_TRUE(Outbox().empty()) << "nothing for the other organisation";
}

TEST_F(NotificationsTest, RegisteringWithAnInvitationQueuesOneWelcome) {
    auto created = invitations_.Create(PrincipalFor(manager_), InvitationCommand{.email = "ivan@example.com"});
    ASSERT_TRUE(created.ok()) << created.error().detail;
    RegisterCommand command;
    command.name = "Ivan";
    command.email = "ivan@example.com";
    command.password = kPassword;
    command.invitation_token = created->token;
    auto grant = auth_.Register(command);
    ASSERT_TRUE(grant.ok()) << grant.error().detail;

    const auto to_ivan = OutboxTo("ivan@example.com");
    ASSERT_EQ(to_ivan.size(), 2u);  // the invitation, then the welcome
    EXPECT_EQ(to_ivan[0].kind, EmailKind::kWelcome);
    EXPECT_EQ(to_ivan[0].recipient_user_id, grant->user.id);
    EXPECT_EQ(to_ivan[1].kind, EmailKind::kInvitation);
}

TEST_F(NotificationsTest, AnInvitationQueuesOneEmailToTheInvitedAddressWithTheLink) {
    auto created = invitations_.Create(PrincipalFor(manager_),
                                       InvitationCommand{.email = "new@example.com", .role = Role::kManager});
    ASSERT_TRUE(created.ok()) << created.error().detail;
    ASSERT_NE(created->link.find(created->token), std::string::npos);

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kInvitation);
    EXPECT_EQ(outbox[0].to_address, "new@example.com");
    EXPECT_FALSE(outbox[0].recipient_user_id.has_value());
    EXPECT_NE(outbox[0].text_body.find("link=[" + created->link + "]"), std::string::npos) << outbox[0].text_body;
    EXPECT_NE(outbox[0].html_body.find(created->link), std::string::npos) << outbox[0].html_body;
    EXPECT_NE(outbox[0].text_body.find("role=[manager]"), std::string::npos) << outbox[0].text_body;
    EXPECT_EQ(outbox[0].text_body.find("expires=[]"), std::string::npos) << outbox[0].text_body;
}

TEST_F(NotificationsTest, APasswordChangeQueuesASecurityNoticeToTheUser) {
    auto view =
        people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.password = kNewPassword, .current_password = kPassword});
    ASSERT_TRUE(view.ok()) << view.error().detail;

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kSecurityNotice);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_EQ(outbox[0].recipient_user_id, emma_.id);
    EXPECT_NE(outbox[0].text_body.find("changed=[password]"), std::string::npos) << outbox[0].text_body;
}

TEST_F(NotificationsTest, AnEmailChangeQueuesANoticeToTheNewAndToTheOldAddress) {
    auto view =
        people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.email = "emma.new@example.com", .current_password = kPassword});
    ASSERT_TRUE(view.ok()) << view.error().detail;

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 2u);
    const auto to_new = OutboxTo("emma.new@example.com");
    const auto to_old = OutboxTo("emma@example.com");
    ASSERT_EQ(to_new.size(), 1u);
    ASSERT_EQ(to_old.size(), 1u);
    EXPECT_EQ(to_new[0].kind, EmailKind::kSecurityNotice);
    EXPECT_EQ(to_old[0].kind, EmailKind::kSecurityNotice);
    EXPECT_EQ(to_old[0].recipient_user_id, emma_.id);
    EXPECT_NE(to_old[0].text_body.find("changed=[email address]"), std::string::npos) << to_old[0].text_body;
}

TEST_F(NotificationsTest, ChangingOnlyTheCaseOfTheEmailQueuesOneNotice) {
    auto view =
        people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.email = "Emma@Example.com", .current_password = kPassword});
    ASSERT_TRUE(view.ok()) << view.error().detail;
    ASSERT_EQ(Outbox().size(), 1u);
    EXPECT_EQ(Outbox()[0].to_address, "Emma@Example.com");
}

TEST_F(NotificationsTest, ChangingOnlyTheNameOrThePreferenceQueuesNothing) {
    auto view = people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.name = "Emma B", .email_notifications = false});
    ASSERT_TRUE(view.ok()) << view.error().detail;
    EXPECT_TRUE(Outbox().empty());
}

// --- Shifts --------------------------------------------------------------------------------

TEST_F(NotificationsTest, AFutureShiftQueuesShiftAssignedToItsEmployee) {
    ShiftInput input = FutureShift(emma_.id);
    input.note = "Bring <keys> & apron";
    const Shift shift = CreateShift(input);
    ASSERT_NE(shift.id, 0);

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kShiftAssigned);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_EQ(outbox[0].recipient_user_id, emma_.id);
    EXPECT_NE(outbox[0].text_body.find("when=[Tue, Mar 10, 8 AM\u20134 PM]"), std::string::npos) << outbox[0].text_body;
    EXPECT_NE(outbox[0].text_body.find("changes=[]"), std::string::npos) << outbox[0].text_body;
    EXPECT_NE(outbox[0].text_body.find("position=[Baker]"), std::string::npos) << outbox[0].text_body;
    EXPECT_NE(outbox[0].html_body.find("Bring &lt;keys&gt; &amp; apron"), std::string::npos) << outbox[0].html_body;
}

TEST_F(NotificationsTest, AShiftInThePastQueuesNothing) {
    CreateShift(ShiftInput{.user_id = emma_.id, .start = UtcAt(2026, 3, 2, 8), .end = UtcAt(2026, 3, 2, 16)});
    // Started an hour ago: not news either.
    CreateShift(ShiftInput{.user_id = emma_.id, .start = UtcAt(2026, 3, 4, 11), .end = UtcAt(2026, 3, 4, 19)});
    EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, AnOpenShiftQueuesNothing) {
    CreateShift(ShiftInput{.start = UtcAt(2026, 3, 10, 8), .end = UtcAt(2026, 3, 10, 16), .position = "Baker"});
    EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, NewTimesQueueShiftChanged) {
    const Shift shift = CreateShift(FutureShift(emma_.id));
    auto updated = shifts_.Update(PrincipalFor(manager_), shift.id,
                                  ShiftPatch{.start = UtcAt(2026, 3, 10, 9), .end = UtcAt(2026, 3, 10, 17)});
    ASSERT_TRUE(updated.ok()) << updated.error().detail;

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 2u);
    EXPECT_EQ(outbox[1].kind, EmailKind::kShiftAssigned);
    EXPECT_EQ(outbox[0].kind, EmailKind::kShiftChanged);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_NE(outbox[0].text_body.find("when=[Tue, Mar 10, 9 AM\u20135 PM]"), std::string::npos) << outbox[0].text_body;
    EXPECT_NE(
        outbox[0].text_body.find("changes=[Time: Tue, Mar 10, 8 AM\u20134 PM \u2192 Tue, Mar 10, 9 AM\u20135 PM]"),
        std::string::npos)
        << outbox[0].text_body;
}

std::int64_t Revision(UnitOfWorkFactory& db, Id organization_id) {
    auto uow = db.Begin(TransactionMode::kRead);
    return uow->organizations().FindById(organization_id)->schedule_revision;
}

TEST_F(NotificationsTest, SavingAShiftUnchangedChangesNothingAndQueuesNothing) {
    auto pattern = patterns_.Create(PrincipalFor(manager_), TwoWeeks(emma_.id, Day(2026, 3, 9), Day(2026, 3, 22)));
    ASSERT_TRUE(pattern.ok()) << pattern.error().detail;
    const Shift generated = LoadShifts(*db_, org_.id, UtcAt(2026, 3, 10), UtcAt(2026, 3, 11)).at(0);
    ASSERT_EQ(generated.pattern_id, pattern->pattern.id);
    const std::size_t emails = Outbox().size();
    const std::int64_t revision = Revision(*db_, org_.id);

    // What the editor sends when saved untouched: every field, each as it was.
    const ShiftPatch same{.user_id = generated.user_id,
                          .start = generated.start,
                          .end = generated.end,
                          .position = generated.position,
                          .note = generated.note};
    auto saved = shifts_.Update(PrincipalFor(manager_), generated.id, same);
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    EXPECT_EQ(saved->pattern_id, pattern->pattern.id);

    EXPECT_EQ(Outbox().size(), emails);
    EXPECT_EQ(Revision(*db_, org_.id), revision);
    EXPECT_EQ(LoadShift(*db_, org_.id, generated.id)->pattern_id, pattern->pattern.id);
    // An empty patch is no change either.
    ASSERT_TRUE(shifts_.Update(PrincipalFor(manager_), generated.id, ShiftPatch{}).ok());
    EXPECT_EQ(Outbox().size(), emails);
    EXPECT_EQ(Revision(*db_, org_.id), revision);
}

TEST_F(NotificationsTest, SavingAPatternUnchangedRegeneratesNothingAndQueuesNothing) {
    const PatternInput input = TwoWeeks(emma_.id, Day(2026, 3, 9), Day(2026, 3, 22));
    auto saved = patterns_.Create(PrincipalFor(manager_), input);
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    const auto shifts_before = LoadShifts(*db_, org_.id, UtcAt(2026, 3, 1), UtcAt(2026, 4, 1));
    const std::size_t emails = Outbox().size();
    const std::int64_t revision = Revision(*db_, org_.id);

    PatternInput same = input;
    same.position = "Baker";  // the position it took from Emma, now given explicitly
    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, same);
    ASSERT_TRUE(replaced.ok()) << replaced.error().detail;
    EXPECT_EQ(replaced->shift_count, 0);
    EXPECT_EQ(replaced->pattern.id, saved->pattern.id);

    EXPECT_EQ(Outbox().size(), emails);
    EXPECT_EQ(Revision(*db_, org_.id), revision);
    const auto shifts_after = LoadShifts(*db_, org_.id, UtcAt(2026, 3, 1), UtcAt(2026, 4, 1));
    ASSERT_EQ(shifts_after.size(), shifts_before.size());
    for (std::size_t i = 0; i < shifts_after.size(); ++i) EXPECT_EQ(shifts_after[i].id, shifts_before[i].id);
}

TEST_F(NotificationsTest, ChangingAShiftThatHasStartedQueuesNothing) {
    const Shift shift =
        CreateShift(ShiftInput{.user_id = emma_.id, .start = UtcAt(2026, 3, 4, 11), .end = UtcAt(2026, 3, 4, 19)});
    auto updated = shifts_.Update(PrincipalFor(manager_), shift.id, ShiftPatch{.end = UtcAt(2026, 3, 4, 20)});
    ASSERT_TRUE(updated.ok()) << updated.error().detail;
    EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, MovingAShiftToAnotherEmployeeCancelsItForOneAndAssignsItToTheOther) {
    const Shift shift = CreateShift(FutureShift(emma_.id));
    auto updated = shifts_.Update(PrincipalFor(manager_), shift.id, ShiftPatch{.user_id = std::optional<Id>(ella_.id)});
    ASSERT_TRUE(updated.ok()) << updated.error().detail;

    const auto to_emma = OutboxTo("emma@example.com");
    const auto to_ella = OutboxTo("ella@example.com");
    ASSERT_EQ(to_emma.size(), 2u);
    EXPECT_EQ(to_emma[0].kind, EmailKind::kShiftCancelled);
    EXPECT_EQ(to_emma[1].kind, EmailKind::kShiftAssigned);
    ASSERT_EQ(to_ella.size(), 1u);
    EXPECT_EQ(to_ella[0].kind, EmailKind::kShiftAssigned);
    EXPECT_EQ(to_ella[0].recipient_user_id, ella_.id);
    // Both are told who had it and who has it now.
    for (const OutboxMessage* m : {&to_emma[0], &to_ella[0]})
        EXPECT_NE(m->text_body.find("changes=[Person: Emma \u2192 Ella]"), std::string::npos) << m->text_body;
}

TEST_F(NotificationsTest, ShiftChangedSaysWhatChangedBeforeAndAfter) {
    ShiftInput input = FutureShift(emma_.id);
    input.note = "Opening";
    const Shift shift = CreateShift(input);
    auto updated = shifts_.Update(PrincipalFor(manager_), shift.id,
                                  ShiftPatch{.end = UtcAt(2026, 3, 10, 16, 30), .position = "Cashier", .note = ""});
    ASSERT_TRUE(updated.ok()) << updated.error().detail;
    const OutboxMessage& changed = Outbox().at(0);
    ASSERT_EQ(changed.kind, EmailKind::kShiftChanged);
    EXPECT_NE(
        changed.text_body.find("changes=[Time: Tue, Mar 10, 8 AM\u20134 PM \u2192 Tue, Mar 10, 8 AM\u20134:30 PM\n"
                               "Position: Baker \u2192 Cashier\n"
                               "Note: Opening \u2192 (none)]"),
        std::string::npos)
        << changed.text_body;
    EXPECT_EQ(changed.text_body.find("Person:"), std::string::npos) << "the same person";
}

TEST_F(NotificationsTest, EmailsWriteTimesInTheOrganizationsLocale) {
    auto uow = db_->Begin(TransactionMode::kWrite);
    Organization org = *uow->organizations().FindById(org_.id);
    org.locale = "en-GB";
    uow->organizations().Update(org);
    uow->Commit();
    uow.reset();
    CreateShift(FutureShift(emma_.id));
    EXPECT_NE(Outbox().at(0).text_body.find("when=[Tue 10 Mar, 08:00\u201316:00]"), std::string::npos)
        << Outbox().at(0).text_body;
}

TEST_F(NotificationsTest, MakingAShiftOpenCancelsItForTheEmployee) {
    const Shift shift = CreateShift(FutureShift(emma_.id));
    auto updated = shifts_.Update(PrincipalFor(manager_), shift.id, ShiftPatch{.user_id = std::optional<Id>()});
    ASSERT_TRUE(updated.ok()) << updated.error().detail;
    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 2u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kShiftCancelled);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
}

TEST_F(NotificationsTest, DeletingAShiftQueuesShiftCancelled) {
    const Shift shift = CreateShift(FutureShift(emma_.id));
    ASSERT_TRUE(shifts_.Delete(PrincipalFor(manager_), shift.id).ok());

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 2u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kShiftCancelled);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_NE(outbox[0].text_body.find("when=[Tue, Mar 10, 8 AM\u20134 PM]"), std::string::npos) << outbox[0].text_body;
}

TEST_F(NotificationsTest, AnOverlappingShiftFailsAndQueuesNothing) {
    CreateShift(FutureShift(emma_.id));
    const std::size_t before = Outbox().size();
    ASSERT_EQ(before, 1u);

    auto overlap =
        shifts_.Create(PrincipalFor(manager_),
                       ShiftInput{.user_id = emma_.id, .start = UtcAt(2026, 3, 10, 12), .end = UtcAt(2026, 3, 10, 20)});
    ASSERT_FALSE(overlap.ok());
    EXPECT_EQ(overlap.error().code, ErrorCode::kShiftOverlap);
    EXPECT_EQ(Outbox().size(), before);
}

TEST_F(NotificationsTest, AMoveOntoAnOverlappingShiftFailsAndQueuesNothing) {
    CreateShift(FutureShift(emma_.id));
    const Shift ellas = CreateShift(FutureShift(ella_.id));
    ASSERT_EQ(Outbox().size(), 2u);

    auto moved = shifts_.Update(PrincipalFor(manager_), ellas.id, ShiftPatch{.user_id = std::optional<Id>(emma_.id)});
    ASSERT_FALSE(moved.ok());
    EXPECT_EQ(moved.error().code, ErrorCode::kShiftOverlap);
    EXPECT_EQ(Outbox().size(), 2u);
}

TEST_F(NotificationsTest, AFailedEmailChangeQueuesNothing) {
    auto view =
        people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.email = "ella@example.com", .current_password = kPassword});
    ASSERT_FALSE(view.ok());
    EXPECT_EQ(view.error().code, ErrorCode::kEmailTaken);
    EXPECT_TRUE(Outbox().empty());
}

TEST_F(NotificationsTest, AnEmailQueuedInAUnitOfWorkThatIsNotCommittedIsDropped) {
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        notifications_.Welcome(*uow, org_, emma_);
        ASSERT_EQ(uow->outbox().List(org_.id, 0, 10).size(), 1u) << "visible inside its own transaction";
    }  // rolled back
    EXPECT_TRUE(Outbox().empty());
}

// --- Patterns ------------------------------------------------------------------------------

TEST_F(NotificationsTest, APatternCreatingManyShiftsQueuesExactlyOneSummary) {
    auto saved = patterns_.Create(PrincipalFor(manager_), TwoWeeks(emma_.id, Day(2026, 3, 9), Day(2026, 3, 22)));
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    ASSERT_EQ(saved->shift_count, 10);

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kPatternAssigned);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
    EXPECT_NE(outbox[0].text_body.find("period=[from Mon, Mar 9, 2026 to Sun, Mar 22, 2026]"), std::string::npos)
        << outbox[0].text_body;
    EXPECT_NE(outbox[0].text_body.find("Monday 8 AM\u20134 PM"), std::string::npos) << outbox[0].text_body;
}

TEST_F(NotificationsTest, ReplacingAPatternQueuesOneSummaryMore) {
    auto saved = patterns_.Create(PrincipalFor(manager_), TwoWeeks(emma_.id, Day(2026, 3, 9), Day(2026, 3, 22)));
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    PatternInput input = TwoWeeks(emma_.id, Day(2026, 3, 9), Day(2026, 3, 22));
    input.days[0] = Times(9, 17);
    auto replaced = patterns_.Replace(PrincipalFor(manager_), saved->pattern.id, input);
    ASSERT_TRUE(replaced.ok()) << replaced.error().detail;

    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 2u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kPatternAssigned);
    EXPECT_NE(outbox[0].text_body.find("Monday 9 AM\u20135 PM"), std::string::npos) << outbox[0].text_body;
}

TEST_F(NotificationsTest, APatternEntirelyInThePastQueuesNothing) {
    auto saved = patterns_.Create(PrincipalFor(manager_), TwoWeeks(emma_.id, Day(2026, 2, 2), Day(2026, 2, 15)));
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    EXPECT_EQ(saved->shift_count, 0);
    EXPECT_TRUE(Outbox().empty());
}

// --- The preference ------------------------------------------------------------------------

TEST_F(NotificationsTest, AnOptedOutEmployeeGetsNoScheduleEmailButStillGetsSecurityNotices) {
    const User quiet = Seed(org_.id, "Quinn", "quinn@example.com", Role::kEmployee, false);

    const Shift shift = CreateShift(FutureShift(quiet.id));
    ASSERT_TRUE(shifts_.Update(PrincipalFor(manager_), shift.id, ShiftPatch{.end = UtcAt(2026, 3, 10, 17)}).ok());
    ASSERT_TRUE(shifts_.Delete(PrincipalFor(manager_), shift.id).ok());
    auto saved = patterns_.Create(PrincipalFor(manager_), TwoWeeks(quiet.id, Day(2026, 3, 9), Day(2026, 3, 22)));
    ASSERT_TRUE(saved.ok()) << saved.error().detail;
    ASSERT_GT(saved->shift_count, 0);
    {
        auto uow = db_->Begin(TransactionMode::kWrite);
        EXPECT_EQ(notifications_.Announcement(*uow, org_, quiet, "Party", "Friday"), 0);
        uow->Commit();
    }
    EXPECT_TRUE(Outbox().empty());

    auto view =
        people_.UpdateMe(PrincipalFor(quiet), MeUpdate{.password = kNewPassword, .current_password = kPassword});
    ASSERT_TRUE(view.ok()) << view.error().detail;
    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kSecurityNotice);
    EXPECT_EQ(outbox[0].to_address, "quinn@example.com");
}

TEST_F(NotificationsTest, TurningTheEmailsOffThroughUpdateMeStopsShiftEmails) {
    ASSERT_TRUE(people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.email_notifications = false}).ok());
    CreateShift(FutureShift(emma_.id));
    EXPECT_TRUE(Outbox().empty());

    ASSERT_TRUE(people_.UpdateMe(PrincipalFor(emma_), MeUpdate{.email_notifications = true}).ok());
    CreateShift(ShiftInput{.user_id = emma_.id, .start = UtcAt(2026, 3, 11, 8), .end = UtcAt(2026, 3, 11, 16)});
    ASSERT_EQ(Outbox().size(), 1u);
    EXPECT_EQ(Outbox()[0].kind, EmailKind::kShiftAssigned);
}

TEST_F(NotificationsTest, AMoveFromAnOptedOutEmployeeStillTellsTheNewOne) {
    const User quiet = Seed(org_.id, "Quinn", "quinn@example.com", Role::kEmployee, false);
    const Shift shift = CreateShift(FutureShift(quiet.id));
    ASSERT_TRUE(
        shifts_.Update(PrincipalFor(manager_), shift.id, ShiftPatch{.user_id = std::optional<Id>(emma_.id)}).ok());
    const auto outbox = Outbox();
    ASSERT_EQ(outbox.size(), 1u);
    EXPECT_EQ(outbox[0].kind, EmailKind::kShiftAssigned);
    EXPECT_EQ(outbox[0].to_address, "emma@example.com");
}

}  // namespace
}  // namespace shiftsync
