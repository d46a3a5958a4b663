#pragma once
// Deletes blobs whose deletion the blob_deletions ledger says is due: uploads never adopted and
// pictures replaced or removed (see app/picture_service.hpp for the protocol).
#include <chrono>

#include "app/ports/blob_store.hpp"
#include "app/ports/system.hpp"
#include "app/ports/unit_of_work.hpp"

namespace shiftsync {

class BlobCollector {
public:
    // Keeps references; all must outlive the collector. REQUIRES: batch > 0.
    BlobCollector(UnitOfWorkFactory& database, BlobStore& blobs, const Clock& clock, int batch = 100);

    // Takes up to `batch` due keys off the ledger (one committed kWrite unit of work, so a
    // concurrent adoption either wins before or fails after), then deletes their blobs outside any
    // transaction. A blob whose deletion fails goes back on the ledger, due `retry_after` later.
    // Returns how many keys it took. Blocking; throws on database failures. Any number of
    // collectors may run at once (on other machines too): each key is taken by one of them.
    int CollectOnce();

    int batch() const { return batch_; }

private:
    UnitOfWorkFactory& database_;
    BlobStore& blobs_;
    const Clock& clock_;
    int batch_;
    std::chrono::seconds retry_after_{60};
};

}  // namespace shiftsync
