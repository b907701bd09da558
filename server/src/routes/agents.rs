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
fn agent_info(a: AgentRow) -> AgentInfo {
    AgentInfo {
        user_id: a.user_id,
        email: a.email,
        role: a.role,
        display_name: a.display_name,
        groups: a.groups,
        available: a.available,
    }
}

async fn agents(_: Desk, State(state): State<AppState>) -> AppResult<AppJson<Vec<AgentInfo>>> {
    Ok(AppJson(
        state
            .store
            .agents()
            .await?
            .into_iter()
            .map(agent_info)
            .collect(),
    ))
}

/// Admins set anything; agents only their own name and availability.
async fn put_agent(
    Desk(staff): Desk,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    AppJson(input): AppJson<AgentInput>,
) -> AppResult<AppJson<AgentInfo>> {
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
        desk::assignment::assign_waiting(&state).await?;
    }
    Ok(AppJson(AgentInfo {
        display_name: name,
        groups,
        available,
        ..agent_info(current)
    }))
}
