-- The first schema. Timestamps are ISO-8601 UTC text ("2026-05-01T08:00:00+00:00"),
-- dates are "YYYY-MM-DD". Answers and evidence are append-only: nothing is updated or deleted.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    timezone TEXT NOT NULL
);

CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name      TEXT NOT NULL,
    UNIQUE (region_id, name)
);

-- A product's name is part of answer keys (ITEM@PRODUCT), so names never change and never hold "@".
CREATE TABLE products (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, name)
);

CREATE TABLE people (
    telegram_id INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    language    TEXT CHECK (language IN ('id', 'en')),
    role        TEXT NOT NULL CHECK (role IN ('officer', 'coordinator', 'admin')),
    unit_id     INTEGER REFERENCES units(id),
    region_id   INTEGER REFERENCES regions(id),
    reminders   INTEGER NOT NULL DEFAULT 1,
    active      INTEGER NOT NULL DEFAULT 1,
    joined_at   TEXT NOT NULL
);
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_region ON people(region_id);

CREATE TABLE invites (
    id         INTEGER PRIMARY KEY,
    code_hash  TEXT NOT NULL UNIQUE,          -- sha256 hex of the code; the code itself is never stored
    role       TEXT NOT NULL CHECK (role IN ('officer', 'coordinator')),
    unit_id    INTEGER REFERENCES units(id),
    region_id  INTEGER REFERENCES regions(id),
    uses_max   INTEGER NOT NULL CHECK (uses_max > 0),
    uses       INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= uses_max),
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE redemptions (
    id          INTEGER PRIMARY KEY,
    invite_id   INTEGER NOT NULL REFERENCES invites(id),
    telegram_id INTEGER NOT NULL,
    at          TEXT NOT NULL
);

CREATE TABLE cycles (
    id         INTEGER PRIMARY KEY,
    rubric_id  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    opens      TEXT NOT NULL,
    closes     TEXT NOT NULL CHECK (closes > opens),
    region_id  INTEGER REFERENCES regions(id),  -- NULL: every region
    created_at TEXT NOT NULL
);

CREATE TABLE selfchecks (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, cycle_id)  -- one self-check a unit per cycle, made on first use
);

-- History: re-answering appends; the row with the highest id per (selfcheck, key) counts.
CREATE TABLE answers (
    id           INTEGER PRIMARY KEY,
    selfcheck_id INTEGER NOT NULL REFERENCES selfchecks(id),
    key          TEXT NOT NULL,                 -- ITEM or ITEM@PRODUCT_NAME
    item_id      TEXT NOT NULL,
    product_id   INTEGER REFERENCES products(id),
    option_id    TEXT NOT NULL,
    note         TEXT,
    by           INTEGER NOT NULL,
    at           TEXT NOT NULL,
    update_id    INTEGER
);
CREATE INDEX answers_latest ON answers(selfcheck_id, key, id);

CREATE TABLE evidence (
    id             INTEGER PRIMARY KEY,
    selfcheck_id   INTEGER NOT NULL REFERENCES selfchecks(id),
    key            TEXT NOT NULL,
    item_id        TEXT NOT NULL,
    product_id     INTEGER REFERENCES products(id),
    file_id        TEXT NOT NULL,
    file_unique_id TEXT NOT NULL,
    kind           TEXT NOT NULL,
    file_name      TEXT,
    mime_type      TEXT,
    size           INTEGER,
    caption        TEXT,
    media_group_id TEXT,
    by             INTEGER NOT NULL,
    at             TEXT NOT NULL,
    update_id      INTEGER,
    UNIQUE (selfcheck_id, key, file_unique_id)
);

-- Exactly-once sending: a row is claimed before sending and finished after.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    telegram_id INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'skipped', 'failed')),
    claimed_at  TEXT NOT NULL,
    finished_at TEXT
);

-- Telegram may deliver an update twice; a write tied to an update is applied once.
CREATE TABLE processed_updates (
    update_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (update_id, action)
);

CREATE TABLE chat_state (
    telegram_id  INTEGER PRIMARY KEY,
    selfcheck_id INTEGER REFERENCES selfchecks(id),
    key          TEXT,
    pending      TEXT CHECK (pending IN ('na_reason', 'evidence', 'product_name')),
    message_id   INTEGER
);
