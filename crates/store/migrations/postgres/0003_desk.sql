-- Help desk: SLA bookkeeping, CSAT and read marks on tickets; attachments; agents and their
-- groups; macros; deflections; and the desk's JSON configuration (per-site support settings,
-- routing rules, round-robin positions). Timestamps are Unix milliseconds.
ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT 'widget';
ALTER TABLE tickets ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
-- JSON object of the host app's user attributes (plan, role…), from identify.
ALTER TABLE tickets ADD COLUMN user_attributes TEXT NOT NULL DEFAULT '{}';
-- First-response and resolution due instants (NULL: met, paused or never due).
ALTER TABLE tickets ADD COLUMN first_response_due BIGINT;
ALTER TABLE tickets ADD COLUMN resolution_due BIGINT;
-- The earliest running due instant, and when it becomes "due soon": the inbox sorts and
-- filters on these.
ALTER TABLE tickets ADD COLUMN next_due BIGINT;
ALTER TABLE tickets ADD COLUMN due_soon_at BIGINT;
-- 1 = first response breached, 2 = resolution breached (bits); kept once set.
ALTER TABLE tickets ADD COLUMN sla_breached BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN reopened BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN agent_replies BIGINT NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN handle_seconds BIGINT NOT NULL DEFAULT 0;
-- 'good' | 'okay' | 'bad', set once.
ALTER TABLE tickets ADD COLUMN csat_rating TEXT;
ALTER TABLE tickets ADD COLUMN csat_comment TEXT;
ALTER TABLE tickets ADD COLUMN csat_at BIGINT;
-- The last message id the requester has seen (unread counts).
ALTER TABLE tickets ADD COLUMN user_read_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX tickets_next_due ON tickets (next_due);
CREATE INDEX tickets_created ON tickets (created_at);

-- Files attached to messages. Uploaded first (owned by the uploader, no message yet), then
-- claimed by the message that carries them. Content is kept in the database so backups and
-- every node have it; the type is detected from the bytes at upload.
CREATE TABLE attachments (
    id           BIGSERIAL PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    site         TEXT NOT NULL,
    -- 'v:VISITOR', 'u:USER' or 'a:STAFF_ID'.
    owner        TEXT NOT NULL,
    ticket_id    BIGINT REFERENCES tickets(id) ON DELETE CASCADE,
    message_id   BIGINT REFERENCES ticket_messages(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id, message_id);

-- Staff members who answer tickets: display name, groups, availability for round-robin.
CREATE TABLE agents (
    user_id      BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    display_name TEXT NOT NULL,
    -- JSON array of group keys.
    groups       TEXT NOT NULL,
    available    BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE macros (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    -- JSON: ayuda_desk::Macro.
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- "This answered my question": a request that never became a ticket.
CREATE TABLE deflections (
    id         BIGSERIAL PRIMARY KEY,
    site       TEXT NOT NULL,
    slug       TEXT NOT NULL,
    locale     TEXT NOT NULL,
    query      TEXT,
    visitor_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX deflections_created ON deflections (created_at);

-- JSON documents by key: 'site:KEY' (support settings), 'routing' (rules),
-- 'round_robin:GROUP' (last agent assigned).
CREATE TABLE desk_config (
    key        TEXT PRIMARY KEY NOT NULL,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
