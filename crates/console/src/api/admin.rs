//! The admins' calls: staff accounts, their passwords and second factors, the audit log and
//! the security policy. Each change carries the CSRF header, like every other in `api`.

use ayuda_api::{AuditPage, NewUser, PasswordReset, SecuritySettings, User, UserUpdate};

use super::{ApiError, Call, Refusal};

const USERS: &str = "/api/v1/users";
const SECURITY: &str = "/api/v1/security";

/// `GET /api/v1/users`: every staff account.
pub async fn users() -> Result<Vec<User>, ApiError> {
    Call::get(USERS).send().await?.json()
}

/// `POST /api/v1/users`: 201 with the new member (400 for a refused e-mail or password, 409
/// for an e-mail already in use).
pub async fn create_user(csrf_token: &str, user: &NewUser) -> Result<User, Refusal> {
    Call::change("POST", USERS, csrf_token, Some(user))?
        .send()
        .await?
        .checked_json()
}

/// `PATCH /api/v1/users/{id}`: a new role, or the account switched off or on (409
/// `invalid_state` for the last active admin).
pub async fn update_user(csrf_token: &str, id: i64, change: &UserUpdate) -> Result<User, Refusal> {
    let url = format!("{USERS}/{id}");
    Call::change("PATCH", &url, csrf_token, Some(change))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/users/{id}/password`: 204; the member's sessions end.
pub async fn reset_password(csrf_token: &str, id: i64, password: &str) -> Result<(), Refusal> {
    let url = format!("{USERS}/{id}/password");
    let body = PasswordReset {
        password: password.to_owned(),
    };
    Call::change("POST", &url, csrf_token, Some(&body))?
        .send()
        .await?
        .checked()
}

/// `POST /api/v1/users/{id}/2fa/reset`: 204; the member's second factor is off and their
/// sessions end.
pub async fn reset_two_factor(csrf_token: &str, id: i64) -> Result<(), Refusal> {
    let url = format!("{USERS}/{id}/2fa/reset");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked()
}

/// `GET /api/v1/audit?…` (the URL from `AuditFilter::api_url`): a page, newest first.
pub async fn audit(url: &str) -> Result<AuditPage, ApiError> {
    Call::get(url).send().await?.json()
}

/// `GET /api/v1/security`: the staff sign-in policy.
pub async fn security() -> Result<SecuritySettings, ApiError> {
    Call::get(SECURITY).send().await?.json()
}

/// `PUT /api/v1/security`: the policy as saved.
pub async fn set_security(
    csrf_token: &str,
    settings: &SecuritySettings,
) -> Result<SecuritySettings, Refusal> {
    Call::change("PUT", SECURITY, csrf_token, Some(settings))?
        .send()
        .await?
        .checked_json()
}
