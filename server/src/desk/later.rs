//! Snoozed tickets are woken by the same loop (`workflow::wake_snoozed`).
//!
//! Replies sent later (`ayuda_store::ScheduledReplyRow`): every second each due reply is
//! claimed by one conditional update (one node wins, and a claimed reply is never claimed
//! again, so it is posted once even across restarts), then posted as its agent's reply. One
//! missed while every node was down is posted at the next start. What happened is kept on
//! the row: the message it became, or why it could not be sent (the ticket was closed, its
//! files were gone).

use std::time::Duration;

use crate::error::AppResult;

/// How long an upload waits for the message that sends it.
pub const UNSENT_UPLOADS_KEPT_MS: i64 = 24 * 3600 * 1000;
use crate::state::AppState;

pub fn spawn_runner(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut ticks: u64 = 0;
        loop {
            tick.tick().await;
            // Every ten minutes: uploads nobody sent within a day go (a file taken off a reply,
            // a form abandoned), so no uploader stays at the limit of unsent files.
            if ticks.is_multiple_of(600) {
                let before = ayuda_store::now_ms() - UNSENT_UPLOADS_KEPT_MS;
                match state.store.purge_unclaimed_uploads(before).await {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(uploads = n, "unsent uploads purged"),
                    Err(error) => tracing::warn!(%error, "purging unsent uploads failed"),
                }
            }
            ticks = ticks.wrapping_add(1);
            if let Err(error) = send_due(&state).await {
                tracing::warn!(%error, "sending scheduled replies failed");
            }
            if let Err(error) = super::workflow::wake_snoozed(&state).await {
                tracing::warn!(%error, "waking snoozed tickets failed");
            }
        }
    });
}

/// Sends what is due now; how many replies this node sent or gave up on.
pub async fn send_due(state: &AppState) -> AppResult<usize> {
    let mut done = 0;
    for reply in state.store.due_replies(ayuda_store::now_ms()).await? {
        if !state.store.claim_reply(reply.id).await? {
            continue;
        }
        done += 1;
        let Some(ticket) = state.store.ticket(reply.ticket_id).await? else {
            continue;
        };
        let agent_reply = super::workflow::AgentReply {
            body: reply.body.clone(),
            internal: reply.internal,
            status: None,
            handle_seconds: 0,
            seen_up_to: None,
            attachments: reply.attachments.clone(),
        };
        let sent =
            super::workflow::agent_message_posted(state, reply.author_id, ticket, agent_reply)
                .await;
        match sent {
            Ok((message, _)) => {
                state
                    .store
                    .reply_outcome(reply.id, Some(message.id), "sent")
                    .await?;
            }
            Err(error) => {
                tracing::warn!(%error, reply = reply.id, "a scheduled reply could not be sent");
                state
                    .store
                    .reply_outcome(reply.id, None, &format!("failed: {error}"))
                    .await?;
            }
        }
    }
    Ok(done)
}
