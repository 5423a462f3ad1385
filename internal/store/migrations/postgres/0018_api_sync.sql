-- The content API's sync order (updated_since): articles by status, then
-- by the time they last changed for readers, the later of their last save
-- and their publication (a scheduled story goes live without a save).
-- Without this, a sync from far back sorted every published article it
-- found. The expression is store.changedAtSQL's, written the same way.
CREATE INDEX articles_status_changed ON articles (status, (CASE WHEN published_at > updated_at THEN published_at ELSE updated_at END), id);
