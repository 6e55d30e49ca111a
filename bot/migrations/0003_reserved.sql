-- Placeholder on the `survey` branch only: 0003 and 0004 belong to other branches (issues 11/12).
-- When merging, DELETE this file and 0004_reserved.sql in favour of theirs.
SELECT 1;
