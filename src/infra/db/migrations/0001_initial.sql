-- The first schema. SQL that SQLite 3.40 and PostgreSQL 15 both accept; the one dialect
-- difference, the auto-assigned key column, is written {{ID_PRIMARY_KEY}} and substituted
-- per dialect (migrations.cpp). Instants are BIGINT Unix seconds (UTC); dates are TEXT
-- 'YYYY-MM-DD'; local times are INTEGER minutes after midnight.

CREATE TABLE organizations (
    id {{ID_PRIMARY_KEY}},
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,                 -- IANA name
    week_start INTEGER NOT NULL CHECK (week_start BETWEEN 0 AND 6),  -- 0 = Sunday (C encoding)
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,                     -- as typed
    email_key TEXT NOT NULL,                 -- ASCII lower-case of email: unique across the deployment
    password_hash TEXT NOT NULL,
    position TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('employee', 'manager', 'owner')),
    active INTEGER NOT NULL CHECK (active IN (0, 1)),
    token_version BIGINT NOT NULL,
    picture_url TEXT,
    created_at BIGINT NOT NULL,
    CONSTRAINT users_email_key_unique UNIQUE (email_key)
);
CREATE INDEX users_organization_name ON users (organization_id, name);

CREATE TABLE invitations (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('employee', 'manager', 'owner')),
    position TEXT NOT NULL,
    token_hash TEXT NOT NULL,                -- hex SHA-256 of the secret token
    invited_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT,
    CONSTRAINT invitations_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX invitations_organization_created ON invitations (organization_id, created_at);

-- One column pair per ISO weekday; both NULL when the pattern has no shift that day.
CREATE TABLE weekly_patterns (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    mon_start INTEGER, mon_end INTEGER,
    tue_start INTEGER, tue_end INTEGER,
    wed_start INTEGER, wed_end INTEGER,
    thu_start INTEGER, thu_end INTEGER,
    fri_start INTEGER, fri_end INTEGER,
    sat_start INTEGER, sat_end INTEGER,
    sun_start INTEGER, sun_end INTEGER,
    position TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK ((mon_start IS NULL) = (mon_end IS NULL)),
    CHECK ((tue_start IS NULL) = (tue_end IS NULL)),
    CHECK ((wed_start IS NULL) = (wed_end IS NULL)),
    CHECK ((thu_start IS NULL) = (thu_end IS NULL)),
    CHECK ((fri_start IS NULL) = (fri_end IS NULL)),
    CHECK ((sat_start IS NULL) = (sat_end IS NULL)),
    CHECK ((sun_start IS NULL) = (sun_end IS NULL))
);
CREATE INDEX weekly_patterns_organization_user ON weekly_patterns (organization_id, user_id, start_date);

-- No ON DELETE actions: the application detaches or releases shifts explicitly first
-- (ShiftRepository::DetachPattern), so a forgotten step fails loudly instead of silently.
CREATE TABLE shifts (
    id {{ID_PRIMARY_KEY}},
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    user_id BIGINT REFERENCES users (id),    -- NULL: an open shift
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    position TEXT NOT NULL,
    note TEXT NOT NULL,
    pattern_id BIGINT REFERENCES weekly_patterns (id)
);
CREATE INDEX shifts_organization_start ON shifts (organization_id, start_at);
CREATE INDEX shifts_user_start ON shifts (user_id, start_at);
CREATE INDEX shifts_pattern ON shifts (pattern_id);

CREATE TABLE revoked_tokens (
    token_id TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);
CREATE INDEX revoked_tokens_expires ON revoked_tokens (expires_at);
