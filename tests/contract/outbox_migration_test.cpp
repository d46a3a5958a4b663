// Migration 0007 on a SQLite database that already holds mail: SQLite cannot change the outbox's
// CHECK in place, so 0007 rebuilds the table. Every row must survive with its id, invitations
// already sent lose their link, and new ids keep counting up (AUTOINCREMENT's sequence).
#include <gtest/gtest.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <string>

#include "infra/db/migrations.hpp"
#include "infra/db/sqlite_database.hpp"
#include "temp_dir.hpp"

namespace shiftsync {
namespace {

constexpr int kBeforeResets = 6;  // the last version before 0007_password_resets

// A database at version kBeforeResets, as a server of that version left it.
void CreateAtVersion6(const std::filesystem::path& file) {
    soci::session sql(soci::sqlite3, file.string());
    sql << "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";
    for (const db::Migration& migration : db::Migrations()) {
        if (migration.version > kBeforeResets) break;
        for (const std::string& statement :
             db::SplitSqlStatements(db::RenderMigrationSql(migration.sql, db::SqlDialect::kSqlite)))
            sql << statement;
        sql << "INSERT INTO schema_migrations (version, applied_at) VALUES (" + std::to_string(migration.version) +
                   ", 0)";
    }
    sql << "INSERT INTO organizations (name, time_zone, week_start, created_at) VALUES ('Acme', 'UTC', 1, 0)";
    const std::string columns =
        "INSERT INTO outbox_messages (organization_id, kind, recipient_user_id, to_address, to_name, from_name, "
        "subject, text_body, html_body, message_id, status, attempts, next_attempt_at, lease_until, last_error, "
        "created_at, sent_at) VALUES ";
    sql << columns +
               "(1, 'invitation', NULL, 'a@example.com', '', 'Acme', 'Join', 'token=SECRET1', "
               "'<a>token=SECRET1</a>', '<1@t>', 'sent', 1, 0, NULL, '', 0, 5)";
    sql << columns +
               "(1, 'invitation', NULL, 'b@example.com', '', 'Acme', 'Join', 'token=SECRET2', "
               "'<a>token=SECRET2</a>', '<2@t>', 'dead', 8, 0, NULL, '550', 0, NULL)";
    sql << columns +
               "(1, 'announcement', NULL, 'c@example.com', '', 'Acme', 'Hi', 'hello', '<p>hello</p>', "
               "'<3@t>', 'sent', 1, 0, NULL, '', 0, 5)";
    sql << "DELETE FROM outbox_messages WHERE id = 3";  // the sequence stays at 3: ids are never reused
    sql << columns +
               "(1, 'announcement', NULL, 'c@example.com', '', 'Acme', 'Hi', 'hello', '<p>hello</p>', "
               "'<4@t>', 'sent', 1, 0, NULL, '', 0, 5)";
}

TEST(OutboxMigrationTest, SqliteRebuildKeepsEveryMessageAndRedactsSentInvitations) {
    ASSERT_GT(static_cast<int>(db::Migrations().size()), kBeforeResets);
    ASSERT_EQ(db::Migrations()[kBeforeResets].description, "password_resets");
    TempDir dir;
    const auto file = dir.path() / "shiftsync.db";
    CreateAtVersion6(file);
    EXPECT_EQ(MigrateSqliteDatabase(file), static_cast<int>(db::Migrations().size()) - kBeforeResets);

    auto database = OpenSqliteDatabase(SqliteOptions{file});
    {
        auto uow = database->Begin(TransactionMode::kRead);
        const auto sent = uow->outbox().FindById(1, 1);
        ASSERT_TRUE(sent);
        EXPECT_TRUE(sent->carries_secret);
        EXPECT_EQ(sent->body, OutboxBody::kRedacted);
        EXPECT_EQ(sent->text_body, kRedactedBody);  // the migration's text is the code's
        EXPECT_EQ(sent->html_body, kRedactedBody);
        EXPECT_EQ(sent->subject, "Join");
        const auto dead = uow->outbox().FindById(1, 2);
        ASSERT_TRUE(dead);
        EXPECT_TRUE(dead->carries_secret);
        EXPECT_EQ(dead->body, OutboxBody::kKept);  // a retry must still send the link
        EXPECT_EQ(dead->text_body, "token=SECRET2");
        EXPECT_FALSE(uow->outbox().FindById(1, 3));
        const auto plain = uow->outbox().FindById(1, 4);
        ASSERT_TRUE(plain);
        EXPECT_FALSE(plain->carries_secret);
        EXPECT_EQ(plain->text_body, "hello");
    }
    auto uow = database->Begin(TransactionMode::kWrite);
    OutboxMessage next;
    next.organization_id = 1;
    next.kind = EmailKind::kPasswordReset;  // the new kind passes the rebuilt CHECK
    next.to_address = "d@example.com";
    next.message_id = "<5@t>";
    EXPECT_EQ(uow->outbox().Enqueue(next), 5);
    uow->Commit();
}

}  // namespace
}  // namespace shiftsync
