//! Scheduled publishing: "publish (or unpublish) this article at that time". A schedule is
//! claimed by setting `done_at` in one conditional update, so it runs once even with several
//! nodes and across restarts (one missed while every node was down runs at the next start).

use sqlx::Row;

use crate::{Result, Store, now_ms};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduleRow {
    pub id: i64,
    pub article_id: i64,
    /// `publish` or `unpublish`.
    pub action: String,
    pub run_at: i64,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub done_at: Option<i64>,
    /// What happened when it ran (`published version 3`, or the error).
    pub outcome: Option<String>,
}

const COLUMNS: &str = "id, article_id, action, run_at, created_by, created_at, done_at, outcome";

fn from_row(row: &sqlx::any::AnyRow) -> Result<ScheduleRow> {
    Ok(ScheduleRow {
        id: row.try_get("id")?,
        article_id: row.try_get("article_id")?,
        action: row.try_get("action")?,
        run_at: row.try_get("run_at")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        done_at: row.try_get("done_at")?,
        outcome: row.try_get("outcome")?,
    })
}

impl Store {
    pub async fn add_schedule(
        &self,
        article_id: i64,
        action: &str,
        run_at: i64,
        created_by: Option<&str>,
    ) -> Result<ScheduleRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO article_schedules (article_id, action, run_at, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
        ))
        .bind(article_id)
        .bind(action)
        .bind(run_at)
        .bind(created_by)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        from_row(&row)
    }

    /// An article's schedules, pending first (soonest first), then the done ones (latest
    /// first, the last 20).
    pub async fn schedules(&self, article_id: i64) -> Result<Vec<ScheduleRow>> {
        let pending = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM article_schedules WHERE article_id = $1 AND done_at IS NULL \
             ORDER BY run_at, id"
        ))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        let done = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM article_schedules WHERE article_id = $1 \
             AND done_at IS NOT NULL ORDER BY done_at DESC, id DESC LIMIT 20"
        ))
        .bind(article_id)
        .fetch_all(&self.pool)
        .await?;
        pending.iter().chain(done.iter()).map(from_row).collect()
    }

    /// Cancels a pending schedule of `article_id`; false when there is none by that id.
    pub async fn cancel_schedule(&self, article_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "DELETE FROM article_schedules WHERE id = $1 AND article_id = $2 AND done_at IS NULL",
        )
        .bind(id)
        .bind(article_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The pending schedules due at `now`, oldest first.
    pub async fn due_schedules(&self, now: i64) -> Result<Vec<ScheduleRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM article_schedules WHERE done_at IS NULL AND run_at <= $1 \
             ORDER BY run_at, id LIMIT 100"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Claims a due schedule for this node: true for exactly one caller.
    pub async fn claim_schedule(&self, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE article_schedules SET done_at = $2 WHERE id = $1 AND done_at IS NULL",
        )
        .bind(id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn schedule_outcome(&self, id: i64, outcome: &str) -> Result<()> {
        sqlx::query("UPDATE article_schedules SET outcome = $2 WHERE id = $1")
            .bind(id)
            .bind(outcome)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
