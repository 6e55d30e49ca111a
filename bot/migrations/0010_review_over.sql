-- A return waiting for its typed comment keeps the verdict it was pressed over ('none': no
-- verdict stood), so that the comment's write refuses to overturn a colleague's verdict
-- recorded meanwhile, as the press itself does. NULL: a return pressed before this step.
ALTER TABLE review_state ADD COLUMN return_over TEXT
    CHECK (return_over IN ('none', 'accepted', 'returned'));
