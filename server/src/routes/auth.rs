//! Staff login, logout, the current user, staff accounts (admin) and API tokens.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{delete, get, post};
use ayuda_api::{
    ApiTokenInfo, CreatedApiToken, LoginRequest, LoginResponse, NewApiToken, NewUser, Role, User,
};
use ayuda_store::{CredentialKind, UserRow};

use crate::auth::{self, Admin, Staff};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/login", post(login))
        .route("/auth/logout", post(logout))
        .route("/auth/me", get(me))
        .route("/users", get(users).post(create_user))
        .route("/tokens", get(tokens).post(create_token))
        .route("/tokens/{id}", delete(revoke_token))
}

pub fn user_to_wire(user: &UserRow) -> User {
    User {
        id: user.id,
        email: user.email.clone(),
        role: Role::parse(&user.role).unwrap_or(Role::Agent),
        created_at: rfc3339(user.created_at),
    }
}

async fn login(
    State(state): State<AppState>,
    parts: Parts,
    AppJson(req): AppJson<LoginRequest>,
) -> AppResult<AppJson<LoginResponse>> {
    let user = auth::authenticate(
        &state,
        &req.email,
        req.password,
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

async fn users(_: Admin, State(state): State<AppState>) -> AppResult<AppJson<Vec<User>>> {
    Ok(AppJson(
        state
            .store
            .users()
            .await?
            .iter()
            .map(user_to_wire)
            .collect(),
    ))
}

async fn create_user(
    _: Admin,
    State(state): State<AppState>,
    AppJson(new): AppJson<NewUser>,
) -> AppResult<(StatusCode, AppJson<User>)> {
    auth::check_email(&new.email)?;
    auth::check_password_rules(&new.password)?;
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&new.password))
        .await
        .map_err(|e| AppError::Internal(format!("password hashing panicked: {e}")))??;
    let user = state
        .store
        .create_user(&new.email, &hash, new.role.as_str())
        .await?;
    Ok((StatusCode::CREATED, AppJson(user_to_wire(&user))))
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
) -> AppResult<StatusCode> {
    if state.store.delete_api_token(staff.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found(format!("token {id} not found")))
    }
}
