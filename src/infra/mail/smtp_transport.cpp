#include "infra/mail/smtp_transport.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace shiftsync {
namespace {

void InitCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        // curl_global_init is not thread-safe; every later easy handle relies on it.
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
}

struct EasyDeleter {
    void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// Feeds the rendered message to curl's upload.
struct Upload {
    std::string_view remaining;
};

size_t ReadCallback(char* buffer, size_t size, size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const size_t n = std::min(size * count, upload->remaining.size());
    std::memcpy(buffer, upload->remaining.data(), n);
    upload->remaining.remove_prefix(n);
    return n;
}

void ReplaceAll(std::string& text, std::string_view secret) {
    if (secret.empty()) return;
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
        text.replace(pos, secret.size(), "***");
    }
}

// The "user:pass" in smtp://user:pass@host, if any: curl uses it, so it must never be shown.
std::string UrlUserinfo(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    auto rest = url.substr(scheme + 3);
    auto at = rest.find('@');
    if (at == std::string_view::npos || rest.substr(0, at).find('/') != std::string_view::npos) return {};
    return std::string(rest.substr(0, at));
}

class SmtpTransport final : public MailTransport {
public:
    SmtpTransport(SmtpSettings settings, MailSender sender, const Clock& clock)
        : settings_(std::move(settings)),
          sender_(std::move(sender)),
          clock_(clock),
          userinfo_(UrlUserinfo(settings_.url)) {}

    DeliveryResult Send(const OutboxMessage& message) override {
        if (auto problem = FindMimeProblem(message, sender_)) {
            return {DeliveryOutcome::kPermanentFailure, *problem};
        }
        const std::string bytes = RenderMime(message, sender_, clock_.Now());

        std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
        if (!curl) return {DeliveryOutcome::kTemporaryFailure, "cannot create a curl handle"};
        const std::string mail_from = fmt::format("<{}>", sender_.address);
        const std::string rcpt = fmt::format("<{}>", message.to_address);
        std::unique_ptr<curl_slist, SlistDeleter> recipients(curl_slist_append(nullptr, rcpt.c_str()));
        if (!recipients) return {DeliveryOutcome::kTemporaryFailure, "out of memory"};
        Upload upload{bytes};
        char error_buffer[CURL_ERROR_SIZE] = {};

        CURL* h = curl.get();
        curl_easy_setopt(h, CURLOPT_URL, settings_.url.c_str());
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM for DNS timeouts: we run on worker threads
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
        curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
        curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(h, CURLOPT_READFUNCTION, &ReadCallback);
        curl_easy_setopt(h, CURLOPT_READDATA, &upload);
        curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
        curl_easy_setopt(h, CURLOPT_USE_SSL, settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings_.connect_timeout.count()));
        curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout.count()));
        if (!settings_.username.empty()) {
            curl_easy_setopt(h, CURLOPT_USERNAME, settings_.username.c_str());
            curl_easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
        }
        if (!settings_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, settings_.ca_file.c_str());
        if (settings_.insecure_skip_verify) {
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
        }

        const CURLcode rc = curl_easy_perform(h);
        long response = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &response);
        if (rc == CURLE_OK) return {DeliveryOutcome::kDelivered, {}};

        // A 5xx is about this message (a refused recipient, a refused content): it will never
        // pass. A refused login is the relay's configuration, the same for every message: kept
        // temporary so fixing the credentials lets everything queued through, instead of
        // killing the whole outbox.
        const bool auth_problem =
            rc == CURLE_LOGIN_DENIED || response == 530 || response == 534 || response == 535 || response == 538;
        const bool permanent = !auth_problem && response >= 500 && response < 600;
        std::string error = fmt::format("{} (SMTP {})", curl_easy_strerror(rc), response);
        if (error_buffer[0] != '\0') error += fmt::format(": {}", error_buffer);
        // Servers may echo what they were sent; a stored error must never hold a credential.
        ReplaceAll(error, userinfo_);
        ReplaceAll(error, settings_.password);
        ReplaceAll(error, settings_.username);
        return {permanent ? DeliveryOutcome::kPermanentFailure : DeliveryOutcome::kTemporaryFailure, std::move(error)};
    }

private:
    const SmtpSettings settings_;
    const MailSender sender_;
    const Clock& clock_;
    const std::string userinfo_;
};

}  // namespace

std::unique_ptr<MailTransport> MakeSmtpTransport(SmtpSettings settings, MailSender sender, const Clock& clock) {
    InitCurlOnce();
    return std::make_unique<SmtpTransport>(std::move(settings), std::move(sender), clock);
}

}  // namespace shiftsync
