-- A counter per organisation, raised by every write to what its schedule shows (people,
-- shifts, weekly patterns, the organisation itself), in the same transaction. Readers use it
-- to tell whether a schedule they built earlier is still current (see docs/ARCHITECTURE.md).
ALTER TABLE organizations ADD COLUMN schedule_revision BIGINT NOT NULL DEFAULT 0;
