//! A full sign-in: the password and, for an account with a second factor, a TOTP code, a
//! recovery code or a passkey; or a passkey alone. Every failure counts against the account
//! and the address with the same growing delays.

use std::net::IpAddr;

use axum::http::StatusCode;
use ayuda_api::{ErrorCode, LoginRequest};
use ayuda_store::UserRow;

use crate::auth::{check_password, sign_in_failed};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Checks a sign-in request and answers the account it signs in. With `passkey` alone (no
/// e-mail, no password) the passkey's account; otherwise the password's, then for an account
/// with a second factor the `code` (the authenticator's six digits, refused when already used
/// in its time step, or an unused recovery code) or the `passkey`, which must be that account's.
pub async fn authenticate(
    state: &AppState,
    request: LoginRequest,
    address: Option<IpAddr>,
) -> AppResult<UserRow> {
    let LoginRequest {
        email,
        password,
        code,
        passkey,
    } = request;
    if email.trim().is_empty() && password.is_empty() {
        let Some(assertion) = passkey else {
            return Err(AppError::invalid(
                "send an e-mail and a password, or a passkey",
            ));
        };
        // Failed passkeys count per address: there is no account to count them against.
        state.login_limiter.check("", address)?;
        return match state.passkeys.verify(&state.store, assertion).await? {
            Some(user) if user.deactivated_at.is_none() => {
                state.login_limiter.succeeded(&user.email);
                Ok(user)
            }
            _ => Err(sign_in_failed(state, "", "passkey not accepted", address).await),
        };
    }
    let user = check_password(state, &email, password, address).await?;
    if user.has_second_factor() {
        let passed = if let Some(assertion) = passkey {
            let owner = state.passkeys.verify(&state.store, assertion).await?;
            owner.is_some_and(|owner| owner.id == user.id)
        } else if let Some(code) = code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            code.len() <= 64 && code_passes(state, &user, code, address).await?
        } else {
            return Err(AppError::client(
                StatusCode::UNAUTHORIZED,
                ErrorCode::SecondFactorRequired,
                "use your passkey, or enter the code from your authenticator app or a recovery code",
            ));
        };
        if !passed {
            return Err(sign_in_failed(
                state,
                &user.email,
                "wrong or already used code or passkey",
                address,
            )
            .await);
        }
    }
    state.login_limiter.succeeded(&user.email);
    Ok(user)
}

async fn code_passes(
    state: &AppState,
    user: &UserRow,
    code: &str,
    address: Option<IpAddr>,
) -> AppResult<bool> {
    if crate::totp::looks_like_totp(code) {
        let Some(secret) = &user.totp_secret else {
            return Ok(false);
        };
        let Some(step) = crate::totp::verify(secret, code, ayuda_store::now_ms()) else {
            return Ok(false);
        };
        // A code already used in its time step (or an older one) is a replay.
        return Ok(state.store.use_totp_step(user.id, step).await?);
    }
    let used = state
        .store
        .use_recovery_code(user.id, &crate::totp::recovery_hash(code))
        .await?;
    if used {
        crate::audit::record(
            state,
            Some(user),
            "auth.recovery_code_used",
            format!("user:{}", user.id),
            format!("{} left", state.store.recovery_codes_left(user.id).await?),
            address,
        )
        .await?;
    }
    Ok(used)
}
