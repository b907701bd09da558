//! The agents' inbox: filtered, SLA-sorted, paginated tickets (agents and admins).

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use ayuda_api::{InboxPage, Level, Status, Tier};
use ayuda_store::{InboxFilter, InboxSort, SlaFilter};
use serde::Deserialize;

use crate::auth::Desk;
use crate::desk::{self, views::staff_ticket};
use crate::error::{AppError, AppJson, AppQuery, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/tickets", get(inbox))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
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

async fn inbox(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppQuery(query): AppQuery<InboxQuery>,
) -> AppResult<AppJson<InboxPage>> {
    let filter = filter_of(query, staff.user.id)?;
    let (tickets, total) = state.store.inbox(&filter, ayuda_store::now_ms()).await?;
    let per_page = filter.limit;
    Ok(AppJson(InboxPage {
        tickets: tickets.iter().map(staff_ticket).collect(),
        total,
        page: filter.offset / per_page + 1,
        per_page,
    }))
}

/// The store's filter for an inbox query asked by staff member `me` (`assignee=me`).
pub fn filter_of(query: InboxQuery, me: i64) -> AppResult<InboxFilter> {
    let statuses = match query.status.as_deref() {
        None | Some("") => vec![Status::New, Status::Open, Status::Pending],
        Some("all") => Vec::new(),
        Some(list) => list
            .split(',')
            .map(|s| desk::parse_word::<Status>(s.trim()))
            .collect::<AppResult<_>>()?,
    };
    let assignee = match query.assignee.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(me)),
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
        level: query
            .level
            .as_deref()
            .map(desk::parse_word::<Level>)
            .transpose()?,
        tier: query
            .tier
            .as_deref()
            .map(desk::parse_word::<Tier>)
            .transpose()?,
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
    Ok(filter)
}
