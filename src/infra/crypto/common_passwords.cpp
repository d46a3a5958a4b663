#include "infra/crypto/common_passwords.hpp"

#include <string>
#include <string_view>
#include <unordered_set>

namespace shiftsync {
namespace embedded {
// Generated at build time from common-passwords.txt, already lower-cased.
extern const std::string_view kCommonPasswordsText;
}  // namespace embedded

namespace {

class EmbeddedCommonPasswords final : public CommonPasswords {
public:
    EmbeddedCommonPasswords() {
        // Views into the embedded text: the entries live as long as the program, so nothing is copied.
        std::string_view text = embedded::kCommonPasswordsText;
        while (!text.empty()) {
            const auto end = text.find('\n');
            std::string_view line = text.substr(0, end);
            text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (!line.empty()) entries_.insert(line);
        }
    }

    bool Contains(std::string_view password) const override {
        std::string lowered(password);
        for (char& c : lowered) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        return entries_.contains(lowered);
    }

private:
    std::unordered_set<std::string_view> entries_;
};

}  // namespace

std::unique_ptr<CommonPasswords> MakeCommonPasswords() { return std::make_unique<EmbeddedCommonPasswords>(); }

}  // namespace shiftsync
