-- Passkeys (WebAuthn): a staff member's credentials, each a public key the server checks
-- signatures with (stored as the WebAuthn library's JSON, with its signature counter), and the
-- ceremonies in flight (a challenge and its state, used once, for five minutes).
ALTER TABLE users ADD COLUMN passkey_count BIGINT NOT NULL DEFAULT 0;

CREATE TABLE passkeys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    passkey       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id);

CREATE TABLE passkey_ceremonies (
    id         TEXT PRIMARY KEY,
    user_id    BIGINT REFERENCES users(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    state      TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
