//! Passkeys: a member adds (a ceremony begun, then the browser's new credential), lists and
//! removes their own; anyone asks for a sign-in challenge (answered at `POST /auth/session`
//! or `/auth/login`). `crate::passkeys` checks what the browser sends.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get, post};
use ayuda_api::{ErrorCode, NewPasskey, PasskeyChallenge, PasskeyInfo};
use ayuda_store::PasskeyRow;

use crate::audit;
use crate::auth::{self, Staff};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/passkeys", get(list).post(add))
        .route("/auth/passkeys/registration", post(begin_registration))
        .route("/auth/passkeys/{id}", delete(remove))
        .route("/auth/passkeys/challenge", post(challenge))
}

fn to_wire(row: PasskeyRow) -> PasskeyInfo {
    PasskeyInfo {
        id: row.id,
        name: row.name,
        created_at: rfc3339(row.created_at),
        last_used_at: row.last_used_at.map(rfc3339),
    }
}

async fn list(staff: Staff, State(state): State<AppState>) -> AppResult<AppJson<Vec<PasskeyInfo>>> {
    let rows = state.store.passkeys(staff.user.id).await?;
    Ok(AppJson(rows.into_iter().map(to_wire).collect()))
}

async fn begin_registration(
    staff: Staff,
    State(state): State<AppState>,
) -> AppResult<AppJson<PasskeyChallenge>> {
    Ok(AppJson(
        state
            .passkeys
            .begin_registration(&state.store, &staff.user)
            .await?,
    ))
}

async fn add(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(new): AppJson<NewPasskey>,
) -> AppResult<(StatusCode, AppJson<PasskeyInfo>)> {
    let row = state
        .passkeys
        .finish_registration(&state.store, &staff.user, new)
        .await?;
    audit::record(
        &state,
        Some(&staff.user),
        "auth.passkey_added",
        format!("user:{}", staff.user.id),
        row.name.clone(),
        auth::client_address(&parts),
    )
    .await?;
    Ok((StatusCode::CREATED, AppJson(to_wire(row))))
}

/// Removes one of the caller's passkeys; not the last second factor while the installation
/// requires one.
async fn remove(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
) -> AppResult<StatusCode> {
    let user = &staff.user;
    let last = user.totp_secret.is_none() && user.passkeys <= 1;
    if last && state.store.security_policy().await?.require_2fa {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "this is your only second factor and the installation requires one: add another first",
        ));
    }
    let name = state
        .store
        .passkeys(user.id)
        .await?
        .into_iter()
        .find(|row| row.id == id)
        .map(|row| row.name)
        .ok_or_else(|| AppError::not_found(format!("passkey {id} not found")))?;
    if !state.store.delete_passkey(user.id, id).await? {
        return Err(AppError::not_found(format!("passkey {id} not found")));
    }
    audit::record(
        &state,
        Some(user),
        "auth.passkey_removed",
        format!("user:{}", user.id),
        name,
        auth::client_address(&parts),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A sign-in challenge for any passkey of this server (no account named, none revealed).
async fn challenge(
    State(state): State<AppState>,
    parts: Parts,
) -> AppResult<AppJson<PasskeyChallenge>> {
    let key = auth::client_address(&parts).map_or_else(String::new, |ip| ip.to_string());
    state
        .limits
        .passkey_challenges
        .take(&key)
        .map_err(|retry_after_secs| AppError::RateLimited { retry_after_secs })?;
    Ok(AppJson(state.passkeys.begin_sign_in(&state.store).await?))
}
