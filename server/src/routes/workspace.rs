//! The agents' workspace around the tickets: the staff's live event stream, who is on a
//! ticket, saved inbox views and every view's count, and the console's heartbeat that keeps
//! an agent's presence true (agents and admins).

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::routing::{delete, get, post};
use ayuda_api::{AgentInfo, Level, Status};
use ayuda_store::{InboxFilter, SlaFilter};
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::Desk;
use crate::desk::hub::{DeskNotice, Notice};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::routes::agents::agent_info;
use crate::routes::inbox::{InboxQuery, filter_of};
use crate::state::AppState;

/// The most views one agent may save.
const MAX_VIEWS: usize = 50;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/desk/events", get(events))
        .route("/desk/views", get(views).post(save_view))
        .route("/desk/views/{id}", delete(delete_view))
        .route("/desk/counts", get(counts))
        .route("/tickets/{id}/viewing", post(viewing).delete(leave))
        .route("/agents/me/heartbeat", post(heartbeat))
}

#[derive(Serialize)]
struct TicketNotice {
    ticket: i64,
    kind: &'static str,
}

fn kind_of(notice: &Notice) -> Option<&'static str> {
    Some(match notice {
        Notice::Created => "created",
        Notice::Message => "message",
        Notice::Ticket => "ticket",
        Notice::Posted => "posted",
        Notice::Typing(_) | Notice::Resync => return None,
    })
}

/// `GET /desk/events`: every ticket's activity, as `event: ticket` `{ticket, kind}` (new
/// tickets, new messages, field and status changes), or `event: resync` when notices may have
/// been lost. It says only *which* ticket changed: the console reads it through the API, so
/// nothing reaches a stream that the reader could not read anyway.
async fn events(
    _: Desk,
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.hub.subscribe_desk();
    let first = Some(Event::default().retry(Duration::from_millis(2000)));
    let events = futures_util::stream::unfold((receiver, first), |(mut rx, first)| async move {
        if let Some(event) = first {
            return Some((Ok(event), (rx, None)));
        }
        loop {
            let event = match rx.recv().await {
                Ok(DeskNotice {
                    notice: Notice::Resync,
                    ..
                })
                | Err(RecvError::Lagged(_)) => Event::default().event("resync").data("{}"),
                Ok(DeskNotice { ticket, notice }) => {
                    let Some(kind) = kind_of(&notice) else {
                        continue;
                    };
                    let data = serde_json::to_string(&TicketNotice { ticket, kind })
                        .unwrap_or_else(|_| "{}".to_owned());
                    Event::default().event("ticket").data(data)
                }
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok(event), (rx, None)));
        }
    });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewingInput {
    #[serde(default)]
    typing: bool,
}

#[derive(Serialize)]
struct Viewer {
    user_id: i64,
    name: String,
    typing: bool,
}

#[derive(Serialize)]
struct Viewers {
    viewers: Vec<Viewer>,
}

/// `POST /tickets/{id}/viewing`: "I have this ticket open (and am typing)"; answers the other
/// staff on it in the last 30 s.
async fn viewing(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<ViewingInput>,
) -> AppResult<AppJson<Viewers>> {
    if state.store.ticket(id).await?.is_none() {
        return Err(AppError::not_found("no such ticket"));
    }
    let rows = state
        .store
        .view_ticket(id, staff.user.id, input.typing)
        .await?;
    let names = crate::desk::agent_names(&state).await?;
    Ok(AppJson(Viewers {
        viewers: rows
            .into_iter()
            .map(|row| Viewer {
                name: names
                    .get(&row.user_id.to_string())
                    .cloned()
                    .unwrap_or_else(|| format!("#{}", row.user_id)),
                user_id: row.user_id,
                typing: row.typing,
            })
            .collect(),
    }))
}

/// `DELETE /tickets/{id}/viewing`: the ticket was closed in the console.
async fn leave(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    state.store.leave_ticket(id, staff.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize)]
struct SavedView {
    id: i64,
    name: String,
    query: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SavedViewInput {
    name: String,
    query: String,
}

/// A saved view's query as the inbox reads it: the console's address query, less the names
/// that are not filters (`view`, `page`).
fn saved_filter(query: &str, me: i64) -> AppResult<InboxFilter> {
    let kept: Vec<&str> = query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && name != "view" && name != "page" && name != "per_page"
        })
        .collect();
    let uri: Uri = format!("/?{}", kept.join("&"))
        .parse()
        .map_err(|_| AppError::invalid("query is not a valid query string"))?;
    let axum::extract::Query(parsed) = axum::extract::Query::<InboxQuery>::try_from_uri(&uri)
        .map_err(|e| AppError::invalid(format!("query: {}", e.body_text())))?;
    let mut filter = filter_of(parsed, me)?;
    filter.limit = 1;
    filter.offset = 0;
    Ok(filter)
}

async fn views(
    Desk(staff): Desk,
    State(state): State<AppState>,
) -> AppResult<AppJson<Vec<SavedView>>> {
    let rows = state.store.saved_views(staff.user.id).await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|row| SavedView {
                id: row.id,
                name: row.name,
                query: row.query,
            })
            .collect(),
    ))
}

async fn save_view(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppJson(input): AppJson<SavedViewInput>,
) -> AppResult<(StatusCode, AppJson<SavedView>)> {
    let name = crate::desk::required(Some(&input.name), "name", 80)?;
    if input.query.len() > 1000 {
        return Err(AppError::invalid("query: at most 1000 characters"));
    }
    saved_filter(&input.query, staff.user.id)?;
    if state.store.saved_views(staff.user.id).await?.len() >= MAX_VIEWS {
        return Err(AppError::invalid(format!(
            "at most {MAX_VIEWS} saved views: delete one first"
        )));
    }
    let query = input.query.trim_start_matches('?').to_owned();
    let row = state.store.save_view(staff.user.id, &name, &query).await?;
    Ok((
        StatusCode::CREATED,
        AppJson(SavedView {
            id: row.id,
            name: row.name,
            query: row.query,
        }),
    ))
}

async fn delete_view(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
) -> AppResult<StatusCode> {
    if state.store.delete_view(staff.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found("no such view"))
    }
}

#[derive(Serialize)]
struct SavedCount {
    id: i64,
    count: i64,
}

#[derive(Serialize)]
struct Counts {
    mine: i64,
    unassigned: i64,
    due_soon: i64,
    breached: i64,
    all: i64,
    saved: Vec<SavedCount>,
    /// Unsolved tickets per level (`l1`, `l2`, `l3`; each present, zero included).
    levels: std::collections::BTreeMap<&'static str, i64>,
    /// Unsolved tickets per group key (groups holding some).
    groups: std::collections::BTreeMap<String, i64>,
}

/// `GET /desk/counts`: how many tickets each built-in view and each of the caller's saved
/// views holds now (unsolved tickets unless a saved view asks for other statuses).
async fn counts(Desk(staff): Desk, State(state): State<AppState>) -> AppResult<AppJson<Counts>> {
    let now = ayuda_store::now_ms();
    let unsolved = InboxFilter {
        statuses: vec![Status::New, Status::Open, Status::Pending],
        limit: 1,
        ..InboxFilter::default()
    };
    let count = |filter: InboxFilter| {
        let state = state.clone();
        async move { state.store.inbox(&filter, now).await.map(|(_, n)| n) }
    };
    let mine = count(InboxFilter {
        assignee: Some(Some(staff.user.id)),
        ..unsolved.clone()
    })
    .await?;
    let unassigned = count(InboxFilter {
        assignee: Some(None),
        ..unsolved.clone()
    })
    .await?;
    let due_soon = count(InboxFilter {
        sla: Some(SlaFilter::DueSoon),
        ..unsolved.clone()
    })
    .await?;
    let breached = count(InboxFilter {
        sla: Some(SlaFilter::Breached),
        ..unsolved.clone()
    })
    .await?;
    let all = count(unsolved.clone()).await?;
    let (by_level, by_group) = state.store.inbox_breakdown(&unsolved.statuses).await?;
    let mut levels: std::collections::BTreeMap<&'static str, i64> =
        Level::ALL.iter().map(|level| (level.as_str(), 0)).collect();
    for (level, n) in by_level {
        levels.insert(level.as_str(), n);
    }
    let mut saved = Vec::new();
    for view in state.store.saved_views(staff.user.id).await? {
        // A view saved before a filter changed meaning counts as empty rather than failing all.
        let count = match saved_filter(&view.query, staff.user.id) {
            Ok(filter) => count(filter).await?,
            Err(_) => 0,
        };
        saved.push(SavedCount { id: view.id, count });
    }
    Ok(AppJson(Counts {
        mine,
        unassigned,
        due_soon,
        breached,
        all,
        saved,
        levels,
        groups: by_group.into_iter().collect(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeartbeatInput {
    /// The agent did something (a key, a pointer) in the last minutes.
    #[serde(default)]
    active: bool,
}

/// `POST /agents/me/heartbeat`: the console is open (and in use). An agent whose heartbeats
/// stop (the last tab closed) or who did nothing for a while is turned away
/// ([`crate::desk::assignment`]'s sweeper), so auto-assignment never waits on an empty chair.
async fn heartbeat(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppJson(input): AppJson<HeartbeatInput>,
) -> AppResult<AppJson<AgentInfo>> {
    let agents = state.store.agents().await?;
    let me = agents
        .iter()
        .find(|a| a.user_id == staff.user.id)
        .ok_or_else(|| AppError::not_found("no such agent"))?;
    state
        .store
        .agent_heartbeat(staff.user.id, &me.display_name, input.active)
        .await?;
    let agents = state.store.agents().await?;
    let me = agents
        .iter()
        .find(|a| a.user_id == staff.user.id)
        .ok_or_else(|| AppError::not_found("no such agent"))?;
    Ok(AppJson(agent_info(me)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_queries_read_like_the_inbox() {
        let filter = saved_filter("?view=mine&status=open&level=l2&page=3", 7).unwrap();
        assert_eq!(filter.statuses, vec![Status::Open]);
        assert_eq!(filter.level, Some(ayuda_api::Level::L2));
        assert_eq!(filter.limit, 1);
        let filter = saved_filter("assignee=me&sla=breached", 7).unwrap();
        assert_eq!(filter.assignee, Some(Some(7)));
        assert!(saved_filter("status=nonsense", 7).is_err());
        assert!(saved_filter("colour=red", 7).is_err());
        assert!(saved_filter("", 7).is_ok());
    }
}
