//! The agents' workspace: who has a ticket open (and is typing), saved inbox views, replies
//! sent later, merging and splitting tickets, agents' heartbeats and capacity.

use ayuda_api::Author;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::tickets::{insert_event, ticket_in};
use crate::{Error, Result, Store, from_json, now_ms, to_json};

/// A viewer row older than this means nothing.
pub const VIEWER_TTL_MS: i64 = 30_000;

/// A staff member with a ticket open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViewerRow {
    pub user_id: i64,
    pub typing: bool,
    pub seen_at: i64,
}

/// An inbox view an agent saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedViewRow {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The inbox's address query (`status=open&level=l2`).
    pub query: String,
    pub created_at: i64,
}

/// A reply to post later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScheduledReplyRow {
    pub id: i64,
    pub ticket_id: i64,
    pub author_id: i64,
    pub body: String,
    pub internal: bool,
    pub attachments: Vec<String>,
    pub send_at: i64,
    pub created_at: i64,
    pub claimed_at: Option<i64>,
    pub message_id: Option<i64>,
    pub outcome: Option<String>,
}

const SCHEDULED_COLUMNS: &str = "id, ticket_id, author_id, body, internal, attachments, send_at, \
    created_at, claimed_at, message_id, outcome";

fn scheduled_from_row(row: &AnyRow) -> Result<ScheduledReplyRow> {
    let attachments: String = row.try_get("attachments")?;
    Ok(ScheduledReplyRow {
        id: row.try_get("id")?,
        ticket_id: row.try_get("ticket_id")?,
        author_id: row.try_get("author_id")?,
        body: row.try_get("body")?,
        internal: row.try_get::<i64, _>("internal")? != 0,
        attachments: from_json("scheduled_replies.attachments", &attachments)?,
        send_at: row.try_get("send_at")?,
        created_at: row.try_get("created_at")?,
        claimed_at: row.try_get("claimed_at")?,
        message_id: row.try_get("message_id")?,
        outcome: row.try_get("outcome")?,
    })
}

fn view_from_row(row: &AnyRow) -> Result<SavedViewRow> {
    Ok(SavedViewRow {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        query: row.try_get("query")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Records that `user_id` has `ticket_id` open (typing or not) and returns the others seen
    /// in the last [`VIEWER_TTL_MS`].
    pub async fn view_ticket(
        &self,
        ticket_id: i64,
        user_id: i64,
        typing: bool,
    ) -> Result<Vec<ViewerRow>> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO ticket_viewers (ticket_id, user_id, typing, seen_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (ticket_id, user_id) DO UPDATE SET \
             typing = excluded.typing, seen_at = excluded.seen_at",
        )
        .bind(ticket_id)
        .bind(user_id)
        .bind(i64::from(typing))
        .bind(now)
        .execute(&self.pool)
        .await?;
        sqlx::query("DELETE FROM ticket_viewers WHERE seen_at < $1")
            .bind(now - 10 * VIEWER_TTL_MS)
            .execute(&self.pool)
            .await?;
        let rows = sqlx::query(
            "SELECT user_id, typing, seen_at FROM ticket_viewers \
             WHERE ticket_id = $1 AND user_id <> $2 AND seen_at >= $3 ORDER BY seen_at DESC",
        )
        .bind(ticket_id)
        .bind(user_id)
        .bind(now - VIEWER_TTL_MS)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ViewerRow {
                    user_id: row.try_get("user_id")?,
                    typing: row.try_get::<i64, _>("typing")? != 0,
                    seen_at: row.try_get("seen_at")?,
                })
            })
            .collect()
    }

    /// `user_id` closed the ticket.
    pub async fn leave_ticket(&self, ticket_id: i64, user_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM ticket_viewers WHERE ticket_id = $1 AND user_id = $2")
            .bind(ticket_id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The views `user_id` saved, by name.
    pub async fn saved_views(&self, user_id: i64) -> Result<Vec<SavedViewRow>> {
        let rows = sqlx::query(
            "SELECT id, user_id, name, query, created_at FROM inbox_views \
             WHERE user_id = $1 ORDER BY name, id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(view_from_row).collect()
    }

    pub async fn save_view(&self, user_id: i64, name: &str, query: &str) -> Result<SavedViewRow> {
        let row = sqlx::query(
            "INSERT INTO inbox_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) \
             RETURNING id, user_id, name, query, created_at",
        )
        .bind(user_id)
        .bind(name)
        .bind(query)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        view_from_row(&row)
    }

    /// Deletes one of `user_id`'s views; false when they have none by that id.
    pub async fn delete_view(&self, user_id: i64, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM inbox_views WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn schedule_reply(
        &self,
        ticket_id: i64,
        author_id: i64,
        body: &str,
        internal: bool,
        attachments: &[String],
        send_at: i64,
    ) -> Result<ScheduledReplyRow> {
        let row = sqlx::query(&format!(
            "INSERT INTO scheduled_replies (ticket_id, author_id, body, internal, attachments, \
             send_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {SCHEDULED_COLUMNS}"
        ))
        .bind(ticket_id)
        .bind(author_id)
        .bind(body)
        .bind(i64::from(internal))
        .bind(to_json(&attachments))
        .bind(send_at)
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await?;
        scheduled_from_row(&row)
    }

    /// A ticket's replies waiting to be sent, soonest first.
    pub async fn scheduled_replies(&self, ticket_id: i64) -> Result<Vec<ScheduledReplyRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SCHEDULED_COLUMNS} FROM scheduled_replies \
             WHERE ticket_id = $1 AND claimed_at IS NULL ORDER BY send_at, id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(scheduled_from_row).collect()
    }

    pub async fn scheduled_reply(&self, id: i64) -> Result<Option<ScheduledReplyRow>> {
        let row = sqlx::query(&format!(
            "SELECT {SCHEDULED_COLUMNS} FROM scheduled_replies WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(scheduled_from_row).transpose()
    }

    /// Cancels a reply not sent yet; false when there is none waiting by that id.
    pub async fn cancel_scheduled_reply(&self, id: i64) -> Result<bool> {
        let done =
            sqlx::query("DELETE FROM scheduled_replies WHERE id = $1 AND claimed_at IS NULL")
                .bind(id)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Replies due at `now`, not claimed yet, oldest first.
    pub async fn due_replies(&self, now: i64) -> Result<Vec<ScheduledReplyRow>> {
        let rows = sqlx::query(&format!(
            "SELECT {SCHEDULED_COLUMNS} FROM scheduled_replies \
             WHERE claimed_at IS NULL AND send_at <= $1 ORDER BY send_at, id LIMIT 100"
        ))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(scheduled_from_row).collect()
    }

    /// Claims a due reply for this node: true for exactly one caller, even across nodes and
    /// restarts.
    pub async fn claim_reply(&self, id: i64) -> Result<bool> {
        let done = sqlx::query(
            "UPDATE scheduled_replies SET claimed_at = $2 WHERE id = $1 AND claimed_at IS NULL",
        )
        .bind(id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// What became of a claimed reply: the message it became, or why it was not sent.
    pub async fn reply_outcome(
        &self,
        id: i64,
        message_id: Option<i64>,
        outcome: &str,
    ) -> Result<()> {
        sqlx::query("UPDATE scheduled_replies SET message_id = $2, outcome = $3 WHERE id = $1")
            .bind(id)
            .bind(message_id)
            .bind(outcome)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Merges ticket `from` into `into` in one transaction: `from`'s messages and attachments
    /// move to `into` (their ids, hence their order, kept), a system message on each says
    /// where the conversation went, `from` is closed with `merged_into` set, and both get a
    /// `merged` event. The caller checks both have the same requester.
    pub async fn merge_tickets(&self, from: i64, into: i64, by: i64, at: i64) -> Result<()> {
        let mut tx = self.begin().await?;
        let merged: Option<i64> = sqlx::query("SELECT merged_into FROM tickets WHERE id = $1")
            .bind(from)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(Error::NotFound(crate::Entity::Ticket(from)))?
            .try_get("merged_into")?;
        if merged.is_some() {
            return Err(Error::Conflict(format!("ticket {from} merged already")));
        }
        sqlx::query("UPDATE ticket_messages SET ticket_id = $2 WHERE ticket_id = $1")
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE attachments SET ticket_id = $2 WHERE ticket_id = $1")
            .bind(from)
            .bind(into)
            .execute(&mut *tx)
            .await?;
        let from_row = ticket_in(&mut tx, from).await?;
        let status = from_row.status.as_str().to_owned();
        sqlx::query(
            "UPDATE tickets SET status = 'closed', merged_into = $2, updated_at = $3, \
             solved_at = COALESCE(solved_at, $3), next_due = NULL, due_soon_at = NULL \
             WHERE id = $1",
        )
        .bind(from)
        .bind(into)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE tickets SET updated_at = $2 WHERE id = $1")
            .bind(into)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({ "from": from, "into": into, "by": by });
        insert_event(&mut tx, from, "merged", &detail, at).await?;
        insert_event(&mut tx, into, "merged", &detail, at).await?;
        let status_detail = serde_json::json!({ "from": status, "to": "closed" });
        insert_event(&mut tx, from, "status", &status_detail, at).await?;
        for (ticket, body) in [
            (from, format!("Merged into #{into}.")),
            (into, format!("Ticket #{from} was merged into this one.")),
        ] {
            sqlx::query(
                "INSERT INTO ticket_messages (ticket_id, author_kind, author_id, body, internal, \
                 created_at) VALUES ($1, $2, NULL, $3, 0, $4)",
            )
            .bind(ticket)
            .bind(Author::System.as_str())
            .bind(body)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The ticket a merged ticket went into.
    pub async fn merged_into(&self, ticket_id: i64) -> Result<Option<i64>> {
        let row = sqlx::query("SELECT merged_into FROM tickets WHERE id = $1")
            .bind(ticket_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            Some(row) => row.try_get("merged_into")?,
            None => None,
        })
    }

    /// Moves message `message_id`'s attachments to message `to_message` of ticket `to_ticket`
    /// (splitting a message into a new ticket takes its files along).
    pub async fn move_attachments(
        &self,
        message_id: i64,
        to_ticket: i64,
        to_message: i64,
    ) -> Result<()> {
        sqlx::query("UPDATE attachments SET ticket_id = $2, message_id = $3 WHERE message_id = $1")
            .bind(message_id)
            .bind(to_ticket)
            .bind(to_message)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records an event on a ticket outside any other change (`split`).
    pub async fn ticket_event(
        &self,
        ticket_id: i64,
        kind: &str,
        detail: &serde_json::Value,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        insert_event(&mut tx, ticket_id, kind, detail, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The console's heartbeat for `user_id`: seen now, and active now when `active`.
    pub async fn agent_heartbeat(
        &self,
        user_id: i64,
        display_name: &str,
        active: bool,
    ) -> Result<()> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO agents (user_id, display_name, groups, available, updated_at, last_seen, \
             last_active) VALUES ($1, $2, '[]', 1, $3, $3, $4) ON CONFLICT (user_id) DO UPDATE SET \
             last_seen = excluded.last_seen, \
             last_active = COALESCE(excluded.last_active, agents.last_active)",
        )
        .bind(user_id)
        .bind(display_name)
        .bind(now)
        .bind(active.then_some(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Turns away the available agents whose console went quiet: no heartbeat since
    /// `seen_before`, or nothing done since `active_before`. Agents who never had the console
    /// open (API only) are left as they are. Returns their ids.
    pub async fn turn_idle_agents_away(
        &self,
        seen_before: i64,
        active_before: i64,
    ) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "UPDATE agents SET available = 0, updated_at = $3 WHERE available <> 0 \
             AND last_seen IS NOT NULL \
             AND (last_seen < $1 OR COALESCE(last_active, 0) < $2) RETURNING user_id",
        )
        .bind(seen_before)
        .bind(active_before)
        .bind(now_ms())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| Ok(row.try_get("user_id")?)).collect()
    }

    /// Sets an agent's capacity (most unsolved tickets assigned at once; `None` for no limit).
    pub async fn set_agent_capacity(&self, user_id: i64, capacity: Option<i64>) -> Result<()> {
        sqlx::query("UPDATE agents SET capacity = $2 WHERE user_id = $1")
            .bind(user_id)
            .bind(capacity)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Replaces a site's secret.
    pub async fn set_site_secret(&self, key: &str, secret: &str) -> Result<()> {
        let done = sqlx::query("UPDATE sites SET secret = $2 WHERE key = $1")
            .bind(key)
            .bind(secret)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Site(key.to_owned())));
        }
        Ok(())
    }

    /// Sets (or with `None` clears) when a snoozed ticket opens again.
    pub async fn set_snooze(&self, ticket_id: i64, until: Option<i64>) -> Result<()> {
        let mut tx = self.begin().await?;
        sqlx::query("UPDATE tickets SET snoozed_until = $2 WHERE id = $1")
            .bind(ticket_id)
            .bind(until)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({ "until": until });
        insert_event(&mut tx, ticket_id, "snoozed", &detail, now_ms()).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The snoozed tickets whose time has come, each taken once (its snooze cleared by one
    /// conditional update): their ids.
    pub async fn take_woken(&self, now: i64) -> Result<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT id FROM tickets WHERE snoozed_until IS NOT NULL AND snoozed_until <= $1 \
             ORDER BY snoozed_until LIMIT 100",
        )
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        let mut taken = Vec::new();
        for row in rows {
            let id: i64 = row.try_get("id")?;
            let done = sqlx::query(
                "UPDATE tickets SET snoozed_until = NULL WHERE id = $1 AND snoozed_until <= $2",
            )
            .bind(id)
            .bind(now)
            .execute(&self.pool)
            .await?;
            if done.rows_affected() == 1 {
                taken.push(id);
            }
        }
        Ok(taken)
    }
}
