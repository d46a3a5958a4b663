-- Invariants PostgreSQL keeps in the schema (issue 6). SQLite runs every kWrite unit of work
-- under its single write lock, so checked-then-written rules hold there without this; on
-- PostgreSQL writers run side by side at READ COMMITTED. Nothing here applies to SQLite.
{{POSTGRESQL_ONLY}}
-- Equality on BIGINT inside a GiST index, for the exclusion constraint below. Trusted since
-- PostgreSQL 13: the database's owner may create it without being a superuser.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- At most one shift per person at a time. ShiftService checks this under LockUserSchedule
-- (FindOverlapping), so a violation means a writer skipped the check. Ranges are [start, end),
-- so back-to-back shifts touch without overlapping, as in FindOverlapping; open shifts
-- (user_id NULL) are never in conflict.
ALTER TABLE shifts ADD CONSTRAINT shifts_no_overlap_per_user
    EXCLUDE USING gist (user_id WITH =, int8range(start_at, end_at) WITH &&) WHERE (user_id IS NOT NULL);

-- Text that is sorted compares byte by byte, as SQLite compares it, whatever collation the
-- database was created with (a language collation would put "ann" before "Bob").
ALTER TABLE users ALTER COLUMN name TYPE TEXT COLLATE "C";
ALTER TABLE weekly_patterns ALTER COLUMN start_date TYPE TEXT COLLATE "C";
ALTER TABLE blob_deletions ALTER COLUMN blob_key TYPE TEXT COLLATE "C";
{{END_POSTGRESQL_ONLY}}
