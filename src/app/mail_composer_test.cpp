#include "app/mail_composer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

using namespace std::chrono_literals;

// Templates written in the test, so each case shows exactly what it renders.
class FakeTemplates final : public MailTemplates {
public:
    std::string_view Text(EmailKind kind) const override { return text.at(kind); }
    std::string_view Html(EmailKind kind) const override { return html.at(kind); }
    std::string_view TextLayout() const override { return text_layout; }
    std::string_view HtmlLayout() const override { return html_layout; }
    std::map<EmailKind, std::string> text;
    std::map<EmailKind, std::string> html;
    std::string text_layout = "{{content}}";
    std::string html_layout = "{{content}}";
};

class MailComposerTest : public testing::Test {
protected:
    MailComposerTest() {
        templates_.text[EmailKind::kShiftAssigned] =
            "Subject: New shift at {{organization}}: {{start}}\n"
            "\n"
            "Hello {{recipient_name}},\n"
            "you work {{start}} to {{end}} as {{position}}.\n";
        templates_.html[EmailKind::kShiftAssigned] =
            "<p style=\"margin:0\">Hello {{recipient_name}}, {{organization}} needs you as {{position}}.</p>";
    }

    FakeTemplates templates_;
    SequenceRandom random_;
    MailComposer composer_{templates_, random_, "mail.shiftsync.test"};
    Organization org_{.id = 7, .name = "Café <Bistro> & Co"};
    Recipient ada_{.user_id = 42, .name = "Ada \"The\" Lovelace", .address = "ada@example.com"};
    std::map<std::string, std::string> values_{
        {"start", "Mon 2027-03-29 08:00"}, {"end", "Mon 2027-03-29 17:00"}, {"position", "Barista <lead>"}};
};

TEST_F(MailComposerTest, FillsTheRowAndTakesTheSubjectFromTheFirstLine) {
    const Instant now = UtcAt(2027, 3, 1, 9);
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, now);
    EXPECT_EQ(m.id, 0);
    EXPECT_EQ(m.organization_id, 7);
    EXPECT_EQ(m.kind, EmailKind::kShiftAssigned);
    EXPECT_EQ(m.recipient_user_id, std::optional<Id>{42});
    EXPECT_EQ(m.to_address, "ada@example.com");
    EXPECT_EQ(m.to_name, "Ada \"The\" Lovelace");
    EXPECT_EQ(m.from_name, "Café <Bistro> & Co");
    EXPECT_EQ(m.subject, "New shift at Café <Bistro> & Co: Mon 2027-03-29 08:00");
    EXPECT_EQ(m.text_body,
              "Hello Ada \"The\" Lovelace,\n"
              "you work Mon 2027-03-29 08:00 to Mon 2027-03-29 17:00 as Barista <lead>.\n");
    EXPECT_EQ(m.status, OutboxStatus::kPending);
    EXPECT_EQ(m.attempts, 0);
    EXPECT_EQ(m.next_attempt_at, now);
    EXPECT_EQ(m.created_at, now);
    EXPECT_FALSE(m.lease_until.has_value());
    EXPECT_FALSE(m.sent_at.has_value());
}

TEST_F(MailComposerTest, EscapesValuesInTheHtmlPartOnly) {
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_EQ(m.html_body,
              "<p style=\"margin:0\">Hello Ada &quot;The&quot; Lovelace, Café &lt;Bistro&gt; &amp; Co needs you as "
              "Barista &lt;lead&gt;.</p>");
}

TEST_F(MailComposerTest, CallerValuesOverrideTheDefaults) {
    values_["recipient_name"] = "Ada";
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_TRUE(m.text_body.starts_with("Hello Ada,\n")) << m.text_body;
    EXPECT_EQ(m.to_name, "Ada \"The\" Lovelace");
}

TEST_F(MailComposerTest, InsertedValuesAreNotScannedForPlaceholders) {
    values_["position"] = "{{recipient_name}} {{nope}}";
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_NE(m.text_body.find("as {{recipient_name}} {{nope}}."), std::string::npos) << m.text_body;
}

TEST_F(MailComposerTest, LineBreaksInValuesNeverSplitTheSubject) {
    org_.name = "Evil\r\nBcc: victim@example.com";
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_EQ(m.subject.find_first_of("\r\n"), std::string::npos) << m.subject;
}

TEST_F(MailComposerTest, BracesThatAreNotPlaceholdersStayAsWritten) {
    templates_.text[EmailKind::kAnnouncement] = "Subject: Hi\n\n{{ not one }} {x} {{message}}";
    templates_.html[EmailKind::kAnnouncement] = "<style>{{}}</style>{{message}}";
    const OutboxMessage m =
        composer_.Compose(EmailKind::kAnnouncement, org_, ada_, {{"message", "M"}}, UtcAt(2027, 3, 1));
    EXPECT_EQ(m.subject, "Hi");
    EXPECT_EQ(m.text_body, "{{ not one }} {x} M");
    EXPECT_EQ(m.html_body, "<style>{{}}</style>M");
}

TEST_F(MailComposerTest, MessageIdsAreDistinctAndNameTheDomain) {
    const OutboxMessage a = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    const OutboxMessage b = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_NE(a.message_id, b.message_id);
    for (const auto& id : {a.message_id, b.message_id}) {
        EXPECT_TRUE(id.starts_with("<")) << id;
        EXPECT_TRUE(id.ends_with("@mail.shiftsync.test>")) << id;
        EXPECT_GT(id.size(), std::string("<@mail.shiftsync.test>").size()) << id;
    }
}

#ifdef NDEBUG
TEST_F(MailComposerTest, AMissingValueIsLeftEmptyInReleaseBuilds) {
    values_.erase("position");
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_NE(m.text_body.find("17:00 as .\n"), std::string::npos) << m.text_body;
}
#else
TEST_F(MailComposerTest, AMissingValueIsAProgrammerError) {
    values_.erase("position");
    EXPECT_DEATH(composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1)), "no value");
}
#endif

TEST_F(MailComposerTest, EveryBodyIsSetIntoItsLayout) {
    templates_.text_layout = "{{content}}-- \n{{organization}}\n";
    templates_.html_layout = "<title>{{subject}}</title><main>{{content}}</main><footer>{{organization}}</footer>";
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_EQ(m.text_body,
              "Hello Ada \"The\" Lovelace,\n"
              "you work Mon 2027-03-29 08:00 to Mon 2027-03-29 17:00 as Barista <lead>.\n"
              "-- \nCafé <Bistro> & Co\n");
    EXPECT_EQ(m.html_body,
              "<title>New shift at Café &lt;Bistro&gt; &amp; Co: Mon 2027-03-29 08:00</title>"
              "<main><p style=\"margin:0\">Hello Ada &quot;The&quot; Lovelace, Café &lt;Bistro&gt; &amp; Co needs you "
              "as Barista &lt;lead&gt;.</p></main><footer>Café &lt;Bistro&gt; &amp; Co</footer>");
}

TEST_F(MailComposerTest, TheBodyIsNotScannedAgainInTheLayout) {
    templates_.html_layout = "<main>{{content}}</main>";
    values_["position"] = "{{subject}}";
    const OutboxMessage m = composer_.Compose(EmailKind::kShiftAssigned, org_, ada_, values_, UtcAt(2027, 3, 1));
    EXPECT_NE(m.html_body.find("needs you as {{subject}}."), std::string::npos) << m.html_body;
}

TEST(FormatLocalDateTime, ShowsTheWallTimeInTheZoneAsTheAppDoes) {
    const FixedOffsetZone berlin_summer{2h};
    // 2027-03-29 is a Monday; 06:00Z is 8 AM two hours ahead.
    EXPECT_EQ(FormatLocalDateTime(UtcAt(2027, 3, 29, 6), berlin_summer, DisplayLocale::kEnUs), "Mon, Mar 29, 8 AM");
    EXPECT_EQ(FormatLocalDateTime(UtcAt(2027, 3, 29, 6), berlin_summer, DisplayLocale::kEnGb), "Mon 29 Mar, 08:00");
    const FixedOffsetZone new_york{-5h};
    // 03:30Z on a Monday is still Sunday evening five hours behind.
    EXPECT_EQ(FormatLocalDateTime(UtcAt(2027, 3, 29, 3, 30), new_york, DisplayLocale::kEnUs), "Sun, Mar 28, 10:30 PM");
}

TEST(FormatShiftTimes, NamesTheFirstDayAndBothTimes) {
    const FixedOffsetZone zone{-5h};
    const Shift day{.start = UtcAt(2027, 1, 4, 12), .end = UtcAt(2027, 1, 4, 20)};
    EXPECT_EQ(FormatShiftTimes(day, zone, DisplayLocale::kEnUs), "Mon, Jan 4, 7 AM\u20133 PM");
    const Shift night{.start = UtcAt(2027, 1, 5, 3), .end = UtcAt(2027, 1, 5, 11)};
    EXPECT_EQ(FormatShiftTimes(night, zone, DisplayLocale::kEnUs), "Mon, Jan 4, 10 PM\u20136 AM (next day)");
}

TEST(DescribeWeekDays, ListsSetDaysInIsoOrderAndMarksOvernightOnes) {
    WeekDays days{};
    days[5] = DayTimes{.start = {22 * 60}, .end = {6 * 60}};
    days[0] = DayTimes{.start = {8 * 60}, .end = {17 * 60 + 30}};
    EXPECT_EQ(DescribeWeekDays(days, DisplayLocale::kEnUs),
              "Monday 8 AM\u20135:30 PM, Saturday 10 PM\u20136 AM (next day)");
    EXPECT_EQ(DescribeWeekDays(days, DisplayLocale::kEnGb),
              "Monday 08:00\u201317:30, Saturday 22:00\u201306:00 (next day)");
    EXPECT_EQ(DescribeWeekDays(WeekDays{}, DisplayLocale::kEnUs), "");
}

class DescribeShiftChangeTest : public testing::Test {
protected:
    std::string Describe(const Shift& after, ShiftHolders holders = {"Emma", "Emma"}) const {
        return DescribeShiftChange(before_, after, holders, zone_, DisplayLocale::kEnUs);
    }
    const FixedOffsetZone zone_{0h};
    const Shift before_{.id = 1,
                        .user_id = 5,
                        .start = UtcAt(2027, 1, 4, 7),
                        .end = UtcAt(2027, 1, 4, 15),
                        .position = "Baker",
                        .note = ""};
};

TEST_F(DescribeShiftChangeTest, NothingChangedIsEmpty) { EXPECT_EQ(Describe(before_), ""); }

TEST_F(DescribeShiftChangeTest, EachChangeIsOneLineBeforeToAfter) {
    Shift after = before_;
    after.start = UtcAt(2027, 1, 4, 8);
    after.end = UtcAt(2027, 1, 4, 16, 30);
    EXPECT_EQ(Describe(after), "Time: Mon, Jan 4, 7 AM\u20133 PM \u2192 Mon, Jan 4, 8 AM\u20134:30 PM");
    after = before_;
    after.position = "Cashier";
    EXPECT_EQ(Describe(after), "Position: Baker \u2192 Cashier");
    after = before_;
    after.note = "Bring\nkeys";
    EXPECT_EQ(Describe(after), "Note: (none) \u2192 Bring keys");
}

TEST_F(DescribeShiftChangeTest, SeveralChangesComeInAFixedOrder) {
    Shift after = before_;
    after.user_id = 6;
    after.start = UtcAt(2027, 1, 4, 22);
    after.end = UtcAt(2027, 1, 5, 6);
    after.position = "";
    EXPECT_EQ(Describe(after, {"Emma", "Ella"}),
              "Person: Emma \u2192 Ella\n"
              "Time: Mon, Jan 4, 7 AM\u20133 PM \u2192 Mon, Jan 4, 10 PM\u20136 AM (next day)\n"
              "Position: Baker \u2192 (none)");
}

TEST_F(DescribeShiftChangeTest, AnOpenShiftIsNamedSo) {
    Shift after = before_;
    after.user_id.reset();
    EXPECT_EQ(Describe(after, {"Emma", ""}), "Person: Emma \u2192 open shift");
}

}  // namespace
}  // namespace shiftsync
