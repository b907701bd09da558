//! Staff login, logout, the current user, changing your own password, and API tokens (staff
//! accounts are in `users`).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get, post, put};
use ayuda_api::{
    ApiTokenInfo, CreatedApiToken, LoginRequest, LoginResponse, NewApiToken, PasswordChange, Role,
    User,
};
use ayuda_store::{CredentialKind, UserRow};

use crate::audit;
use crate::auth::{self, Staff};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/auth/password", put(change_password))
        .route("/tokens", get(tokens).post(create_token))
        .route("/tokens/{id}", delete(revoke_token))
}

pub fn user_to_wire(user: &UserRow) -> User {
    User {
        id: user.id,
        email: user.email.clone(),
        role: Role::parse(&user.role).unwrap_or(Role::Agent),
        created_at: rfc3339(user.created_at),
        active: user.deactivated_at.is_none(),
        two_factor: user.has_second_factor(),
    }
}

async fn login(
    State(state): State<AppState>,
    parts: Parts,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<AppJson<LoginResponse>> {
    let user = crate::sign_in::authenticate(&state, req, auth::client_address(&parts)).await?;
    audit::record(
        &state,
        Some(&user),
        "auth.sign_in",
        format!("user:{}", user.id),
        "bearer login".to_owned(),
        auth::client_address(&parts),
    )
    .await?;
    let (token, hash) = auth::new_token("ays");
    let expires_at = ayuda_store::now_ms() + state.settings.session_hours * 3_600_000;
    state
        .store
        .create_credential(
            user.id,
            CredentialKind::Session,
            "login",
            &hash,
            Some(expires_at),
        )
        .await?;
    Ok(AppJson(LoginResponse {
        token,
        expires_at: rfc3339(expires_at),
        user: user_to_wire(&user),
    }))
}

async fn logout(
    _staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
) -> AppResult<StatusCode> {
    if let Some(token) = auth::bearer(&parts) {
        state
            .store
            .delete_credential_by_hash(&auth::token_hash(token))
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn me(staff: Staff) -> AppJson<User> {
    AppJson(user_to_wire(&staff.user))
}

/// Changes the caller's own password: the current one first, the new one checked against the
/// rules and the common-password list; every other session of the caller ends.
async fn change_password(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(change): AppJson<PasswordChange>,
) -> AppResult<StatusCode> {
    auth::confirm_own_password(
        &state,
        &staff,
        change.current_password,
        auth::client_address(&parts),
    )
    .await?;
    auth::check_new_password(&change.new_password, &staff.user.email)?;
    let hash = auth::hash_password_off_thread(change.new_password).await?;
    state
        .store
        .set_password(staff.user.id, &hash, Some(staff.credential.id))
        .await?;
    audit::record(
        &state,
        Some(&staff.user),
        "auth.password",
        format!("user:{}", staff.user.id),
        "changed own password".to_owned(),
        auth::client_address(&parts),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn tokens(
    staff: Staff,
    State(state): State<AppState>,
) -> AppResult<AppJson<Vec<ApiTokenInfo>>> {
    let rows = state.store.api_tokens(staff.user.id).await?;
    Ok(AppJson(
        rows.into_iter()
            .map(|c| ApiTokenInfo {
                id: c.id,
                name: c.name,
                created_at: rfc3339(c.created_at),
                last_used_at: c.last_used_at.map(rfc3339),
            })
            .collect(),
    ))
}

async fn create_token(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(new): AppJson<NewApiToken>,
) -> AppResult<(StatusCode, AppJson<CreatedApiToken>)> {
    let name = new.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(AppError::invalid("name must be 1 to 100 characters"));
    }
    let (token, hash) = auth::new_token("ayt");
    let row = state
        .store
        .create_credential(staff.user.id, CredentialKind::ApiToken, name, &hash, None)
        .await?;
    audit::record(
        &state,
        Some(&staff.user),
        "token.create",
        format!("token:{}", row.id),
        row.name.clone(),
        auth::client_address(&parts),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        AppJson(CreatedApiToken {
            id: row.id,
            name: row.name,
            token,
        }),
    ))
}

async fn revoke_token(
    staff: Staff,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
) -> AppResult<StatusCode> {
    if state.store.delete_api_token(staff.user.id, id).await? {
        audit::record(
            &state,
            Some(&staff.user),
            "token.revoke",
            format!("token:{id}"),
            String::new(),
            auth::client_address(&parts),
        )
        .await?;
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(format!("token {id} not found")))
    }
}
