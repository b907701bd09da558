//! Two-factor authentication's state: TOTP secrets (pending while being set up), the last
//! accepted time step (so a code is never accepted twice, whichever node checks it), and
//! single-use recovery codes stored hashed; and the installation's policy.

use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::{Error, Result, Store, now_ms};

/// The installation's sign-in policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityPolicy {
    /// Every member must have a second factor: one without is sent to set it up at sign-in
    /// and can do nothing else until then.
    #[serde(default)]
    pub require_2fa: bool,
}

impl Store {
    /// The secret being set up, if any.
    pub async fn totp_pending(&self, user_id: i64) -> Result<Option<String>> {
        let row = sqlx::query("SELECT totp_pending FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| Error::NotFound(crate::Entity::User(user_id.to_string())))?;
        Ok(row.try_get("totp_pending")?)
    }

    pub async fn set_totp_pending(&self, user_id: i64, secret: &str) -> Result<()> {
        sqlx::query("UPDATE users SET totp_pending = $2 WHERE id = $1")
            .bind(user_id)
            .bind(secret)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Turns TOTP on with `secret` (whose code of time step `step` was just shown), replacing
    /// any recovery codes with `code_hashes`; one transaction.
    pub async fn activate_totp(
        &self,
        user_id: i64,
        secret: &str,
        step: i64,
        code_hashes: &[String],
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE users SET totp_secret = $2, totp_pending = NULL, totp_last_step = $3 \
             WHERE id = $1",
        )
        .bind(user_id)
        .bind(secret)
        .bind(step)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        for hash in code_hashes {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(hash)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Accepts a code of time step `step` once: false when that step (or a later one) was
    /// already used. Atomic, so two nodes cannot both accept the same code.
    pub async fn use_totp_step(&self, user_id: i64, step: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE users SET totp_last_step = $2 WHERE id = $1 AND totp_secret IS NOT NULL \
             AND (totp_last_step IS NULL OR totp_last_step < $2)",
        )
        .bind(user_id)
        .bind(step)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Spends a recovery code: false when it is unknown or already used.
    pub async fn use_recovery_code(&self, user_id: i64, code_hash: &str) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $3 \
             WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
        )
        .bind(user_id)
        .bind(code_hash)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn recovery_codes_left(&self, user_id: i64) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Turns two-factor authentication off for an account (its recovery codes go too).
    pub async fn disable_totp(&self, user_id: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query(
            "UPDATE users SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL \
             WHERE id = $1",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
