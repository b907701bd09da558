//! Tickets, their conversation messages and their event history (status changes, escalations,
//! assignments).
//!
//! Message ids are the cursor the widget's SSE stream resumes from (`Last-Event-ID`), so every
//! write of a message to a ticket first takes that ticket's row lock (the `UPDATE` of
//! `updated_at`): writers of one ticket are serialised, and a message with a higher id never
//! becomes visible before one with a lower id of the same ticket. On SQLite `BEGIN IMMEDIATE`
//! serialises all writers anyway.

use ayuda_api::{Author, Level, Rating, Status, Tier, Word};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use crate::{Error, Result, Store, from_json, now_ms, random_public_id, to_json};

/// A stored ticket.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticket {
    pub id: i64,
    pub site: String,
    /// The random, unguessable id the widget uses (32 hex characters).
    pub public_id: String,
    pub visitor_id: Option<String>,
    /// The host app's user id, for identified users.
    pub user_id: Option<String>,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub subject: String,
    pub category: Option<String>,
    pub level: Level,
    pub tier: Tier,
    pub status: Status,
    pub group_key: Option<String>,
    pub assignee_id: Option<i64>,
    pub tags: Vec<String>,
    /// Page URL, route, browser, OS, screen, locale, time zone, app version (a JSON object).
    pub environment: serde_json::Value,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub solved_at: Option<i64>,
    /// Where it came from: `widget`, `api`, …
    pub channel: String,
    pub locale: String,
    /// The host app's user attributes (a JSON object of strings).
    pub user_attributes: serde_json::Value,
    pub sla: SlaFields,
    pub reopened: i64,
    pub agent_replies: i64,
    pub handle_seconds: i64,
    pub csat_rating: Option<Rating>,
    pub csat_comment: Option<String>,
    pub csat_at: Option<i64>,
    /// The last message id the requester has seen.
    pub user_read_id: i64,
    /// The ticket it was merged into (it is closed).
    pub merged_into: Option<i64>,
    /// Snoozed: pending until then, then open again.
    pub snoozed_until: Option<i64>,
}

/// A ticket's SLA bookkeeping, computed by the server with `ayuda_desk::SlaClock` after every
/// change and kept on the row so the inbox can sort and filter on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlaFields {
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    /// The earliest running due instant.
    pub next_due: Option<i64>,
    /// When the running clock becomes "due soon".
    pub due_soon_at: Option<i64>,
    /// Bit 1: first response breached; bit 2: resolution breached. Bits are only ever added.
    pub breached: i64,
}

impl Ticket {
    /// The SLA bookkeeping as `ayuda_desk` reads it ("breached", "due soon").
    pub fn sla_marks(&self) -> ayuda_desk::SlaMarks {
        ayuda_desk::SlaMarks {
            status: self.status,
            first_response_at: self.first_response_at,
            first_response_due: self.sla.first_response_due,
            next_due: self.sla.next_due,
            due_soon_at: self.sla.due_soon_at,
            breached: self.sla.breached,
        }
    }
}

/// A new ticket and its first message (written by the user).
#[derive(Clone, Debug, PartialEq)]
pub struct NewTicket {
    pub site: String,
    pub visitor_id: Option<String>,
    pub user_id: Option<String>,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub subject: String,
    pub category: Option<String>,
    pub level: Level,
    pub tier: Tier,
    pub status: Status,
    pub group_key: Option<String>,
    pub assignee_id: Option<i64>,
    pub tags: Vec<String>,
    pub environment: serde_json::Value,
    /// The first message's body ("what were you trying to do", "what happened").
    pub body: String,
    pub channel: String,
    pub locale: String,
    pub user_attributes: serde_json::Value,
    /// Public ids of attachments uploaded by `attachment_owner`, claimed by the first message.
    pub attachments: Vec<String>,
    /// Who uploaded them: `v:VISITOR` or `u:USER`.
    pub attachment_owner: String,
}

/// One message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Grows with every message: the SSE cursor.
    pub id: i64,
    pub ticket_id: i64,
    pub author_kind: Author,
    /// The visitor/user id, or the staff user's id, as text; `None` for bots and the system.
    pub author_id: Option<String>,
    /// Plain text as typed, stored verbatim (never HTML).
    pub body: String,
    /// An internal note: agents see it, the user never does.
    pub internal: bool,
    pub created_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewMessage {
    pub author_kind: Author,
    pub author_id: Option<String>,
    pub body: String,
    pub internal: bool,
    /// Public ids of attachments uploaded by `attachment_owner` and not yet used.
    pub attachments: Vec<String>,
    pub attachment_owner: String,
    /// Agent working time to add to the ticket's handle time.
    pub handle_seconds: i64,
}

impl NewMessage {
    /// A message without attachments or handle time.
    pub fn text(author_kind: Author, author_id: Option<String>, body: impl Into<String>) -> Self {
        NewMessage {
            author_kind,
            author_id,
            body: body.into(),
            internal: false,
            attachments: Vec::new(),
            attachment_owner: String::new(),
            handle_seconds: 0,
        }
    }
}

/// One entry of a ticket's history.
#[derive(Clone, Debug, PartialEq)]
pub struct TicketEvent {
    pub id: i64,
    pub ticket_id: i64,
    /// `created`, `status`, `escalated`, `assigned`, …
    pub kind: String,
    pub detail: serde_json::Value,
    pub created_at: i64,
}

/// A vocabulary column (`status`, `level`…) read back; an unknown word is corruption.
pub(crate) fn parse_word<T: Word>(column: &'static str, text: &str) -> Result<T> {
    T::parse(text).ok_or_else(|| Error::Corrupt {
        column,
        source: <serde_json::Error as serde::de::Error>::custom(format!(
            "unknown {} {text:?}",
            T::FAMILY
        )),
    })
}

pub(crate) fn parse_json(column: &'static str, text: &str) -> Result<serde_json::Value> {
    serde_json::from_str(text).map_err(|source| Error::Corrupt { column, source })
}

pub(crate) const TICKET_COLUMNS: &str = "id, site, public_id, visitor_id, user_id, name, email, company, \
    subject, category, level, tier, status, group_key, assignee_id, tags, environment, \
    created_at, updated_at, first_response_at, solved_at, channel, locale, user_attributes, \
    first_response_due, resolution_due, next_due, due_soon_at, sla_breached, reopened, \
    agent_replies, handle_seconds, csat_rating, csat_comment, csat_at, user_read_id, \
    merged_into, snoozed_until";

const MESSAGE_COLUMNS: &str = "id, ticket_id, author_kind, author_id, body, internal, created_at";

pub(crate) fn ticket_from_row(row: &AnyRow) -> Result<Ticket> {
    Ok(Ticket {
        id: row.try_get("id")?,
        site: row.try_get("site")?,
        public_id: row.try_get("public_id")?,
        visitor_id: row.try_get("visitor_id")?,
        user_id: row.try_get("user_id")?,
        name: row.try_get("name")?,
        email: row.try_get("email")?,
        company: row.try_get("company")?,
        subject: row.try_get("subject")?,
        category: row.try_get("category")?,
        level: parse_word("tickets.level", &row.try_get::<String, _>("level")?)?,
        tier: parse_word("tickets.tier", &row.try_get::<String, _>("tier")?)?,
        status: parse_word("tickets.status", &row.try_get::<String, _>("status")?)?,
        group_key: row.try_get("group_key")?,
        assignee_id: row.try_get("assignee_id")?,
        tags: from_json("tickets.tags", &row.try_get::<String, _>("tags")?)?,
        environment: parse_json(
            "tickets.environment",
            &row.try_get::<String, _>("environment")?,
        )?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        first_response_at: row.try_get("first_response_at")?,
        solved_at: row.try_get("solved_at")?,
        channel: row.try_get("channel")?,
        locale: row.try_get("locale")?,
        user_attributes: parse_json(
            "tickets.user_attributes",
            &row.try_get::<String, _>("user_attributes")?,
        )?,
        sla: SlaFields {
            first_response_due: row.try_get("first_response_due")?,
            resolution_due: row.try_get("resolution_due")?,
            next_due: row.try_get("next_due")?,
            due_soon_at: row.try_get("due_soon_at")?,
            breached: row.try_get("sla_breached")?,
        },
        reopened: row.try_get("reopened")?,
        agent_replies: row.try_get("agent_replies")?,
        handle_seconds: row.try_get("handle_seconds")?,
        csat_rating: row
            .try_get::<Option<String>, _>("csat_rating")?
            .map(|word| parse_word("tickets.csat_rating", &word))
            .transpose()?,
        csat_comment: row.try_get("csat_comment")?,
        csat_at: row.try_get("csat_at")?,
        user_read_id: row.try_get("user_read_id")?,
        merged_into: row.try_get("merged_into")?,
        snoozed_until: row.try_get("snoozed_until")?,
    })
}

fn message_from_row(row: &AnyRow) -> Result<Message> {
    let kind: String = row.try_get("author_kind")?;
    let author_kind = Author::parse(&kind).ok_or_else(|| Error::Corrupt {
        column: "ticket_messages.author_kind",
        source: <serde_json::Error as serde::de::Error>::custom(format!(
            "unknown author kind {kind:?}"
        )),
    })?;
    Ok(Message {
        id: row.try_get("id")?,
        ticket_id: row.try_get("ticket_id")?,
        author_kind,
        author_id: row.try_get("author_id")?,
        body: row.try_get("body")?,
        internal: row.try_get::<i64, _>("internal")? != 0,
        created_at: row.try_get("created_at")?,
    })
}

async fn insert_message(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    new: &NewMessage,
    at: i64,
) -> Result<Message> {
    let row = sqlx::query(&format!(
        "INSERT INTO ticket_messages (ticket_id, author_kind, author_id, body, internal, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {MESSAGE_COLUMNS}"
    ))
    .bind(ticket_id)
    .bind(new.author_kind.as_str())
    .bind(new.author_id.as_deref())
    .bind(&new.body)
    .bind(i64::from(new.internal))
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    let message = message_from_row(&row)?;
    crate::attachments::claim_attachments(
        tx,
        &new.attachments,
        &new.attachment_owner,
        ticket_id,
        message.id,
    )
    .await?;
    Ok(message)
}

pub(crate) async fn insert_event(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    kind: &str,
    detail: &serde_json::Value,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO ticket_events (ticket_id, kind, detail, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(ticket_id)
    .bind(kind)
    .bind(detail.to_string())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Bumps `updated_at` (and, when given, a still-empty `first_response_at`), which also takes
/// the ticket's row lock until the transaction ends. `NotFound` when there is no such ticket.
pub(crate) async fn touch(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    at: i64,
    first_response: Option<i64>,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE tickets SET updated_at = $2, first_response_at = COALESCE(first_response_at, $3) \
         WHERE id = $1",
    )
    .bind(ticket_id)
    .bind(at)
    .bind(first_response)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotFound(crate::Entity::Ticket(ticket_id)));
    }
    Ok(())
}

/// What is stored with a new ticket besides it ([`Store::file_ticket`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filing {
    /// When it was filed (`created_at`, Unix ms).
    pub at: i64,
    /// The SLA fields of the new ticket.
    pub sla: Option<SlaFields>,
    /// Messages posted with it, after the user's first one (the automatic first reply).
    pub replies: Vec<NewMessage>,
}

impl Filing {
    /// Nothing but the time.
    pub fn at(at: i64) -> Filing {
        Filing {
            at,
            ..Filing::default()
        }
    }
}

/// What posting a message also does to its ticket ([`Store::post_message`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageEffects {
    /// The ticket's new status, when the message changes it.
    pub status: Option<Status>,
    /// The SLA fields of the ticket as it is after the message.
    pub sla: Option<SlaFields>,
    /// The newest message the author had seen: a newer message by the user or by another
    /// agent holds this one ([`Error::NewerMessages`]), checked inside the transaction.
    pub seen_up_to: Option<i64>,
}

/// Sets a ticket's status inside `tx`, recording a `status` event `{from, to}` when it
/// changes. Solving sets `solved_at`; closing keeps it; any other status (a reopen) clears it.
async fn change_status(
    tx: &mut Transaction<'_, Any>,
    ticket_id: i64,
    status: Status,
    at: i64,
) -> Result<()> {
    let stored: String = sqlx::query("SELECT status FROM tickets WHERE id = $1")
        .bind(ticket_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("status")?;
    let from: Status = parse_word("tickets.status", &stored)?;
    let to = status.as_str();
    if from == status {
        return Ok(());
    }
    let solved_at = match status {
        Status::Solved => "$3",
        Status::Closed => "solved_at",
        Status::New | Status::Open | Status::Pending => "NULL",
    };
    // Leaving solved for anything but closed is a reopen.
    let reopened = i64::from(from == Status::Solved && status != Status::Closed);
    let sql = format!(
        "UPDATE tickets SET status = $2, solved_at = {solved_at}, \
         reopened = reopened + {reopened} WHERE id = $1"
    );
    let mut update = sqlx::query(&sql).bind(ticket_id).bind(to);
    if status == Status::Solved {
        update = update.bind(at);
    }
    update.execute(&mut **tx).await?;
    let detail = serde_json::json!({ "from": from.as_str(), "to": to });
    insert_event(tx, ticket_id, "status", &detail, at).await
}

/// The ticket as `tx` sees it.
pub(crate) async fn ticket_in(tx: &mut Transaction<'_, Any>, ticket_id: i64) -> Result<Ticket> {
    let row = sqlx::query(&format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1"
    ))
    .bind(ticket_id)
    .fetch_one(&mut **tx)
    .await?;
    ticket_from_row(&row)
}

impl Store {
    /// Creates a ticket with its first message (by the user) and a `created` event, all in one
    /// transaction: when this returns, all three are durable.
    pub async fn create_ticket(&self, new: &NewTicket) -> Result<Ticket> {
        self.file_ticket(new, &Filing::at(now_ms())).await
    }

    /// Files a ticket: the ticket, its first message (with its attachments), the `created`
    /// event, its SLA fields and the replies posted at once (the automatic first reply), all
    /// in **one transaction** — when this returns, all of it is durable, and a failure stores
    /// none of it.
    pub async fn file_ticket(&self, new: &NewTicket, filing: &Filing) -> Result<Ticket> {
        let now = filing.at;
        let mut tx = self.begin().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO tickets (site, public_id, visitor_id, user_id, name, email, company, \
             subject, category, level, tier, status, group_key, assignee_id, tags, environment, \
             created_at, updated_at, channel, locale, user_attributes) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, \
             $18, $19, $20) \
             RETURNING {TICKET_COLUMNS}"
        ))
        .bind(&new.site)
        .bind(random_public_id())
        .bind(new.visitor_id.as_deref())
        .bind(new.user_id.as_deref())
        .bind(&new.name)
        .bind(&new.email)
        .bind(new.company.as_deref())
        .bind(&new.subject)
        .bind(new.category.as_deref())
        .bind(new.level.as_str())
        .bind(new.tier.as_str())
        .bind(new.status.as_str())
        .bind(new.group_key.as_deref())
        .bind(new.assignee_id)
        .bind(to_json(&new.tags))
        .bind(new.environment.to_string())
        .bind(now)
        .bind(&new.channel)
        .bind(&new.locale)
        .bind(new.user_attributes.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| Error::conflict_on_unique(e, "ticket public id"))?;
        let ticket = ticket_from_row(&row)?;
        let first = NewMessage {
            attachments: new.attachments.clone(),
            attachment_owner: new.attachment_owner.clone(),
            ..NewMessage::text(
                Author::User,
                new.user_id.clone().or_else(|| new.visitor_id.clone()),
                new.body.clone(),
            )
        };
        insert_message(&mut tx, ticket.id, &first, now).await?;
        let detail = serde_json::json!({
            "level": new.level.as_str(),
            "tier": new.tier.as_str(),
            "status": new.status.as_str(),
        });
        insert_event(&mut tx, ticket.id, "created", &detail, now).await?;
        if let Some(sla) = &filing.sla {
            write_sla(&mut tx, ticket.id, sla).await?;
        }
        for reply in &filing.replies {
            insert_message(&mut tx, ticket.id, reply, now).await?;
        }
        let ticket = ticket_in(&mut tx, ticket.id).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// A ticket by its internal id.
    pub async fn ticket(&self, id: i64) -> Result<Option<Ticket>> {
        let row = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(ticket_from_row).transpose()
    }

    /// A ticket by the public id the widget knows. The caller still checks that the visitor or
    /// user asking owns it.
    pub async fn ticket_by_public_id(&self, public_id: &str) -> Result<Option<Ticket>> {
        let row = sqlx::query(&format!(
            "SELECT {TICKET_COLUMNS} FROM tickets WHERE public_id = $1"
        ))
        .bind(public_id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(ticket_from_row).transpose()
    }

    /// Adds a message to a ticket and bumps its `updated_at`; the first public agent message
    /// sets `first_response_at` (once). Status changes are the caller's (see
    /// [`Store::set_status`]).
    pub async fn add_message(&self, ticket_id: i64, new: &NewMessage) -> Result<Message> {
        let (message, _) = self
            .post_message(ticket_id, new, &MessageEffects::default(), now_ms())
            .await?;
        Ok(message)
    }

    /// Posts a message and what it does to its ticket — the status change (with its `status`
    /// event), the SLA fields computed for the ticket after it — in **one transaction**: the
    /// message is never stored without its status change, nor the other way round. Returns
    /// the message and the ticket as stored.
    pub async fn post_message(
        &self,
        ticket_id: i64,
        new: &NewMessage,
        effects: &MessageEffects,
        at: i64,
    ) -> Result<(Message, Ticket)> {
        let public_agent = new.author_kind == Author::Agent && !new.internal;
        let first_response = public_agent.then_some(at);
        let mut tx = self.begin().await?;
        // The ticket's row is written first: concurrent posts on one ticket wait here, so the
        // check below sees every message stored before this one.
        touch(&mut tx, ticket_id, at, first_response).await?;
        if let Some(seen) = effects.seen_up_to {
            let newer: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM ticket_messages WHERE ticket_id = $1 AND id > $2 \
                 AND author_kind IN ('user', 'agent') \
                 AND NOT (author_kind = $3 AND COALESCE(author_id, '') = COALESCE($4, ''))",
            )
            .bind(ticket_id)
            .bind(seen)
            .bind(new.author_kind.as_str())
            .bind(new.author_id.as_deref())
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            if newer > 0 {
                return Err(Error::NewerMessages {
                    ticket: ticket_id,
                    count: newer,
                });
            }
        }
        let message = insert_message(&mut tx, ticket_id, new, at).await?;
        if public_agent || new.handle_seconds > 0 {
            sqlx::query(
                "UPDATE tickets SET agent_replies = agent_replies + $2, \
                 handle_seconds = handle_seconds + $3 WHERE id = $1",
            )
            .bind(ticket_id)
            .bind(i64::from(public_agent))
            .bind(new.handle_seconds.max(0))
            .execute(&mut *tx)
            .await?;
        }
        if let Some(status) = effects.status {
            change_status(&mut tx, ticket_id, status, at).await?;
        }
        if let Some(sla) = &effects.sla {
            write_sla(&mut tx, ticket_id, sla).await?;
        }
        let ticket = ticket_in(&mut tx, ticket_id).await?;
        tx.commit().await?;
        Ok((message, ticket))
    }

    /// The ticket's messages with an id above `after_id`, oldest first, at most `limit`
    /// (`after_id = 0` starts at the beginning). Internal notes only with `include_internal`.
    pub async fn messages_after(
        &self,
        ticket_id: i64,
        after_id: i64,
        include_internal: bool,
        limit: i64,
    ) -> Result<Vec<Message>> {
        let internal = if include_internal {
            ""
        } else {
            " AND internal = 0"
        };
        let rows = sqlx::query(&format!(
            "SELECT {MESSAGE_COLUMNS} FROM ticket_messages \
             WHERE ticket_id = $1 AND id > $2{internal} ORDER BY id LIMIT $3"
        ))
        .bind(ticket_id)
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(message_from_row).collect()
    }

    /// Changes a ticket's status at `at`, recording a `status` event `{from, to}`. Solving
    /// sets `solved_at`; closing keeps it; any other status (a reopen) clears it. Setting the
    /// status the ticket already has changes nothing. Whether the change is allowed is
    /// `ayuda_desk::Status::apply`'s business, not the store's.
    pub async fn set_status(&self, ticket_id: i64, status: Status, at: i64) -> Result<Ticket> {
        let mut tx = self.begin().await?;
        touch(&mut tx, ticket_id, at, None).await?;
        change_status(&mut tx, ticket_id, status, at).await?;
        let ticket = ticket_in(&mut tx, ticket_id).await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// A ticket's history, oldest first.
    pub async fn ticket_events(&self, ticket_id: i64) -> Result<Vec<TicketEvent>> {
        let rows = sqlx::query(
            "SELECT id, ticket_id, kind, detail, created_at FROM ticket_events \
             WHERE ticket_id = $1 ORDER BY id",
        )
        .bind(ticket_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(TicketEvent {
                    id: row.try_get("id")?,
                    ticket_id: row.try_get("ticket_id")?,
                    kind: row.try_get("kind")?,
                    detail: parse_json(
                        "ticket_events.detail",
                        &row.try_get::<String, _>("detail")?,
                    )?,
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }
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
