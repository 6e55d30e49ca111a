-- A unit registered as serving online (PEKPPP form B): its self-check asks the electronic
-- Sarpras indicators instead of the physical ones. Face-to-face (0) unless set.
ALTER TABLE units ADD COLUMN online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1));
