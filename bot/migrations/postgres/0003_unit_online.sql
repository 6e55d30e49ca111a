-- PostgreSQL twin of ../0003_unit_online.sql: the same tables, columns and constraints.
-- INTEGER -> BIGINT, INTEGER PRIMARY KEY -> an identity column, WITHOUT ROWID dropped.
-- A unit registered as serving online (PEKPPP form B): its self-check asks the electronic
-- Sarpras indicators instead of the physical ones. Face-to-face (0) unless set.
ALTER TABLE units ADD COLUMN online BIGINT NOT NULL DEFAULT 0 CHECK (online IN (0, 1));
