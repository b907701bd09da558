//! Staff accounts (admins): list, add, change role, switch off or on (sessions end at once),
//! reset a password; and the audit log of staff actions.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use ayuda_api::{AuditPage, AuditRecord, NewUser, PasswordReset, Role, User, UserUpdate};
use ayuda_store::AuditFilter;
use serde::Deserialize;

use super::auth::user_to_wire;
use crate::audit;
use crate::auth::{self, Admin};
use crate::error::{AppError, AppJson, AppPath, AppQuery, AppResult};
use crate::state::AppState;
use crate::time::rfc3339;
use crate::validate;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/users", get(users).post(create_user))
        .route("/users/{id}", axum::routing::patch(update_user))
        .route("/users/{id}/password", post(reset_password))
        .route("/audit", get(audit_log))
}

/// A staff account by id, or the 404 every route answers for an unknown one.
pub async fn load_user(state: &AppState, id: i64) -> AppResult<ayuda_store::UserRow> {
    state
        .store
        .user(id)
        .await?
        .ok_or_else(|| AppError::not_found(format!("user {id} not found")))
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
    Admin(admin): Admin,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(new): AppJson<NewUser>,
) -> AppResult<(StatusCode, AppJson<User>)> {
    auth::check_email(&new.email)?;
    auth::check_new_password(&new.password, &new.email)?;
    let hash = auth::hash_password_off_thread(new.password).await?;
    let user = state
        .store
        .create_user(&new.email, &hash, new.role.as_str())
        .await?;
    audit::record(
        &state,
        Some(&admin.user),
        "user.create",
        format!("user:{}", user.id),
        format!("{} as {}", user.email, user.role),
        auth::client_address(&parts),
    )
    .await?;
    Ok((StatusCode::CREATED, AppJson(user_to_wire(&user))))
}

/// Changes a member's role or switches the account off or on. The last active admin stays an
/// active admin, so the help centre never locks itself out.
async fn update_user(
    Admin(admin): Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
    AppJson(change): AppJson<UserUpdate>,
) -> AppResult<AppJson<User>> {
    let mut user = load_user(&state, id).await?;
    let is_active_admin = user.role == Role::Admin.as_str() && user.deactivated_at.is_none();
    let demoted = change.role.is_some_and(|role| role != Role::Admin);
    let switched_off = change.active == Some(false);
    if is_active_admin && (demoted || switched_off) && state.store.active_admins().await? <= 1 {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ayuda_api::ErrorCode::InvalidState,
            "the last active admin cannot be demoted or switched off",
        ));
    }
    let address = auth::client_address(&parts);
    if let Some(role) = change.role
        && role.as_str() != user.role
    {
        let before = user.role.clone();
        user = state.store.set_user_role(id, role.as_str()).await?;
        audit::record(
            &state,
            Some(&admin.user),
            "user.role",
            format!("user:{id}"),
            format!("{}: {before} → {}", user.email, user.role),
            address,
        )
        .await?;
    }
    if let Some(active) = change.active
        && active != user.deactivated_at.is_none()
    {
        user = state.store.set_user_active(id, active).await?;
        let action = if active {
            "user.activate"
        } else {
            "user.deactivate"
        };
        audit::record(
            &state,
            Some(&admin.user),
            action,
            format!("user:{id}"),
            user.email.clone(),
            address,
        )
        .await?;
    }
    Ok(AppJson(user_to_wire(&user)))
}

/// Sets a new password for a member (who forgot theirs); their sessions end.
async fn reset_password(
    Admin(admin): Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
    AppJson(reset): AppJson<PasswordReset>,
) -> AppResult<StatusCode> {
    let user = load_user(&state, id).await?;
    auth::check_new_password(&reset.password, &user.email)?;
    let hash = auth::hash_password_off_thread(reset.password).await?;
    state.store.set_password(id, &hash, None).await?;
    audit::record(
        &state,
        Some(&admin.user),
        "user.password_reset",
        format!("user:{id}"),
        user.email,
        auth::client_address(&parts),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct AuditParams {
    action: Option<String>,
    actor: Option<String>,
    since: Option<String>,
    until: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

async fn audit_log(
    _: Admin,
    State(state): State<AppState>,
    AppQuery(params): AppQuery<AuditParams>,
) -> AppResult<AppJson<AuditPage>> {
    let limit = validate::limit(params.limit, 50)?;
    let offset = params.offset.unwrap_or(0);
    if !(0..=1_000_000).contains(&offset) {
        return Err(AppError::invalid("offset must be between 0 and 1000000"));
    }
    let short = |value: Option<String>, field: &str| -> AppResult<Option<String>> {
        match value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
            Some(v) if v.chars().count() > 254 => {
                Err(AppError::invalid(format!("{field} is too long")))
            }
            other => Ok(other),
        }
    };
    let filter = AuditFilter {
        action: short(params.action, "action")?,
        actor: short(params.actor, "actor")?,
        since: validate::time_param(params.since.as_deref(), "since")?,
        until: validate::time_param(params.until.as_deref(), "until")?,
        limit,
        offset,
    };
    let (rows, total) = state.store.audit_log(&filter).await?;
    Ok(AppJson(AuditPage {
        entries: rows
            .into_iter()
            .map(|row| AuditRecord {
                id: row.id,
                at: rfc3339(row.at),
                actor: row.entry.actor_email,
                action: row.entry.action,
                target: row.entry.target,
                detail: row.entry.detail,
                address: row.entry.address,
            })
            .collect(),
        total,
    }))
}
