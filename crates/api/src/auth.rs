//! Staff accounts, sessions and API tokens.

use serde::{Deserialize, Serialize};

/// Staff roles. Admins manage everything; editors write articles; agents answer tickets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Editor,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Editor => "editor",
            Self::Agent => "agent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "editor" => Some(Self::Editor),
            "agent" => Some(Self::Agent),
            _ => None,
        }
    }

    /// Whether this role may create, change, publish and delete articles.
    pub fn can_edit_articles(self) -> bool {
        matches!(self, Self::Admin | Self::Editor)
    }
}

/// `POST /api/v1/auth/login`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// Empty only when signing in with a passkey alone.
    pub email: String,
    /// Empty only when signing in with a passkey alone.
    pub password: String,
    /// The second factor, for an account that has one: the six digits of the authenticator
    /// app, or one of the recovery codes. Without it such an account gets 401
    /// `second_factor_required` (the password was right: ask for the code and send both again).
    #[serde(default)]
    pub code: Option<String>,
    /// A passkey's answer: with the e-mail and password, the second factor; alone, instead of
    /// both (the passkey verified its user).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkey: Option<PasskeyAssertion>,
}

/// What the browser's `navigator.credentials.get()` answered (`credential.toJSON()`) to the
/// options of `POST /api/v1/auth/passkeys/challenge`, with the ceremony they came with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyAssertion {
    pub ceremony: String,
    pub credential: serde_json::Value,
}

/// A WebAuthn ceremony begun: its id, to send back with the browser's answer, and the options
/// for the browser as WebAuthn's JSON (`PublicKeyCredential.parseCreationOptionsFromJSON` /
/// `parseRequestOptionsFromJSON`). Valid for five minutes, once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyChallenge {
    pub ceremony: String,
    pub options: serde_json::Value,
}

/// `POST /api/v1/auth/passkeys`: the new credential (`credential.toJSON()` of
/// `navigator.credentials.create()`) and a name for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPasskey {
    pub ceremony: String,
    pub name: String,
    pub credential: serde_json::Value,
}

/// One of the caller's passkeys (`GET /api/v1/auth/passkeys`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyInfo {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// Answer to a successful login. Send `Authorization: Bearer <token>` on staff calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: String,
    pub user: User,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub created_at: String,
    /// False while an admin has switched the account off.
    #[serde(default = "yes")]
    pub active: bool,
    /// Whether signing in needs a second factor (an authenticator app or a passkey).
    #[serde(default)]
    pub two_factor: bool,
}

fn yes() -> bool {
    true
}

/// `PATCH /api/v1/users/{id}` (admin): change a member's role, or switch the account off (its
/// sessions end at once) or on. The last active admin can be neither demoted nor switched off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// `POST /api/v1/users/{id}/password` (admin): a new password for a member, whose sessions end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

/// `PUT /api/v1/auth/password`: change your own password (your other sessions end).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// One staff action of the audit log (`GET /api/v1/audit`, admins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub id: i64,
    pub at: String,
    /// Absent for an unknown account (a failed sign-in with an e-mail nobody has).
    pub actor: Option<String>,
    /// `auth.sign_in`, `auth.sign_in_failed`, `auth.sign_out_everywhere`, `auth.password`,
    /// `user.create`, `user.role`, `user.deactivate`, `user.activate`, `user.password_reset`,
    /// `token.create`, `token.revoke`, `article.create`, `article.publish`, `article.unpublish`,
    /// `article.delete`, `article.restore`.
    pub action: String,
    pub target: String,
    pub detail: String,
    pub address: Option<String>,
}

/// A page of the audit log, newest first, and how many entries match the filter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditRecord>,
    pub total: i64,
}

/// `POST /api/v1/users` (admin)
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub password: String,
    pub role: Role,
}

/// `POST /api/v1/tokens`: a long-lived API token for scripts, acting as the caller.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
}

/// The token secret is shown once, in this answer only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiToken {
    pub id: i64,
    pub name: String,
    pub token: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenInfo {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// The staff console's session cookie: `HttpOnly`, `SameSite=Strict`, `Path=/api/v1`, and
/// `Secure` when the server is reached over TLS; a copy with the same name and token, scoped to
/// `Path=/console` (`SameSite=Lax`), lets the server choose the console bundle of the page.
/// Scripts and the CLI keep using bearer tokens.
pub const SESSION_COOKIE: &str = "ayuda_session";

/// The header a cookie-authenticated request that changes anything must carry, holding the
/// session's [`ConsoleSession::csrf_token`]. Bearer-authenticated requests need none.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `POST /api/v1/auth/session` (sign in: a [`LoginRequest`]) and `GET /api/v1/auth/session`
/// (who is signed in): the session itself is the cookie, never in the body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSession {
    pub user: User,
    /// Send as the [`CSRF_HEADER`] on every state-changing request of this session.
    pub csrf_token: String,
    /// The absolute end of the session (RFC 3339), whatever the activity.
    pub expires_at: String,
    /// The session also ends after this many seconds without a request.
    pub idle_timeout_secs: i64,
    /// Whether the member has a second factor.
    #[serde(default)]
    pub two_factor: bool,
    /// The installation requires a second factor and this member has none: until they set
    /// one up (`/auth/2fa/totp`), every other call answers 403 `second_factor_setup_required`.
    #[serde(default)]
    pub two_factor_setup_required: bool,
}

/// `GET /api/v1/auth/2fa`: the caller's second factor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TwoFactorStatus {
    pub totp: bool,
    pub recovery_codes_left: i64,
    /// How many passkeys the caller has (each a second factor, or a sign-in on its own).
    #[serde(default)]
    pub passkeys: i64,
    /// The installation requires a second factor of everyone.
    pub required: bool,
}

/// `POST /api/v1/auth/2fa/totp`: a new secret to add to an authenticator app (scan the QR
/// code or type the secret), pending until a code from it is confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotpSetup {
    /// Base32, as apps take it typed in.
    pub secret: String,
    /// The `otpauth://` URI the QR code holds.
    pub uri: String,
    /// The QR code as an SVG document.
    pub qr_svg: String,
}

/// `POST /api/v1/auth/2fa/totp/confirm` and `/auth/2fa/recovery-codes`: a current code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeRequest {
    pub code: String,
}

/// Ten single-use recovery codes, shown this once (only their hashes are kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// `POST /api/v1/auth/2fa/totp/disable`: your password, to turn your second factor off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordConfirmation {
    pub password: String,
}

/// `GET`/`PUT /api/v1/security` (admins): the staff sign-in policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecuritySettings {
    pub require_2fa: bool,
}

/// `GET /api/v1/auth/sessions`: the caller's signed-in sessions (console and bearer logins).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub id: i64,
    /// `console` (a browser, by cookie) or `login` (a bearer token from `/auth/login`).
    pub kind: String,
    /// What signed in: the browser's user agent, shortened.
    pub client: String,
    pub created_at: String,
    pub last_seen_at: Option<String>,
    pub expires_at: Option<String>,
    /// The session this request was made with.
    pub current: bool,
}
