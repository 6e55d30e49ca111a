-- The language of a person's Telegram app (`language_code`, e.g. "en-US"), as last seen. A
-- person who never chose a language with /bahasa is answered in it in chat; reminders, digests
-- and a reviewer's notice, which no update of theirs starts, need it stored to do the same.
ALTER TABLE people ADD COLUMN app_language TEXT;
