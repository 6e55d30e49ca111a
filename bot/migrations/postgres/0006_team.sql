-- PostgreSQL form of ../0006_team.sql (bot/store/schema.py translates the other steps): the
-- same columns and constraints; PostgreSQL changes the CHECK in place where SQLite rebuilds
-- the table, adding the columns in the same order.
-- A unit's team on one self-check (issue 14): the answer version a screen showed, a kept
-- draft for `Ganti`, the one-line evidence confirmation, and the `note` prompt.
ALTER TABLE chat_state DROP CONSTRAINT chat_state_pending_check;
ALTER TABLE chat_state ADD CONSTRAINT chat_state_pending_check
    CHECK (pending IN ('na_reason', 'evidence', 'product_name', 'note'));
ALTER TABLE chat_state ADD COLUMN version BIGINT;
ALTER TABLE chat_state ADD COLUMN draft TEXT;
ALTER TABLE chat_state ADD COLUMN ack_message_id BIGINT;

-- Undo of a file: evidence stays append-only in spirit (the row is kept, marked removed).
ALTER TABLE evidence ADD COLUMN removed_at TEXT;
ALTER TABLE evidence ADD COLUMN removed_by BIGINT;

-- Carry forward: an answer or file confirmed from the unit's previous cycle names its source
-- (files are referenced by their Telegram file id, never copied).
ALTER TABLE answers ADD COLUMN carried_from BIGINT REFERENCES answers(id);
ALTER TABLE evidence ADD COLUMN carried_from BIGINT REFERENCES evidence(id);
