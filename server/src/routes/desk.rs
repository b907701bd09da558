//! The agents' side of the help desk (staff tokens): the inbox, a ticket with its customer's
//! history, replies and internal notes, status, assignment, tags, escalation, macros, routing
//! rules, agents, support settings and metrics.
//!
//! Agents and admins work tickets; configuration (routing rules, macros, support settings,
//! agents' groups) is for admins. Editors write articles and see no tickets.

use std::collections::HashMap;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use ayuda_api::{EscalateInput, NewMessageInput, Role, TicketPatch};
use ayuda_desk::{Level, Macro, Rule, SlaState, Status, TicketRecord, Tier};
use ayuda_store::{
    AgentRow, AuthorKind, InboxFilter, InboxSort, Message, NewMessage, SlaFilter, Ticket,
    TicketChanges,
};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::auth::Staff;
use crate::desk::{self, attachments, settings, settings::DeskSettings};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::routes::events;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/tickets", get(inbox))
        .route("/tickets/{id}", get(detail).patch(patch))
        .route("/tickets/{id}/messages", post(reply))
        .route("/tickets/{id}/escalate", post(escalate))
        .route("/tickets/{id}/macros/{macro_id}", post(apply_macro))
        .route("/tickets/{id}/typing", post(typing))
        .route("/tickets/{id}/events", get(stream))
        .route("/attachments/{file}", get(download))
        .route("/macros", get(macros).post(create_macro))
        .route("/macros/{id}", put(update_macro).delete(delete_macro))
        .route("/desk/routing", get(routing).put(put_routing))
        .route(
            "/desk/settings/{site}",
            get(site_settings).put(put_site_settings),
        )
        .route("/desk/secret/{site}", get(site_secret))
        .route("/agents", get(agents))
        .route("/agents/{id}", put(put_agent))
        .route("/metrics", get(metrics))
}

fn require_desk(staff: &Staff) -> AppResult<()> {
    staff.require(
        matches!(staff.role, Role::Agent | Role::Admin),
        "work tickets (agents and admins only)",
    )
}

/// SLA as agents see it.
#[derive(Serialize)]
pub struct StaffSla {
    pub first_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub next_due: Option<i64>,
    /// `ok` | `due_soon` | `breached`, now.
    pub state: SlaState,
    pub first_response_breached: bool,
    pub resolution_breached: bool,
}

#[derive(Serialize)]
pub struct StaffTicket {
    pub id: i64,
    pub public_id: String,
    pub site: String,
    pub subject: String,
    pub status: Status,
    pub level: Level,
    pub tier: Tier,
    pub group: Option<String>,
    pub assignee_id: Option<i64>,
    pub tags: Vec<String>,
    pub category: Option<String>,
    pub channel: String,
    pub locale: String,
    pub name: String,
    pub email: String,
    pub company: Option<String>,
    pub user_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub first_response_at: Option<i64>,
    pub solved_at: Option<i64>,
    pub reopened: i64,
    pub agent_replies: i64,
    pub handle_seconds: i64,
    pub sla: StaffSla,
    pub csat: Option<serde_json::Value>,
}

pub fn staff_ticket(ticket: &Ticket) -> StaffTicket {
    let now = ayuda_store::now_ms();
    let sla = ticket.sla;
    let running_breach = ticket.status.is_unsolved() && sla.next_due.is_some_and(|d| d <= now);
    let state = if sla.breached != 0 && ticket.status.is_unsolved() || running_breach {
        SlaState::Breached
    } else if sla.due_soon_at.is_some_and(|d| d <= now) && ticket.status.is_unsolved() {
        SlaState::DueSoon
    } else {
        SlaState::Ok
    };
    StaffTicket {
        id: ticket.id,
        public_id: ticket.public_id.clone(),
        site: ticket.site.clone(),
        subject: ticket.subject.clone(),
        status: ticket.status,
        level: ticket.level,
        tier: ticket.tier,
        group: ticket.group_key.clone(),
        assignee_id: ticket.assignee_id,
        tags: ticket.tags.clone(),
        category: ticket.category.clone(),
        channel: ticket.channel.clone(),
        locale: ticket.locale.clone(),
        name: ticket.name.clone(),
        email: ticket.email.clone(),
        company: ticket.company.clone(),
        user_id: ticket.user_id.clone(),
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
        first_response_at: ticket.first_response_at,
        solved_at: ticket.solved_at,
        reopened: ticket.reopened,
        agent_replies: ticket.agent_replies,
        handle_seconds: ticket.handle_seconds,
        sla: StaffSla {
            first_response_due: sla.first_response_due,
            resolution_due: sla.resolution_due,
            next_due: sla.next_due,
            state,
            first_response_breached: sla.breached & 1 != 0
                || ticket.first_response_at.is_none()
                    && ticket.status.is_unsolved()
                    && sla.first_response_due.is_some_and(|d| d <= now),
            resolution_breached: sla.breached & 2 != 0,
        },
        csat: ticket.csat_rating.as_ref().map(|rating| {
            serde_json::json!({
                "rating": rating, "comment": ticket.csat_comment, "at": ticket.csat_at
            })
        }),
    }
}

#[derive(Serialize)]
pub struct StaffMessage {
    pub id: i64,
    pub author: String,
    pub author_id: Option<String>,
    pub author_name: Option<String>,
    pub body: String,
    pub internal: bool,
    pub attachments: Vec<ayuda_api::AttachmentInfo>,
    pub created_at: i64,
}

pub async fn staff_messages(
    state: &AppState,
    ticket: &Ticket,
    messages: &[Message],
) -> AppResult<Vec<StaffMessage>> {
    let files = state.store.ticket_attachments(ticket.id).await?;
    let names = desk::agent_names(state).await?;
    Ok(messages
        .iter()
        .map(|m| StaffMessage {
            id: m.id,
            author: m.author_kind.as_str().to_owned(),
            author_id: m.author_id.clone(),
            author_name: match m.author_kind {
                AuthorKind::Agent => m.author_id.as_ref().and_then(|id| names.get(id)).cloned(),
                AuthorKind::User => Some(ticket.name.clone()),
                _ => None,
            },
            body: m.body.clone(),
            internal: m.internal,
            attachments: files
                .iter()
                .filter(|f| f.message_id == Some(m.id))
                .map(|f| {
                    let mut info = desk::attachment_info(&ticket.site, None, f);
                    info.url = format!("/api/v1/attachments/{}", f.public_id);
                    info
                })
                .collect(),
            created_at: m.created_at,
        })
        .collect())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InboxQuery {
    /// Comma-separated statuses; default the unsolved ones (new, open, pending).
    status: Option<String>,
    level: Option<String>,
    tier: Option<String>,
    group: Option<String>,
    /// An agent id, `me` or `none`.
    assignee: Option<String>,
    site: Option<String>,
    tag: Option<String>,
    /// `breached` | `due_soon`.
    sla: Option<String>,
    q: Option<String>,
    /// `sla` (default) | `newest` | `oldest` | `updated`.
    sort: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Serialize)]
struct InboxPage {
    tickets: Vec<StaffTicket>,
    total: i64,
    page: i64,
    per_page: i64,
}

async fn inbox(
    staff: Staff,
    State(state): State<AppState>,
    AppQuery(query): AppQuery<InboxQuery>,
) -> AppResult<AppJson<InboxPage>> {
    require_desk(&staff)?;
    let statuses = match query.status.as_deref() {
        None | Some("") => vec![Status::New, Status::Open, Status::Pending],
        Some("all") => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|s| desk::parse_status(s.trim()))
            .collect::<AppResult<_>>()?,
    };
    let assignee = match query.assignee.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(staff.user.id)),
        Some(id) => Some(Some(id.parse::<i64>().map_err(|_| {
            AppError::invalid("assignee must be an agent id, me or none")
        })?)),
    };
    let sla = match query.sla.as_deref() {
        None => None,
        Some("breached") => Some(SlaFilter::Breached),
        Some("due_soon") => Some(SlaFilter::DueSoon),
        Some(_) => return Err(AppError::invalid("sla must be breached or due_soon")),
    };
    let sort = match query.sort.as_deref() {
        None | Some("sla") => InboxSort::SlaDue,
        Some("newest") => InboxSort::Newest,
        Some("oldest") => InboxSort::Oldest,
        Some("updated") => InboxSort::Updated,
        Some(_) => {
            return Err(AppError::invalid(
                "sort must be sla, newest, oldest or updated",
            ));
        }
    };
    let per_page = query.per_page.unwrap_or(25);
    let page = query.page.unwrap_or(1);
    if !(1..=100).contains(&per_page) || !(1..=10_000).contains(&page) {
        return Err(AppError::invalid("per_page must be 1–100 and page 1–10000"));
    }
    let text = desk::text_field(query.q.as_deref(), "q", 200)?;
    for (value, what) in [
        (&query.group, "group"),
        (&query.tag, "tag"),
        (&query.site, "site"),
    ] {
        if let Some(value) = value {
            desk::validate_key(value, what)?;
        }
    }
    let filter = InboxFilter {
        statuses,
        level: query.level.as_deref().map(desk::parse_level).transpose()?,
        tier: query.tier.as_deref().map(desk::parse_tier).transpose()?,
        group: query.group,
        assignee,
        site: query.site,
        tag: query.tag,
        sla,
        text,
        sort,
        limit: per_page,
        offset: (page - 1) * per_page,
    };
    let (tickets, total) = state.store.inbox(&filter, ayuda_store::now_ms()).await?;
    Ok(AppJson(InboxPage {
        tickets: tickets.iter().map(staff_ticket).collect(),
        total,
        page,
        per_page,
    }))
}

async fn load(state: &AppState, id: i64) -> AppResult<Ticket> {
    state
        .store
        .ticket(id)
        .await?
        .ok_or_else(|| AppError::not_found("no such ticket"))
}

#[derive(Serialize)]
struct Customer {
    name: String,
    email: String,
    company: Option<String>,
    user_id: Option<String>,
    visitor_id: Option<String>,
    attributes: serde_json::Value,
    environment: serde_json::Value,
    /// Their other tickets, newest first.
    tickets: Vec<StaffTicket>,
}

#[derive(Serialize)]
struct EventView {
    kind: String,
    detail: serde_json::Value,
    created_at: i64,
}

#[derive(Serialize)]
struct Detail {
    ticket: StaffTicket,
    messages: Vec<StaffMessage>,
    events: Vec<EventView>,
    customer: Customer,
}

async fn detail_of(state: &AppState, ticket: &Ticket) -> AppResult<Detail> {
    let messages = state
        .store
        .messages_after(ticket.id, 0, true, 10_000)
        .await?;
    let events = state.store.ticket_events(ticket.id).await?;
    let history = state.store.customer_tickets(ticket, 50).await?;
    Ok(Detail {
        ticket: staff_ticket(ticket),
        messages: staff_messages(state, ticket, &messages).await?,
        events: events
            .into_iter()
            .map(|e| EventView {
                kind: e.kind,
                detail: e.detail,
                created_at: e.created_at,
            })
            .collect(),
        customer: Customer {
            name: ticket.name.clone(),
            email: ticket.email.clone(),
            company: ticket.company.clone(),
            user_id: ticket.user_id.clone(),
            visitor_id: ticket.visitor_id.clone(),
            attributes: ticket.user_attributes.clone(),
            environment: ticket.environment.clone(),
            tickets: history.iter().map(staff_ticket).collect(),
        },
    })
}

async fn detail(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<AppJson<Detail>> {
    require_desk(&staff)?;
    let ticket = load(&state, id).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

/// The tags after adding and removing, normalised and bounded.
fn new_tags(current: &[String], add: &[String], remove: &[String]) -> AppResult<Vec<String>> {
    let mut tags = current.to_vec();
    for tag in add {
        let tag = tag.trim().to_lowercase();
        desk::validate_key(&tag, "tag")?;
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags.retain(|t| !remove.iter().any(|r| r.trim().eq_ignore_ascii_case(t)));
    if tags.len() > 30 {
        return Err(AppError::invalid("at most 30 tags per ticket"));
    }
    Ok(tags)
}

async fn check_assignee(state: &AppState, id: i64) -> AppResult<()> {
    if state.store.agents().await?.iter().any(|a| a.user_id == id) {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "user {id} is not an agent or admin"
        )))
    }
}

async fn patch(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<TicketPatch>,
) -> AppResult<AppJson<Detail>> {
    require_desk(&staff)?;
    let ticket = load(&state, id).await?;
    // Validate everything before changing anything.
    let status = input
        .status
        .as_deref()
        .map(desk::parse_status)
        .transpose()?;
    let event = match status {
        Some(target) if target != ticket.status => {
            let event = desk::event_for(ticket.status, target)?;
            ticket.status.apply(event)?;
            Some(event)
        }
        _ => None,
    };
    let assignee = match input.assignee_id {
        Some(0) => Some(None),
        Some(agent) => {
            check_assignee(&state, agent).await?;
            Some(Some(agent))
        }
        None => None,
    };
    let group = match input.group.as_deref() {
        Some("") => Some(None),
        Some(group) => {
            desk::validate_key(group, "group")?;
            Some(Some(group.to_owned()))
        }
        None => None,
    };
    let level = input.level.as_deref().map(desk::parse_level).transpose()?;
    let tags = if input.add_tags.is_empty() && input.remove_tags.is_empty() {
        None
    } else {
        Some(new_tags(&ticket.tags, &input.add_tags, &input.remove_tags)?)
    };
    let mut ticket = desk::change(
        &state,
        &ticket,
        &TicketChanges {
            assignee,
            group,
            level,
            tags,
            by: Some(staff.user.id),
            ..TicketChanges::default()
        },
    )
    .await?;
    if let Some(event) = event {
        ticket = desk::apply_event(&state, ticket, event).await?;
    }
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

/// Posts an agent message and applies the status it implies (or the one asked for).
async fn agent_message(
    state: &AppState,
    staff: &Staff,
    ticket: Ticket,
    body: String,
    internal: bool,
    status: Option<Status>,
    handle_seconds: i64,
) -> AppResult<Ticket> {
    let message = NewMessage {
        internal,
        handle_seconds,
        ..NewMessage::text(AuthorKind::Agent, Some(staff.user.id.to_string()), body)
    };
    let (_, ticket) = desk::messages::post(state, &ticket, &message, status).await?;
    Ok(ticket)
}

#[derive(Deserialize)]
struct HandleQuery {
    /// Agent working time to add to the ticket's handle time.
    time_spent_seconds: Option<i64>,
}

async fn reply(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppQuery(handle): AppQuery<HandleQuery>,
    AppJson(input): AppJson<NewMessageInput>,
) -> AppResult<(StatusCode, AppJson<Detail>)> {
    require_desk(&staff)?;
    if !input.attachments.is_empty() {
        return Err(AppError::invalid(
            "agents cannot attach files yet: send the reply as text",
        ));
    }
    let body = desk::check_message(&input.body, &[])?;
    let status = input
        .status
        .as_deref()
        .map(desk::parse_status)
        .transpose()?;
    let ticket = load(&state, id).await?;
    let handle = handle.time_spent_seconds.unwrap_or(0).clamp(0, 24 * 3600);
    let ticket =
        agent_message(&state, &staff, ticket, body, input.internal, status, handle).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(detail_of(&state, &ticket).await?),
    ))
}

async fn escalate(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<EscalateInput>,
) -> AppResult<AppJson<Detail>> {
    require_desk(&staff)?;
    let reason = desk::required(Some(&input.reason), "reason", 2000)?;
    let ticket = load(&state, id).await?;
    let tier = match input.tier.as_deref() {
        Some(text) => {
            let tier = desk::parse_tier(text)?;
            if tier <= ticket.tier {
                return Err(AppError::client(
                    StatusCode::CONFLICT,
                    ayuda_api::ErrorCode::InvalidState,
                    "escalation goes to a higher tier than the ticket's",
                ));
            }
            tier
        }
        None => ticket.tier.escalate()?,
    };
    if ticket.status == Status::Closed {
        return Err(ayuda_desk::Error::ClosedTicket.into());
    }
    let group = match input.group.as_deref() {
        Some(group) => {
            desk::validate_key(group, "group")?;
            Some(group.to_owned())
        }
        None => None,
    };
    // A new group gets its own round-robin pick; otherwise the assignee stays.
    let assignee = match &group {
        Some(g) => Some(desk::pick_agent(&state, Some(g)).await?),
        None => None,
    };
    let ticket = desk::change(
        &state,
        &ticket,
        &TicketChanges {
            tier: Some(tier),
            group: group.map(Some),
            assignee,
            reason: Some(reason.clone()),
            by: Some(staff.user.id),
            ..TicketChanges::default()
        },
    )
    .await?;
    let note = format!("Escalated to {}: {reason}", desk::wire_name(tier));
    let message = NewMessage {
        internal: true,
        ..NewMessage::text(AuthorKind::System, Some(staff.user.id.to_string()), note)
    };
    let (_, ticket) = desk::messages::post(&state, &ticket, &message, None).await?;
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn apply_macro(
    staff: Staff,
    State(state): State<AppState>,
    AppPath((id, macro_id)): AppPath<(i64, i64)>,
) -> AppResult<AppJson<Detail>> {
    require_desk(&staff)?;
    let ticket = load(&state, id).await?;
    let definition = state
        .store
        .macro_by_id(macro_id)
        .await?
        .ok_or_else(|| AppError::not_found("no such macro"))?
        .definition;
    let agents = state.store.agents().await?;
    let agent_name = agents
        .iter()
        .find(|a| a.user_id == staff.user.id)
        .map(|a| a.display_name.clone())
        .unwrap_or_default();
    let first_name = ticket
        .name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    let ticket_id = ticket.id.to_string();
    let values: HashMap<&str, &str> = [
        ("user.name", ticket.name.as_str()),
        ("user.first_name", first_name.as_str()),
        ("user.email", ticket.email.as_str()),
        ("ticket.id", ticket_id.as_str()),
        ("ticket.subject", ticket.subject.as_str()),
        ("agent.name", agent_name.as_str()),
    ]
    .into_iter()
    .collect();
    let reply = definition.render_reply(&values);
    // Validate the field changes before posting anything.
    if let Some(target) = definition.set_status
        && target != ticket.status
    {
        ticket
            .status
            .apply(desk::event_for(ticket.status, target)?)?;
    }
    let tags = if definition.add_tags.is_empty() {
        None
    } else {
        Some(new_tags(&ticket.tags, &definition.add_tags, &[])?)
    };
    let ticket = desk::change(
        &state,
        &ticket,
        &TicketChanges {
            tags,
            level: definition.set_level,
            by: Some(staff.user.id),
            ..TicketChanges::default()
        },
    )
    .await?;
    let ticket = if reply.trim().is_empty() {
        match definition.set_status {
            Some(target) if target != ticket.status => {
                let event = desk::event_for(ticket.status, target)?;
                desk::apply_event(&state, ticket, event).await?
            }
            _ => ticket,
        }
    } else {
        let body = desk::check_message(&reply, &[])?;
        agent_message(
            &state,
            &staff,
            ticket,
            body,
            false,
            definition.set_status,
            0,
        )
        .await?
    };
    Ok(AppJson(detail_of(&state, &ticket).await?))
}

async fn typing(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    require_desk(&staff)?;
    let ticket = load(&state, id).await?;
    let name = desk::agent_names(&state)
        .await?
        .remove(&staff.user.id.to_string());
    state
        .hub
        .publish(
            ticket.id,
            desk::hub::Notice::Typing {
                author: "agent".into(),
                name,
            },
        )
        .await;
    Ok(StatusCode::NO_CONTENT)
}

async fn stream(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    headers: HeaderMap,
    AppQuery(query): AppQuery<events::CursorQuery>,
) -> AppResult<impl IntoResponse> {
    require_desk(&staff)?;
    let ticket = load(&state, id).await?;
    let cursor = events::cursor(&headers, &query);
    Ok(events::stream(
        state,
        ticket,
        events::Audience::Staff,
        cursor,
    ))
}

async fn download(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(file): AppPath<String>,
) -> AppResult<Response> {
    require_desk(&staff)?;
    // Unsent uploads are their uploader's only.
    let meta = attachments::find(&state, &file, |m| m.ticket_id.is_some()).await?;
    attachments::send(&state, &meta).await
}

#[derive(Serialize)]
struct MacroView {
    id: i64,
    name: String,
    #[serde(flatten)]
    definition: Macro,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MacroInput {
    name: String,
    #[serde(flatten)]
    definition: Macro,
}

fn check_macro(input: &MacroInput) -> AppResult<String> {
    let name = desk::required(Some(&input.name), "name", 100)?;
    desk::text_field(Some(&input.definition.reply), "reply", desk::MAX_BODY_CHARS)?;
    new_tags(&[], &input.definition.add_tags, &[])?;
    if input.definition.set_status == Some(Status::New) {
        return Err(AppError::invalid("a macro cannot set a ticket back to new"));
    }
    Ok(name)
}

async fn macros(staff: Staff, State(state): State<AppState>) -> AppResult<AppJson<Vec<MacroView>>> {
    require_desk(&staff)?;
    Ok(AppJson(
        state
            .store
            .macros()
            .await?
            .into_iter()
            .map(|m| MacroView {
                id: m.id,
                name: m.name,
                definition: m.definition,
            })
            .collect(),
    ))
}

async fn create_macro(
    staff: Staff,
    State(state): State<AppState>,
    body: Result<axum::Json<MacroInput>, axum::extract::rejection::JsonRejection>,
) -> AppResult<(StatusCode, AppJson<MacroView>)> {
    staff.require_admin()?;
    let input = body?.0;
    let name = check_macro(&input)?;
    let row = state.store.create_macro(&name, &input.definition).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(MacroView {
            id: row.id,
            name: row.name,
            definition: row.definition,
        }),
    ))
}

async fn update_macro(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    body: Result<axum::Json<MacroInput>, axum::extract::rejection::JsonRejection>,
) -> AppResult<AppJson<MacroView>> {
    staff.require_admin()?;
    let input = body?.0;
    let name = check_macro(&input)?;
    let row = state
        .store
        .update_macro(id, &name, &input.definition)
        .await?;
    Ok(AppJson(MacroView {
        id: row.id,
        name: row.name,
        definition: row.definition,
    }))
}

async fn delete_macro(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    staff.require_admin()?;
    state.store.delete_macro(id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn routing(staff: Staff, State(state): State<AppState>) -> AppResult<AppJson<Vec<Rule>>> {
    require_desk(&staff)?;
    Ok(AppJson(settings::routing_rules(&state).await?))
}

async fn put_routing(
    staff: Staff,
    State(state): State<AppState>,
    AppJson(rules): AppJson<Vec<Rule>>,
) -> AppResult<AppJson<Vec<Rule>>> {
    staff.require_admin()?;
    for rule in &rules {
        if let Some(group) = &rule.actions.group {
            desk::validate_key(group, "group")?;
        }
        if let Some(agent) = rule.actions.assignee {
            check_assignee(&state, agent.0).await?;
        }
        new_tags(&[], &rule.actions.tags, &[])?;
    }
    settings::save_routing_rules(&state, &rules).await?;
    Ok(AppJson(rules))
}

async fn site_settings(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<DeskSettings>> {
    require_desk(&staff)?;
    let site = state.site(&site)?;
    Ok(AppJson(settings::load(&state, &site.key).await?))
}

async fn put_site_settings(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppJson(input): AppJson<DeskSettings>,
) -> AppResult<AppJson<DeskSettings>> {
    staff.require_admin()?;
    let site = state.site(&site)?;
    settings::save(&state, &site.key, &input).await?;
    // Due times of open tickets follow the new hours and targets.
    for id in state.store.unsolved_ticket_ids().await? {
        if let Some(ticket) = state.store.ticket(id).await?
            && ticket.site == site.key
        {
            desk::refresh_sla(&state, ticket).await?;
        }
    }
    Ok(AppJson(input))
}

async fn site_secret(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<serde_json::Value>> {
    staff.require_admin()?;
    let site = state.site(&site)?;
    Ok(AppJson(serde_json::json!({
        "site": site.key,
        "secret": site.secret,
        "user_hash": "hex(HMAC-SHA256(key = secret, message = user_id))",
    })))
}

#[derive(Serialize)]
struct AgentView {
    user_id: i64,
    email: String,
    role: String,
    display_name: String,
    groups: Vec<String>,
    available: bool,
}

impl From<AgentRow> for AgentView {
    fn from(a: AgentRow) -> Self {
        AgentView {
            user_id: a.user_id,
            email: a.email,
            role: a.role,
            display_name: a.display_name,
            groups: a.groups,
            available: a.available,
        }
    }
}

async fn agents(staff: Staff, State(state): State<AppState>) -> AppResult<AppJson<Vec<AgentView>>> {
    require_desk(&staff)?;
    Ok(AppJson(
        state
            .store
            .agents()
            .await?
            .into_iter()
            .map(AgentView::from)
            .collect(),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgentInput {
    display_name: Option<String>,
    groups: Option<Vec<String>>,
    available: Option<bool>,
}

/// Admins set anything; agents only their own name and availability.
async fn put_agent(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<AgentInput>,
) -> AppResult<AppJson<AgentView>> {
    require_desk(&staff)?;
    if staff.role != Role::Admin && (id != staff.user.id || input.groups.is_some()) {
        return Err(AppError::forbidden(
            "change other agents or groups (admins only)",
        ));
    }
    let current = state
        .store
        .agents()
        .await?
        .into_iter()
        .find(|a| a.user_id == id)
        .ok_or_else(|| AppError::not_found("no such agent"))?;
    let name = match input.display_name.as_deref() {
        Some(name) => desk::required(Some(name), "display_name", 100)?,
        None => current.display_name.clone(),
    };
    let groups = match input.groups {
        Some(groups) => {
            if groups.len() > 50 {
                return Err(AppError::invalid("at most 50 groups"));
            }
            for group in &groups {
                desk::validate_key(group, "group")?;
            }
            groups
        }
        None => current.groups.clone(),
    };
    let available = input.available.unwrap_or(current.available);
    state
        .store
        .upsert_agent(id, &name, &groups, available)
        .await?;
    if available {
        // Tickets that arrived while nobody was available get this agent (or another) now.
        desk::assign_waiting(&state).await?;
    }
    Ok(AppJson(AgentView {
        display_name: name,
        groups,
        available,
        ..AgentView::from(current)
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetricsQuery {
    /// First day, `YYYY-MM-DD` (in the site's time zone); default 30 days ago.
    from: Option<String>,
    /// Last day, inclusive; default today.
    to: Option<String>,
    site: Option<String>,
}

#[derive(Serialize)]
struct Metrics {
    from: String,
    to: String,
    time_zone: String,
    /// Unsolved tickets now.
    backlog: i64,
    overall: ayuda_desk::Report,
    by_day: Vec<(String, ayuda_desk::Report)>,
    by_group: Vec<(String, ayuda_desk::Report)>,
    by_agent: Vec<(i64, ayuda_desk::Report)>,
}

pub fn record(ticket: &Ticket) -> TicketRecord {
    let ts = |ms: i64| Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH);
    TicketRecord {
        created: ts(ticket.created_at),
        level: ticket.level,
        channel: ticket.channel.clone(),
        group: ticket.group_key.clone(),
        agent: ticket.assignee_id.map(ayuda_desk::AgentId),
        first_response_at: ticket.first_response_at.map(ts),
        solved_at: ticket.solved_at.map(ts),
        reopened: u32::try_from(ticket.reopened).unwrap_or(0),
        agent_replies: u32::try_from(ticket.agent_replies).unwrap_or(0),
        csat: match ticket.csat_rating.as_deref() {
            Some("good") => Some(ayuda_desk::Rating::Good),
            Some("okay") => Some(ayuda_desk::Rating::Okay),
            Some("bad") => Some(ayuda_desk::Rating::Bad),
            _ => None,
        },
        deflected: false,
        first_response_breached: ticket.sla.breached & 1 != 0
            || matches!((ticket.first_response_at, ticket.sla.first_response_due), (Some(at), Some(due)) if at > due),
        resolution_breached: ticket.sla.breached & 2 != 0,
        handle_time_minutes: u32::try_from(ticket.handle_seconds / 60).unwrap_or(0),
    }
}

async fn metrics(
    staff: Staff,
    State(state): State<AppState>,
    AppQuery(query): AppQuery<MetricsQuery>,
) -> AppResult<AppJson<Metrics>> {
    require_desk(&staff)?;
    let site_key = match &query.site {
        Some(site) => Some(state.site(site)?.key.clone()),
        None => None,
    };
    let settings = settings::load(
        &state,
        site_key.as_deref().unwrap_or(ayuda_store::DEMO_SITE_KEY),
    )
    .await?;
    let hours = settings.business_hours()?;
    let tz = hours.time_zone().clone();
    let today = Timestamp::now().to_zoned(tz.clone()).date();
    let parse = |text: Option<&str>, default: jiff::civil::Date| -> AppResult<jiff::civil::Date> {
        match text {
            Some(t) => t
                .parse::<jiff::civil::Date>()
                .map_err(|_| AppError::invalid("from and to are dates like 2026-11-30")),
            None => Ok(default),
        }
    };
    let from = parse(
        query.from.as_deref(),
        today.saturating_sub(jiff::Span::new().days(30)),
    )?;
    let to = parse(query.to.as_deref(), today)?;
    if to < from || from.until(to).map_or(true, |s| s.get_days() > 3660) {
        return Err(AppError::invalid(
            "to must not be before from, and at most ten years apart",
        ));
    }
    let start = from
        .to_zoned(tz.clone())
        .map_err(|e| AppError::invalid(e.to_string()))?
        .timestamp()
        .as_millisecond();
    let end = to
        .tomorrow()
        .and_then(|d| d.to_zoned(tz.clone()))
        .map_err(|e| AppError::invalid(e.to_string()))?
        .timestamp()
        .as_millisecond();
    let tickets = state
        .store
        .tickets_created_between(start, end, site_key.as_deref())
        .await?;
    let deflections = state
        .store
        .deflections_between(start, end, site_key.as_deref())
        .await?;
    let mut records: Vec<TicketRecord> = tickets.iter().map(record).collect();
    for d in &deflections {
        records.push(TicketRecord {
            created: Timestamp::from_millisecond(d.created_at).unwrap_or(Timestamp::UNIX_EPOCH),
            level: Level::L1,
            channel: "widget".into(),
            group: None,
            agent: None,
            first_response_at: None,
            solved_at: None,
            reopened: 0,
            agent_replies: 0,
            csat: None,
            deflected: true,
            first_response_breached: false,
            resolution_breached: false,
            handle_time_minutes: 0,
        });
    }
    let unsolved = InboxFilter {
        statuses: vec![Status::New, Status::Open, Status::Pending],
        site: site_key.clone(),
        ..InboxFilter::default()
    };
    let backlog = state.store.inbox(&unsolved, ayuda_store::now_ms()).await?.1;
    Ok(AppJson(Metrics {
        from: from.to_string(),
        to: to.to_string(),
        time_zone: settings.hours.time_zone.clone(),
        backlog,
        overall: ayuda_desk::summarize(&records, &hours),
        by_day: ayuda_desk::metrics::summarize_by_day(&records, &hours)
            .into_iter()
            .map(|(d, r)| (d.to_string(), r))
            .collect(),
        by_group: ayuda_desk::metrics::summarize_by_group(&records, &hours)
            .into_iter()
            .collect(),
        by_agent: ayuda_desk::metrics::summarize_by_agent(&records, &hours)
            .into_iter()
            .map(|(a, r)| (a.0, r))
            .collect(),
    }))
}
