#pragma once
// Profile pictures: checked and re-encoded by the PictureProcessor, kept in the BlobStore, named
// by the user row's picture_id.
//
// The store and the database cannot share a transaction, so they are kept consistent through the
// blob_deletions ledger (BlobDeletionRepository):
//   1. new blobs are first scheduled for deletion (committed) at now + orphan_grace;
//   2. then written to the store;
//   3. then adopted: one kWrite unit of work points the user row at them and cancels their
//      deletion, and schedules the replaced picture's blobs for deletion at now + replaced_grace.
// A crash or failure anywhere leaves either a row pointing at complete blobs, or blobs that the
// collector deletes once due; never a row pointing at nothing. The collector forgets a ledger row
// (committed) before deleting its blob, and an adoption whose ledger row is gone fails, so the two
// never both win (app/blob_collector.hpp). A collector that dies between those steps leaks that one blob: leaked, not
// lost.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "app/ports/blob_store.hpp"
#include "app/ports/picture_processor.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"
#include "app/principal.hpp"
#include "domain/picture.hpp"
#include "domain/user.hpp"

namespace shiftsync {

struct PictureUpload {
    std::string content_type;  // as the client declared it (header or multipart part)
    std::string bytes;
};

struct PictureSettings {
    std::chrono::seconds orphan_grace{std::chrono::hours{1}};  // staged blobs not adopted by then are deleted
    std::chrono::seconds replaced_grace{60};                   // lets in-flight reads of an old picture finish
};

// Blobs written and awaiting adoption by a user row (registration adopts them in its own unit of work).
struct StagedPicture {
    std::string picture_id;
};

// A picture as served.
struct PictureBlob {
    std::string picture_id;     // the version: ETag material
    std::string content_type;   // "image/jpeg"
    std::string bytes;          // empty when not_modified
    bool not_modified = false;  // the caller's known version is current: no bytes were read
};

// The blob key of one rendition: "pictures/<picture_id>-<128|512>.jpg".
std::string PictureBlobKey(const std::string& picture_id, PictureSize size);

class PictureService {
public:
    // Keeps references; all must outlive the service.
    PictureService(UnitOfWorkFactory& database, const PictureProcessor& processor, BlobStore& blobs,
                   RandomSource& random, const Clock& clock, PictureSettings settings = {});

    // Sets the picture of `user_id`: oneself always; managers and owners anyone's in their
    // organisation (docs/DECISIONS.md). Refusals: kNotFound (no such active user here),
    // kForbidden, kUnsupportedMediaType (content type not image/jpeg|png|webp),
    // kPayloadTooLarge (over kMaxPictureBytes), kInvalidPicture (see PictureProcessor),
    // kUnavailable when the blob store fails (nothing changed; retry). Blocking and CPU-heavy:
    // run off the I/O threads. Returns the updated user.
    Result<User> Set(const Principal& caller, Id user_id, const PictureUpload& upload);

    // Removes the picture (same permissions as Set; works on removed people too, whose
    // pictures managers may want gone). Idempotent: no picture is fine.
    Result<User> Remove(const Principal& caller, Id user_id);

    // The picture of `user_id` at `size`, for any member of the same organisation. When
    // `client_has(picture_id)` says the caller holds the current version, answers not_modified
    // without reading the blob. kNotFound when the user is not in the caller's organisation or
    // has no picture. kUnavailable when the blob store fails.
    Result<PictureBlob> Read(const Principal& caller, Id user_id, PictureSize size,
                             const std::function<bool(const std::string& picture_id)>& client_has);

    // Steps 1-2 of the header comment for an upload that has no user yet (registration): checks
    // and stores it, with the same refusals as Set. Blocking and CPU-heavy.
    Result<StagedPicture> Stage(const PictureUpload& upload);
    // Step 3 inside the caller's kWrite unit of work (which then commits): cancels the staged
    // blobs' deletion and sets user.picture_id (the caller writes the user row). kUnavailable
    // if the collector took them already (the caller must not commit then).
    Status Adopt(UnitOfWork& uow, const StagedPicture& staged, User& user);
    // For a staged picture that will never be adopted (the registration failed): brings its
    // deletion forward to now. Best effort; never throws (the original schedule still holds).
    void Abandon(const StagedPicture& staged) noexcept;

private:
    Result<StagedPicture> StageChecked(const PictureUpload& upload);
    void ScheduleDeletion(UnitOfWork& uow, const std::string& picture_id, Instant due_at);

    UnitOfWorkFactory& database_;
    const PictureProcessor& processor_;
    BlobStore& blobs_;
    RandomSource& random_;
    const Clock& clock_;
    PictureSettings settings_;
};

}  // namespace shiftsync
