-- Ayuda schema, SQLite flavour. Timestamps are Unix milliseconds (BIGINT); JSON lists are TEXT.
CREATE TABLE sites (
    key             TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL,
    allowed_origins TEXT NOT NULL,
    default_locale  TEXT NOT NULL,
    brand_color     TEXT NOT NULL,
    secret          TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);

CREATE TABLE credentials (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT
);

CREATE TABLE articles (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    slug              TEXT NOT NULL,
    locale            TEXT NOT NULL,
    translation_key   TEXT NOT NULL,
    status            TEXT NOT NULL,
    sites             TEXT NOT NULL,
    current_version   BIGINT NOT NULL,
    published_version BIGINT,
    author            TEXT,
    views             BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    UNIQUE (slug, locale)
);
CREATE INDEX articles_translation ON articles (translation_key);

CREATE TABLE article_versions (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    number     BIGINT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tags       TEXT NOT NULL,
    contexts   TEXT NOT NULL,
    author     TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, number)
);

CREATE TABLE votes (
    article_id BIGINT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    visitor_id TEXT NOT NULL,
    helpful    BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, visitor_id)
);

-- Every change to an article, in order: search indexes on every node follow this log.
CREATE TABLE article_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id BIGINT NOT NULL,
    at         BIGINT NOT NULL
);

CREATE TABLE search_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    site         TEXT NOT NULL,
    locale       TEXT NOT NULL,
    query        TEXT NOT NULL,
    result_count BIGINT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX search_log_at ON search_log (created_at);
