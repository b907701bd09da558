-- Publishing and unpublishing at a chosen time. A schedule runs once: the node that sets
-- `done_at` first runs it, whichever node and however many restarts.
CREATE TABLE article_schedules (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    action     TEXT NOT NULL,
    run_at     BIGINT NOT NULL,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    done_at    BIGINT,
    outcome    TEXT
);
CREATE INDEX article_schedules_due ON article_schedules (done_at, run_at);
