-- Who has an article open in the editor right now: a heartbeat every few seconds; rows older
-- than a minute mean nothing.
CREATE TABLE article_presence (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_email TEXT NOT NULL,
    seen_at    BIGINT NOT NULL,
    PRIMARY KEY (article_id, user_email)
);
