//! The desk's configuration (admins): routing rules, per-site support settings, the site
//! secret host backends sign `user_hash` with.

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use ayuda_desk::{Rule, SupportSettings};

use crate::auth::{Admin, Desk};
use crate::desk;
use crate::desk::settings;
use crate::error::{AppJson, AppPath, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/desk/routing", get(routing).put(put_routing))
        .route(
            "/desk/settings/{site}",
            get(site_settings).put(put_site_settings),
        )
        .route("/desk/secret/{site}", get(site_secret))
}

async fn routing(_: Desk, State(state): State<AppState>) -> AppResult<AppJson<Vec<Rule>>> {
    Ok(AppJson(settings::routing_rules(&state).await?))
}

async fn put_routing(
    _: Admin,
    State(state): State<AppState>,
    AppJson(rules): AppJson<Vec<Rule>>,
) -> AppResult<AppJson<Vec<Rule>>> {
    for rule in &rules {
        if let Some(group) = &rule.actions.group {
            desk::validate_key(group, "group")?;
        }
        if let Some(agent) = rule.actions.assignee {
            desk::check_assignee(&state, agent.0).await?;
        }
        desk::new_tags(&[], &rule.actions.tags, &[])?;
    }
    settings::save_routing_rules(&state, &rules).await?;
    Ok(AppJson(rules))
}

async fn site_settings(
    _: Desk,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<SupportSettings>> {
    let site = state.site(&site)?;
    Ok(AppJson(settings::load(&state, &site.key).await?))
}

async fn put_site_settings(
    _: Admin,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
    AppJson(input): AppJson<SupportSettings>,
) -> AppResult<AppJson<SupportSettings>> {
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
    _: Admin,
    State(state): State<AppState>,
    AppPath(site): AppPath<String>,
) -> AppResult<AppJson<serde_json::Value>> {
    let site = state.site(&site)?;
    Ok(AppJson(serde_json::json!({
        "site": site.key,
        "secret": site.secret,
        "user_hash": "hex(HMAC-SHA256(key = secret, message = user_id))",
    })))
}
