#include "app/picture_service.hpp"

#include <algorithm>
#include <cctype>

namespace shiftsync {
namespace {

constexpr PictureSize kAllSizes[] = {PictureSize::kSmall, PictureSize::kLarge};

Error StoreUnavailable() {
    return Error{ErrorCode::kUnavailable, "the picture store is not reachable right now; try again shortly", "picture"};
}

bool MaySetPictureOf(const Principal& caller, Id user_id) {
    return caller.user_id == user_id || caller.role >= Role::kManager;
}

}  // namespace

std::string PictureBlobKey(const std::string& picture_id, PictureSize size) {
    return "pictures/" + picture_id + "-" + std::to_string(static_cast<int>(size)) + ".jpg";
}

PictureService::PictureService(UnitOfWorkFactory& database, const PictureProcessor& processor, BlobStore& blobs,
                               RandomSource& random, const Clock& clock, PictureSettings settings)
    : database_(database), processor_(processor), blobs_(blobs), random_(random), clock_(clock), settings_(settings) {}

void PictureService::ScheduleDeletion(UnitOfWork& uow, const std::string& picture_id, Instant due_at) {
    for (PictureSize size : kAllSizes) uow.blob_deletions().Schedule(PictureBlobKey(picture_id, size), due_at);
}

Result<StagedPicture> PictureService::Stage(const PictureUpload& upload) {
    const auto declared = PictureFormatFromContentType(upload.content_type);
    if (!declared)
        return Error{ErrorCode::kUnsupportedMediaType, "a picture must be sent as image/jpeg, image/png or image/webp",
                     "picture"};
    if (upload.bytes.size() > kMaxPictureBytes)
        return Error{ErrorCode::kPayloadTooLarge, "a picture must not exceed 10 MB", "picture"};
    if (upload.bytes.empty()) return Error{ErrorCode::kInvalidPicture, "the picture is empty", "picture"};

    auto renditions = processor_.Process(upload.bytes, *declared);
    if (!renditions) return renditions.error();

    // Lower-cased base64url: blob keys are lower-case, and 32 such characters still carry over
    // 160 random bits.
    std::string picture_id = random_.Token(24);
    std::transform(picture_id.begin(), picture_id.end(), picture_id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });

    {
        auto uow = database_.Begin(TransactionMode::kWrite);
        ScheduleDeletion(*uow, picture_id, clock_.Now() + settings_.orphan_grace);
        uow->Commit();
    }
    try {
        blobs_.Put(PictureBlobKey(picture_id, PictureSize::kSmall), renditions->small, "image/jpeg");
        blobs_.Put(PictureBlobKey(picture_id, PictureSize::kLarge), renditions->large, "image/jpeg");
    } catch (const BlobStoreError&) {
        // What was written is scheduled for deletion already; the collector removes it.
        Abandon(StagedPicture{picture_id});
        return StoreUnavailable();
    }
    return StagedPicture{std::move(picture_id)};
}

void PictureService::Abandon(const StagedPicture& staged) noexcept {
    try {
        auto uow = database_.Begin(TransactionMode::kWrite);
        ScheduleDeletion(*uow, staged.picture_id, clock_.Now());
        uow->Commit();
    } catch (...) {
        // The orphan grace still applies: the blobs go later rather than now.
    }
}

Status PictureService::Adopt(UnitOfWork& uow, const StagedPicture& staged, User& user) {
    for (PictureSize size : kAllSizes)
        if (!uow.blob_deletions().Cancel(PictureBlobKey(staged.picture_id, size))) return StoreUnavailable();
    if (user.picture_id) ScheduleDeletion(uow, *user.picture_id, clock_.Now() + settings_.replaced_grace);
    user.picture_id = staged.picture_id;
    return Ok();
}

Result<User> PictureService::Set(const Principal& caller, Id user_id, const PictureUpload& upload) {
    if (!MaySetPictureOf(caller, user_id))
        return Error::Forbidden("only managers and owners set other people's pictures");
    {
        // Refuse before the expensive work when the person is not there.
        auto uow = database_.Begin(TransactionMode::kRead);
        auto user = uow->users().FindById(caller.organization_id, user_id);
        if (!user || !user->active) return Error::NotFound("no such user");
    }
    auto staged = Stage(upload);
    if (!staged) return staged.error();

    auto uow = database_.Begin(TransactionMode::kWrite);
    auto user = uow->users().FindById(caller.organization_id, user_id);
    Status adopted = user && user->active ? Adopt(*uow, *staged, *user) : Error::NotFound("no such user");
    if (adopted) adopted = uow->users().Update(*user);
    if (!adopted) {
        uow.reset();  // roll back before Abandon takes the write lock
        Abandon(*staged);
        return adopted.error();
    }
    uow->Commit();
    return *user;
}

Result<User> PictureService::Remove(const Principal& caller, Id user_id) {
    if (!MaySetPictureOf(caller, user_id))
        return Error::Forbidden("only managers and owners remove other people's pictures");
    auto uow = database_.Begin(TransactionMode::kWrite);
    auto user = uow->users().FindById(caller.organization_id, user_id);
    if (!user) return Error::NotFound("no such user");
    if (!user->picture_id) return *user;
    ScheduleDeletion(*uow, *user->picture_id, clock_.Now() + settings_.replaced_grace);
    user->picture_id.reset();
    if (auto updated = uow->users().Update(*user); !updated) return updated.error();
    uow->Commit();
    return *user;
}

Result<PictureBlob> PictureService::Read(const Principal& caller, Id user_id, PictureSize size,
                                         const std::function<bool(const std::string& picture_id)>& client_has) {
    std::optional<std::string> picture_id;
    {
        auto uow = database_.Begin(TransactionMode::kRead);
        auto user = uow->users().FindById(caller.organization_id, user_id);
        if (!user) return Error::NotFound("no such user");
        picture_id = user->picture_id;
    }
    if (!picture_id) return Error::NotFound("this person has no picture");
    PictureBlob blob{*picture_id, "image/jpeg", {}, false};
    if (client_has && client_has(*picture_id)) {
        blob.not_modified = true;
        return blob;
    }
    std::optional<std::string> bytes;
    try {
        bytes = blobs_.Get(PictureBlobKey(*picture_id, size));
    } catch (const BlobStoreError&) {
        return StoreUnavailable();
    }
    // Only if the picture was replaced between the two reads and the old blob collected.
    if (!bytes) return Error::NotFound("this person has no picture");
    blob.bytes = std::move(*bytes);
    return blob;
}

}  // namespace shiftsync
