-- Images editors paste or drop into articles, served at /media/{public_id}.{ext}. The type
-- is decided by the bytes when they are uploaded.
CREATE TABLE article_images (
    public_id    TEXT PRIMARY KEY NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_by   TEXT,
    created_at   BIGINT NOT NULL
);
