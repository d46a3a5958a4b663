// Registration with a profile picture (the sign-up form's file input).
#include "app/auth_service_test_fixture.hpp"
#include "app/blob_collector.hpp"
#include "testing/fake_picture_processor.hpp"
#include "testing/in_memory_blob_store.hpp"

namespace shiftsync::auth_test {
namespace {

class RegisterWithPictureTest : public AuthServiceTest {
protected:
    std::vector<std::string> LedgerDueNow() {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->blob_deletions().Due(clock_.Now(), 1000);
    }

    FakePictureProcessor processor_;
    InMemoryBlobStore blobs_;
    PictureService pictures_{*db_, processor_, blobs_, random_, clock_};
    AuthService auth_with_pictures_{Ports(), throttle_, AuthSettings{}, nullptr, &pictures_};
    BlobCollector collector_{*db_, blobs_, clock_};
};

TEST_F(RegisterWithPictureTest, TheNewPersonHasThePicture) {
    RegisterCommand command = NewOrgCommand("olga@example.com");
    command.picture = PictureUpload{"image/png", FakePictureProcessor::Png("olga")};
    auto grant = auth_with_pictures_.Register(command);
    ASSERT_TRUE(grant.ok()) << grant.error().detail;
    ASSERT_TRUE(grant->user.picture_id);
    EXPECT_EQ(LoadUser(*db_, grant->user.id)->picture_id, grant->user.picture_id);
    EXPECT_EQ(*blobs_.Get(PictureBlobKey(*grant->user.picture_id, PictureSize::kSmall)),
              "small:" + FakePictureProcessor::Png("olga"));
    clock_.Advance(std::chrono::hours{2});
    EXPECT_EQ(collector_.CollectOnce(), 0);  // adopted: never collected
}

TEST_F(RegisterWithPictureTest, ABadPictureRefusesTheRegistrationAndCreatesNothing) {
    RegisterCommand command = NewOrgCommand("olga@example.com");
    command.picture = PictureUpload{"image/png", "<svg onload=alert(1)>"};
    auto grant = auth_with_pictures_.Register(command);
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kInvalidPicture);
    EXPECT_EQ(hasher_.hash_calls(), 0);
    EXPECT_TRUE(blobs_.Keys().empty());
    auto uow = db_->Begin(TransactionMode::kRead);
    EXPECT_FALSE(uow->users().FindByEmail("olga@example.com"));
}

TEST_F(RegisterWithPictureTest, OtherFieldsAreCheckedBeforeThePictureIsDecoded) {
    RegisterCommand command = NewOrgCommand("not-an-email");
    command.picture = PictureUpload{"image/png", FakePictureProcessor::Png()};
    auto grant = auth_with_pictures_.Register(command);
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().field, "email");
    EXPECT_EQ(processor_.calls(), 0);

    command = NewOrgCommand("olga@example.com");
    command.organization->time_zone = "Mars/Olympus";
    command.picture = PictureUpload{"image/png", FakePictureProcessor::Png()};
    EXPECT_FALSE(auth_with_pictures_.Register(command).ok());
    EXPECT_EQ(processor_.calls(), 0);
}

TEST_F(RegisterWithPictureTest, AFailedRegistrationLeavesItsPictureToBeCollectedAtOnce) {
    SeedOwner("taken@example.com");
    RegisterCommand command = NewOrgCommand("taken@example.com");
    command.picture = PictureUpload{"image/png", FakePictureProcessor::Png()};
    auto grant = auth_with_pictures_.Register(command);
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().code, ErrorCode::kEmailTaken);
    EXPECT_EQ(LedgerDueNow().size(), 2u);
    collector_.CollectOnce();
    EXPECT_TRUE(blobs_.Keys().empty());
}

TEST_F(RegisterWithPictureTest, WithoutAPictureServiceAPictureIsRefused) {
    RegisterCommand command = NewOrgCommand("olga@example.com");
    command.picture = PictureUpload{"image/png", FakePictureProcessor::Png()};
    auto grant = auth_.Register(command);
    ASSERT_FALSE(grant.ok());
    EXPECT_EQ(grant.error().field, "picture");
}

}  // namespace
}  // namespace shiftsync::auth_test
