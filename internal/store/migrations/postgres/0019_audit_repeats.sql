-- Repeated anonymous failures (sign-in attempts from one address) are
-- counted in one audit entry per window rather than one entry each, so a
-- flood of bad attempts cannot grow the database without bound.
ALTER TABLE audit_log ADD COLUMN repeats INTEGER NOT NULL DEFAULT 1;
