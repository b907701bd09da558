//! Passkeys (WebAuthn credentials) and the ceremonies in flight. The server checks what they
//! hold; the store keeps them, counts each account's passkeys on the account, and hands out a
//! ceremony once.

use sqlx::Row;

use crate::{Error, Result, Store, now_ms};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PasskeyRow {
    pub id: i64,
    pub user_id: i64,
    /// The credential's id, base64url.
    pub credential_id: String,
    pub name: String,
    /// The credential as the WebAuthn library serialises it (public key, counter).
    pub passkey: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, credential_id, name, passkey, created_at, last_used_at";

fn passkey_from_row(row: &sqlx::any::AnyRow) -> Result<PasskeyRow> {
    Ok(PasskeyRow {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        credential_id: row.try_get("credential_id")?,
        name: row.try_get("name")?,
        passkey: row.try_get("passkey")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
    })
}

impl Store {
    /// Adds a passkey to an account. A credential id registered before (to anyone) is a
    /// conflict.
    pub async fn add_passkey(
        &self,
        user_id: i64,
        credential_id: &str,
        name: &str,
        passkey: &str,
    ) -> Result<PasskeyRow> {
        let mut tx = self.begin().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO passkeys (user_id, credential_id, name, passkey, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        ))
        .bind(user_id)
        .bind(credential_id)
        .bind(name)
        .bind(passkey)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "passkey"))?;
        sqlx::query("UPDATE users SET passkey_count = passkey_count + 1 WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        passkey_from_row(&row)
    }

    /// An account's passkeys, oldest first.
    pub async fn passkeys(&self, user_id: i64) -> Result<Vec<PasskeyRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(passkey_from_row).collect()
    }

    /// The passkey with this credential id, whoever's it is.
    pub async fn passkey_by_credential(&self, credential_id: &str) -> Result<Option<PasskeyRow>> {
        let row = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1"
        ))
        .bind(credential_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(passkey_from_row).transpose()
    }

    /// Removes one of an account's passkeys; `false` when it has no such passkey.
    pub async fn delete_passkey(&self, user_id: i64, id: i64) -> Result<bool> {
        let mut tx = self.begin().await?;
        let gone = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
        if gone {
            sqlx::query("UPDATE users SET passkey_count = passkey_count - 1 WHERE id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(gone)
    }

    /// Removes every passkey of an account (an admin's reset of its second factor).
    pub async fn delete_passkeys(&self, user_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("DELETE FROM passkeys WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE users SET passkey_count = 0 WHERE id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a sign-in with a passkey and its updated state (the signature counter).
    pub async fn passkey_used(&self, id: i64, passkey: &str) -> Result<()> {
        sqlx::query("UPDATE passkeys SET passkey = $2, last_used_at = $3 WHERE id = $1")
            .bind(id)
            .bind(passkey)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Keeps a ceremony's state under `id` until `expires_at`, dropping the expired ones.
    pub async fn start_ceremony(
        &self,
        id: &str,
        user_id: Option<i64>,
        kind: &str,
        state: &str,
        expires_at: i64,
    ) -> Result<()> {
        sqlx::query("DELETE FROM passkey_ceremonies WHERE expires_at <= $1")
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO passkey_ceremonies (id, user_id, kind, state, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(user_id)
        .bind(kind)
        .bind(state)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Takes a ceremony of `kind` that has not expired: its account and state. A ceremony is
    /// handed out once, by one conditional `DELETE`, whichever node asks.
    pub async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
    ) -> Result<Option<(Option<i64>, String)>> {
        let row = sqlx::query(
            "DELETE FROM passkey_ceremonies WHERE id = $1 AND kind = $2 AND expires_at > $3 \
             RETURNING user_id, state",
        )
        .bind(id)
        .bind(kind)
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|row| Ok((row.try_get("user_id")?, row.try_get("state")?)))
            .transpose()
    }
}
