-- Failed sign-ins, shared by every server on the database so that the throttle's limits
-- (app/login_throttle.hpp) hold across all of them. A row is one failure counted against an
-- account or a client address. key_hash is the SHA-256 (hex) of the account key or address:
-- the table never holds an email or an IP address. Rows older than the throttle's window no
-- longer count and are deleted by the throttle itself.
CREATE TABLE login_failures (
    id {{ID_PRIMARY_KEY}},
    scope TEXT NOT NULL CHECK (scope IN ('account', 'address')),
    key_hash TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);
-- Counting a key's recent failures, and forgetting them; the purge of every key's old rows
-- scans by time.
CREATE INDEX login_failures_key_at ON login_failures (scope, key_hash, failed_at);
CREATE INDEX login_failures_at ON login_failures (failed_at);
