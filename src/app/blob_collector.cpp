#include "app/blob_collector.hpp"

#include <cassert>
#include <string>
#include <vector>

namespace shiftsync {

BlobCollector::BlobCollector(UnitOfWorkFactory& database, BlobStore& blobs, const Clock& clock, int batch)
    : database_(database), blobs_(blobs), clock_(clock), batch_(batch) {
    assert(batch > 0);
}

int BlobCollector::CollectOnce() {
    const Instant now = clock_.Now();
    std::vector<std::string> taken;
    {
        auto uow = database_.Begin(TransactionMode::kWrite);
        for (std::string& key : uow->blob_deletions().Due(now, batch_))
            if (uow->blob_deletions().Cancel(key)) taken.push_back(std::move(key));
        uow->Commit();
    }
    std::vector<std::string> failed;
    for (const std::string& key : taken) {
        try {
            blobs_.Delete(key);
        } catch (const BlobStoreError&) {
            failed.push_back(key);
        }
    }
    if (!failed.empty()) {
        auto uow = database_.Begin(TransactionMode::kWrite);
        for (const std::string& key : failed) uow->blob_deletions().Schedule(key, now + retry_after_);
        uow->Commit();
    }
    return static_cast<int>(taken.size());
}

}  // namespace shiftsync
