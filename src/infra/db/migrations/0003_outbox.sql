-- The transactional outbox (issue 3): an email is a row written in the same transaction as
-- the change that causes it, delivered later by the mail worker. Instants are BIGINT Unix
-- seconds (UTC), as everywhere.

CREATE TABLE outbox_messages (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'welcome', 'security_notice', 'shift_assigned',
                                       'shift_changed', 'shift_cancelled', 'pattern_assigned', 'announcement')),
    recipient_user_id BIGINT REFERENCES users (id),  -- NULL for invitations
    to_address TEXT NOT NULL,
    to_name TEXT NOT NULL,
    from_name TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    message_id TEXT NOT NULL,                        -- the Message-ID header, fixed at enqueue
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts INTEGER NOT NULL CHECK (attempts >= 0),
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT,                              -- NULL: no worker holds it
    last_error TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    CONSTRAINT outbox_messages_message_id_unique UNIQUE (message_id)
);
-- Claiming: the due pending messages, oldest first.
CREATE INDEX outbox_messages_status_due ON outbox_messages (status, next_attempt_at);
-- A manager's list of the organisation's mail, newest first.
CREATE INDEX outbox_messages_organization_id ON outbox_messages (organization_id, id);

-- Whether the user wants non-essential email (shift and pattern notices, announcements).
ALTER TABLE users ADD COLUMN email_notifications INTEGER NOT NULL DEFAULT 1 CHECK (email_notifications IN (0, 1));
