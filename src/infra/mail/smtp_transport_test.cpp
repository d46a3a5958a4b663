#include "infra/mail/smtp_transport.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "testing/fakes.hpp"

extern char** environ;

namespace shiftsync {
namespace {

namespace fs = std::filesystem;
using Clock_ = std::chrono::steady_clock;

const MailSender kSender{"shiftsync@example.com"};

// A port nothing listens on right now (the kernel picks it; a race with other processes is
// possible but harmless here: the server would fail to start and the test would say so).
int FreePort() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool Accepts(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

std::string ReadAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// testdata/smtp_server.py as a child process, in its own temporary directory; stopped (SIGTERM,
// then SIGKILL) and cleaned up on destruction.
class SmtpServer {
public:
    explicit SmtpServer(std::string auth = {}, bool tls = false, bool implicit_tls = false) {
        char pattern[] = "/tmp/shiftsync-smtp-XXXXXX";
        if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
        root_ = pattern;
        port_ = FreePort();
        std::vector<std::string> args = {SHIFTSYNC_TEST_PYTHON,
                                         std::string(SHIFTSYNC_MAIL_TESTDATA_DIR) + "/smtp_server.py",
                                         "--port",
                                         std::to_string(port_),
                                         "--dir",
                                         maildir().string()};
        if (!auth.empty()) {
            args.push_back("--auth");
            args.push_back(auth);
        }
        if (tls) {
            args.push_back("--tls-dir");
            args.push_back(root_.string());
            if (implicit_tls) args.push_back("--implicit-tls");
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        if (::posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) {
            throw std::runtime_error("cannot start smtp_server.py");
        }
        const auto deadline = Clock_::now() + std::chrono::seconds(15);
        while (!Accepts(port_)) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("smtp_server.py exited early");
            }
            if (Clock_::now() > deadline) throw std::runtime_error("smtp_server.py did not start listening");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    SmtpServer(const SmtpServer&) = delete;
    SmtpServer& operator=(const SmtpServer&) = delete;
    ~SmtpServer() {
        if (pid_ > 0) {
            ::kill(pid_, SIGTERM);
            const auto deadline = Clock_::now() + std::chrono::seconds(5);
            int status = 0;
            while (::waitpid(pid_, &status, WNOHANG) == 0) {
                if (Clock_::now() > deadline) {
                    ::kill(pid_, SIGKILL);
                    ::waitpid(pid_, &status, 0);
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        }
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    fs::path maildir() const { return root_ / "maildir"; }
    fs::path cert_file() const { return root_ / "cert.pem"; }

private:
    fs::path root_;
    int port_ = 0;
    pid_t pid_ = -1;
};

OutboxMessage Message(std::string to = "zoe@example.org") {
    OutboxMessage m;
    m.id = 9;
    m.to_address = std::move(to);
    m.to_name = "Zoë";
    m.from_name = "Acme";
    m.subject = "Zoë 日本 🙂";
    m.text_body = "Hello Zoë\n.\nA line with only a dot above.";
    m.html_body = "<p>Hello</p>";
    m.message_id = "<smtp-test-1@shiftsync.example.com>";
    return m;
}

SmtpSettings Settings(const std::string& url) {
    SmtpSettings s;
    s.url = url;
    s.connect_timeout = std::chrono::seconds(5);
    s.timeout = std::chrono::seconds(20);
    return s;
}

TEST(SmtpTransport, DeliversToARealServer) {
    SmtpServer server;
    FakeClock clock;
    auto transport = MakeSmtpTransport(Settings(server.url()), kSender, clock);
    const auto result = transport->Send(Message());
    ASSERT_EQ(result.outcome, DeliveryOutcome::kDelivered) << result.error;

    // The server writes before it answers 250, so the files are there now.
    ASSERT_TRUE(fs::exists(server.maildir() / "1.eml"));
    EXPECT_EQ(ReadAll(server.maildir() / "1.envelope"), "shiftsync@example.com\nzoe@example.org");
    const std::string received = ReadAll(server.maildir() / "1.eml");
    const std::string sent = RenderMime(Message(), kSender, clock.Now());
    // Servers may normalise the line endings of what they store; compare without CRs.
    auto strip = [](std::string s) {
        std::erase(s, '\r');
        while (s.ends_with("\n")) s.pop_back();
        return s;
    };
    EXPECT_EQ(strip(received), strip(sent));
    EXPECT_NE(received.find("Message-ID: <smtp-test-1@shiftsync.example.com>"), std::string::npos);
}

TEST(SmtpTransport, RejectedRecipientIsPermanent) {
    SmtpServer server;
    FakeClock clock;
    auto transport = MakeSmtpTransport(Settings(server.url()), kSender, clock);
    const auto result = transport->Send(Message("reject-me@example.org"));
    EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanentFailure) << result.error;
    EXPECT_NE(result.error.find("550"), std::string::npos) << result.error;
    EXPECT_FALSE(fs::exists(server.maildir() / "1.eml"));
}

TEST(SmtpTransport, TransientRefusalIsTemporary) {
    SmtpServer server;
    FakeClock clock;
    auto transport = MakeSmtpTransport(Settings(server.url()), kSender, clock);
    const auto result = transport->Send(Message("tempfail@example.org"));
    EXPECT_EQ(result.outcome, DeliveryOutcome::kTemporaryFailure) << result.error;
    EXPECT_NE(result.error.find("451"), std::string::npos) << result.error;
}

TEST(SmtpTransport, NoServerIsATemporaryFailureAndQuick) {
    FakeClock clock;
    auto transport = MakeSmtpTransport(Settings("smtp://127.0.0.1:" + std::to_string(FreePort())), kSender, clock);
    const auto start = Clock_::now();
    const auto result = transport->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kTemporaryFailure) << result.error;
    EXPECT_LT(Clock_::now() - start, std::chrono::seconds(3));
    EXPECT_FALSE(result.error.empty());
}

TEST(SmtpTransport, AuthenticatesWithTheConfiguredCredentials) {
    SmtpServer server("mailer:s3cret-Pa55");
    FakeClock clock;
    auto settings = Settings(server.url());
    settings.username = "mailer";
    settings.password = "s3cret-Pa55";
    auto transport = MakeSmtpTransport(settings, kSender, clock);
    const auto result = transport->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kDelivered) << result.error;
    EXPECT_TRUE(fs::exists(server.maildir() / "1.eml"));
}

TEST(SmtpTransport, DeniedLoginIsTemporaryAndTheErrorHoldsNoCredentials) {
    SmtpServer server("mailer:right-password");
    FakeClock clock;
    auto settings = Settings(server.url());
    settings.username = "mailer";
    settings.password = "wrong-Pa55word";
    auto transport = MakeSmtpTransport(settings, kSender, clock);
    const auto result = transport->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kTemporaryFailure) << result.error;
    EXPECT_EQ(result.error.find("wrong-Pa55word"), std::string::npos) << result.error;

    // Credentials in the URL never show either.
    settings = Settings("smtp://mailer:url-Pa55word@127.0.0.1:" + std::to_string(FreePort()));
    const auto refused = MakeSmtpTransport(settings, kSender, clock)->Send(Message());
    EXPECT_EQ(refused.outcome, DeliveryOutcome::kTemporaryFailure) << refused.error;
    EXPECT_EQ(refused.error.find("url-Pa55word"), std::string::npos) << refused.error;
}

TEST(SmtpTransport, RequiredTlsWithoutStarttlsIsTemporaryAndSendsNothing) {
    SmtpServer server;  // offers no STARTTLS
    FakeClock clock;
    auto settings = Settings(server.url());
    settings.require_tls = true;
    const auto result = MakeSmtpTransport(settings, kSender, clock)->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kTemporaryFailure) << result.error;
    EXPECT_FALSE(fs::exists(server.maildir() / "1.eml"));
}

bool HaveOpenssl() { return ::access("/usr/bin/openssl", X_OK) == 0; }

TEST(SmtpTransport, StarttlsVerifiedAgainstTheConfiguredCa) {
    if (!HaveOpenssl()) GTEST_SKIP() << "the openssl CLI makes the test certificate";
    SmtpServer server({}, /*tls=*/true);  // refuses MAIL before STARTTLS
    FakeClock clock;
    auto settings = Settings(server.url());
    settings.require_tls = true;
    settings.ca_file = server.cert_file().string();
    const auto result = MakeSmtpTransport(settings, kSender, clock)->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kDelivered) << result.error;
    EXPECT_TRUE(fs::exists(server.maildir() / "1.eml"));
}

TEST(SmtpTransport, SmtpsSpeaksTlsFromTheFirstByte) {
    if (!HaveOpenssl()) GTEST_SKIP() << "the openssl CLI makes the test certificate";
    SmtpServer server({}, /*tls=*/true, /*implicit_tls=*/true);
    FakeClock clock;
    std::string url = server.url();
    url.replace(0, std::string("smtp://").size(), "smtps://");
    auto settings = Settings(url);
    settings.ca_file = server.cert_file().string();
    const auto result = MakeSmtpTransport(settings, kSender, clock)->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kDelivered) << result.error;
    EXPECT_TRUE(fs::exists(server.maildir() / "1.eml"));

    // The same server spoken to in plain text never gets a message through.
    auto plain_settings = Settings(server.url());
    plain_settings.timeout = std::chrono::seconds(1);  // the server waits for a TLS hello that never comes
    const auto plain = MakeSmtpTransport(plain_settings, kSender, clock)->Send(Message());
    EXPECT_NE(plain.outcome, DeliveryOutcome::kDelivered);
}

TEST(SmtpTransport, UntrustedCertificateIsTemporaryUnlessVerificationIsSkipped) {
    if (!HaveOpenssl()) GTEST_SKIP() << "the openssl CLI makes the test certificate";
    SmtpServer server({}, /*tls=*/true);
    FakeClock clock;
    auto settings = Settings(server.url());
    settings.require_tls = true;  // system CAs: the self-signed certificate is not trusted
    const auto refused = MakeSmtpTransport(settings, kSender, clock)->Send(Message());
    EXPECT_EQ(refused.outcome, DeliveryOutcome::kTemporaryFailure) << refused.error;
    EXPECT_FALSE(fs::exists(server.maildir() / "1.eml"));

    settings.insecure_skip_verify = true;
    const auto result = MakeSmtpTransport(settings, kSender, clock)->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kDelivered) << result.error;
}

TEST(SmtpTransport, UnsafeAddressIsPermanentWithoutConnecting) {
    FakeClock clock;
    auto transport = MakeSmtpTransport(Settings("smtp://127.0.0.1:1"), kSender, clock);
    const auto result = transport->Send(Message("zoe@example.org>\r\nRCPT TO:<x@evil"));
    EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanentFailure);
}

}  // namespace
}  // namespace shiftsync
