-- The search a visitor last made in the widget before filing a ticket: a content gap when the
-- help centre's articles did not answer it.
CREATE TABLE ticket_searches (
    id         BIGSERIAL PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    site       TEXT NOT NULL,
    locale     TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ticket_searches_site_time ON ticket_searches (site, created_at);
