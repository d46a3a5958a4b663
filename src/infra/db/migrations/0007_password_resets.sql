-- Password reset (issue 12, section 5) and secrets out of the outbox (defect 12).

-- A single-use link to choose a new password. token_hash is the SHA-256 (hex) of the link's
-- token: the table never holds the token. requested_by is the manager or owner who sent the
-- link from the Team page, NULL when the person asked for it. Rows are deleted a while after
-- they expire (PasswordResetService).
CREATE TABLE password_resets (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL,
    requested_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    CONSTRAINT password_resets_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX password_resets_user ON password_resets (user_id);
CREATE INDEX password_resets_expires_at ON password_resets (expires_at);

-- The outbox learns the new kind, and which messages carry a secret (their bodies are replaced
-- by a placeholder once delivered: body_state 'redacted'); sent messages lose their bodies after
-- the retention period ('purged'). PostgreSQL changes the CHECK in place; SQLite cannot, so it
-- rebuilds the table (nothing references outbox_messages).
{{POSTGRESQL_ONLY}}
ALTER TABLE outbox_messages DROP CONSTRAINT outbox_messages_kind_check;
ALTER TABLE outbox_messages ADD CONSTRAINT outbox_messages_kind_check
    CHECK (kind IN ('invitation', 'welcome', 'security_notice', 'shift_assigned', 'shift_changed',
                    'shift_cancelled', 'pattern_assigned', 'announcement', 'password_reset'));
ALTER TABLE outbox_messages ADD COLUMN carries_secret INTEGER NOT NULL DEFAULT 0 CHECK (carries_secret IN (0, 1));
ALTER TABLE outbox_messages ADD COLUMN body_state TEXT NOT NULL DEFAULT 'kept'
    CHECK (body_state IN ('kept', 'redacted', 'purged'));
{{END_POSTGRESQL_ONLY}}
{{SQLITE_ONLY}}
CREATE TABLE outbox_messages_new (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'welcome', 'security_notice', 'shift_assigned',
                                       'shift_changed', 'shift_cancelled', 'pattern_assigned', 'announcement',
                                       'password_reset')),
    recipient_user_id BIGINT REFERENCES users (id),
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL,
    from_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    message_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT,
    last_error TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    carries_secret INTEGER NOT NULL DEFAULT 0 CHECK (carries_secret IN (0, 1)),
    body_state TEXT NOT NULL DEFAULT 'kept' CHECK (body_state IN ('kept', 'redacted', 'purged')),
    CONSTRAINT outbox_messages_message_id_unique UNIQUE (message_id)
);
INSERT INTO outbox_messages_new (id, organization_id, kind, recipient_user_id, to_address, to_name, from_name,
    subject, text_body, html_body, message_id, status, attempts, next_attempt_at, lease_until, last_error,
    created_at, sent_at)
SELECT id, organization_id, kind, recipient_user_id, to_address, to_name, from_name, subject, text_body,
    html_body, message_id, status, attempts, next_attempt_at, lease_until, last_error, created_at, sent_at
FROM outbox_messages;
DROP TABLE outbox_messages;
ALTER TABLE outbox_messages_new RENAME TO outbox_messages;
CREATE INDEX outbox_messages_status_due ON outbox_messages (status, next_attempt_at);
CREATE INDEX outbox_messages_organization_id ON outbox_messages (organization_id, id);
{{END_SQLITE_ONLY}}
-- Invitations sent before this version carry their link in the body: mark them, and redact the
-- ones already delivered.
UPDATE outbox_messages SET carries_secret = 1 WHERE kind = 'invitation';
UPDATE outbox_messages SET body_state = 'redacted',
    text_body = 'This message carried a single-use link. It was removed from the outbox once the message was delivered.',
    html_body = 'This message carried a single-use link. It was removed from the outbox once the message was delivered.'
WHERE carries_secret = 1 AND status = 'sent';
-- The retention purge looks for sent messages by when they were sent.
CREATE INDEX outbox_messages_sent_at ON outbox_messages (sent_at);
