-- Profile pictures (issue 4). A user's picture is a pair of blobs in the blob store,
-- "pictures/<picture_id>-128.jpg" and "-512.jpg", under an id the server chose; the old
-- picture_url column (never set) goes.
ALTER TABLE users DROP COLUMN picture_url;
ALTER TABLE users ADD COLUMN picture_id TEXT;

-- Blobs that nothing may point at after due_at: freshly uploaded ones until the row that
-- adopts them commits (if it never does, they are orphans), and replaced or removed pictures.
-- The collector deletes the row and then the blob (see app/picture_service.hpp).
CREATE TABLE blob_deletions (
    blob_key TEXT PRIMARY KEY,
    due_at BIGINT NOT NULL
);
CREATE INDEX blob_deletions_due_at ON blob_deletions (due_at);
