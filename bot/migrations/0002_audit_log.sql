-- Who changed what: every admin change and every membership change is recorded.
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    who     TEXT NOT NULL,        -- a Telegram id, or "cli"
    action  TEXT NOT NULL,        -- e.g. "invite.create", "person.join", "cycle.open"
    details TEXT NOT NULL,        -- JSON object
    at      TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);

-- The reminder dispatcher sweeps claims left behind by a crash.
CREATE INDEX notifications_status ON notifications(status, claimed_at);
CREATE INDEX evidence_by_key ON evidence(selfcheck_id, key);
