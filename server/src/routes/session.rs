//! The staff console's sessions: sign in (a new session id in an `HttpOnly`, `SameSite=Strict`
//! cookie), who is signed in (with the CSRF token the page sends back), sign out here, the list
//! of one's sessions, and sign out everywhere. Bearer tokens (`/auth/login`, API tokens) are
//! unchanged; the cookie's CSRF and origin checks are in [`crate::auth`].

use axum::Router;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use ayuda_api::{ConsoleSession, LoginRequest, SessionInfo};
use ayuda_store::{CredentialKind, CredentialRow, UserRow};

use super::auth::user_to_wire;
use super::console::page_cookie;
use crate::audit;
use crate::auth::{self, Staff};
use crate::error::{AppError, AppJson, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/session", get(current).post(sign_in).delete(sign_out))
        .route("/auth/sessions", get(sessions).delete(sign_out_everywhere))
}

/// The longest user agent kept to name a session.
const MAX_CLIENT_CHARS: usize = 160;

async fn session_wire(
    state: &AppState,
    user: &UserRow,
    token: &str,
    credential: &CredentialRow,
) -> AppResult<ConsoleSession> {
    let required = state.store.security_policy().await?.require_2fa;
    let two_factor = user.has_second_factor();
    Ok(ConsoleSession {
        user: user_to_wire(user),
        csrf_token: auth::csrf_token(token),
        expires_at: rfc3339(credential.expires_at.unwrap_or(credential.created_at)),
        idle_timeout_secs: state.settings.console_idle_minutes.saturating_mul(60),
        two_factor,
        two_factor_setup_required: required && !two_factor,
    })
}

async fn sign_in(
    State(state): State<AppState>,
    parts: Parts,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<Response> {
    let user = crate::sign_in::authenticate(&state, req, auth::client_address(&parts)).await?;
    // A new session id at every sign-in: a session the browser already had (perhaps planted)
    // ends here.
    if let Some(old) = auth::session_cookie(&parts) {
        state
            .store
            .delete_credential_by_hash(&auth::token_hash(old))
            .await?;
    }
    let client: String = parts
        .headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("unknown browser")
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_CLIENT_CHARS)
        .collect();
    audit::record(
        &state,
        Some(&user),
        "auth.sign_in",
        format!("user:{}", user.id),
        "console".to_owned(),
        auth::client_address(&parts),
    )
    .await?;
    let (token, hash) = auth::new_token("ayc");
    let lifetime_ms = state.settings.session_hours.saturating_mul(3_600_000);
    let credential = state
        .store
        .create_credential(
            user.id,
            CredentialKind::Console,
            &client,
            &hash,
            Some(ayuda_store::now_ms() + lifetime_ms),
        )
        .await?;
    let body = session_wire(&state, &user, &token, &credential).await?;
    let mut headers = HeaderMap::new();
    let tls = auth::over_tls(&state, &parts);
    if let Some(cookie) = auth::session_set_cookie(&token, lifetime_ms / 1000, tls) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    // The console's pages get a copy, to serve the bundle of the role signed in.
    if let Some(cookie) = page_cookie(&token, lifetime_ms / 1000, tls) {
        headers.append(header::SET_COOKIE, cookie);
    }
    Ok((
        headers,
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(body),
    )
        .into_response())
}

/// Who is signed in on this browser, with the CSRF token for its writes.
async fn current(staff: Staff, State(state): State<AppState>, parts: Parts) -> AppResult<Response> {
    let token = match (staff.credential.kind, auth::session_cookie(&parts)) {
        (CredentialKind::Console, Some(token)) => token,
        _ => {
            return Err(AppError::invalid(
                "not a console session (sign in at /api/v1/auth/session)",
            ));
        }
    };
    let body = session_wire(&state, &staff.user, token, &staff.credential).await?;
    // The pages' copy of the cookie again, for a session that lacks it (made before the console
    // was split into bundles): the page and the API must agree on who is signed in.
    let mut headers = HeaderMap::new();
    let left_ms = staff
        .credential
        .expires_at
        .map_or(0, |at| at.saturating_sub(ayuda_store::now_ms()));
    if left_ms > 0
        && let Some(cookie) = page_cookie(token, left_ms / 1000, auth::over_tls(&state, &parts))
    {
        headers.insert(header::SET_COOKIE, cookie);
    }
    Ok((
        headers,
        [(header::CACHE_CONTROL, "no-store")],
        AppJson(body),
    )
        .into_response())
}

fn cleared_cookie(state: &AppState, parts: &Parts) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let tls = auth::over_tls(state, parts);
    if let Some(cookie) = auth::session_set_cookie("", 0, tls) {
        headers.insert(header::SET_COOKIE, cookie);
    }
    if let Some(cookie) = page_cookie("", 0, tls) {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers
}

/// Signs out the session this request came with (cookie or bearer login).
async fn sign_out(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
) -> AppResult<Response> {
    if staff.credential.kind != CredentialKind::ApiToken {
        state.store.delete_credential(staff.credential.id).await?;
    }
    Ok((StatusCode::NO_CONTENT, cleared_cookie(&state, &parts)).into_response())
}

async fn sessions(
    staff: Staff,
    State(state): State<AppState>,
) -> AppResult<AppJson<Vec<SessionInfo>>> {
    let rows = state.store.sessions(staff.user.id).await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|row| SessionInfo {
                current: row.id == staff.credential.id,
                id: row.id,
                kind: match row.kind {
                    CredentialKind::Console => "console",
                    _ => "login",
                }
                .to_owned(),
                client: row.name,
                created_at: rfc3339(row.created_at),
                last_seen_at: row.last_used_at.map(rfc3339),
                expires_at: row.expires_at.map(rfc3339),
            })
            .collect(),
    ))
}

/// Ends every console and login session of the caller, this one included (API tokens stay:
/// they are revoked one by one under `/tokens`).
async fn sign_out_everywhere(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
) -> AppResult<Response> {
    let ended = state.store.delete_sessions(staff.user.id).await?;
    audit::record(
        &state,
        Some(&staff.user),
        "auth.sign_out_everywhere",
        format!("user:{}", staff.user.id),
        format!("{ended} sessions ended"),
        auth::client_address(&parts),
    )
    .await?;
    Ok((StatusCode::NO_CONTENT, cleared_cookie(&state, &parts)).into_response())
}
