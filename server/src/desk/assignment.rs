//! Who gets a ticket: round-robin among the available agents of its group, the tickets that
//! waited for someone, and the sweeper that also records SLA breaches.

use std::collections::HashMap;

use ayuda_desk::{AgentId, RoundRobin, Status};
use ayuda_store::{AgentRow, TicketChanges};

use super::change;

use crate::error::AppResult;
use crate::state::AppState;

/// Picks the agent for a ticket of `group` (any group when `None`): round-robin among the
/// available agents of the group, falling back to every available agent when the group has
/// nobody available, so that no ticket stays unassigned while someone is available.
pub async fn pick_agent(state: &AppState, group: Option<&str>) -> AppResult<Option<i64>> {
    let _guard = state.assign_lock.lock().await;
    let agents = state.store.agents().await?;
    let in_group = |a: &&AgentRow| group.is_none_or(|g| a.groups.iter().any(|ag| ag == g));
    let mut pool: Vec<&AgentRow> = agents.iter().filter(in_group).collect();
    let mut pick_group = group;
    if !pool.iter().any(|a| a.can_take_more()) {
        pool = agents.iter().collect();
        pick_group = None;
    }
    let ids: Vec<AgentId> = pool.iter().map(|a| AgentId(a.user_id)).collect();
    let available: HashMap<i64, bool> = pool
        .iter()
        .map(|a| (a.user_id, a.can_take_more()))
        .collect();
    let last = state.store.round_robin_last(pick_group).await?.map(AgentId);
    let next = RoundRobin::next(
        &ids,
        &|agent| available.get(&agent.0).copied().unwrap_or(false),
        last,
    );
    if let Some(agent) = next {
        state
            .store
            .set_round_robin_last(pick_group, agent.0)
            .await?;
    }
    Ok(next.map(|a| a.0))
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

/// An agent whose console sent no heartbeat for this long is away (the last tab closed).
const AWAY_WITHOUT_HEARTBEAT_MS: i64 = 2 * 60_000;
/// An agent who did nothing in the console for this long is away.
const AWAY_WHEN_IDLE_MS: i64 = 10 * 60_000;

/// Every 30 s: records SLA breaches (so they are kept on tickets even when nothing else
/// happens to them), turns agents whose console went quiet away, and assigns tickets that
/// wait for an available agent.
pub fn spawn_breach_sweeper(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        loop {
            tick.tick().await;
            if let Err(error) = state.store.record_breaches(ayuda_store::now_ms()).await {
                tracing::warn!(%error, "recording SLA breaches failed");
            }
            let now = ayuda_store::now_ms();
            match state
                .store
                .turn_idle_agents_away(now - AWAY_WITHOUT_HEARTBEAT_MS, now - AWAY_WHEN_IDLE_MS)
                .await
            {
                Ok(away) if !away.is_empty() => tracing::info!(?away, "agents turned away"),
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "turning idle agents away failed"),
            }
            if let Err(error) = assign_waiting(&state).await {
                tracing::warn!(%error, "assigning waiting tickets failed");
            }
        }
    });
}
