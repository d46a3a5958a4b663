#include "infra/templates/embedded_mail_templates.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "app/mail_composer.hpp"
#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

const EmailKind kAllKinds[] = {EmailKind::kInvitation,      EmailKind::kWelcome,       EmailKind::kSecurityNotice,
                               EmailKind::kShiftAssigned,   EmailKind::kShiftChanged,  EmailKind::kShiftCancelled,
                               EmailKind::kPatternAssigned, EmailKind::kAnnouncement,  EmailKind::kPasswordReset};

// The contract of embedded_mail_templates.hpp, besides organization and recipient_name.
std::set<std::string> ValuesOf(EmailKind kind) {
    switch (kind) {
        case EmailKind::kInvitation: return {"role", "link", "expires"};
        case EmailKind::kWelcome: return {"link"};
        case EmailKind::kSecurityNotice: return {"changed", "link"};
        case EmailKind::kShiftAssigned: return {"start", "end", "position", "note", "link"};
        case EmailKind::kShiftChanged: return {"start", "end", "position", "note", "changed", "link"};
        case EmailKind::kShiftCancelled: return {"start", "end", "position", "note", "link"};
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

TEST_P(EmbeddedMailTemplatesTest, HtmlNamesTheOrganisation) {
    const std::string_view html = templates_->Html(GetParam());
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(html.find("{{organization}}"), std::string_view::npos);
}

TEST_P(EmbeddedMailTemplatesTest, BothPartsUseExactlyTheDocumentedValues) {
    std::set<std::string> expected = ValuesOf(GetParam());
    expected.insert("organization");
    const std::set<std::string> in_text = PlaceholdersIn(templates_->Text(GetParam()));
    const std::set<std::string> in_html = PlaceholdersIn(templates_->Html(GetParam()));
    // organization is always used; recipient_name is optional (an invitation has no name yet).
    std::set<std::string> text_without_name = in_text;
    text_without_name.erase("recipient_name");
    EXPECT_EQ(text_without_name, expected);
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
}

INSTANTIATE_TEST_SUITE_P(AllKinds, EmbeddedMailTemplatesTest, testing::ValuesIn(kAllKinds));

}  // namespace
}  // namespace shiftsync
