//! Runs scheduled publishing (`ayuda_store::ScheduleRow`): every second, each due schedule is
//! claimed (one node wins) and carried out, the index updated, the outcome kept on the row and
//! in the audit log. A schedule missed while every node was down runs at the next start.

use std::time::Duration;

use crate::error::AppResult;
use crate::state::AppState;

pub const ACTIONS: [&str; 2] = ["publish", "unpublish"];

pub fn spawn_runner(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(error) = run_due(&state).await {
                tracing::warn!(%error, "running scheduled publishing failed");
            }
        }
    });
}

/// Runs what is due now; how many schedules this node ran.
pub async fn run_due(state: &AppState) -> AppResult<usize> {
    let mut ran = 0;
    for schedule in state.store.due_schedules(ayuda_store::now_ms()).await? {
        if !state.store.claim_schedule(schedule.id).await? {
            continue;
        }
        ran += 1;
        let result = match schedule.action.as_str() {
            "publish" => state.store.publish(schedule.article_id, None).await,
            _ => state.store.unpublish(schedule.article_id).await,
        };
        let outcome = match &result {
            Ok(row) if schedule.action == "publish" => {
                format!("published version {}", row.current_version)
            }
            Ok(_) => "unpublished".to_owned(),
            Err(error) => format!("failed: {error}"),
        };
        state.store.schedule_outcome(schedule.id, &outcome).await?;
        if let Ok(row) = result {
            state.sync_article(row.id).await?;
            state
                .store
                .audit(&ayuda_store::AuditEntry {
                    actor_id: None,
                    actor_email: schedule.created_by.clone(),
                    action: format!("article.{}", schedule.action),
                    target: format!("article:{}", row.id),
                    detail: format!(
                        "{}/{} v{} (scheduled)",
                        row.locale, row.slug, row.current_version
                    ),
                    address: None,
                })
                .await?;
        }
    }
    Ok(ran)
}
