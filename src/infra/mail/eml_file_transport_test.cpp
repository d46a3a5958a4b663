#include "infra/mail/eml_file_transport.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "testing/fakes.hpp"

namespace shiftsync {
namespace {

namespace fs = std::filesystem;

const MailSender kSender{"shiftsync@example.com"};

OutboxMessage Message() {
    OutboxMessage m;
    m.id = 42;
    m.to_address = "zoe@example.org";
    m.to_name = "Zoe";
    m.from_name = "Acme";
    m.subject = "Your shift";
    m.text_body = "text";
    m.html_body = "<p>html</p>";
    m.message_id = "<r4nd0m.ID@shiftsync.example.com>";
    m.created_at = UtcAt(2026, 3, 4, 11, 59);
    return m;
}

std::string ReadAll(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class EmlFileTransportTest : public ::testing::Test {
protected:
    void SetUp() override {
        char pattern[] = "/tmp/shiftsync-eml-XXXXXX";
        ASSERT_NE(::mkdtemp(pattern), nullptr);
        root_ = pattern;
    }
    void TearDown() override { fs::remove_all(root_); }

    std::vector<fs::path> Files(const fs::path& dir) {
        std::vector<fs::path> out;
        for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path().filename());
        return out;
    }

    fs::path root_;
    FakeClock clock_;
};

TEST_F(EmlFileTransportTest, WritesTheRenderedMessageUnderANameMadeOfIds) {
    const fs::path dir = root_ / "outbox";
    auto transport = MakeEmlFileTransport(dir, kSender, clock_);
    const auto result = transport->Send(Message());
    ASSERT_EQ(result.outcome, DeliveryOutcome::kDelivered) << result.error;
    EXPECT_EQ(EmlFileName(Message()), "20260304-42-r4nd0m.ID_shiftsync.example.com.eml");
    ASSERT_EQ(Files(dir), std::vector<fs::path>{EmlFileName(Message())});
    EXPECT_EQ(ReadAll(dir / EmlFileName(Message())), RenderMime(Message(), kSender, clock_.Now()));
}

TEST_F(EmlFileTransportTest, CreatesMissingDirectoriesPrivately) {
    const fs::path dir = root_ / "a" / "b" / "mail";
    auto transport = MakeEmlFileTransport(dir, kSender, clock_);
    ASSERT_EQ(transport->Send(Message()).outcome, DeliveryOutcome::kDelivered);
    struct stat st {};
    ASSERT_EQ(::stat(dir.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ASSERT_EQ(::stat((dir / EmlFileName(Message())).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(EmlFileTransportTest, RedeliveryReplacesTheSameFileAndLeavesNoTemporaries) {
    auto transport = MakeEmlFileTransport(root_, kSender, clock_);
    ASSERT_EQ(transport->Send(Message()).outcome, DeliveryOutcome::kDelivered);
    clock_.Advance(std::chrono::minutes(5));
    ASSERT_EQ(transport->Send(Message()).outcome, DeliveryOutcome::kDelivered);
    ASSERT_EQ(Files(root_), std::vector<fs::path>{EmlFileName(Message())});
    EXPECT_EQ(ReadAll(root_ / EmlFileName(Message())), RenderMime(Message(), kSender, clock_.Now()));
}

TEST_F(EmlFileTransportTest, FileNamesHoldNoUserText) {
    auto m = Message();
    m.message_id = "<../../etc/passwd\x01 Subject@x>";
    m.subject = "../../escape";
    const std::string name = EmlFileName(m);
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_EQ(name.find(' '), std::string::npos) << name;
    EXPECT_EQ(name.find("escape"), std::string::npos) << name;
    m.message_id = "";
    EXPECT_EQ(EmlFileName(m), "20260304-42-none.eml");
    m.message_id = std::string(500, 'a');
    EXPECT_LT(EmlFileName(m).size(), 120u);
}

TEST_F(EmlFileTransportTest, DiskErrorsAreTemporary) {
    std::ofstream(root_ / "not-a-dir") << "x";
    auto transport = MakeEmlFileTransport(root_ / "not-a-dir" / "mail", kSender, clock_);
    const auto result = transport->Send(Message());
    EXPECT_EQ(result.outcome, DeliveryOutcome::kTemporaryFailure);
    EXPECT_FALSE(result.error.empty());
}

TEST_F(EmlFileTransportTest, UnsafeAddressesArePermanentFailuresAndWriteNothing) {
    auto transport = MakeEmlFileTransport(root_ / "mail", kSender, clock_);
    auto m = Message();
    m.to_address = "zoe@example.org\r\nBcc: x@evil";
    const auto result = transport->Send(m);
    EXPECT_EQ(result.outcome, DeliveryOutcome::kPermanentFailure);
    EXPECT_EQ(result.error.find("evil"), std::string::npos);
    EXPECT_FALSE(fs::exists(root_ / "mail"));
}

// Retention: the .eml files are the delivery, so old ones go by their modification time, and
// only .eml files do.
TEST_F(EmlFileTransportTest, PurgeDeletesOnlyEmlFilesWrittenBeforeTheCutoff) {
    auto transport = MakeEmlFileTransport(root_, kSender, clock_);
    OutboxMessage old_message = Message();
    OutboxMessage new_message = Message();
    new_message.id = 43;
    new_message.message_id = "<other@shiftsync.example.com>";
    ASSERT_EQ(transport->Send(old_message).outcome, DeliveryOutcome::kDelivered);
    ASSERT_EQ(transport->Send(new_message).outcome, DeliveryOutcome::kDelivered);
    std::ofstream(root_ / "notes.txt") << "not mail";
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(48);
    fs::last_write_time(root_ / EmlFileName(old_message), old_time);
    fs::last_write_time(root_ / "notes.txt", old_time);

    EXPECT_EQ(transport->PurgeDeliveredBefore(now - std::chrono::hours(24)), 1);
    EXPECT_FALSE(fs::exists(root_ / EmlFileName(old_message)));
    EXPECT_TRUE(fs::exists(root_ / EmlFileName(new_message)));
    EXPECT_TRUE(fs::exists(root_ / "notes.txt"));
    EXPECT_EQ(transport->PurgeDeliveredBefore(now - std::chrono::hours(24)), 0);
}

TEST_F(EmlFileTransportTest, PurgeOfAMissingDirectoryDeletesNothing) {
    auto transport = MakeEmlFileTransport(root_ / "never-made", kSender, clock_);
    EXPECT_EQ(transport->PurgeDeliveredBefore(clock_.Now()), 0);
}

}  // namespace
}  // namespace shiftsync
