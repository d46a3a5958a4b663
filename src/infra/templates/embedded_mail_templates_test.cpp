#include "infra/templates/embedded_mail_templates.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "app/mail_composer.hpp"
#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

const EmailKind kAllKinds[] = {EmailKind::kInvitation,      EmailKind::kWelcome,      EmailKind::kSecurityNotice,
                               EmailKind::kShiftAssigned,   EmailKind::kShiftChanged, EmailKind::kShiftCancelled,
                               EmailKind::kPatternAssigned, EmailKind::kAnnouncement, EmailKind::kPasswordReset};

// The contract of embedded_mail_templates.hpp, besides organization and recipient_name.
std::set<std::string> ValuesOf(EmailKind kind) {
    switch (kind) {
        case EmailKind::kInvitation: return {"role", "link", "expires"};
        case EmailKind::kWelcome: return {"link"};
        case EmailKind::kSecurityNotice: return {"changed", "link"};
        case EmailKind::kShiftAssigned: return {"when", "position", "note", "changes", "link"};
        case EmailKind::kShiftChanged: return {"when", "position", "note", "changes", "link"};
        case EmailKind::kShiftCancelled: return {"when", "position", "note", "changes", "link"};
        case EmailKind::kPatternAssigned: return {"days", "period", "position", "link"};
        case EmailKind::kAnnouncement: return {"subject", "message"};
        case EmailKind::kPasswordReset: return {"requested", "link", "expires"};
    }
    return {};
}

std::set<std::string> PlaceholdersIn(std::string_view text) {
    std::set<std::string> names;
    for (std::size_t open = text.find("{{"); open != std::string_view::npos; open = text.find("{{", open + 2)) {
        const std::size_t close = text.find("}}", open);
        if (close == std::string_view::npos) break;
        names.emplace(text.substr(open + 2, close - open - 2));
    }
    return names;
}

class EmbeddedMailTemplatesTest : public testing::TestWithParam<EmailKind> {
protected:
    std::unique_ptr<MailTemplates> templates_ = MakeEmbeddedMailTemplates();
};

TEST_P(EmbeddedMailTemplatesTest, TextStartsWithASubjectLine) {
    const std::string_view text = templates_->Text(GetParam());
    EXPECT_TRUE(text.starts_with("Subject: ")) << text.substr(0, 40);
    EXPECT_GT(text.find('\n'), std::string("Subject: ").size());
}

TEST(EmbeddedMailLayout, WrapsTheBodyOnceWithTheOrganisationAndTheSubject) {
    const auto templates = MakeEmbeddedMailTemplates();
    const std::string_view html = templates->HtmlLayout();
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_EQ(PlaceholdersIn(html), (std::set<std::string>{"content", "organization", "subject"}));
    EXPECT_EQ(html.find("{{content}}"), html.rfind("{{content}}"));
    const std::string_view text = templates->TextLayout();
    EXPECT_EQ(PlaceholdersIn(text), (std::set<std::string>{"content", "organization"}));
    EXPECT_EQ(text.find("{{content}}"), text.rfind("{{content}}"));
}

TEST_P(EmbeddedMailTemplatesTest, BodiesLeaveTheFrameToTheLayout) {
    const std::string_view html = templates_->Html(GetParam());
    for (std::string_view frame : {"<!DOCTYPE", "<html", "<body", "<title", "Sent by Shift-Sync on behalf"}) {
        EXPECT_EQ(html.find(frame), std::string_view::npos) << frame;
    }
    EXPECT_EQ(templates_->Text(GetParam()).find("The {{organization}} team"), std::string_view::npos);
}

TEST_P(EmbeddedMailTemplatesTest, BothPartsUseExactlyTheDocumentedValues) {
    std::set<std::string> expected = ValuesOf(GetParam());
    std::set<std::string> in_text = PlaceholdersIn(templates_->Text(GetParam()));
    std::set<std::string> in_html = PlaceholdersIn(templates_->Html(GetParam()));
    // organization comes with the layout, so a body may leave it out; recipient_name is
    // optional (an invitation has no name yet).
    for (auto* names : {&expected, &in_text, &in_html}) {
        names->insert("organization");
        names->erase("recipient_name");
    }
    // The HTML layout shows the subject (in <title>), so an announcement's body need not.
    if (expected.contains("subject")) in_html.insert("subject");
    EXPECT_EQ(in_text, expected);
    EXPECT_EQ(in_html, in_text);
}

TEST_P(EmbeddedMailTemplatesTest, ComposesWithNothingLeftOver) {
    SequenceRandom random;
    MailComposer composer{*templates_, random, "mail.test"};
    std::map<std::string, std::string> values;
    for (const auto& name : ValuesOf(GetParam())) values[name] = "<" + name + ">";
    const OutboxMessage m = composer.Compose(GetParam(), Organization{.id = 1, .name = "Acme & Sons"},
                                             Recipient{.user_id = 2, .name = "Ada", .address = "ada@example.com"},
                                             values, UtcAt(2027, 3, 1));
    EXPECT_FALSE(m.subject.empty());
    for (const std::string* part : {&m.subject, &m.text_body, &m.html_body}) {
        EXPECT_EQ(part->find("{{"), std::string::npos) << *part;
    }
    EXPECT_NE(m.html_body.find("Acme &amp; Sons"), std::string::npos);
    EXPECT_EQ(m.html_body.find("<role>"), std::string::npos) << "values are escaped in HTML";
    // One layout around every body: the frame, the title, the footer, the signature.
    EXPECT_TRUE(m.html_body.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(m.html_body.find("<title>" + EscapeHtml(m.subject) + "</title>"), std::string::npos) << m.html_body;
    EXPECT_NE(m.html_body.find("Sent by Shift-Sync on behalf of Acme &amp; Sons."), std::string::npos);
    EXPECT_TRUE(m.text_body.ends_with("\n\nThe Acme & Sons team\n")) << m.text_body;
}

INSTANTIATE_TEST_SUITE_P(AllKinds, EmbeddedMailTemplatesTest, testing::ValuesIn(kAllKinds));

}  // namespace
}  // namespace shiftsync
