//! Two-factor authentication: a member sets up TOTP (a secret with its QR code, pending until a
//! code from the app is confirmed, then ten recovery codes shown once), renews the recovery
//! codes, turns it off; admins require it of everyone, and reset a member's (lost phone).

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::{get, post};
use ayuda_api::{
    CodeRequest, ErrorCode, PasswordConfirmation, RecoveryCodes, SecuritySettings, TotpSetup,
    TwoFactorStatus,
};
use ayuda_store::SecurityPolicy;

use crate::audit;
use crate::auth::{self, Admin, Staff};
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::state::AppState;
use crate::totp;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/2fa", get(status))
        .route("/auth/2fa/totp", post(start))
        .route("/auth/2fa/totp/confirm", post(confirm))
        .route("/auth/2fa/totp/disable", post(disable))
        .route("/auth/2fa/recovery-codes", post(renew_codes))
        .route("/security", get(policy).put(set_policy))
        .route("/users/{id}/2fa/reset", post(reset))
}

async fn status(
    staff: Staff,
    State(state): State<AppState>,
) -> AppResult<AppJson<TwoFactorStatus>> {
    Ok(AppJson(TwoFactorStatus {
        totp: staff.user.totp_secret.is_some(),
        recovery_codes_left: state.store.recovery_codes_left(staff.user.id).await?,
        passkeys: staff.user.passkeys,
        required: state.store.security_policy().await?.require_2fa,
    }))
}

/// A new pending secret. Starting again replaces a pending one; a member who already has TOTP
/// turns it off first (so a stolen session cannot silently move the second factor).
async fn start(staff: Staff, State(state): State<AppState>) -> AppResult<AppJson<TotpSetup>> {
    if staff.user.totp_secret.is_some() {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "two-factor authentication is already on; turn it off first to change the app",
        ));
    }
    let secret = totp::new_secret();
    state.store.set_totp_pending(staff.user.id, &secret).await?;
    let uri = totp::otpauth_uri("Ayuda", &staff.user.email, &secret);
    let qr_svg = totp::qr_svg(&uri)
        .ok_or_else(|| AppError::Internal("the enrolment QR code could not be drawn".into()))?;
    Ok(AppJson(TotpSetup {
        secret,
        uri,
        qr_svg,
    }))
}

fn wrong_code() -> AppError {
    AppError::client(
        StatusCode::BAD_REQUEST,
        ErrorCode::InvalidInput,
        "that code is wrong or expired: enter the one your app shows now",
    )
}

/// Turns TOTP on once a code from the app matches the pending secret; the recovery codes are
/// in this answer only.
async fn confirm(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(request): AppJson<CodeRequest>,
) -> AppResult<AppJson<RecoveryCodes>> {
    let pending = state
        .store
        .totp_pending(staff.user.id)
        .await?
        .ok_or_else(|| {
            AppError::client(
                StatusCode::CONFLICT,
                ErrorCode::InvalidState,
                "no set-up in progress: start one first",
            )
        })?;
    let step =
        totp::verify(&pending, &request.code, ayuda_store::now_ms()).ok_or_else(wrong_code)?;
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|code| totp::recovery_hash(code)).collect();
    state
        .store
        .activate_totp(staff.user.id, &pending, step, &hashes)
        .await?;
    audit::record(
        &state,
        Some(&staff.user),
        "auth.2fa_enable",
        format!("user:{}", staff.user.id),
        "authenticator app".to_owned(),
        auth::client_address(&parts),
    )
    .await?;
    Ok(AppJson(RecoveryCodes { codes }))
}

/// New recovery codes (the old ones stop working), against a current code from the app.
async fn renew_codes(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(request): AppJson<CodeRequest>,
) -> AppResult<AppJson<RecoveryCodes>> {
    let secret = staff.user.totp_secret.clone().ok_or_else(|| {
        AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "two-factor authentication is off",
        )
    })?;
    let step =
        totp::verify(&secret, &request.code, ayuda_store::now_ms()).ok_or_else(wrong_code)?;
    if !state.store.use_totp_step(staff.user.id, step).await? {
        return Err(wrong_code());
    }
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|code| totp::recovery_hash(code)).collect();
    state
        .store
        .activate_totp(staff.user.id, &secret, step, &hashes)
        .await?;
    audit::record(
        &state,
        Some(&staff.user),
        "auth.recovery_codes_renewed",
        format!("user:{}", staff.user.id),
        String::new(),
        auth::client_address(&parts),
    )
    .await?;
    Ok(AppJson(RecoveryCodes { codes }))
}

/// Turns the caller's second factor off, against their password; refused while the
/// installation requires one.
async fn disable(
    staff: Staff,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(confirmation): AppJson<PasswordConfirmation>,
) -> AppResult<StatusCode> {
    if state.store.security_policy().await?.require_2fa {
        return Err(AppError::client(
            StatusCode::CONFLICT,
            ErrorCode::InvalidState,
            "two-factor authentication is required here and cannot be turned off",
        ));
    }
    let address = auth::client_address(&parts);
    auth::confirm_own_password(&state, &staff, confirmation.password, address).await?;
    state.store.disable_totp(staff.user.id).await?;
    audit::record(
        &state,
        Some(&staff.user),
        "auth.2fa_disable",
        format!("user:{}", staff.user.id),
        String::new(),
        address,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn policy(_: Admin, State(state): State<AppState>) -> AppResult<AppJson<SecuritySettings>> {
    let policy = state.store.security_policy().await?;
    Ok(AppJson(SecuritySettings {
        require_2fa: policy.require_2fa,
    }))
}

async fn set_policy(
    Admin(admin): Admin,
    State(state): State<AppState>,
    parts: Parts,
    AppJson(settings): AppJson<SecuritySettings>,
) -> AppResult<AppJson<SecuritySettings>> {
    state
        .store
        .set_security_policy(&SecurityPolicy {
            require_2fa: settings.require_2fa,
        })
        .await?;
    audit::record(
        &state,
        Some(&admin.user),
        "security.policy",
        "security".to_owned(),
        format!("require_2fa = {}", settings.require_2fa),
        auth::client_address(&parts),
    )
    .await?;
    Ok(AppJson(settings))
}

/// An admin turns a member's second factor off (a lost phone, no recovery codes left); the
/// member's sessions end, and they set it up again at their next sign-in if it is required.
async fn reset(
    Admin(admin): Admin,
    State(state): State<AppState>,
    AppPath(id): AppPath<i64>,
    parts: Parts,
) -> AppResult<StatusCode> {
    let user = super::users::load_user(&state, id).await?;
    state.store.disable_totp(id).await?;
    state.store.delete_passkeys(id).await?;
    state.store.delete_sessions(id).await?;
    audit::record(
        &state,
        Some(&admin.user),
        "user.2fa_reset",
        format!("user:{id}"),
        user.email,
        auth::client_address(&parts),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
