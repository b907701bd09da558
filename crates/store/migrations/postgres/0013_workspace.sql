-- The agents' workspace: merged tickets, agents' capacity and heartbeat, who is on a ticket,
-- saved inbox views and replies sent later.
ALTER TABLE tickets ADD COLUMN merged_into BIGINT REFERENCES tickets(id) ON DELETE SET NULL;
-- Pending until then, when the sweeper opens it again.
ALTER TABLE tickets ADD COLUMN snoozed_until BIGINT;
CREATE INDEX tickets_snoozed ON tickets (snoozed_until);
ALTER TABLE agents ADD COLUMN capacity BIGINT;
-- The console's last heartbeat, and the last one sent while the agent was doing something.
ALTER TABLE agents ADD COLUMN last_seen BIGINT;
ALTER TABLE agents ADD COLUMN last_active BIGINT;
ALTER TABLE sites ADD COLUMN position TEXT NOT NULL DEFAULT 'right';
ALTER TABLE sites ADD COLUMN launcher_text TEXT;
ALTER TABLE sites ADD COLUMN logo_url TEXT;

-- Staff with a ticket open: a heartbeat every few seconds; rows older than 30 s mean nothing.
CREATE TABLE ticket_viewers (
    ticket_id BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    user_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    typing    BIGINT NOT NULL,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (ticket_id, user_id)
);

CREATE TABLE inbox_views (
    id         BIGSERIAL PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    query      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX inbox_views_user ON inbox_views (user_id);

-- A reply to post at `send_at`; claimed once by one conditional update (`claimed_at`).
CREATE TABLE scheduled_replies (
    id          BIGSERIAL PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    author_id   BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    internal    BIGINT NOT NULL,
    -- JSON array of attachment public ids.
    attachments TEXT NOT NULL,
    send_at     BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    claimed_at  BIGINT,
    -- The message it became, or why it could not be sent.
    message_id  BIGINT,
    outcome     TEXT
);
CREATE INDEX scheduled_replies_due ON scheduled_replies (send_at);
