//! Recording staff actions in the audit log (`ayuda_store::AuditEntry`), read by admins at
//! `GET /api/v1/audit`.

use std::net::IpAddr;

use ayuda_store::{AuditEntry, UserRow};

use crate::error::AppResult;
use crate::state::AppState;

/// Records that `actor` did `action` on `target`. A failure to record fails the request: an
/// action that cannot be audited is not done silently.
pub async fn record(
    state: &AppState,
    actor: Option<&UserRow>,
    action: &str,
    target: String,
    detail: String,
    address: Option<IpAddr>,
) -> AppResult<()> {
    state
        .store
        .audit(&AuditEntry {
            actor_id: actor.map(|user| user.id),
            actor_email: actor.map(|user| user.email.clone()),
            action: action.to_owned(),
            target,
            detail,
            address: address.map(|ip| ip.to_string()),
        })
        .await?;
    Ok(())
}
