//! The help desk on the server: identities, rate limits, real-time fan-out, settings, and the
//! operations both the widget's and the agents' routes perform (file a ticket, post a message,
//! change status, route and assign, keep the SLA fields, the automatic first reply).
//!
//! The rules themselves (workflow, SLA math, routing, round-robin, macros, metrics) are
//! `ayuda_desk`'s pure functions; this module loads their inputs and stores their results.

pub mod attachments;
pub mod hub;
pub mod identity;
pub mod limit;
pub mod messages;
pub mod settings;

use std::collections::{BTreeMap, HashMap};

use axum::http::StatusCode;
use ayuda_api::{
    AttachmentInfo, ErrorCode, NewTicketInput, PublicMessage, PublicThread, PublicTicket,
};
use ayuda_desk::{
    AgentId, Event, Expectation, Impact, Level, RoundRobin, SlaClock, SlaState, Status,
    StatusChange, TicketFacts, Tier,
};
use ayuda_kb::search::SearchQuery;
use ayuda_store::{
    AgentRow, AttachmentMeta, AuthorKind, Message, NewMessage, NewTicket, SlaFields, Ticket,
    TicketChanges,
};
use jiff::{SignedDuration, Timestamp};

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use hub::Notice;
use identity::Requester;
use settings::DeskSettings;

/// At most this many files per message.
pub const MAX_ATTACHMENTS: usize = 5;
/// Longest message body, in characters.
pub const MAX_BODY_CHARS: usize = 20_000;

/// A key (category, group, tag): 1–64 characters of `a-z 0-9 _ - . :`.
pub fn validate_key(key: &str, what: &str) -> AppResult<()> {
    let ok = (1..=64).contains(&key.len())
        && key.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-' | b'.' | b':')
        });
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(format!(
            "{what} must be 1–64 characters of a-z, 0-9, _ - . :"
        )))
    }
}

/// A text field, trimmed: at most `max` characters, no control characters but line breaks and
/// tabs. `None` when absent or blank.
pub fn text_field(value: Option<&str>, name: &str, max: usize) -> AppResult<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(AppError::invalid(format!(
            "{name} is longer than {max} characters"
        )));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(AppError::invalid(format!(
            "{name} contains control characters"
        )));
    }
    Ok(Some(value.to_owned()))
}

/// A required text field.
pub fn required(value: Option<&str>, name: &str, max: usize) -> AppResult<String> {
    text_field(value, name, max)?.ok_or_else(|| AppError::invalid(format!("{name} is required")))
}

/// The name serde gives a unit enum variant (`Level::L3` → `l3`): its wire form.
pub fn wire_name<T: serde::Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

fn parse_wire<T: serde::de::DeserializeOwned>(
    text: &str,
    what: &str,
    allowed: &str,
) -> AppResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|_| AppError::invalid(format!("{what} must be one of {allowed}")))
}

pub fn parse_level(text: &str) -> AppResult<Level> {
    parse_wire(text, "level", "l1, l2, l3")
}

pub fn parse_status(text: &str) -> AppResult<Status> {
    parse_wire(text, "status", "new, open, pending, solved, closed")
}

pub fn parse_tier(text: &str) -> AppResult<Tier> {
    parse_wire(text, "tier", "first_line, second_line, third_line")
}

/// The contact form's impact answer: `blocked` / `degraded` / `question` (or the desk's own
/// names `cant_work` / `broken_with_workaround`).
pub fn parse_impact(text: &str) -> AppResult<Impact> {
    match text {
        "blocked" | "cant_work" => Ok(Impact::CantWork),
        "degraded" | "broken_with_workaround" => Ok(Impact::BrokenWithWorkaround),
        "question" => Ok(Impact::Question),
        _ => Err(AppError::invalid(
            "impact must be one of blocked, degraded, question",
        )),
    }
}

fn ms(at: Timestamp) -> i64 {
    at.as_millisecond()
}

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The ticket's status history as the SLA clock wants it (creation excluded).
pub async fn status_history(state: &AppState, ticket: &Ticket) -> AppResult<Vec<StatusChange>> {
    let events = state.store.ticket_events(ticket.id).await?;
    let mut history = Vec::new();
    let mut last = ticket.created_at;
    for event in events.iter().filter(|e| e.kind == "status") {
        let Some(to) = event.detail.get("to").and_then(|v| v.as_str()) else {
            continue;
        };
        let Ok(status) = parse_status(to) else {
            continue;
        };
        // Clocks of different nodes may disagree by a little: keep the history ordered.
        last = last.max(event.created_at);
        history.push(StatusChange {
            at: ts(last),
            status,
        });
    }
    Ok(history)
}

/// What the SLA clocks of a ticket depend on.
#[derive(Clone, Copy, Debug)]
pub struct SlaSubject {
    /// For error messages (0 before the ticket is stored).
    pub id: i64,
    pub level: Level,
    pub status: Status,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
}

impl From<&Ticket> for SlaSubject {
    fn from(ticket: &Ticket) -> SlaSubject {
        SlaSubject {
            id: ticket.id,
            level: ticket.level,
            status: ticket.status,
            created_at: ticket.created_at,
            first_response_at: ticket.first_response_at,
        }
    }
}

/// Computes the ticket's SLA bookkeeping at `now` with the site's hours and policy.
pub fn sla_fields(
    ticket: &SlaSubject,
    history: &[StatusChange],
    settings: &DeskSettings,
    now: Timestamp,
) -> AppResult<SlaFields> {
    let hours = settings.business_hours()?;
    let clock = SlaClock::new(
        &hours,
        &settings.sla,
        ticket.level,
        ts(ticket.created_at),
        history,
        ticket.first_response_at.map(ts),
    )
    .map_err(|e| AppError::Internal(format!("SLA clock of ticket {}: {e}", ticket.id)))?;
    let first_due = clock.first_response_due();
    let resolution_due = match clock.resolution_due() {
        ayuda_desk::Due::At(at) if ticket.status.sla_clock_runs() => Some(at),
        _ => None,
    };
    let window = |target: SignedDuration| {
        // "Due soon": the smaller of 20 % of the target and one hour (as in ayuda_desk::sla).
        (target / 5).min(SignedDuration::from_hours(1))
    };
    let first_running = ticket.first_response_at.is_none() && ticket.status.is_unsolved();
    let mut next: Option<(Timestamp, SignedDuration)> = None;
    if first_running && let Some(due) = first_due {
        next = Some((due, window(settings.sla.first_response.get(ticket.level))));
    }
    if let Some(due) = resolution_due
        && next.is_none_or(|(n, _)| due < n)
    {
        next = Some((due, window(settings.sla.resolution.get(ticket.level))));
    }
    let mut breached = 0;
    if clock.first_response_state(now) == SlaState::Breached {
        breached |= 1;
    }
    if clock.resolution_state(now) == SlaState::Breached {
        breached |= 2;
    }
    Ok(SlaFields {
        first_response_due: first_due.map(ms),
        resolution_due: resolution_due.map(ms),
        next_due: next.map(|(due, _)| ms(due)),
        due_soon_at: next.map(|(due, w)| ms(due) - w.as_millis() as i64),
        breached,
    })
}

/// Recomputes and stores the ticket's SLA fields; returns the ticket as stored.
pub async fn refresh_sla(state: &AppState, ticket: Ticket) -> AppResult<Ticket> {
    let settings = settings::load(state, &ticket.site).await?;
    let history = status_history(state, &ticket).await?;
    let fields = sla_fields(
        &SlaSubject::from(&ticket),
        &history,
        &settings,
        Timestamp::now(),
    )?;
    state.store.set_sla(ticket.id, &fields).await?;
    Ok(state.store.ticket(ticket.id).await?.unwrap_or(ticket))
}

/// The ticket as its requester sees it.
pub fn public_ticket(ticket: &Ticket, unread: i64) -> PublicTicket {
    PublicTicket {
        id: ticket.public_id.clone(),
        subject: ticket.subject.clone(),
        status: wire_name(ticket.status),
        level: wire_name(ticket.level),
        created_at: ticket.created_at,
        updated_at: ticket.updated_at,
        unread: u32::try_from(unread.max(0)).unwrap_or(u32::MAX),
        csat_pending: ticket.status == Status::Solved && ticket.csat_rating.is_none(),
        csat: ticket.csat_rating.clone(),
    }
}

/// The public URL path of an attachment of a ticket.
pub fn attachment_info(
    site: &str,
    ticket_public_id: Option<&str>,
    meta: &AttachmentMeta,
) -> AttachmentInfo {
    let url = match ticket_public_id {
        Some(ticket) => format!(
            "/api/v1/sites/{site}/tickets/{ticket}/attachments/{}",
            meta.public_id
        ),
        None => format!("/api/v1/sites/{site}/attachments/{}", meta.public_id),
    };
    AttachmentInfo {
        id: meta.public_id.clone(),
        name: meta.name.clone(),
        content_type: meta.content_type.clone(),
        size: u64::try_from(meta.size).unwrap_or(0),
        url,
    }
}

/// Display names of staff, by user id as text (how agent messages record their author).
pub async fn agent_names(state: &AppState) -> AppResult<HashMap<String, String>> {
    Ok(state
        .store
        .agents()
        .await?
        .into_iter()
        .map(|a| (a.user_id.to_string(), a.display_name))
        .collect())
}

/// Messages with their attachments, as the requester sees them.
pub async fn public_messages(
    state: &AppState,
    ticket: &Ticket,
    messages: &[Message],
) -> AppResult<Vec<PublicMessage>> {
    let files = if messages.is_empty() {
        Vec::new()
    } else {
        state.store.ticket_attachments(ticket.id).await?
    };
    let names = if messages.iter().any(|m| m.author_kind == AuthorKind::Agent) {
        agent_names(state).await?
    } else {
        HashMap::new()
    };
    Ok(messages
        .iter()
        .filter(|m| !m.internal)
        .map(|m| PublicMessage {
            id: m.id,
            author: m.author_kind.as_str().to_owned(),
            author_name: match m.author_kind {
                AuthorKind::Agent => m.author_id.as_ref().and_then(|id| names.get(id)).cloned(),
                _ => None,
            },
            body: m.body.clone(),
            attachments: files
                .iter()
                .filter(|f| f.message_id == Some(m.id))
                .map(|f| attachment_info(&ticket.site, Some(&ticket.public_id), f))
                .collect(),
            created_at: m.created_at,
        })
        .collect())
}

/// The whole thread for the requester.
pub async fn public_thread(state: &AppState, ticket: &Ticket) -> AppResult<PublicThread> {
    let messages = state
        .store
        .messages_after(ticket.id, 0, false, 10_000)
        .await?;
    let unread = state
        .store
        .unread_counts(&[ticket.id])
        .await?
        .first()
        .map_or(0, |(_, n)| *n);
    Ok(PublicThread {
        ticket: public_ticket(ticket, unread),
        messages: public_messages(state, ticket, &messages).await?,
    })
}

/// Picks the agent for a ticket of `group` (any group when `None`): round-robin among the
/// available agents of the group, falling back to every available agent when the group has
/// nobody available, so that no ticket stays unassigned while someone is available.
pub async fn pick_agent(state: &AppState, group: Option<&str>) -> AppResult<Option<i64>> {
    let _guard = state.assign_lock.lock().await;
    let agents = state.store.agents().await?;
    let in_group = |a: &&AgentRow| group.is_none_or(|g| a.groups.iter().any(|ag| ag == g));
    let mut pool: Vec<&AgentRow> = agents.iter().filter(in_group).collect();
    let mut key = format!("round_robin:{}", group.unwrap_or("*"));
    if !pool.iter().any(|a| a.available) {
        pool = agents.iter().collect();
        key = "round_robin:*".to_owned();
    }
    let ids: Vec<AgentId> = pool.iter().map(|a| AgentId(a.user_id)).collect();
    let available: HashMap<i64, bool> = pool.iter().map(|a| (a.user_id, a.available)).collect();
    let last = state
        .store
        .desk_config(&key)
        .await?
        .and_then(|t| t.parse::<i64>().ok())
        .map(AgentId);
    let next = RoundRobin::next(
        &ids,
        &|agent| available.get(&agent.0).copied().unwrap_or(false),
        last,
    );
    if let Some(agent) = next {
        state
            .store
            .put_desk_config(&key, &agent.0.to_string())
            .await?;
    }
    Ok(next.map(|a| a.0))
}

/// Validated contact-form input, ready to store.
struct Filing {
    name: String,
    email: String,
    company: Option<String>,
    subject: String,
    body: String,
    category: Option<String>,
    level: Level,
    locale: String,
    environment: serde_json::Value,
    attributes: BTreeMap<String, String>,
}

fn check_environment(env: &ayuda_api::Environment) -> AppResult<serde_json::Value> {
    let mut out = serde_json::Map::new();
    let fields = [
        ("url", &env.url, 2000),
        ("route", &env.route, 300),
        ("browser", &env.browser, 200),
        ("os", &env.os, 200),
        ("screen", &env.screen, 50),
        ("locale", &env.locale, 35),
        ("time_zone", &env.time_zone, 64),
        ("app_version", &env.app_version, 100),
    ];
    for (name, value, max) in fields {
        if let Some(v) = text_field(value.as_deref(), &format!("environment.{name}"), max)? {
            out.insert(name.to_owned(), serde_json::Value::String(v));
        }
    }
    if env.context.len() > 30 {
        return Err(AppError::invalid("environment.context: at most 30 entries"));
    }
    let mut context = serde_json::Map::new();
    for (k, v) in &env.context {
        let key = required(Some(k), "environment.context key", 64)?;
        let value = text_field(Some(v), "environment.context value", 500)?.unwrap_or_default();
        context.insert(key, serde_json::Value::String(value));
    }
    if !context.is_empty() {
        out.insert("context".to_owned(), serde_json::Value::Object(context));
    }
    Ok(serde_json::Value::Object(out))
}

fn check_filing(
    input: &NewTicketInput,
    settings: &DeskSettings,
    default_locale: &str,
) -> AppResult<Filing> {
    let name = required(input.name.as_deref(), "name", 200)?;
    let email = required(input.email.as_deref(), "email", 254)?;
    crate::auth::check_email(&email)?;
    let company = text_field(input.company.as_deref(), "company", 200)?;
    let subject = required(Some(&input.subject), "subject", 200)?;
    let trying = text_field(input.trying.as_deref(), "trying", 5000)?;
    let happened = required(Some(&input.happened), "happened", 10_000)?;
    let category = match text_field(input.category.as_deref(), "category", 64)? {
        Some(key) if settings.categories.iter().any(|c| c.key == key) => Some(key),
        Some(_) => {
            return Err(AppError::invalid(
                "category is not one of this site's categories",
            ));
        }
        None => None,
    };
    let level = parse_impact(&input.impact)?.level();
    let locale = match input.locale.as_deref() {
        Some(l) if ayuda_kb::locale::is_valid_locale(l) => l.to_owned(),
        Some(_) => return Err(AppError::invalid("locale is not a valid language code")),
        None => default_locale.to_owned(),
    };
    if input.attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid(format!(
            "at most {MAX_ATTACHMENTS} attachments"
        )));
    }
    if input.user_attributes.len() > 30 {
        return Err(AppError::invalid("user_attributes: at most 30 entries"));
    }
    let mut attributes = BTreeMap::new();
    for (k, v) in &input.user_attributes {
        attributes.insert(
            required(Some(k), "user_attributes key", 64)?,
            text_field(Some(v), "user_attributes value", 500)?.unwrap_or_default(),
        );
    }
    let body = match trying {
        Some(trying) => format!("{trying}\n\n{happened}"),
        None => happened,
    };
    Ok(Filing {
        name,
        email,
        company,
        subject,
        body,
        category,
        level,
        locale,
        environment: check_environment(&input.environment)?,
        attributes,
    })
}

/// Files a ticket from the widget: validate, route, assign, compute the SLA fields and the
/// automatic first reply, then store all of it with the first message and its attachments in
/// one transaction, and notify once.
pub async fn file_ticket(
    state: &AppState,
    site: &ayuda_store::SiteRow,
    who: &Requester,
    input: &NewTicketInput,
) -> AppResult<Ticket> {
    let settings = settings::load(state, &site.key).await?;
    let filing = check_filing(input, &settings, &site.default_locale)?;
    for id in &input.attachments {
        attachments::check_id(id)?;
    }
    let facts = TicketFacts {
        site: site.key.clone(),
        category: filing.category.clone(),
        level: Some(filing.level),
        language: filing.locale.clone(),
        user_attributes: filing.attributes.clone(),
        subject: filing.subject.clone(),
        body: filing.body.clone(),
    };
    let rules = settings::routing_rules(state).await?;
    let routed = ayuda_desk::route(&rules, &facts);
    let agents = state.store.agents().await?;
    let assignee = match routed.assignee {
        Some(agent) if agents.iter().any(|a| a.user_id == agent.0) => Some(agent.0),
        _ => pick_agent(state, routed.group.as_deref()).await?,
    };
    let level = routed.level.unwrap_or(filing.level);
    let at = Timestamp::now();
    let subject = SlaSubject {
        id: 0,
        level,
        status: Status::New,
        created_at: ms(at),
        first_response_at: None,
    };
    let sla = sla_fields(&subject, &[], &settings, at)?;
    let mut replies = Vec::new();
    if settings.auto_reply.enabled {
        match auto_reply(
            state,
            &site.key,
            &filing.subject,
            &filing.locale,
            level,
            &settings,
            at,
        ) {
            Ok(body) => replies.push(NewMessage::text(AuthorKind::Bot, None, body)),
            // The ticket is stored and acknowledged either way.
            Err(error) => tracing::warn!(%error, "automatic first reply failed"),
        }
    }
    let new = NewTicket {
        site: site.key.clone(),
        visitor_id: who.visitor_id.clone(),
        user_id: who.user_id.clone(),
        name: filing.name,
        email: filing.email,
        company: filing.company,
        subject: filing.subject,
        category: filing.category,
        level,
        tier: Tier::FirstLine,
        status: Status::New,
        group_key: routed.group.clone(),
        assignee_id: assignee,
        tags: routed.tags.clone(),
        environment: filing.environment,
        body: filing.body,
        channel: "widget".to_owned(),
        locale: filing.locale,
        user_attributes: serde_json::to_value(&filing.attributes)
            .unwrap_or(serde_json::Value::Null),
        attachments: input.attachments.clone(),
        attachment_owner: who.owner_key(),
    };
    let filed = ayuda_store::Filing {
        at: ms(at),
        sla: Some(sla),
        replies,
    };
    let ticket = state
        .store
        .file_ticket(&new, &filed)
        .await
        .map_err(|e| match e {
            ayuda_store::Error::NotFound(what) => AppError::invalid(format!(
                "{what} is not an unused upload of yours on this site"
            )),
            other => other.into(),
        })?;
    state.hub.publish(ticket.id, Notice::Message).await;
    Ok(ticket)
}

/// The automatic first reply to a ticket about `subject`: matching articles (when confident)
/// and when to expect a human answer. It is stored with the ticket, in the same transaction.
fn auto_reply(
    state: &AppState,
    site: &str,
    subject: &str,
    locale: &str,
    level: Level,
    settings: &DeskSettings,
    at: Timestamp,
) -> AppResult<String> {
    let spanish = locale.starts_with("es");
    let query = SearchQuery {
        site: Some(site),
        limit: settings.auto_reply.max_articles.max(1) * 3,
        ..SearchQuery::new(subject, locale)
    };
    let results = state.index.search(&query)?;
    let articles: Vec<String> = results
        .hits
        .iter()
        .filter(|hit| {
            ayuda_desk::autoreply::confidence(subject, &hit.title_html, &hit.snippet)
                >= settings.auto_reply.min_confidence
        })
        .take(settings.auto_reply.max_articles)
        .map(|hit| {
            format!(
                "- {}: {}",
                hit.title,
                state.article_url(site, &hit.locale, &hit.slug)
            )
        })
        .collect();
    let hours = settings.business_hours()?;
    let expectation =
        Expectation::compute(&hours, &settings.sla, level, at).map(|e| e.message(locale));
    let mut body = String::from(if spanish {
        "¡Gracias! Hemos recibido tu solicitud."
    } else {
        "Thanks! We've received your request."
    });
    if let Some(expect) = expectation {
        body.push(' ');
        body.push_str(&expect);
        body.push('.');
    }
    if !articles.is_empty() {
        body.push_str(if spanish {
            "\n\nMientras tanto, puede que estos artículos te ayuden:\n"
        } else {
            "\n\nMeanwhile, these articles may help:\n"
        });
        body.push_str(&articles.join("\n"));
    }
    Ok(body)
}

/// The event an agent's requested status maps to, given the current status.
pub fn event_for(current: Status, target: Status) -> AppResult<Event> {
    Ok(match target {
        Status::Pending => Event::AgentSetPending,
        Status::Solved => Event::Solve,
        Status::Closed => Event::Close,
        Status::Open if current == Status::Solved => Event::Reopen,
        Status::Open => Event::AgentReplied,
        Status::New => {
            return Err(AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidState,
                "a ticket cannot go back to new",
            ));
        }
    })
}

/// Applies a workflow event: validates it with `ayuda_desk`, stores the new status, refreshes
/// the SLA fields and notifies subscribers when the status changed.
pub async fn apply_event(state: &AppState, ticket: Ticket, event: Event) -> AppResult<Ticket> {
    let next = ticket.status.apply(event)?;
    if next == ticket.status {
        return Ok(ticket);
    }
    let ticket = state
        .store
        .set_status(ticket.id, next, ayuda_store::now_ms())
        .await?;
    let ticket = refresh_sla(state, ticket).await?;
    state.hub.publish(ticket.id, Notice::Ticket).await;
    Ok(ticket)
}

/// Validates a message body and its attachment ids.
pub fn check_message(body: &str, attachments: &[String]) -> AppResult<String> {
    let body = body.trim();
    if body.is_empty() && attachments.is_empty() {
        return Err(AppError::invalid("body is required"));
    }
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::invalid(format!(
            "at most {MAX_ATTACHMENTS} attachments"
        )));
    }
    for id in attachments {
        attachments::check_id(id)?;
    }
    Ok(text_field(Some(body), "body", MAX_BODY_CHARS)?.unwrap_or_default())
}

/// Field changes plus their notification.
pub async fn change(
    state: &AppState,
    ticket: &Ticket,
    changes: &TicketChanges,
) -> AppResult<Ticket> {
    let changed = state.store.change_ticket(ticket.id, changes).await?;
    let changed = if changed.level != ticket.level {
        refresh_sla(state, changed).await?
    } else {
        changed
    };
    state.hub.publish(ticket.id, Notice::Ticket).await;
    Ok(changed)
}

/// Gives every unassigned unsolved ticket to an available agent (round-robin in its group),
/// for tickets that arrived while nobody was available. Returns how many were assigned.
pub async fn assign_waiting(state: &AppState) -> AppResult<usize> {
    let filter = ayuda_store::InboxFilter {
        statuses: vec![Status::New, Status::Open, Status::Pending],
        assignee: Some(None),
        limit: 500,
        ..ayuda_store::InboxFilter::default()
    };
    let (waiting, _) = state.store.inbox(&filter, ayuda_store::now_ms()).await?;
    let mut assigned = 0;
    for ticket in waiting {
        let Some(agent) = pick_agent(state, ticket.group_key.as_deref()).await? else {
            // Nobody is available at all.
            break;
        };
        change(
            state,
            &ticket,
            &TicketChanges {
                assignee: Some(Some(agent)),
                ..TicketChanges::default()
            },
        )
        .await?;
        assigned += 1;
    }
    Ok(assigned)
}

/// Every 30 s: records SLA breaches (so they are kept on tickets even when nothing else
/// happens to them) and assigns tickets that wait for an available agent.
pub fn spawn_breach_sweeper(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(error) = state.store.record_breaches(ayuda_store::now_ms()).await {
                tracing::warn!(%error, "recording SLA breaches failed");
            }
            if let Err(error) = assign_waiting(&state).await {
                tracing::warn!(%error, "assigning waiting tickets failed");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impacts_and_fields() {
        assert_eq!(parse_impact("blocked").unwrap().level(), Level::L3);
        assert_eq!(parse_impact("degraded").unwrap().level(), Level::L2);
        assert_eq!(parse_impact("question").unwrap().level(), Level::L1);
        assert!(parse_impact("URGENT!!!").is_err());
        assert_eq!(
            text_field(Some("  hi \n"), "x", 5).unwrap().as_deref(),
            Some("hi")
        );
        assert!(text_field(Some("a\u{0}b"), "x", 5).is_err());
        assert!(text_field(Some("abcdef"), "x", 5).is_err());
        assert!(validate_key("billing", "k").is_ok());
        assert!(validate_key("Bill ing", "k").is_err());
        assert!(event_for(Status::Open, Status::New).is_err());
        assert_eq!(
            event_for(Status::Solved, Status::Open).unwrap(),
            Event::Reopen
        );
    }
}
