-- The citizens' survey (issue 13): SKM (Permen PANRB 14/2017), maladministration, trust.
-- Anonymity: no table holds a Telegram id. Duplicates are refused by a keyed hash (HMAC with
-- the survey secret) of (person, unit, period) in survey_voters, a WITHOUT ROWID table with no
-- time column, so neither its order nor a timestamp ties a voter to a response.

-- One public code per unit: t.me/<bot>?start=s-<code>.
CREATE TABLE survey_codes (
    unit_id    INTEGER PRIMARY KEY REFERENCES units(id),
    code       TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

-- The unit's monthly number of users, when an officer gave it (Krejcie-Morgan sample size).
CREATE TABLE survey_population (
    unit_id    INTEGER PRIMARY KEY REFERENCES units(id),
    users      INTEGER NOT NULL CHECK (users > 0)
);

-- Complete responses only. answers: JSON {question id: option number}; profile answers and
-- the suggestion are optional. day: the local date it was completed (no time of day).
CREATE TABLE survey_responses (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    period     TEXT NOT NULL,
    day        TEXT NOT NULL,
    answers    TEXT NOT NULL,
    suggestion TEXT
);
CREATE INDEX survey_responses_unit ON survey_responses(unit_id, period);

CREATE TABLE survey_voters (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    period  TEXT NOT NULL,
    voter   TEXT NOT NULL,
    PRIMARY KEY (unit_id, period, voter)
) WITHOUT ROWID;

-- A response in progress, one per respondent, keyed by a keyed hash of the person alone;
-- forgotten a day after its last answer, and deleted when it is completed.
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
CREATE INDEX survey_drafts_updated ON survey_drafts(updated_at);
