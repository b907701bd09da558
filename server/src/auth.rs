//! Staff authentication: argon2 passwords, bearer tokens (login sessions and API tokens,
//! stored as SHA-256 hashes), the console's cookie sessions with their CSRF and origin checks,
//! and role checks (the failed-sign-in delays are in `limits`).

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{AUTHORIZATION, COOKIE, HOST, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use ayuda_api::{CSRF_HEADER, ErrorCode, Role, SESSION_COOKIE};
use ayuda_store::{CredentialKind, CredentialRow, UserRow};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Checks a password against a stored hash (false on any mismatch or malformed hash).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the e-mail is unknown, so both cases take the same time.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default())
}

/// Rules for staff passwords: 10 to 256 characters, not one of the passwords people use most
/// (compared without case, digits or symbols at the ends, so `Password123!` is caught), not
/// the account's own e-mail name, and not one character repeated.
pub fn check_password_rules(password: &str) -> AppResult<()> {
    let len = password.chars().count();
    if !(10..=256).contains(&len) {
        return Err(AppError::invalid(
            "password must be 10 to 256 characters long",
        ));
    }
    let core: String = password
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    let guessable = COMMON_PASSWORDS.contains(&password.to_lowercase().as_str())
        || COMMON_PASSWORDS.contains(&core.as_str())
        || password.chars().all(|c| password.starts_with(c));
    if guessable {
        return Err(AppError::invalid(
            "password is too common: choose one that is not on lists of leaked passwords",
        ));
    }
    Ok(())
}

/// [`check_password_rules`], and not built from the account's e-mail address.
pub fn check_new_password(password: &str, email: &str) -> AppResult<()> {
    check_password_rules(password)?;
    let name = email
        .trim()
        .split('@')
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let password = password.to_lowercase();
    let contains_name = name.chars().count() >= 3 && password.contains(&name);
    if contains_name || (!name.is_empty() && password.contains(&format!("{name}@"))) {
        return Err(AppError::invalid(
            "password must not contain your e-mail name",
        ));
    }
    Ok(())
}

/// Passwords (and password stems) at the top of the public lists of leaked passwords, lower
/// case. Short ones are here for the stem check (`Password2024!` → `password`).
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890",
    "0987654321",
    "1q2w3e4r5t",
    "1qaz2wsx3edc",
    "abc123456",
    "abcdefghij",
    "access",
    "admin",
    "administrator",
    "adminadmin",
    "ashley",
    "azerty",
    "baseball",
    "batman",
    "charlie",
    "computer",
    "contraseña",
    "contrasena",
    "dragon",
    "football",
    "freedom",
    "hello",
    "iloveyou",
    "letmein",
    "login",
    "master",
    "michael",
    "monkey",
    "mustang",
    "passw0rd",
    "password",
    "passwort",
    "princess",
    "qazwsx",
    "qwerty",
    "qwertyuiop",
    "shadow",
    "soccer",
    "starwars",
    "sunshine",
    "superman",
    "trustno",
    "welcome",
    "whatever",
    "secret",
    "changeme",
    "default",
    "ayuda",
    "support",
    "soporte",
    "bienvenido",
    "bienvenida",
    "hola",
    "teamo",
    "futbol",
    "barcelona",
    "realmadrid",
    "mariposa",
    "tequiero",
    "estrella",
    "corazon",
    "jesus",
    "amor",
    "password1234",
    "qwerty123456",
    "iloveyou123",
    "1234567890qwerty",
    "asdfghjkl",
    "asdfghjklñ",
    "zxcvbnm",
    "zxcvbnm123",
    "q1w2e3r4t5",
    "aaaaaaaaaa",
    "1111111111",
    "0000000000",
    "1234512345",
    "1122334455",
    "abcd1234abcd",
    "letmein123",
    "welcome123",
    "admin12345",
    "administrador",
    "usuario",
    "user",
    "guest",
    "invitado",
    "test",
    "prueba",
    "pruebas",
    "testing",
    "demo",
    "ayuda-demo-admin",
];

/// Rules for staff e-mails: something@something, no spaces, none of the characters an address
/// only has quoted (`<>()[]\,;:"`), ≤ 254 characters.
pub fn check_email(email: &str) -> AppResult<()> {
    let email = email.trim();
    let ok = email.len() <= 254
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[]\\,;:\"".contains(c))
        && email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') || host == "localhost"
        });
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid("email is not a valid e-mail address"))
    }
}

/// A new random bearer token (256 bits, URL-safe base64) with its storage hash.
pub fn new_token(prefix: &str) -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = format!(
        "{prefix}_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let hash = token_hash(&token);
    (token, hash)
}

/// How a token is stored: hex SHA-256 (tokens are random, so no salt or slow hash is needed).
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks an e-mail and password, with the failed-sign-in delays per account and address; the
/// same generic error whether the e-mail exists or not (and the same time: unknown e-mails are
/// checked against a dummy hash), and for a switched-off account. A right password does not
/// clear the failure count: [`authenticate`] does once the second factor passes too.
pub async fn check_password(
    state: &AppState,
    email: &str,
    password: String,
    address: Option<IpAddr>,
) -> AppResult<UserRow> {
    let email = email.trim().to_lowercase();
    if email.len() > 254 || password.len() > 1024 {
        return Err(AppError::invalid("email or password too long"));
    }
    state.login_limiter.check(&email, address)?;
    let user = state.store.user_by_email(&email).await?;
    let hash = user
        .as_ref()
        .map_or_else(|| dummy_hash().to_owned(), |u| u.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AppError::Internal(format!("password check panicked: {e}")))?;
    // A switched-off account gets the same answer as a wrong password.
    let Some(user) = user.filter(|user| ok && user.deactivated_at.is_none()) else {
        return Err(sign_in_failed(state, &email, "wrong e-mail or password", address).await);
    };
    Ok(user)
}

/// A signed-in member confirms a sensitive change with their password: a wrong one is 403
/// `invalid_credentials` (they are signed in; 401 would sign the console out), and counts as
/// a failed sign-in.
pub async fn confirm_own_password(
    state: &AppState,
    staff: &Staff,
    password: String,
    address: Option<IpAddr>,
) -> AppResult<()> {
    match check_password(state, &staff.user.email, password, address).await {
        Ok(_) => Ok(()),
        Err(AppError::Client { .. }) => Err(AppError::client(
            StatusCode::FORBIDDEN,
            ErrorCode::InvalidCredentials,
            "the password is wrong",
        )),
        Err(other) => Err(other),
    }
}

/// [`hash_password`] off the async threads (argon2 takes tens of milliseconds on purpose).
pub async fn hash_password_off_thread(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AppError::Internal(format!("password hashing panicked: {e}")))?
}

/// Counts and records a failed sign-in; the error to answer with.
pub(crate) async fn sign_in_failed(
    state: &AppState,
    email: &str,
    message: &'static str,
    address: Option<IpAddr>,
) -> AppError {
    state.login_limiter.failed(email, address);
    let recorded = crate::audit::record(
        state,
        None,
        "auth.sign_in_failed",
        // A passkey sign-in names no account.
        if email.is_empty() {
            "passkey".to_owned()
        } else {
            format!("email:{email}")
        },
        message.to_owned(),
        address,
    )
    .await;
    match recorded {
        Err(e) => e,
        Ok(()) => AppError::client(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            message,
        ),
    }
}

/// The client's address, when the server was started with connection info (it always is).
pub fn client_address(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip())
}

/// The console session's token from the request's cookies, if it sent one.
pub fn session_cookie(parts: &Parts) -> Option<&str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty() && token.len() <= 200)
}

/// The CSRF token of a console session: derived from its secret one way, so the server keeps
/// nothing more, the page can be given it, and knowing it reveals nothing of the cookie.
pub fn csrf_token(session_token: &str) -> String {
    let digest = Sha256::digest(format!("ayuda-csrf:{session_token}").as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

/// `Set-Cookie` for a console session (`max_age_secs` 0 clears it). `Secure` when the server
/// is reached over TLS (an `https` public URL, or a proxy saying so).
pub fn session_set_cookie(token: &str, max_age_secs: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/api/v1; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}"
    ))
    .ok()
}

/// Whether the request reached the server over TLS, as far as the server can tell.
pub fn over_tls(state: &AppState, parts: &Parts) -> bool {
    state.settings.public_url().starts_with("https://")
        || parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|value| value.to_str().ok())
            .is_some_and(|proto| proto.eq_ignore_ascii_case("https"))
}

/// A cookie-authenticated request that changes something must come from the console's own
/// origin (Fetch Metadata, else `Origin` against `Host`) and carry the session's CSRF token.
fn check_console_write(parts: &Parts, session_token: &str) -> AppResult<()> {
    let forbidden = |why: &str| {
        AppError::client(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            format!("refused: {why}"),
        )
    };
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|value: &HeaderValue| value.to_str().ok())
    };
    match header("sec-fetch-site") {
        Some("same-origin") => {}
        Some(_) => return Err(forbidden("the request came from another site")),
        None => {
            if let Some(origin) = header(ORIGIN.as_str()) {
                let host = header(HOST.as_str()).unwrap_or_default();
                let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
                if host.is_empty() || !origin_host.eq_ignore_ascii_case(host) {
                    return Err(forbidden("the request came from another origin"));
                }
            }
        }
    }
    let sent = header(CSRF_HEADER).unwrap_or_default();
    let expected = csrf_token(session_token);
    // Compared in constant time: the token is a secret of the page.
    let same = sent.len() == expected.len()
        && sent
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        Err(forbidden("missing or wrong CSRF token"))
    }
}

/// The authenticated staff member behind a request.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user: UserRow,
    pub role: Role,
    /// The credential the request came with (a console session, a login or an API token).
    pub credential: CredentialRow,
}

impl Staff {
    pub fn require(&self, allowed: bool, what: &str) -> AppResult<()> {
        if allowed {
            Ok(())
        } else {
            Err(AppError::forbidden(what))
        }
    }

    pub fn require_editor(&self) -> AppResult<()> {
        self.require(self.role.can_edit_articles(), "change articles")
    }

    pub fn require_admin(&self) -> AppResult<()> {
        self.require(self.role == Role::Admin, "do this (admins only)")
    }

    /// Working tickets: agents and admins (editors write articles and see no tickets).
    pub fn require_desk(&self) -> AppResult<()> {
        self.require(
            matches!(self.role, Role::Agent | Role::Admin),
            "work tickets (agents and admins only)",
        )
    }
}

/// Role extractors: a staff member whose role may do what the handler does, checked before
/// anything else of the request is read, so a role that may not gets 403 whatever it sent.
macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $check:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $name(pub Staff);

        impl FromRequestParts<AppState> for $name {
            type Rejection = AppError;

            async fn from_request_parts(
                parts: &mut Parts,
                state: &AppState,
            ) -> Result<Self, Self::Rejection> {
                let staff = Staff::from_request_parts(parts, state).await?;
                staff.$check()?;
                Ok($name(staff))
            }
        }
    };
}

role_extractor!(
    /// Editors and admins: the knowledge base.
    Editor,
    require_editor
);
role_extractor!(
    /// Admins only.
    Admin,
    require_admin
);
role_extractor!(
    /// Agents and admins: tickets.
    Desk,
    require_desk
);

/// What a member without the required second factor may still do: set one up, see who they
/// are, and sign out.
fn setup_allowed(path: &str) -> bool {
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    path.starts_with("/auth/2fa")
        || path.starts_with("/auth/passkeys")
        || matches!(
            path,
            "/auth/session" | "/auth/me" | "/auth/logout" | "/auth/sessions"
        )
}

/// The bearer token of a request, if it sent one.
pub fn bearer(parts: &Parts) -> Option<&str> {
    let value = parts.headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty() && t.len() <= 200)
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // A bearer token wins over a cookie: scripts never send the console's cookie.
        let (token, by_cookie) = match bearer(parts) {
            Some(token) => (token, false),
            None => (
                session_cookie(parts).ok_or_else(AppError::unauthorized)?,
                true,
            ),
        };
        let idle_ms = state.settings.console_idle_minutes.saturating_mul(60_000);
        let (user, credential) = state
            .store
            .credential(&token_hash(token), Some(idle_ms))
            .await?
            .ok_or_else(AppError::unauthorized)?;
        // Console sessions travel only as the cookie, and the cookie carries nothing else.
        if by_cookie != (credential.kind == CredentialKind::Console) {
            return Err(AppError::unauthorized());
        }
        if by_cookie && !parts.method.is_safe() {
            check_console_write(parts, token)?;
        }
        if !user.has_second_factor()
            && !setup_allowed(parts.uri.path())
            && state.store.security_policy().await?.require_2fa
        {
            return Err(AppError::client(
                StatusCode::FORBIDDEN,
                ErrorCode::SecondFactorSetupRequired,
                "set up two-factor authentication first (POST /api/v1/auth/2fa/totp)",
            ));
        }
        let role = Role::parse(&user.role).ok_or_else(|| {
            AppError::Internal(format!("user {} has unknown role {}", user.id, user.role))
        })?;
        Ok(Staff {
            user,
            role,
            credential,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_round_trip_and_reject_wrong_ones() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong", &hash));
        assert!(!verify_password("x", "not a phc string"));
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token("ayu");
        let (b, _) = new_token("ayu");
        assert_ne!(a, b);
        assert!(a.starts_with("ayu_"));
        assert_eq!(ha, token_hash(&a));
        assert_eq!(ha.len(), 64);
    }

    #[test]
    fn common_passwords_are_refused_in_any_dress() {
        for weak in [
            "password1234",
            "Password2024!",
            "QWERTYUIOP",
            "contraseña123",
            "aaaaaaaaaaaa",
            "1234567890",
            "!!Welcome99!!",
        ] {
            assert!(check_password_rules(weak).is_err(), "{weak}");
        }
        assert!(check_password_rules("correct horse battery").is_ok());
        assert!(check_new_password("marta.lopez-2024", "marta.lopez@example.com").is_err());
        assert!(check_new_password("tres tristes tigres", "marta.lopez@example.com").is_ok());
    }

    #[test]
    fn email_rules() {
        assert!(check_email("ed@example.com").is_ok());
        assert!(check_email("admin@localhost").is_ok());
        for bad in ["", "no-at", "@x.com", "a b@c.d", &"x".repeat(300)] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
