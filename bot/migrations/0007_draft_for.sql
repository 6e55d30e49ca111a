-- A draft kept for `Ganti` names what it was typed for: an N/A reason or a note. Without it,
-- a note typed on a stale screen became the reason of a later N/A press on that item.
ALTER TABLE chat_state ADD COLUMN draft_for TEXT CHECK (draft_for IN ('na_reason', 'note'));
