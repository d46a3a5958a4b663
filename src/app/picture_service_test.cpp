#include "app/picture_service.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/blob_collector.hpp"
#include "testing/fake_picture_processor.hpp"
#include "testing/fakes.hpp"
#include "testing/in_memory_blob_store.hpp"
#include "testing/in_memory_database.hpp"

namespace shiftsync {
namespace {

using std::chrono::seconds;

class PictureServiceTest : public testing::Test {
protected:
    PictureServiceTest() {
        org_ = SeedOrganization(*db_, Organization{.name = "Bakery", .time_zone = "UTC"});
        other_org_ = SeedOrganization(*db_, Organization{.name = "Elsewhere", .time_zone = "UTC"});
        owner_ = Seed("Olga", "olga@example.com", Role::kOwner, org_.id);
        manager_ = Seed("Max", "max@example.com", Role::kManager, org_.id);
        employee_ = Seed("Emma", "emma@example.com", Role::kEmployee, org_.id);
        colleague_ = Seed("Carl", "carl@example.com", Role::kEmployee, org_.id);
        stranger_ = Seed("Sam", "sam@example.com", Role::kOwner, other_org_.id);
    }

    User Seed(const std::string& name, const std::string& email, Role role, Id organization_id) {
        return SeedUser(*db_, User{.organization_id = organization_id,
                                   .name = name,
                                   .email = email,
                                   .password_hash = "hash",
                                   .role = role});
    }

    User Reload(const User& user) { return *LoadUser(*db_, user.id); }

    std::vector<std::string> DueDeletions(Instant at) {
        auto uow = db_->Begin(TransactionMode::kRead);
        return uow->blob_deletions().Due(at, 1000);
    }

    static PictureUpload Png(std::string_view tag = "") { return {"image/png", FakePictureProcessor::Png(tag)}; }

    // Sets a picture and returns its id; the test fails if that does not work.
    std::string SetPicture(const User& caller, const User& target, std::string_view tag = "") {
        auto user = service_.Set(PrincipalFor(caller), target.id, Png(tag));
        EXPECT_TRUE(user.ok()) << (user ? "" : user.error().detail);
        return user ? user->picture_id.value_or("") : "";
    }

    std::unique_ptr<UnitOfWorkFactory> db_ = MakeInMemoryDatabase();
    FakePictureProcessor processor_;
    InMemoryBlobStore blobs_;
    SequenceRandom random_;
    FakeClock clock_;
    PictureSettings settings_{seconds{3600}, seconds{60}};
    PictureService service_{*db_, processor_, blobs_, random_, clock_, settings_};
    BlobCollector collector_{*db_, blobs_, clock_};
    Organization org_, other_org_;
    User owner_, manager_, employee_, colleague_, stranger_;
};

TEST_F(PictureServiceTest, SettingOwnPictureStoresBothRenditionsAndPointsTheUserAtThem) {
    const std::string id = SetPicture(employee_, employee_, "emma");
    ASSERT_FALSE(id.empty());
    EXPECT_EQ(Reload(employee_).picture_id, id);
    EXPECT_EQ(blobs_.Keys(), (std::vector<std::string>{PictureBlobKey(id, PictureSize::kSmall),
                                                       PictureBlobKey(id, PictureSize::kLarge)}));
    EXPECT_EQ(*blobs_.Get(PictureBlobKey(id, PictureSize::kLarge)), "large:" + FakePictureProcessor::Png("emma"));
    EXPECT_EQ(blobs_.ContentType(PictureBlobKey(id, PictureSize::kSmall)), "image/jpeg");
    // Adopted: nothing is scheduled for deletion, even far in the future.
    EXPECT_TRUE(DueDeletions(clock_.Now() + seconds{100'000}).empty());
}

TEST_F(PictureServiceTest, BlobKeysAreServerChosenAndValid) {
    const std::string id = SetPicture(employee_, employee_);
    EXPECT_EQ(PictureBlobKey(id, PictureSize::kSmall), "pictures/" + id + "-128.jpg");
    EXPECT_TRUE(IsValidBlobKey(PictureBlobKey(id, PictureSize::kLarge)));
}

TEST_F(PictureServiceTest, ManagersAndOwnersSetAnyonesEmployeesOnlyTheirOwn) {
    EXPECT_FALSE(SetPicture(manager_, employee_).empty());
    EXPECT_FALSE(SetPicture(owner_, manager_).empty());
    EXPECT_FALSE(SetPicture(manager_, owner_).empty());

    const auto before = blobs_.Keys();
    auto refused = service_.Set(PrincipalFor(employee_), colleague_.id, Png());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(blobs_.Keys(), before);
    EXPECT_FALSE(Reload(colleague_).picture_id);
}

TEST_F(PictureServiceTest, AnotherOrganisationsPersonIsNotFound) {
    auto refused = service_.Set(PrincipalFor(owner_), stranger_.id, Png());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(processor_.calls(), 0);  // refused before any decoding
    EXPECT_TRUE(blobs_.Keys().empty());
}

TEST_F(PictureServiceTest, BadUploadsAreRefusedAndLeaveNothingBehind) {
    struct Case {
        PictureUpload upload;
        ErrorCode code;
    };
    const std::vector<Case> cases = {
        {{"image/svg+xml", "<svg/>"}, ErrorCode::kUnsupportedMediaType},
        {{"text/html", "<html></html>"}, ErrorCode::kUnsupportedMediaType},
        {{"", FakePictureProcessor::Png()}, ErrorCode::kUnsupportedMediaType},
        {{"image/png", ""}, ErrorCode::kInvalidPicture},
        {{"image/png", FakePictureProcessor::Jpeg()}, ErrorCode::kInvalidPicture},
        {{"image/jpeg", std::string(kMaxPictureBytes + 1, '\xFF')}, ErrorCode::kPayloadTooLarge},
    };
    for (const Case& c : cases) {
        auto refused = service_.Set(PrincipalFor(employee_), employee_.id, c.upload);
        ASSERT_FALSE(refused.ok()) << c.upload.content_type;
        EXPECT_EQ(refused.error().code, c.code) << c.upload.content_type;
        EXPECT_EQ(refused.error().field, "picture");
    }
    EXPECT_TRUE(blobs_.Keys().empty());
    EXPECT_TRUE(DueDeletions(clock_.Now() + seconds{100'000}).empty());
    EXPECT_FALSE(Reload(employee_).picture_id);
}

TEST_F(PictureServiceTest, AStoreFailureChangesNothingVisible) {
    const std::string old_id = SetPicture(employee_, employee_, "old");
    const auto keys_before = blobs_.Keys();
    blobs_.FailNextCalls(1);  // the first Put
    auto failed = service_.Set(PrincipalFor(employee_), employee_.id, Png("new"));
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(Reload(employee_).picture_id, old_id);

    // The failed upload's keys are due at once; the picture in use is not touched.
    EXPECT_EQ(collector_.CollectOnce(), 2);
    EXPECT_EQ(blobs_.Keys(), keys_before);
    EXPECT_EQ(Reload(employee_).picture_id, old_id);
}

TEST_F(PictureServiceTest, AHalfWrittenPictureIsCollected) {
    // Put succeeds for the small rendition, then the store goes away for the large one.
    struct FailSecondPut final : BlobStore {
        InMemoryBlobStore& inner;
        int puts = 0;
        explicit FailSecondPut(InMemoryBlobStore& blobs) : inner(blobs) {}
        void Put(const std::string& key, std::string_view bytes, std::string_view type) override {
            if (++puts == 2) throw BlobStoreError("store went away");
            inner.Put(key, bytes, type);
        }
        std::optional<std::string> Get(const std::string& key) override { return inner.Get(key); }
        void Delete(const std::string& key) override { inner.Delete(key); }
    } flaky(blobs_);
    PictureService service(*db_, processor_, flaky, random_, clock_, settings_);

    auto failed = service.Set(PrincipalFor(employee_), employee_.id, Png());
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
    EXPECT_FALSE(Reload(employee_).picture_id);
    ASSERT_EQ(blobs_.Keys().size(), 1u);  // the orphan

    EXPECT_EQ(collector_.CollectOnce(), 2);  // both keys were on the ledger; one blob existed
    EXPECT_TRUE(blobs_.Keys().empty());
}

TEST_F(PictureServiceTest, ReplacingSchedulesTheOldBlobsAfterTheGraceAndKeepsTheNew) {
    const std::string old_id = SetPicture(employee_, employee_, "old");
    const std::string new_id = SetPicture(employee_, employee_, "new");
    ASSERT_NE(old_id, new_id);
    EXPECT_EQ(Reload(employee_).picture_id, new_id);
    EXPECT_EQ(blobs_.Keys().size(), 4u);

    EXPECT_EQ(collector_.CollectOnce(), 0);  // within the grace: old readers may still fetch it
    clock_.Advance(seconds{60});
    EXPECT_EQ(collector_.CollectOnce(), 2);
    EXPECT_EQ(blobs_.Keys(), (std::vector<std::string>{PictureBlobKey(new_id, PictureSize::kSmall),
                                                       PictureBlobKey(new_id, PictureSize::kLarge)}));
}

TEST_F(PictureServiceTest, RemovingClearsThePictureAndCollectsItsBlobs) {
    SetPicture(manager_, colleague_);
    auto removed = service_.Remove(PrincipalFor(manager_), colleague_.id);
    ASSERT_TRUE(removed.ok());
    EXPECT_FALSE(removed->picture_id);
    EXPECT_FALSE(Reload(colleague_).picture_id);
    clock_.Advance(seconds{60});
    collector_.CollectOnce();
    EXPECT_TRUE(blobs_.Keys().empty());

    // Idempotent.
    EXPECT_TRUE(service_.Remove(PrincipalFor(manager_), colleague_.id).ok());
}

TEST_F(PictureServiceTest, EmployeesCannotRemoveSomeoneElsesPicture) {
    const std::string id = SetPicture(colleague_, colleague_);
    auto refused = service_.Remove(PrincipalFor(employee_), colleague_.id);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(Reload(colleague_).picture_id, id);
}

TEST_F(PictureServiceTest, ReadServesTheRequestedSizeToColleaguesOnly) {
    const std::string id = SetPicture(colleague_, colleague_, "carl");
    auto small = service_.Read(PrincipalFor(employee_), colleague_.id, PictureSize::kSmall, {});
    ASSERT_TRUE(small.ok());
    EXPECT_EQ(small->bytes, "small:" + FakePictureProcessor::Png("carl"));
    EXPECT_EQ(small->picture_id, id);
    EXPECT_EQ(small->content_type, "image/jpeg");
    auto large = service_.Read(PrincipalFor(employee_), colleague_.id, PictureSize::kLarge, {});
    ASSERT_TRUE(large.ok());
    EXPECT_EQ(large->bytes, "large:" + FakePictureProcessor::Png("carl"));

    auto foreign = service_.Read(PrincipalFor(stranger_), colleague_.id, PictureSize::kSmall, {});
    ASSERT_FALSE(foreign.ok());
    EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
    auto none = service_.Read(PrincipalFor(employee_), manager_.id, PictureSize::kSmall, {});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
}

TEST_F(PictureServiceTest, ReadOfTheVersionTheClientHasReadsNoBlob) {
    const std::string id = SetPicture(colleague_, colleague_);
    blobs_.FailNextCalls(1);  // would fail any blob read
    auto cached = service_.Read(PrincipalFor(employee_), colleague_.id, PictureSize::kSmall,
                                [&](const std::string& version) { return version == id; });
    ASSERT_TRUE(cached.ok());
    EXPECT_TRUE(cached->not_modified);
    EXPECT_TRUE(cached->bytes.empty());

    auto unavailable = service_.Read(PrincipalFor(employee_), colleague_.id, PictureSize::kSmall,
                                     [](const std::string&) { return false; });
    ASSERT_FALSE(unavailable.ok());
    EXPECT_EQ(unavailable.error().code, ErrorCode::kUnavailable);
}

TEST_F(PictureServiceTest, AStagedPictureNeverAdoptedIsCollectedAfterTheOrphanGrace) {
    auto staged = service_.Stage(Png());
    ASSERT_TRUE(staged.ok());
    EXPECT_EQ(blobs_.Keys().size(), 2u);
    clock_.Advance(seconds{3599});
    EXPECT_EQ(collector_.CollectOnce(), 0);
    clock_.Advance(seconds{1});
    EXPECT_EQ(collector_.CollectOnce(), 2);
    EXPECT_TRUE(blobs_.Keys().empty());
}

TEST_F(PictureServiceTest, AdoptionFailsOnceTheCollectorHasTakenTheBlobs) {
    auto staged = service_.Stage(Png());
    ASSERT_TRUE(staged.ok());
    clock_.Advance(seconds{3600});
    collector_.CollectOnce();

    auto uow = db_->Begin(TransactionMode::kWrite);
    User user = *uow->users().FindById(org_.id, employee_.id);
    Status adopted = service_.Adopt(*uow, *staged, user);
    ASSERT_FALSE(adopted.ok());
    EXPECT_EQ(adopted.error().code, ErrorCode::kUnavailable);
}

TEST_F(PictureServiceTest, AbandonBringsTheDeletionForward) {
    auto staged = service_.Stage(Png());
    ASSERT_TRUE(staged.ok());
    service_.Abandon(*staged);
    EXPECT_EQ(collector_.CollectOnce(), 2);
    EXPECT_TRUE(blobs_.Keys().empty());
}

}  // namespace
}  // namespace shiftsync
