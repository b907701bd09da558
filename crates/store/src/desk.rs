//! The help desk's other tables: attachments, SLA bookkeeping, CSAT, read marks, agents,
//! macros, deflections, the desk's JSON configuration, the inbox query and metrics records.

use ayuda_desk::{Level, Macro, Status, Tier};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::tickets::{
    Message, SlaFields, TICKET_COLUMNS, Ticket, enum_name, insert_event, random_public_id,
    ticket_from_row, touch,
};
use crate::{Backend, Error, Result, Store, from_json, now_ms, to_json};

/// What is known about a stored attachment (everything but its bytes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub public_id: String,
    pub site: String,
    pub owner: String,
    pub ticket_id: Option<i64>,
    pub message_id: Option<i64>,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: i64,
}

/// A new upload.
#[derive(Clone, Debug)]
pub struct NewAttachment<'a> {
    pub site: &'a str,
    pub owner: &'a str,
    pub name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub data: &'a [u8],
}

const ATTACHMENT_COLUMNS: &str =
    "public_id, site, owner, ticket_id, message_id, name, content_type, size, sha256, created_at";

fn attachment_from_row(row: &AnyRow) -> Result<AttachmentMeta> {
    Ok(AttachmentMeta {
        public_id: row.try_get("public_id")?,
        site: row.try_get("site")?,
        owner: row.try_get("owner")?,
        ticket_id: row.try_get("ticket_id")?,
        message_id: row.try_get("message_id")?,
        name: row.try_get("name")?,
        content_type: row.try_get("content_type")?,
        size: row.try_get("size")?,
        sha256: row.try_get("sha256")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Attaches uploads to `message`: each must belong to `owner`, on the ticket's site, and not be
/// attached to anything yet; otherwise the whole write fails with `NotFound` (the caller must
/// not learn whether somebody else's upload exists).
pub(crate) async fn claim_attachments(
    tx: &mut Transaction<'_, Any>,
    ids: &[String],
    owner: &str,
    message: &Message,
) -> Result<()> {
    for id in ids {
        let done = sqlx::query(
            "UPDATE attachments SET ticket_id = $1, message_id = $2 \
             WHERE public_id = $3 AND owner = $4 AND message_id IS NULL \
             AND site = (SELECT site FROM tickets WHERE id = $1)",
        )
        .bind(message.ticket_id)
        .bind(message.id)
        .bind(id)
        .bind(owner)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Attachment(id.clone())));
        }
    }
    Ok(())
}

/// Stores a ticket's SLA fields inside `tx` (breach bits only ever accumulate).
pub(crate) async fn write_sla(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    sla: &SlaFields,
) -> Result<()> {
    sqlx::query(
        "UPDATE tickets SET first_response_due = $2, resolution_due = $3, next_due = $4, \
         due_soon_at = $5, sla_breached = sla_breached | $6 WHERE id = $1",
    )
    .bind(ticket_id)
    .bind(sla.first_response_due)
    .bind(sla.resolution_due)
    .bind(sla.next_due)
    .bind(sla.due_soon_at)
    .bind(sla.breached)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Which SLA clock a filter asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlaFilter {
    /// A running clock is past due, or a breach was recorded.
    Breached,
    /// A running clock is close to its due time but not past it.
    DueSoon,
}

/// How the inbox is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum InboxSort {
    /// Earliest running SLA due time first; tickets with no running clock last.
    #[default]
    SlaDue,
    /// Newest first.
    Newest,
    /// Oldest first.
    Oldest,
    /// Most recently updated first.
    Updated,
}

/// The inbox query; every field narrows it.
#[derive(Clone, Debug, Default)]
pub struct InboxFilter {
    pub statuses: Vec<Status>,
    pub level: Option<Level>,
    pub tier: Option<Tier>,
    pub group: Option<String>,
    /// `Some(None)`: unassigned only.
    pub assignee: Option<Option<i64>>,
    pub site: Option<String>,
    pub tag: Option<String>,
    pub sla: Option<SlaFilter>,
    /// Words in the subject, requester or any message.
    pub text: Option<String>,
    pub sort: InboxSort,
    pub limit: i64,
    pub offset: i64,
}

/// A staff member who may answer tickets, with their desk settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentRow {
    pub user_id: i64,
    pub email: String,
    pub role: String,
    pub display_name: String,
    pub groups: Vec<String>,
    pub available: bool,
}

/// A stored macro.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroRow {
    pub id: i64,
    pub name: String,
    pub definition: Macro,
}

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

/// A deflection or ticket for metrics.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeflectionRow {
    pub site: String,
    pub slug: String,
    pub created_at: i64,
}

fn like_pattern(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

impl Store {
    /// Stores an upload (not attached to any message yet).
    pub async fn insert_attachment(&self, new: &NewAttachment<'_>) -> Result<AttachmentMeta> {
        let row = sqlx::query(&format!(
            "INSERT INTO attachments (public_id, site, owner, name, content_type, size, sha256, \
             data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING {ATTACHMENT_COLUMNS}"
        ))
        .bind(random_public_id())
        .bind(new.site)
        .bind(new.owner)
        .bind(new.name)
        .bind(new.content_type)
        .bind(i64::try_from(new.data.len()).unwrap_or(i64::MAX))
        .bind(new.sha256)
        .bind(new.data.to_vec())
        .bind(now_ms())
        .fetch_one(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "attachment id"))?;
        attachment_from_row(&row)
    }

    /// An attachment's metadata by public id.
    pub async fn attachment(&self, public_id: &str) -> Result<Option<AttachmentMeta>> {
        let row = sqlx::query(&format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE public_id = $1"
        ))
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(attachment_from_row).transpose()
    }

    /// An attachment's bytes.
    pub async fn attachment_data(&self, public_id: &str) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query("SELECT data FROM attachments WHERE public_id = $1")
            .bind(public_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.try_get::<Vec<u8>, _>("data"))
            .transpose()
            .map_err(Error::from)
    }

    /// Every attachment of a ticket's messages, in message order.
    pub async fn ticket_attachments(&self, ticket_id: i64) -> Result<Vec<AttachmentMeta>> {
        let rows = sqlx::query(&format!(
            "SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id = $1 \
             ORDER BY message_id, id"
        ))
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }

    /// Unclaimed uploads by `owner`, for the per-owner limit.
    pub async fn pending_uploads(&self, owner: &str) -> Result<i64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM attachments WHERE owner = $1 AND message_id IS NULL",
        )
        .bind(owner)
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

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
        rating: &str,
        comment: Option<&str>,
        at: i64,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let done = sqlx::query(
            "UPDATE tickets SET csat_rating = $2, csat_comment = $3, csat_at = $4 \
             WHERE id = $1 AND csat_rating IS NULL",
        )
        .bind(ticket_id)
        .bind(rating)
        .bind(comment)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let detail = serde_json::json!({ "rating": rating });
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
                .bind(enum_name(level))
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "from": enum_name(before.level), "to": enum_name(level), "by": by
            });
            insert_event(&mut tx, ticket_id, "level", &detail, now).await?;
        }
        if let Some(tier) = changes.tier
            && tier != before.tier
        {
            sqlx::query("UPDATE tickets SET tier = $2 WHERE id = $1")
                .bind(ticket_id)
                .bind(enum_name(tier))
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({
                "from": enum_name(before.tier), "to": enum_name(tier),
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

    /// The inbox: tickets matching `filter` (a page of them) and how many match in all.
    pub async fn inbox(&self, filter: &InboxFilter, now: i64) -> Result<(Vec<Ticket>, i64)> {
        let mut clauses: Vec<String> = Vec::new();
        let mut texts: Vec<String> = Vec::new();
        let mut bind_text = |value: String, clauses: &mut Vec<String>, template: &str| {
            texts.push(value);
            clauses.push(template.replace('?', &format!("${}", texts.len())));
        };
        if !filter.statuses.is_empty() {
            let list = filter
                .statuses
                .iter()
                .map(|s| format!("'{}'", enum_name(*s)))
                .collect::<Vec<_>>()
                .join(", ");
            clauses.push(format!("status IN ({list})"));
        }
        if let Some(level) = filter.level {
            clauses.push(format!("level = '{}'", enum_name(level)));
        }
        if let Some(tier) = filter.tier {
            clauses.push(format!("tier = '{}'", enum_name(tier)));
        }
        if let Some(group) = &filter.group {
            bind_text(group.clone(), &mut clauses, "group_key = ?");
        }
        match filter.assignee {
            Some(Some(agent)) => clauses.push(format!("assignee_id = {agent}")),
            Some(None) => clauses.push("assignee_id IS NULL".to_owned()),
            None => {}
        }
        if let Some(site) = &filter.site {
            bind_text(site.clone(), &mut clauses, "site = ?");
        }
        if let Some(tag) = &filter.tag {
            let needle = serde_json::Value::String(tag.clone()).to_string();
            let template = match self.backend {
                Backend::Sqlite => "instr(tags, ?) > 0",
                Backend::Postgres => "strpos(tags, ?) > 0",
            };
            bind_text(needle, &mut clauses, template);
        }
        match filter.sla {
            Some(SlaFilter::Breached) => clauses.push(format!(
                "status IN ('new', 'open', 'pending') AND (sla_breached <> 0 OR next_due <= {now})"
            )),
            Some(SlaFilter::DueSoon) => clauses.push(format!(
                "next_due > {now} AND due_soon_at <= {now} AND sla_breached = 0"
            )),
            None => {}
        }
        if let Some(text) = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            bind_text(
                like_pattern(text),
                &mut clauses,
                "(lower(subject) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\' \
                 OR lower(name) LIKE ? ESCAPE '\\' OR EXISTS (SELECT 1 FROM ticket_messages m \
                 WHERE m.ticket_id = tickets.id AND lower(m.body) LIKE ? ESCAPE '\\'))",
            );
        }
        let where_sql = if clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", clauses.join(" AND "))
        };
        let order = match filter.sort {
            InboxSort::SlaDue => {
                "CASE WHEN next_due IS NULL THEN 1 ELSE 0 END, next_due, created_at, id"
            }
            InboxSort::Newest => "created_at DESC, id DESC",
            InboxSort::Oldest => "created_at, id",
            InboxSort::Updated => "updated_at DESC, id DESC",
        };
        let sql = format!(
            "SELECT {TICKET_COLUMNS} FROM tickets{where_sql} ORDER BY {order} LIMIT {} OFFSET {}",
            filter.limit.max(0),
            filter.offset.max(0)
        );
        let mut query = sqlx::query(&sql);
        for text in &texts {
            query = query.bind(text.clone());
        }
        let rows = query.fetch_all(&self.pool).await?;
        let tickets = rows
            .iter()
            .map(ticket_from_row)
            .collect::<Result<Vec<_>>>()?;
        let count_sql = format!("SELECT COUNT(*) AS n FROM tickets{where_sql}");
        let mut count = sqlx::query(&count_sql);
        for text in &texts {
            count = count.bind(text.clone());
        }
        let total: i64 = count.fetch_one(&self.pool).await?.try_get("n")?;
        Ok((tickets, total))
    }

    /// Other tickets of the same requester (same user id, visitor or email), newest first.
    pub async fn customer_tickets(&self, ticket: &Ticket, limit: i64) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id <> $1 AND site = $2 AND \
             (($3 <> '' AND user_id = $3) OR ($4 <> '' AND visitor_id = $4) \
             OR lower(email) = lower($5)) \
             ORDER BY created_at DESC, id DESC LIMIT {limit}"
        ))
        .bind(ticket.id)
        .bind(&ticket.site)
        .bind(ticket.user_id.as_deref().unwrap_or(""))
        .bind(ticket.visitor_id.as_deref().unwrap_or(""))
        .bind(&ticket.email)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// Tickets created in `[from, to)`, optionally of one site, for metrics.
    pub async fn tickets_created_between(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<Ticket>> {
        let rows = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE created_at >= $1 AND created_at < $2 \
             AND ($3 = '' OR site = $3) ORDER BY created_at, id"
        ))
        .bind(from)
        .bind(to)
        .bind(site.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(ticket_from_row).collect()
    }

    /// Unsolved tickets whose SLA fields must be recomputed (used after settings change).
    pub async fn unsolved_ticket_ids(&self) -> Result<Vec<i64>> {
        let rows = sqlx::query("SELECT id FROM tickets WHERE status IN ('new', 'open', 'pending')")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| row.try_get("id").map_err(Error::from))
            .collect()
    }

    /// Counts a deflection.
    pub async fn add_deflection(
        &self,
        site: &str,
        slug: &str,
        locale: &str,
        query: Option<&str>,
        visitor_id: Option<&str>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO deflections (site, slug, locale, query, visitor_id, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(site)
        .bind(slug)
        .bind(locale)
        .bind(query)
        .bind(visitor_id)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Deflections in `[from, to)`, optionally of one site.
    pub async fn deflections_between(
        &self,
        from: i64,
        to: i64,
        site: Option<&str>,
    ) -> Result<Vec<DeflectionRow>> {
        let rows = sqlx::query(
            "SELECT site, slug, created_at FROM deflections WHERE created_at >= $1 \
             AND created_at < $2 AND ($3 = '' OR site = $3) ORDER BY created_at, id",
        )
        .bind(from)
        .bind(to)
        .bind(site.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(DeflectionRow {
                    site: row.try_get("site")?,
                    slug: row.try_get("slug")?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    /// A JSON configuration document.
    pub async fn desk_config(&self, key: &str) -> Result<Option<String>> {
        let row = sqlx::query("SELECT value FROM desk_config WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| row.try_get("value"))
            .transpose()
            .map_err(Error::from)
    }

    /// Stores a JSON configuration document.
    pub async fn put_desk_config(&self, key: &str, value: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO desk_config (key, value, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Staff who can answer tickets (agents and admins), with their desk settings; those never
    /// configured are available, in no group, named after their e-mail.
    pub async fn agents(&self) -> Result<Vec<AgentRow>> {
        let rows = sqlx::query(
            "SELECT u.id AS id, u.email AS email, u.role AS role, a.display_name AS display_name, \
             a.groups AS groups, a.available AS available FROM users u \
             LEFT JOIN agents a ON a.user_id = u.id WHERE u.role IN ('agent', 'admin') ORDER BY u.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let email: String = row.try_get("email")?;
                let name: Option<String> = row.try_get("display_name")?;
                let groups: Option<String> = row.try_get("groups")?;
                let available: Option<i64> = row.try_get("available")?;
                Ok(AgentRow {
                    user_id: row.try_get("id")?,
                    display_name: name
                        .unwrap_or_else(|| email.split('@').next().unwrap_or(&email).to_owned()),
                    email,
                    role: row.try_get("role")?,
                    groups: match groups {
                        Some(text) => from_json("agents.groups", &text)?,
                        None => Vec::new(),
                    },
                    available: available.is_none_or(|a| a != 0),
                })
            })
            .collect()
    }

    /// Creates or replaces an agent's desk settings.
    pub async fn upsert_agent(
        &self,
        user_id: i64,
        display_name: &str,
        groups: &[String],
        available: bool,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO agents (user_id, display_name, groups, available, updated_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET \
             display_name = excluded.display_name, groups = excluded.groups, \
             available = excluded.available, updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(display_name)
        .bind(to_json(&groups))
        .bind(i64::from(available))
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// All macros by name.
    pub async fn macros(&self) -> Result<Vec<MacroRow>> {
        let rows = sqlx::query("SELECT id, name, definition FROM macros ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(macro_from_row).collect()
    }

    /// One macro.
    pub async fn macro_by_id(&self, id: i64) -> Result<Option<MacroRow>> {
        let row = sqlx::query("SELECT id, name, definition FROM macros WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(macro_from_row).transpose()
    }

    /// Creates a macro (`Conflict` when the name is taken).
    pub async fn create_macro(&self, name: &str, definition: &Macro) -> Result<MacroRow> {
        let now = now_ms();
        let row = sqlx::query(
            "INSERT INTO macros (name, definition, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) RETURNING id, name, definition",
        )
        .bind(name)
        .bind(to_json(definition))
        .bind(now)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "macro name"))?;
        macro_from_row(&row)
    }

    /// Replaces a macro.
    pub async fn update_macro(&self, id: i64, name: &str, definition: &Macro) -> Result<MacroRow> {
        let row = sqlx::query(
            "UPDATE macros SET name = $2, definition = $3, updated_at = $4 WHERE id = $1 \
             RETURNING id, name, definition",
        )
        .bind(id)
        .bind(name)
        .bind(to_json(definition))
        .bind(now_ms())
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "macro name"))?;
        match row {
            Some(row) => macro_from_row(&row),
            None => Err(Error::NotFound(crate::Entity::Macro(id))),
        }
    }

    /// Deletes a macro.
    pub async fn delete_macro(&self, id: i64) -> Result<()> {
        let done = sqlx::query("DELETE FROM macros WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::NotFound(crate::Entity::Macro(id)));
        }
        Ok(())
    }
}

fn macro_from_row(row: &AnyRow) -> Result<MacroRow> {
    Ok(MacroRow {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        definition: from_json(
            "macros.definition",
            &row.try_get::<String, _>("definition")?,
        )?,
    })
}
