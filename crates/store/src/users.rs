//! Staff accounts and their credentials (login sessions and API tokens, stored as hashes).

use sqlx::Row;

use crate::{Error, Result, Store, now_ms};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    /// An argon2 PHC string; never leaves the server.
    pub password_hash: String,
    pub role: String,
    pub created_at: i64,
    /// Set while the account is switched off: it cannot sign in and nothing of it works.
    pub deactivated_at: Option<i64>,
    /// The TOTP secret (base32) once two-factor authentication is on.
    pub totp_secret: Option<String>,
    /// How many passkeys the account has.
    pub passkeys: i64,
}

impl UserRow {
    /// Whether signing in with the password needs a second factor: a TOTP code or a passkey.
    pub fn has_second_factor(&self) -> bool {
        self.totp_secret.is_some() || self.passkeys > 0
    }
}

/// The columns of a [`UserRow`], for every query that reads one.
const USER_COLUMNS: &str =
    "id, email, password_hash, role, created_at, deactivated_at, totp_secret, passkey_count";

/// Login sessions (bearer tokens from `/auth/login`) and console sessions (a browser's cookie)
/// expire; API tokens live until revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    Session,
    Console,
    ApiToken,
}

impl CredentialKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Console => "console",
            Self::ApiToken => "api_token",
        }
    }

    pub fn parse(word: &str) -> Option<CredentialKind> {
        [Self::Session, Self::Console, Self::ApiToken]
            .into_iter()
            .find(|kind| kind.as_str() == word)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialRow {
    pub id: i64,
    pub user_id: i64,
    pub kind: CredentialKind,
    pub name: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

fn user_from_row(row: &sqlx::any::AnyRow) -> Result<UserRow> {
    Ok(UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        role: row.try_get("role")?,
        created_at: row.try_get("created_at")?,
        deactivated_at: row.try_get("deactivated_at")?,
        totp_secret: row.try_get("totp_secret")?,
        passkeys: row.try_get("passkey_count")?,
    })
}

impl Store {
    /// Adds a staff account; e-mails are compared in lower case.
    pub async fn create_user(
        &self,
        email: &str,
        password_hash: &str,
        role: &str,
    ) -> Result<UserRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO users (email, password_hash, role, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING {USER_COLUMNS}"
        ))
        .bind(email.trim().to_lowercase())
        .bind(password_hash)
        .bind(role)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, &format!("user {email}")))?;
        user_from_row(&row)
    }

    /// Changes the password and role of an existing account (used by `ayuda user add` on an
    /// e-mail that exists), signing out its sessions.
    pub async fn update_user(
        &self,
        email: &str,
        password_hash: &str,
        role: &str,
    ) -> Result<UserRow> {
        let row = sqlx::query(&format!(
            "UPDATE users SET password_hash = $2, role = $3, deactivated_at = NULL WHERE email = $1 \
             RETURNING {USER_COLUMNS}"
        ))
        .bind(email.trim().to_lowercase())
        .bind(password_hash)
        .bind(role)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| Error::NotFound(crate::Entity::User(email.to_owned())))?;
        let user = user_from_row(&row)?;
        self.delete_sessions(user.id).await?;
        Ok(user)
    }

    /// Ends every session of a user (console and bearer logins; API tokens stay).
    pub async fn delete_sessions(&self, user_id: i64) -> Result<u64> {
        let done = sqlx::query(
            "DELETE FROM credentials WHERE user_id = $1 AND kind IN ('session', 'console')",
        )
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// A user's unexpired sessions (console and bearer logins), oldest first.
    pub async fn sessions(&self, user_id: i64) -> Result<Vec<CredentialRow>> {
        let rows = sqlx::query(
            "SELECT id, user_id, kind, name, created_at, expires_at, last_used_at FROM credentials \
             WHERE user_id = $1 AND kind IN ('session', 'console') \
             AND (expires_at IS NULL OR expires_at > $2) ORDER BY id",
        )
        .bind(user_id)
        .bind(now_ms())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(credential_from_row).collect()
    }

    pub async fn user_by_email(&self, email: &str) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM users WHERE email = $1"
        ))
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    pub async fn users(&self) -> Result<Vec<UserRow>> {
        let rows = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn user(&self, id: i64) -> Result<Option<UserRow>> {
        let row = sqlx::query(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_from_row).transpose()
    }

    /// Changes an account's role.
    pub async fn set_user_role(&self, id: i64, role: &str) -> Result<UserRow> {
        let row = sqlx::query(&format!(
            "UPDATE users SET role = $2 WHERE id = $1 RETURNING {USER_COLUMNS}"
        ))
        .bind(id)
        .bind(role)
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| Error::NotFound(crate::Entity::User(id.to_string())))?;
        user_from_row(&row)
    }

    /// Switches an account off (its sessions end at once; its API tokens stop working while
    /// it is off) or back on.
    pub async fn set_user_active(&self, id: i64, active: bool) -> Result<UserRow> {
        let row = sqlx::query(&format!(
            "UPDATE users SET deactivated_at = $2 WHERE id = $1 RETURNING {USER_COLUMNS}"
        ))
        .bind(id)
        .bind((!active).then(now_ms))
        .fetch_optional(&self.pool)
        .await?
        .ok_or_else(|| Error::NotFound(crate::Entity::User(id.to_string())))?;
        if !active {
            self.delete_sessions(id).await?;
        }
        user_from_row(&row)
    }

    /// Sets a new password hash and ends the account's sessions, but for `keep` (the session
    /// a member changed their own password from).
    pub async fn set_password(&self, id: i64, hash: &str, keep: Option<i64>) -> Result<()> {
        let done = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
            .bind(id)
            .bind(hash)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::User(id.to_string())));
        }
        sqlx::query(
            "DELETE FROM credentials WHERE user_id = $1 AND kind IN ('session', 'console') \
             AND id <> $2",
        )
        .bind(id)
        .bind(keep.unwrap_or(-1))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// How many active admins there are (the last one may not be demoted or switched off).
    pub async fn active_admins(&self) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND deactivated_at IS NULL",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Stores a credential by the SHA-256 hash of its secret (the secret itself is never kept).
    pub async fn create_credential(
        &self,
        user_id: i64,
        kind: CredentialKind,
        name: &str,
        token_hash: &str,
        expires_at: Option<i64>,
    ) -> Result<CredentialRow> {
        let row = sqlx::query(
            "INSERT INTO credentials (user_id, kind, name, token_hash, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, user_id, kind, name, created_at, expires_at, last_used_at",
        )
        .bind(user_id)
        .bind(kind.as_str())
        .bind(name)
        .bind(token_hash)
        .bind(now_ms())
        .bind(expires_at)
        .fetch_one(&self.pool)
        .await?;
        credential_from_row(&row)
    }

    /// The user behind an unexpired credential hash, if any; marks the credential used.
    pub async fn user_by_credential(&self, token_hash: &str) -> Result<Option<UserRow>> {
        Ok(self
            .credential(token_hash, None)
            .await?
            .map(|(user, _)| user))
    }

    /// The user and the credential behind an unexpired credential hash, marking it used (at
    /// most once a minute). A console session also ends after `console_idle_ms` without use:
    /// such a session is deleted and `None` returned.
    pub async fn credential(
        &self,
        token_hash: &str,
        console_idle_ms: Option<i64>,
    ) -> Result<Option<(UserRow, CredentialRow)>> {
        let now = now_ms();
        let row = sqlx::query(
            "SELECT u.id, u.email, u.password_hash, u.role, u.created_at, u.deactivated_at, \
             u.totp_secret, u.passkey_count, \
             c.id AS credential_id, c.kind, c.name, c.created_at AS credential_created_at, \
             c.expires_at, c.last_used_at \
             FROM credentials c JOIN users u ON u.id = c.user_id \
             WHERE c.token_hash = $1 AND (c.expires_at IS NULL OR c.expires_at > $2) \
             AND u.deactivated_at IS NULL",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = user_from_row(&row)?;
        let kind: String = row.try_get("kind")?;
        let credential = CredentialRow {
            id: row.try_get("credential_id")?,
            user_id: user.id,
            kind: CredentialKind::parse(&kind)
                .ok_or_else(|| Error::UnknownWord(format!("credential kind {kind:?}")))?,
            name: row.try_get("name")?,
            created_at: row.try_get("credential_created_at")?,
            expires_at: row.try_get("expires_at")?,
            last_used_at: row.try_get("last_used_at")?,
        };
        let last_seen = credential.last_used_at.unwrap_or(credential.created_at);
        if credential.kind == CredentialKind::Console
            && let Some(idle) = console_idle_ms
            && now - last_seen > idle
        {
            self.delete_credential_by_hash(token_hash).await?;
            return Ok(None);
        }
        // Record use at most once a minute: a write per request would serialise reads on SQLite.
        if credential.last_used_at.is_none_or(|t| now - t > 60_000) {
            sqlx::query("UPDATE credentials SET last_used_at = $1 WHERE token_hash = $2")
                .bind(now)
                .bind(token_hash)
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((user, credential)))
    }

    pub async fn delete_credential(&self, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM credentials WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn delete_credential_by_hash(&self, token_hash: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM credentials WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn api_tokens(&self, user_id: i64) -> Result<Vec<CredentialRow>> {
        let rows = sqlx::query(
            "SELECT id, user_id, kind, name, created_at, expires_at, last_used_at FROM credentials \
             WHERE user_id = $1 AND kind = 'api_token' ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(credential_from_row).collect()
    }

    /// Revokes one of the user's API tokens.
    pub async fn delete_api_token(&self, user_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM credentials WHERE id = $1 AND user_id = $2 AND kind = 'api_token'",
        )
        .bind(id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

fn credential_from_row(row: &sqlx::any::AnyRow) -> Result<CredentialRow> {
    let kind: String = row.try_get("kind")?;
    Ok(CredentialRow {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        kind: CredentialKind::parse(&kind)
            .ok_or_else(|| Error::UnknownWord(format!("credential kind {kind:?}")))?,
        name: row.try_get("name")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}
