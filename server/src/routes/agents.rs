//! Agents: their names, groups and availability (admins set anything; agents their own name
//! and availability).

use axum::Router;
use axum::extract::State;
use axum::routing::{get, put};
use ayuda_api::{AgentInfo, AgentInput, Role};
use ayuda_store::AgentRow;

use crate::auth::Desk;
use crate::desk;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/agents", get(agents))
        .route("/agents/{id}", put(put_agent))
}

/// An agent as the API shows them.
pub fn agent_info(a: &AgentRow) -> AgentInfo {
    AgentInfo {
        user_id: a.user_id,
        email: a.email.clone(),
        role: a.role.clone(),
        display_name: a.display_name.clone(),
        groups: a.groups.clone(),
        available: a.available,
        capacity: a.capacity.and_then(|c| u32::try_from(c).ok()),
        open_tickets: a.open_tickets,
        last_seen: a.last_seen,
    }
}

async fn agents(_: Desk, State(state): State<AppState>) -> AppResult<AppJson<Vec<AgentInfo>>> {
    Ok(AppJson(
        state.store.agents().await?.iter().map(agent_info).collect(),
    ))
}

/// Admins set anything; agents only their own name and availability.
async fn put_agent(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<AgentInput>,
) -> AppResult<AppJson<AgentInfo>> {
    if staff.role != Role::Admin
        && (id != staff.user.id || input.groups.is_some() || input.capacity.is_some())
    {
        return Err(AppError::forbidden(
            "change other agents, groups or capacity (admins only)",
        ));
    }
    if input.capacity.is_some_and(|c| c > 1000) {
        return Err(AppError::invalid("capacity must be 0 (no limit) to 1000"));
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
    if let Some(capacity) = input.capacity {
        let capacity = (capacity > 0).then_some(i64::from(capacity));
        state.store.set_agent_capacity(id, capacity).await?;
    }
    if available {
        // Tickets that arrived while nobody was available get this agent (or another) now.
        desk::assignment::assign_waiting(&state).await?;
    }
    let agents = state.store.agents().await?;
    let agent = agents.iter().find(|a| a.user_id == id).unwrap_or(&current);
    Ok(AppJson(agent_info(agent)))
}
