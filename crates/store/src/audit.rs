//! The audit log: what staff did (signing in, 2FA and role changes, publishing, deleting,
//! restoring…), by whom, when and from where. Rows are only ever added.

use sqlx::Row;

use crate::{Result, Store, now_ms};

/// One staff action as it is recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditEntry {
    /// The member who acted (`None`: an unknown account, as in a failed sign-in).
    pub actor_id: Option<i64>,
    pub actor_email: Option<String>,
    /// A dotted word: `auth.sign_in`, `user.role`, `article.publish`…
    pub action: String,
    /// What the action was on: `user:12`, `article:7`.
    pub target: String,
    /// A short human-readable detail (`editor → admin`).
    pub detail: String,
    pub address: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub entry: AuditEntry,
}

/// Which rows to read, newest first.
#[derive(Clone, Debug, Default)]
pub struct AuditFilter {
    /// An action, or a family of them (`article` matches `article.publish`).
    pub action: Option<String>,
    /// Part of the actor's e-mail.
    pub actor: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    pub async fn audit(&self, entry: &AuditEntry) -> Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor_email, action, target, detail, address) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(now_ms())
        .bind(entry.actor_id)
        .bind(entry.actor_email.as_deref())
        .bind(&entry.action)
        .bind(&entry.target)
        .bind(&entry.detail)
        .bind(entry.address.as_deref())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The rows matching `filter`, newest first, and how many match in all.
    pub async fn audit_log(&self, filter: &AuditFilter) -> Result<(Vec<AuditRow>, i64)> {
        // Every condition is always present and neutral when unset, so the SQL is one string.
        let conditions = "($1 = '' OR action = $1 OR action LIKE $2) \
             AND ($3 = '' OR LOWER(COALESCE(actor_email, '')) LIKE $4) \
             AND at >= $5 AND at <= $6";
        let action = filter.action.clone().unwrap_or_default();
        // `LIKE`'s wildcards in a filter only widen it (`_` still matches itself).
        let family = format!("{action}.%");
        let actor = filter.actor.clone().unwrap_or_default().to_lowercase();
        let actor_like = format!("%{actor}%");
        let since = filter.since.unwrap_or(0);
        let until = filter.until.unwrap_or(i64::MAX);
        let total: i64 = sqlx::query(&format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE {conditions}"
        ))
        .bind(&action)
        .bind(&family)
        .bind(&actor)
        .bind(&actor_like)
        .bind(since)
        .bind(until)
        .fetch_one(&self.pool)
        .await?
        .try_get("n")?;
        let rows = sqlx::query(&format!(
            "SELECT id, at, actor_id, actor_email, action, target, detail, address FROM audit_log \
             WHERE {conditions} ORDER BY id DESC LIMIT $7 OFFSET $8"
        ))
        .bind(&action)
        .bind(&family)
        .bind(&actor)
        .bind(&actor_like)
        .bind(since)
        .bind(until)
        .bind(filter.limit)
        .bind(filter.offset)
        .fetch_all(&self.pool)
        .await?;
        let rows = rows
            .iter()
            .map(|row| {
                Ok(AuditRow {
                    id: row.try_get("id")?,
                    at: row.try_get("at")?,
                    entry: AuditEntry {
                        actor_id: row.try_get("actor_id")?,
                        actor_email: row.try_get("actor_email")?,
                        action: row.try_get("action")?,
                        target: row.try_get("target")?,
                        detail: row.try_get("detail")?,
                        address: row.try_get("address")?,
                    },
                })
            })
            .collect::<Result<_>>()?;
        Ok((rows, total))
    }
}
