#include "infra/templates/embedded_mail_templates.hpp"

#include <string_view>

namespace shiftsync {
namespace embedded {
// Generated at build time from templates/mail/<kind>.txt and .html (see CMakeLists.txt).
extern const std::string_view kMailInvitationText, kMailInvitationHtml;
extern const std::string_view kMailWelcomeText, kMailWelcomeHtml;
extern const std::string_view kMailSecurityNoticeText, kMailSecurityNoticeHtml;
extern const std::string_view kMailShiftAssignedText, kMailShiftAssignedHtml;
extern const std::string_view kMailShiftChangedText, kMailShiftChangedHtml;
extern const std::string_view kMailShiftCancelledText, kMailShiftCancelledHtml;
extern const std::string_view kMailPatternAssignedText, kMailPatternAssignedHtml;
extern const std::string_view kMailAnnouncementText, kMailAnnouncementHtml;
extern const std::string_view kMailPasswordResetText, kMailPasswordResetHtml;
extern const std::string_view kMailLayoutText, kMailLayoutHtml;
}  // namespace embedded

namespace {

struct Pair {
    std::string_view text;
    std::string_view html;
};

// A switch without default: adding an EmailKind without its templates is a compiler warning.
Pair TemplatesOf(EmailKind kind) {
    using namespace embedded;
    switch (kind) {
        case EmailKind::kInvitation: return {kMailInvitationText, kMailInvitationHtml};
        case EmailKind::kWelcome: return {kMailWelcomeText, kMailWelcomeHtml};
        case EmailKind::kSecurityNotice: return {kMailSecurityNoticeText, kMailSecurityNoticeHtml};
        case EmailKind::kShiftAssigned: return {kMailShiftAssignedText, kMailShiftAssignedHtml};
        case EmailKind::kShiftChanged: return {kMailShiftChangedText, kMailShiftChangedHtml};
        case EmailKind::kShiftCancelled: return {kMailShiftCancelledText, kMailShiftCancelledHtml};
        case EmailKind::kPatternAssigned: return {kMailPatternAssignedText, kMailPatternAssignedHtml};
        case EmailKind::kAnnouncement: return {kMailAnnouncementText, kMailAnnouncementHtml};
        case EmailKind::kPasswordReset: return {kMailPasswordResetText, kMailPasswordResetHtml};
    }
    return {};
}

class EmbeddedMailTemplates final : public MailTemplates {
public:
    std::string_view Text(EmailKind kind) const override { return TemplatesOf(kind).text; }
    std::string_view Html(EmailKind kind) const override { return TemplatesOf(kind).html; }
    std::string_view TextLayout() const override { return embedded::kMailLayoutText; }
    std::string_view HtmlLayout() const override { return embedded::kMailLayoutHtml; }
};

}  // namespace

std::unique_ptr<MailTemplates> MakeEmbeddedMailTemplates() { return std::make_unique<EmbeddedMailTemplates>(); }

}  // namespace shiftsync
