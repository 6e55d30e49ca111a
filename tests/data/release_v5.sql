-- A database made by an earlier release (db93049, schema 5) through its own store and
-- survey service (blank survey secret): see tests/test_upgrade.py.
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
INSERT INTO "answers" VALUES(1,1,'input-paham-komponen-sp','input-paham-komponen-sp',NULL,'l3','catatan 0',902,'2026-05-04T02:00:00.000000+00:00',1);
INSERT INTO "answers" VALUES(2,1,'input-paham-tugas','input-paham-tugas',NULL,'l2',NULL,901,'2026-05-04T02:01:00.000000+00:00',2);
INSERT INTO "answers" VALUES(3,1,'input-paham-ombudsman','input-paham-ombudsman',NULL,'l1',NULL,902,'2026-05-04T02:02:00.000000+00:00',3);
INSERT INTO "answers" VALUES(4,1,'input-paham-maladministrasi','input-paham-maladministrasi',NULL,'l0','catatan 3',901,'2026-05-04T02:03:00.000000+00:00',4);
INSERT INTO "answers" VALUES(5,1,'input-paham-rekomendasi','input-paham-rekomendasi',NULL,'l3',NULL,902,'2026-05-04T02:04:00.000000+00:00',5);
INSERT INTO "answers" VALUES(6,1,'input-paham-kelompok-rentan','input-paham-kelompok-rentan',NULL,'l2',NULL,901,'2026-05-04T02:05:00.000000+00:00',6);
INSERT INTO "answers" VALUES(7,1,'input-pengawasan-internal','input-pengawasan-internal',NULL,'l1','catatan 6',902,'2026-05-04T02:06:00.000000+00:00',7);
INSERT INTO "answers" VALUES(8,1,'input-jumlah-pelaksana','input-jumlah-pelaksana',NULL,'sebagian',NULL,901,'2026-05-04T02:07:00.000000+00:00',8);
INSERT INTO "answers" VALUES(9,1,'input-jaminan-mutu','input-jaminan-mutu',NULL,'tidak',NULL,902,'2026-05-04T02:08:00.000000+00:00',9);
INSERT INTO "answers" VALUES(10,1,'input-kompensasi','input-kompensasi',NULL,'ya','catatan 9',901,'2026-05-04T02:09:00.000000+00:00',10);
INSERT INTO "answers" VALUES(11,1,'input-jaminan-keamanan','input-jaminan-keamanan',NULL,'sebagian',NULL,902,'2026-05-04T02:10:00.000000+00:00',11);
INSERT INTO "answers" VALUES(12,1,'input-evaluasi-kinerja','input-evaluasi-kinerja',NULL,'tidak',NULL,901,'2026-05-04T02:11:00.000000+00:00',12);
INSERT INTO "answers" VALUES(13,1,'input-paham-komponen-sp','input-paham-komponen-sp',NULL,'l0',NULL,901,'2026-05-04T02:11:00.000000+00:00',13);
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    who     TEXT NOT NULL,        -- a Telegram id, or "cli"
    action  TEXT NOT NULL,        -- e.g. "invite.create", "person.join", "cycle.open"
    details TEXT NOT NULL,        -- JSON object
    at      TEXT NOT NULL
);
INSERT INTO "audit_log" VALUES(1,'cli','units.import','{"rows": 2, "regions_added": 1, "units_added": 2, "products_added": 1, "timezones_updated": 0, "online_updated": 0}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(2,'cli','cycle.open','{"cycle_id": 1, "rubric_id": "ombudsman-2024", "opens": "2026-05-01", "closes": "2026-09-30", "region_id": null}','2026-03-05T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(3,'cli','invite.create','{"invite_id": 1, "role": "officer", "unit_id": 1, "region_id": null, "uses": 20, "expires_at": "2026-05-18T02:00:00.000000+00:00"}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(4,'cli','invite.create','{"invite_id": 2, "role": "officer", "unit_id": 1, "region_id": null, "uses": 5, "expires_at": "2026-05-18T02:00:00.000000+00:00"}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(5,'cli','invite.create','{"invite_id": 3, "role": "coordinator", "unit_id": null, "region_id": 1, "uses": 5, "expires_at": "2026-05-18T02:00:00.000000+00:00"}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(6,'901','person.join','{"invite_id": 1, "role": "officer", "unit_id": 1, "region_id": 1, "language_code": "id"}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(7,'902','person.join','{"invite_id": 1, "role": "officer", "unit_id": 1, "region_id": 1, "language_code": "en"}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(8,'801','person.join','{"invite_id": 3, "role": "coordinator", "unit_id": null, "region_id": 1, "language_code": "id"}','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "audit_log" VALUES(9,'801','review.accepted','{"selfcheck": 1, "key": "input-paham-tugas", "answer": 2}','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "audit_log" VALUES(10,'801','review.returned','{"selfcheck": 1, "key": "input-paham-ombudsman", "answer": 3}','2026-05-04T02:11:00.000000+00:00');
CREATE TABLE chat_state (
    telegram_id  INTEGER PRIMARY KEY,
    selfcheck_id INTEGER REFERENCES selfchecks(id),
    key          TEXT,
    pending      TEXT CHECK (pending IN ('na_reason', 'evidence', 'product_name')),
    message_id   INTEGER
);
INSERT INTO "chat_state" VALUES(901,1,'input-ruang-laktasi','na_reason',55);
INSERT INTO "chat_state" VALUES(902,1,'input-paham-kelompok-rentan','evidence',66);
CREATE TABLE cycles (
    id         INTEGER PRIMARY KEY,
    rubric_id  TEXT NOT NULL,
    year       INTEGER NOT NULL,
    opens      TEXT NOT NULL,
    closes     TEXT NOT NULL CHECK (closes > opens),
    region_id  INTEGER REFERENCES regions(id),  -- NULL: every region
    created_at TEXT NOT NULL
);
INSERT INTO "cycles" VALUES(1,'ombudsman-2024',2026,'2026-05-01','2026-09-30',NULL,'2026-03-05T02:00:00.000000+00:00');
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
INSERT INTO "evidence" VALUES(1,1,'input-paham-komponen-sp','input-paham-komponen-sp',NULL,'FILE0','UNIQ0','document','sop0.pdf','application/pdf',1000,NULL,NULL,901,'2026-05-04T02:11:00.000000+00:00',14);
INSERT INTO "evidence" VALUES(2,1,'input-paham-tugas','input-paham-tugas',NULL,'FILE1','UNIQ1','document','sop1.pdf','application/pdf',1000,NULL,NULL,901,'2026-05-04T02:11:00.000000+00:00',15);
INSERT INTO "evidence" VALUES(3,1,'input-paham-ombudsman','input-paham-ombudsman',NULL,'FILE2','UNIQ2','document','sop2.pdf','application/pdf',1000,NULL,NULL,901,'2026-05-04T02:11:00.000000+00:00',16);
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
, revoked_at TEXT);
INSERT INTO "invites" VALUES(1,'3fd3c4628e8ad22ffb2675e11e4ff07f68dcc6f680ecfc5625d0616ee9d9cb73','officer',1,NULL,20,2,'2026-05-18T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00',NULL);
INSERT INTO "invites" VALUES(2,'626002e370e4102c1148d58c3ca07bf68f4184b4dfe3b9545c6001d42de4d86f','officer',1,NULL,5,0,'2026-05-18T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00',NULL);
INSERT INTO "invites" VALUES(3,'e519a76dfbbf4bf23854b1aea14ce38853632c678f920e5bb2af9e9bd04658db','coordinator',NULL,1,5,1,'2026-05-18T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00',NULL);
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
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
INSERT INTO "notifications" VALUES(1,'remind:901:1:before-1:2026-04-30',901,'remind:before-1','2026-04-30T01:00:00.000000+00:00','sent','2026-05-04T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "notifications" VALUES(2,'remind:901:1:weekly:2026-05-04',901,'remind:weekly','2026-05-04T01:00:00.000000+00:00','sent','2026-05-04T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "notifications" VALUES(3,'remind:902:1:before-1:2026-04-30',902,'remind:before-1','2026-04-30T01:00:00.000000+00:00','sent','2026-05-04T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "notifications" VALUES(4,'remind:902:1:weekly:2026-05-04',902,'remind:weekly','2026-05-04T01:00:00.000000+00:00','sent','2026-05-04T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "notifications" VALUES(5,'digest:801:region1:weekly:2026-04-27',801,'digest:weekly','2026-04-27T01:00:00.000000+00:00','sent','2026-05-04T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "notifications" VALUES(6,'digest:801:region1:weekly:2026-05-04',801,'digest:weekly','2026-05-04T01:00:00.000000+00:00','sent','2026-05-04T02:00:00.000000+00:00','2026-05-04T02:00:00.000000+00:00');
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
, deactivated_at TEXT);
INSERT INTO "people" VALUES(801,'Koordinator',NULL,'coordinator',NULL,1,1,1,'2026-05-04T02:00:00.000000+00:00',NULL);
INSERT INTO "people" VALUES(901,'Sri Wahyuni',NULL,'officer',1,1,1,1,'2026-05-04T02:00:00.000000+00:00',NULL);
INSERT INTO "people" VALUES(902,'Budi',NULL,'officer',1,1,1,1,'2026-05-04T02:00:00.000000+00:00',NULL);
CREATE TABLE processed_updates (
    update_id INTEGER NOT NULL,
    action    TEXT NOT NULL,
    at        TEXT NOT NULL,
    PRIMARY KEY (update_id, action)
);
INSERT INTO "processed_updates" VALUES(1,'answer','2026-05-04T02:00:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(2,'answer','2026-05-04T02:01:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(3,'answer','2026-05-04T02:02:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(4,'answer','2026-05-04T02:03:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(5,'answer','2026-05-04T02:04:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(6,'answer','2026-05-04T02:05:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(7,'answer','2026-05-04T02:06:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(8,'answer','2026-05-04T02:07:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(9,'answer','2026-05-04T02:08:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(10,'answer','2026-05-04T02:09:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(11,'answer','2026-05-04T02:10:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(12,'answer','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(13,'answer','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(14,'evidence','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(15,'evidence','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(16,'evidence','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(17,'review','2026-05-04T02:11:00.000000+00:00');
INSERT INTO "processed_updates" VALUES(18,'review','2026-05-04T02:11:00.000000+00:00');
CREATE TABLE products (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, name)
);
INSERT INTO "products" VALUES(1,1,'KTP-el','2026-05-04T02:00:00.000000+00:00');
CREATE TABLE redemptions (
    id          INTEGER PRIMARY KEY,
    invite_id   INTEGER NOT NULL REFERENCES invites(id),
    telegram_id INTEGER NOT NULL,
    at          TEXT NOT NULL
);
INSERT INTO "redemptions" VALUES(1,1,901,'2026-05-04T02:00:00.000000+00:00');
INSERT INTO "redemptions" VALUES(2,1,902,'2026-05-04T02:00:00.000000+00:00');
INSERT INTO "redemptions" VALUES(3,3,801,'2026-05-04T02:00:00.000000+00:00');
CREATE TABLE regions (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    timezone TEXT NOT NULL
);
INSERT INTO "regions" VALUES(1,'Kota Metro','Asia/Jakarta');
CREATE TABLE review_state (
    telegram_id    INTEGER PRIMARY KEY,
    selfcheck_id   INTEGER REFERENCES selfchecks(id),
    scope          TEXT NOT NULL DEFAULT 'queue',
    key            TEXT,
    return_answer  INTEGER,
    message_id     INTEGER
);
INSERT INTO "review_state" VALUES(801,1,'queue','input-paham-maladministrasi',4,77);
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
INSERT INTO "reviews" VALUES(1,1,'input-paham-tugas',2,'accepted',NULL,801,'2026-05-04T02:11:00.000000+00:00',17);
INSERT INTO "reviews" VALUES(2,1,'input-paham-ombudsman',3,'returned','foto kurang jelas',801,'2026-05-04T02:11:00.000000+00:00',18);
CREATE TABLE selfchecks (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    cycle_id   INTEGER NOT NULL REFERENCES cycles(id),
    created_at TEXT NOT NULL,
    UNIQUE (unit_id, cycle_id)
);
INSERT INTO "selfchecks" VALUES(1,1,1,'2026-05-04T02:00:00.000000+00:00');
CREATE TABLE survey_codes (
    unit_id    INTEGER PRIMARY KEY REFERENCES units(id),
    code       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
INSERT INTO "survey_codes" VALUES(1,'-I24bKJQXcSbv54GYc4mcI','2026-05-04T02:11:00.000000+00:00');
CREATE TABLE survey_drafts (
    respondent TEXT PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    period     TEXT NOT NULL,
    token      TEXT NOT NULL,
    step       INTEGER NOT NULL,
    answers    TEXT NOT NULL,
    lang       TEXT NOT NULL,
    message_id INTEGER,
    updated_at TEXT NOT NULL
);
INSERT INTO "survey_drafts" VALUES('4852ffca6e9e9ba25bc11d2df9775a2b10d92b3e',1,'2026-S1','36ecTHxS',3,'{"U1": 1, "U2": 1, "U3": 1}','id',1,'2026-05-04T02:11:00.000000+00:00');
CREATE TABLE survey_population (
    unit_id    INTEGER PRIMARY KEY REFERENCES units(id),
    users      INTEGER NOT NULL CHECK (users > 0)
);
CREATE TABLE survey_responses (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    period     TEXT NOT NULL,
    day        TEXT NOT NULL,
    answers    TEXT NOT NULL,
    suggestion TEXT
);
INSERT INTO "survey_responses" VALUES(1,1,'2026-S1','2026-05-04','{"U1": 1, "U2": 1, "U3": 1, "U4": 1, "U5": 1, "U6": 1, "U7": 1, "U8": 1, "U9": 1, "biaya": 1, "diskriminasi": 1, "imbalan": 1, "kepercayaan": 1, "persyaratan": 1, "produk": 1, "prosedur": 1, "waktu": 1}',NULL);
INSERT INTO "survey_responses" VALUES(2,1,'2026-S1','2026-05-04','{"U1": 1, "U2": 1, "U3": 1, "U4": 1, "U5": 1, "U6": 1, "U7": 1, "U8": 1, "U9": 1, "biaya": 1, "diskriminasi": 1, "imbalan": 1, "kepercayaan": 1, "persyaratan": 1, "produk": 1, "prosedur": 1, "waktu": 1}',NULL);
INSERT INTO "survey_responses" VALUES(3,1,'2026-S1','2026-05-04','{"U1": 1, "U2": 1, "U3": 1, "U4": 1, "U5": 1, "U6": 1, "U7": 1, "U8": 1, "U9": 1, "biaya": 1, "diskriminasi": 1, "imbalan": 1, "kepercayaan": 1, "persyaratan": 1, "produk": 1, "prosedur": 1, "waktu": 1}',NULL);
INSERT INTO "survey_responses" VALUES(4,1,'2026-S1','2026-05-04','{"U1": 1, "U2": 1, "U3": 1, "U4": 1, "U5": 1, "U6": 1, "U7": 1, "U8": 1, "U9": 1, "biaya": 1, "diskriminasi": 1, "imbalan": 1, "kepercayaan": 1, "persyaratan": 1, "produk": 1, "prosedur": 1, "waktu": 1}',NULL);
INSERT INTO "survey_responses" VALUES(5,1,'2026-S1','2026-05-04','{"U1": 1, "U2": 1, "U3": 1, "U4": 1, "U5": 1, "U6": 1, "U7": 1, "U8": 1, "U9": 1, "biaya": 1, "diskriminasi": 1, "imbalan": 1, "kepercayaan": 1, "persyaratan": 1, "produk": 1, "prosedur": 1, "waktu": 1}',NULL);
CREATE TABLE survey_voters (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period  TEXT NOT NULL,
    voter   TEXT NOT NULL,
    PRIMARY KEY (unit_id, period, voter)
) WITHOUT ROWID;
INSERT INTO "survey_voters" VALUES(1,'2026-S1','111cc775cb2b381e92526a945d1dfc101aa01000');
INSERT INTO "survey_voters" VALUES(1,'2026-S1','2f1612801786604dbb19ed1ba366142c6716ad84');
INSERT INTO "survey_voters" VALUES(1,'2026-S1','902d726e35a9abf269a01b09a204bee0fb14be24');
INSERT INTO "survey_voters" VALUES(1,'2026-S1','bc1d9b3913b50f9651f6cca94712b86e6e086acd');
INSERT INTO "survey_voters" VALUES(1,'2026-S1','e642090e441e7f01d4854a8fa8e475f647fe5300');
CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    region_id INTEGER NOT NULL REFERENCES regions(id),
    name      TEXT NOT NULL, online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
    UNIQUE (region_id, name)
);
INSERT INTO "units" VALUES(1,1,'Dinas Sosial',0);
INSERT INTO "units" VALUES(2,1,'Dinas Kesehatan',0);
CREATE INDEX people_unit ON people(unit_id);
CREATE INDEX people_region ON people(region_id);
CREATE INDEX answers_latest ON answers(selfcheck_id, key, id);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX notifications_status ON notifications(status, claimed_at);
CREATE INDEX evidence_by_key ON evidence(selfcheck_id, key);
CREATE INDEX survey_responses_unit ON survey_responses(unit_id, period);
CREATE INDEX survey_drafts_updated ON survey_drafts(updated_at);
CREATE INDEX reviews_latest ON reviews(selfcheck_id, key, id);
