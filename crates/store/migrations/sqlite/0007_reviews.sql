-- Every article has an owner and may have a review interval: it is due for review that many
-- days after it was last reviewed (or created).
ALTER TABLE articles ADD COLUMN owner TEXT;
ALTER TABLE articles ADD COLUMN review_days BIGINT;
ALTER TABLE articles ADD COLUMN reviewed_at BIGINT;
