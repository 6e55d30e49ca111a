-- A database written by schema version 1 (bot/migrations/0001_initial.sql), frozen
-- so the upgrade test keeps testing the real old schema even if 0001 is edited.
-- Restore with executescript, then PRAGMA user_version = 1.
BEGIN TRANSACTION;
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
INSERT INTO "answers" VALUES(1,1,'staff','staff',NULL,'tidak',NULL,101,'2025-01-12T02:00:00.000000+00:00',900);
INSERT INTO "answers" VALUES(2,1,'staff','staff',NULL,'ya',NULL,101,'2025-01-13T02:00:00.000000+00:00',901);
INSERT INTO "answers" VALUES(3,1,'sop','sop',NULL,'na','Belum ada gedung',101,'2025-01-13T02:05:00.000000+00:00',902);
INSERT INTO "answers" VALUES(4,1,'board@KTP-el','board',1,'2',NULL,101,'2025-01-13T02:06:00.000000+00:00',903);
CREATE TABLE chat_state (
    telegram_id  INTEGER PRIMARY KEY,
    selfcheck_id INTEGER REFERENCES selfchecks(id),
    key          TEXT,
    pending      TEXT CHECK (pending IN ('na_reason', 'evidence', 'product_name')),
    message_id   INTEGER
);
INSERT INTO "chat_state" VALUES(101,1,'board@Akta Kelahiran',NULL,555);
CREATE TABLE cycles (
    id         INTEGER PRIMARY KEY,
    rubric_id  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    opens      TEXT NOT NULL,
    closes     TEXT NOT NULL CHECK (closes > opens),
    region_id  INTEGER REFERENCES regions(id),  -- NULL: every region
    created_at TEXT NOT NULL
);
INSERT INTO "cycles" VALUES(1,'tiny-2026',2026,'2026-05-01','2026-09-30',NULL,'2025-01-10T02:00:00.000000+00:00');
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
INSERT INTO "evidence" VALUES(1,1,'board@KTP-el','board',1,'AgACAgUAAx0','AQADx7E','photo',NULL,'image/jpeg',48213,'Papan informasi',NULL,101,'2025-01-13T02:07:00.000000+00:00',904);
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
INSERT INTO "invites" VALUES(1,'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855','officer',1,NULL,20,1,'2025-01-25T02:00:00.000000+00:00','2025-01-11T02:00:00.000000+00:00');
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('bot_username','siapnilai_bot');
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
INSERT INTO "notifications" VALUES(1,'101:1:weekly:2025-01-13',101,'weekly','2025-01-13T01:00:00.000000+00:00','sent','2025-01-13T01:00:05.000000+00:00','2025-01-13T01:00:06.000000+00:00');
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
INSERT INTO "people" VALUES(101,'Sri Wahyuni','id','officer',1,1,1,1,'2025-01-11T03:00:00.000000+00:00');
INSERT INTO "people" VALUES(201,'Budi Santoso',NULL,'coordinator',NULL,1,0,1,'2025-01-11T04:00:00.000000+00:00');
CREATE TABLE processed_updates (
    update_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (update_id, action)
);
INSERT INTO "processed_updates" VALUES(900,'answer','2025-01-12T02:00:00.000000+00:00');
CREATE TABLE products (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, name)
);
INSERT INTO "products" VALUES(1,1,'KTP-el','2025-01-10T02:00:00.000000+00:00');
INSERT INTO "products" VALUES(2,1,'Akta Kelahiran','2025-01-10T02:00:00.000000+00:00');
CREATE TABLE redemptions (
    id          INTEGER PRIMARY KEY,
    invite_id   INTEGER NOT NULL REFERENCES invites(id),
    telegram_id INTEGER NOT NULL,
    at          TEXT NOT NULL
);
INSERT INTO "redemptions" VALUES(1,1,101,'2025-01-11T03:00:00.000000+00:00');
CREATE TABLE regions (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    timezone TEXT NOT NULL
);
INSERT INTO "regions" VALUES(1,'Kota Metro','Asia/Jakarta');
INSERT INTO "regions" VALUES(2,'Kota Makassar','Asia/Makassar');
CREATE TABLE selfchecks (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, cycle_id)
);
INSERT INTO "selfchecks" VALUES(1,1,1,'2025-01-12T02:00:00.000000+00:00');
CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name      TEXT NOT NULL,
    UNIQUE (region_id, name)
);
INSERT INTO "units" VALUES(1,1,'Dinas Kependudukan dan Pencatatan Sipil Kota Metro');
INSERT INTO "units" VALUES(2,2,'Samsat Makassar');
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_region ON people(region_id);
CREATE INDEX answers_latest ON answers(selfcheck_id, key, id);
COMMIT;
