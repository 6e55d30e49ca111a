-- A unit's team on one self-check (issue 14).
--
-- chat_state remembers the answer version the screen showed (the latest answer id of the
-- key, 0: none), so a press or a file made on a stale screen writes nothing; a typed N/A
-- reason or note that met a colleague's change is kept as a draft for `Ganti`; the one-line
-- evidence confirmation (edited as files arrive) is remembered with its count. A note is a
-- pending prompt of its own. SQLite cannot change a CHECK in place: the table is rebuilt.
CREATE TABLE chat_state_new (
    telegram_id    INTEGER PRIMARY KEY,
    selfcheck_id   INTEGER REFERENCES selfchecks(id),
    key            TEXT,
    pending        TEXT CHECK (pending IN ('na_reason', 'evidence', 'product_name', 'note')),
    message_id     INTEGER,
    version        INTEGER,
    draft          TEXT,
    ack_message_id INTEGER
);
INSERT INTO chat_state_new (telegram_id, selfcheck_id, key, pending, message_id)
    SELECT telegram_id, selfcheck_id, key, pending, message_id FROM chat_state;
DROP TABLE chat_state;
ALTER TABLE chat_state_new RENAME TO chat_state;

-- Undo of a file: evidence stays append-only in spirit (the row is kept, marked removed).
ALTER TABLE evidence ADD COLUMN removed_at TEXT;
ALTER TABLE evidence ADD COLUMN removed_by INTEGER;

-- Carry forward: an answer or file confirmed from the unit's previous cycle names its source
-- (files are referenced by their Telegram file id, never copied).
ALTER TABLE answers ADD COLUMN carried_from INTEGER REFERENCES answers(id);
ALTER TABLE evidence ADD COLUMN carried_from INTEGER REFERENCES evidence(id);
