//! Passkeys: the member's own (list, add, remove) and the sign-in challenge. Adding and
//! removing carry the CSRF header like every other change; the challenge is asked before there
//! is a session, so it needs none. The browser's side of each ceremony is in `crate::webauthn`.

use ayuda_api::{NewPasskey, PasskeyChallenge, PasskeyInfo};

use super::{ApiError, Call, Refusal};

const PASSKEYS: &str = "/api/v1/auth/passkeys";

/// `GET /api/v1/auth/passkeys`: the member's passkeys.
pub async fn passkeys() -> Result<Vec<PasskeyInfo>, ApiError> {
    Call::get(PASSKEYS).send().await?.json()
}

/// `POST /api/v1/auth/passkeys/registration`: the options for the browser to create a passkey
/// (409 `invalid_state` when the server has no domain name for passkeys).
pub async fn begin_registration(csrf_token: &str) -> Result<PasskeyChallenge, Refusal> {
    let url = format!("{PASSKEYS}/registration");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/auth/passkeys`: 201 with the passkey the browser created (400 with the
/// server's reason when it does not take it or its name).
pub async fn add_passkey(csrf_token: &str, passkey: &NewPasskey) -> Result<PasskeyInfo, Refusal> {
    Call::change("POST", PASSKEYS, csrf_token, Some(passkey))?
        .send()
        .await?
        .checked_json()
}

/// `DELETE /api/v1/auth/passkeys/{id}`: 204 (409 `invalid_state` for the only second factor
/// while the installation requires one).
pub async fn remove_passkey(csrf_token: &str, id: i64) -> Result<(), Refusal> {
    Call::delete(&format!("{PASSKEYS}/{id}"), csrf_token)
        .send()
        .await?
        .checked()
}

/// `POST /api/v1/auth/passkeys/challenge`: the options for the browser to sign in with any
/// passkey of this server, answered at `POST /api/v1/auth/session`.
pub async fn sign_in_challenge() -> Result<PasskeyChallenge, Refusal> {
    let url = format!("{PASSKEYS}/challenge");
    Call {
        method: "POST",
        url: &url,
        // No session yet, so no token.
        csrf_token: None,
        body: None,
    }
    .send()
    .await?
    .checked_json()
}
