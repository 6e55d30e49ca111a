-- The files of one album (a media group) are judged alike: its first file to reach the store
-- pins the item and the answer version the album was sent on, and every other file of the
-- album is checked against that pin. Without it, the change a refused first file showed moved
-- the chat state to the colleague's answer, and the album's other files were kept under it.
CREATE TABLE albums (
    telegram_id    INTEGER NOT NULL,
    media_group_id TEXT NOT NULL,
    selfcheck_id   INTEGER NOT NULL,
    key            TEXT NOT NULL,
    version        INTEGER,
    at             TEXT NOT NULL,
    PRIMARY KEY (telegram_id, media_group_id)
);
