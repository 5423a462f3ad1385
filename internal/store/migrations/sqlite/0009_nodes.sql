-- Several app nodes share one database.
--
-- The audit log names the node that acted, so a scheduled publication or
-- a sign-in can be traced to the machine whose log holds the details.
ALTER TABLE audit_log ADD COLUMN node TEXT NOT NULL DEFAULT '';

-- Sign-in attempts, kept in the database so that the limits hold across
-- all nodes: each attempt is written (reserved) before its password is
-- checked, so parallel guesses cannot outrun the limit, and a successful
-- sign-in removes the account's rows. key is "account:EMAIL" or
-- "ip:ADDRESS"; at is Unix seconds.
CREATE TABLE login_attempts (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  BIGINT NOT NULL
);
CREATE INDEX login_attempts_key_at ON login_attempts (key, at);
CREATE INDEX login_attempts_at ON login_attempts (at);
