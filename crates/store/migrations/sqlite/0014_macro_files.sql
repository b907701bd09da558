-- Files a macro carries: copied onto a ticket's reply each time the macro is applied.
CREATE TABLE macro_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    public_id    TEXT NOT NULL UNIQUE,
    macro_id     BIGINT NOT NULL REFERENCES macros(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX macro_files_macro ON macro_files (macro_id);
