-- Reviews: a coordinator (or an admin) accepts or returns an answer, with a comment.
-- Append-only, like answers: the row with the highest id per (selfcheck, key) counts, and
-- only while `answer_id` is still the key's latest answer (answering again re-queues it).
CREATE TABLE reviews (
    id           INTEGER PRIMARY KEY,
    selfcheck_id INTEGER NOT NULL REFERENCES selfchecks(id),
    key          TEXT NOT NULL,
    answer_id    INTEGER NOT NULL REFERENCES answers(id),
    verdict      TEXT NOT NULL CHECK (verdict IN ('accepted', 'returned')),
    comment      TEXT,
    by           INTEGER NOT NULL,
    at           TEXT NOT NULL,
    update_id    INTEGER
);
CREATE INDEX reviews_latest ON reviews(selfcheck_id, key, id);

-- Where a reviewer is in /tinjau: the self-check, which items (scope), the item shown,
-- and, while a return awaits its typed comment, the answer it returns.
CREATE TABLE review_state (
    telegram_id    INTEGER PRIMARY KEY,
    selfcheck_id   INTEGER REFERENCES selfchecks(id),
    scope          TEXT NOT NULL DEFAULT 'queue',
    key            TEXT,
    return_answer  INTEGER,
    message_id     INTEGER
);

-- People and invites in chat: a coordinator revokes an invite or deactivates a person.
-- A revoked invite redeems no more; a deactivated person stays inactive when they write to
-- the bot again (unlike one who blocked it), until a new invite brings them back.
ALTER TABLE invites ADD COLUMN revoked_at TEXT;
ALTER TABLE people ADD COLUMN deactivated_at TEXT;
