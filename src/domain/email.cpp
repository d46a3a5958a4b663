#include "domain/email.hpp"

namespace shiftsync {

std::string_view EmailKindName(EmailKind kind) {
    switch (kind) {
        case EmailKind::kInvitation: return "invitation";
        case EmailKind::kWelcome: return "welcome";
        case EmailKind::kSecurityNotice: return "security_notice";
        case EmailKind::kShiftAssigned: return "shift_assigned";
        case EmailKind::kShiftChanged: return "shift_changed";
        case EmailKind::kShiftCancelled: return "shift_cancelled";
        case EmailKind::kPatternAssigned: return "pattern_assigned";
        case EmailKind::kAnnouncement: return "announcement";
        case EmailKind::kPasswordReset: return "password_reset";
    }
    return "announcement";  // unreachable for valid enum values; keeps -Wreturn-type quiet
}

std::optional<EmailKind> ParseEmailKind(std::string_view name) {
    // Exact, lower-case only: kind names are API vocabulary, not free text.
    for (EmailKind kind : {EmailKind::kInvitation, EmailKind::kWelcome, EmailKind::kSecurityNotice,
                           EmailKind::kShiftAssigned, EmailKind::kShiftChanged, EmailKind::kShiftCancelled,
                           EmailKind::kPatternAssigned, EmailKind::kAnnouncement, EmailKind::kPasswordReset}) {
        if (EmailKindName(kind) == name) return kind;
    }
    return std::nullopt;
}

bool IsEssential(EmailKind kind) {
    switch (kind) {
        case EmailKind::kInvitation:
        case EmailKind::kWelcome:
        case EmailKind::kSecurityNotice:
        case EmailKind::kPasswordReset: return true;
        case EmailKind::kShiftAssigned:
        case EmailKind::kShiftChanged:
        case EmailKind::kShiftCancelled:
        case EmailKind::kPatternAssigned:
        case EmailKind::kAnnouncement: return false;
    }
    return true;  // unreachable; if in doubt, deliver
}

bool CarriesSecret(EmailKind kind) { return kind == EmailKind::kInvitation || kind == EmailKind::kPasswordReset; }

std::string_view OutboxBodyName(OutboxBody body) {
    switch (body) {
        case OutboxBody::kKept: return "kept";
        case OutboxBody::kRedacted: return "redacted";
        case OutboxBody::kPurged: return "purged";
    }
    return "kept";  // unreachable for valid enum values
}

std::string_view OutboxStatusName(OutboxStatus status) {
    switch (status) {
        case OutboxStatus::kPending: return "pending";
        case OutboxStatus::kSent: return "sent";
        case OutboxStatus::kDead: return "dead";
    }
    return "pending";  // unreachable for valid enum values
}

std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name) {
    if (name == "pending") return OutboxStatus::kPending;
    if (name == "sent") return OutboxStatus::kSent;
    if (name == "dead") return OutboxStatus::kDead;
    return std::nullopt;
}

}  // namespace shiftsync
