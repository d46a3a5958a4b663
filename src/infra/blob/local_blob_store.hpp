#pragma once
// The embedded default: blobs as files under one directory (DATA_DIR/blobs). A key's '/'
// separated segments become sub-directories.
#include <filesystem>
#include <memory>

#include "app/ports/blob_store.hpp"

namespace shiftsync {

// Creates `root` (0700) if missing. Put writes a temporary file in the target's directory,
// fsyncs it, renames it over the target and fsyncs the directory, so a crash leaves the old blob
// or the new one, never a torn file. Leftover temporary files (a crash mid-write) are named
// ".tmp-*" and are removed by the constructor. Throws BlobStoreError if `root` cannot be created.
std::unique_ptr<BlobStore> MakeLocalBlobStore(const std::filesystem::path& root);

}  // namespace shiftsync
