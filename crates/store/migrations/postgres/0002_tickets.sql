-- Tickets and their conversations. Timestamps are Unix milliseconds; JSON values are TEXT.
CREATE TABLE tickets (
    id                BIGSERIAL PRIMARY KEY,
    site              TEXT NOT NULL,
    -- The random, unguessable id the widget uses; internal ids never leave the server.
    public_id         TEXT NOT NULL UNIQUE,
    visitor_id        TEXT,
    -- The host app's user id, for identified users.
    user_id           TEXT,
    name              TEXT NOT NULL,
    email             TEXT NOT NULL,
    company           TEXT,
    subject           TEXT NOT NULL,
    category          TEXT,
    -- 'l1' | 'l2' | 'l3'
    level             TEXT NOT NULL,
    -- 'self_service' | 'first_line' | 'second_line' | 'third_line'
    tier              TEXT NOT NULL,
    -- 'new' | 'open' | 'pending' | 'solved' | 'closed'
    status            TEXT NOT NULL,
    group_key         TEXT,
    assignee_id       BIGINT REFERENCES users(id) ON DELETE SET NULL,
    -- JSON array of strings.
    tags              TEXT NOT NULL,
    -- JSON object: page URL, route, browser, OS, screen, locale, time zone, app version.
    environment       TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    first_response_at BIGINT,
    solved_at         BIGINT
);
CREATE INDEX tickets_site_status ON tickets (site, status);
CREATE INDEX tickets_assignee ON tickets (assignee_id);
CREATE INDEX tickets_visitor ON tickets (visitor_id);
CREATE INDEX tickets_user ON tickets (user_id);

-- The id only grows: it is the SSE cursor (Last-Event-ID). Writers of one ticket are
-- serialised (see Store::add_message), so ids of one ticket become visible in order.
CREATE TABLE ticket_messages (
    id          BIGSERIAL PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    -- 'user' | 'agent' | 'bot' | 'system'
    author_kind TEXT NOT NULL,
    author_id   TEXT,
    -- Plain text as typed (Markdown), never HTML.
    body        TEXT NOT NULL,
    -- 1 for an internal note agents see and the user never does.
    internal    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ticket_messages_ticket ON ticket_messages (ticket_id, id);

-- A ticket's history: creation, status changes, escalations (with reason), assignments.
CREATE TABLE ticket_events (
    id         BIGSERIAL PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    -- JSON object.
    detail     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ticket_events_ticket ON ticket_events (ticket_id, id);
