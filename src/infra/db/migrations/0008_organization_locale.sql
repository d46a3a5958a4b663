-- How an organisation's emails write dates and times (domain/display_format.hpp): a BCP 47 tag
-- from the supported list, checked by the application when written. Existing organisations get
-- the default, which is how emails wrote them before (12-hour clock, month before day).
ALTER TABLE organizations ADD COLUMN locale TEXT NOT NULL DEFAULT 'en-US';
