//! Changes to a ticket besides its messages: field changes recorded as events, SLA
//! bookkeeping and breaches, CSAT (set once), the requester's read marks.

use ayuda_api::{Level, Rating, Tier};
use sqlx::Row;

use crate::tickets::{
    SlaFields, TICKET_COLUMNS, Ticket, insert_event, ticket_from_row, touch, write_sla,
};
use crate::{Result, Store, now_ms, to_json};

/// Field changes to a ticket, recorded as events in the same transaction.
#[derive(Clone, Debug, Default)]
pub struct TicketChanges {
    /// `Some(None)` unassigns.
    pub assignee: Option<Option<i64>>,
    /// `Some(None)` clears the group.
    pub group: Option<Option<String>>,
    pub level: Option<Level>,
    pub tier: Option<Tier>,
    pub tags: Option<Vec<String>>,
    /// Why, for escalations.
    pub reason: Option<String>,
    /// Who made the change (a staff user id), for the history.
    pub by: Option<i64>,
}

impl Store {
    /// Stores the SLA bookkeeping; breach bits are only ever added.
    pub async fn set_sla(&self, ticket_id: i64, sla: &SlaFields) -> Result<()> {
        let mut tx = self.begin().await?;
        write_sla(&mut tx, ticket_id, sla).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records breaches of clocks that ran out since the last sweep; returns how many tickets
    /// got a new breach bit.
    pub async fn record_breaches(&self, now: i64) -> Result<u64> {
        let first = sqlx::query(
            "UPDATE tickets SET sla_breached = sla_breached | 1 \
             WHERE (sla_breached & 1) = 0 AND first_response_at IS NULL \
             AND first_response_due IS NOT NULL AND first_response_due <= $1 \
             AND status IN ('new', 'open', 'pending')",
        )
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        let resolution = sqlx::query(
            "UPDATE tickets SET sla_breached = sla_breached | 2 \
             WHERE (sla_breached & 2) = 0 AND resolution_due IS NOT NULL \
             AND resolution_due <= $1 AND status IN ('new', 'open')",
        )
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(first + resolution)
    }

    /// Records the CSAT answer unless one was already given; `false` when it was.
    pub async fn set_csat(
        &self,
        ticket_id: i64,
        rating: Rating,
        comment: Option<&str>,
        at: i64,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE tickets SET csat_rating = $2, csat_comment = $3, csat_at = $4 \
             WHERE id = $1 AND csat_rating IS NULL",
        )
        .bind(ticket_id)
        .bind(rating.as_str())
        .bind(comment)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let detail = serde_json::json!({ "rating": rating.as_str() });
        insert_event(&mut tx, ticket_id, "csat", &detail, at).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Moves the requester's read mark forward (never back).
    pub async fn mark_read(&self, ticket_id: i64, last_read: i64) -> Result<()> {
        sqlx::query(
            "UPDATE tickets SET user_read_id = $2 WHERE id = $1 AND user_read_id < $2 \
             AND $2 <= COALESCE((SELECT MAX(id) FROM ticket_messages WHERE ticket_id = $1), 0)",
        )
        .bind(ticket_id)
        .bind(last_read)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Public messages not written by the requester after their read mark, per ticket id.
    pub async fn unread_counts(&self, ticket_ids: &[i64]) -> Result<Vec<(i64, i64)>> {
        if ticket_ids.is_empty() {
            return Ok(Vec::new());
        }
        let list = ticket_ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let rows = sqlx::query(&format!(
            "SELECT t.id AS id, COUNT(m.id) AS n FROM tickets t \
             JOIN ticket_messages m ON m.ticket_id = t.id AND m.id > t.user_read_id \
             AND m.internal = 0 AND m.author_kind <> 'user' \
             WHERE t.id IN ({list}) GROUP BY t.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("n")?)))
            .collect()
    }

    /// Applies field changes with one event per change, in one transaction.
    pub async fn change_ticket(&self, ticket_id: i64, changes: &TicketChanges) -> Result<Ticket> {
        let now = now_ms();
        let mut tx = self.begin().await?;
        touch(&mut tx, ticket_id, now, None).await?;
        let row = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1"
        ))
        .bind(ticket_id)
        .fetch_one(&mut *tx)
        .await?;
        let before = ticket_from_row(&row)?;
        let by = changes.by;
        if let Some(assignee) = changes.assignee
            && assignee != before.assignee_id
        {
            sqlx::query("UPDATE tickets SET assignee_id = $2 WHERE id = $1")
                .bind(ticket_id)
                .bind(assignee)
                .execute(&mut *tx)
                .await?;
            let detail =
                serde_json::json!({ "from": before.assignee_id, "to": assignee, "by": by });
            insert_event(&mut tx, ticket_id, "assigned", &detail, now).await?;
        }
        if let Some(group) = &changes.group
            && *group != before.group_key
        {
            sqlx::query("UPDATE tickets SET group_key = $2 WHERE id = $1")
                .bind(ticket_id)
                .bind(group.as_deref())
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({ "from": before.group_key, "to": group, "by": by });
            insert_event(&mut tx, ticket_id, "group", &detail, now).await?;
        }
        if let Some(level) = changes.level
            && level != before.level
        {
            sqlx::query("UPDATE tickets SET level = $2 WHERE id = $1")
                .bind(ticket_id)
                .bind(level.as_str())
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "from": before.level.as_str(), "to": level.as_str(), "by": by
            });
            insert_event(&mut tx, ticket_id, "level", &detail, now).await?;
        }
        if let Some(tier) = changes.tier
            && tier != before.tier
        {
            sqlx::query("UPDATE tickets SET tier = $2 WHERE id = $1")
                .bind(ticket_id)
                .bind(tier.as_str())
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "from": before.tier.as_str(), "to": tier.as_str(),
                "reason": changes.reason, "by": by
            });
            insert_event(&mut tx, ticket_id, "escalated", &detail, now).await?;
        }
        if let Some(tags) = &changes.tags
            && *tags != before.tags
        {
            sqlx::query("UPDATE tickets SET tags = $2 WHERE id = $1")
                .bind(ticket_id)
                .bind(to_json(tags))
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({ "from": before.tags, "to": tags, "by": by });
            insert_event(&mut tx, ticket_id, "tags", &detail, now).await?;
        }
        let row = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1"
        ))
        .bind(ticket_id)
        .fetch_one(&mut *tx)
        .await?;
        let after = ticket_from_row(&row)?;
        tx.commit().await?;
        Ok(after)
    }
}
