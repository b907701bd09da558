//! Staff authentication: argon2 passwords, bearer tokens (login sessions and API tokens,
//! stored as SHA-256 hashes), and role checks
//! (the failed-login limit is in `limits`).

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use ayuda_api::Role;
use ayuda_store::UserRow;
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

/// Rules for staff passwords.
pub fn check_password_rules(password: &str) -> AppResult<()> {
    let len = password.chars().count();
    if !(10..=256).contains(&len) {
        return Err(AppError::invalid(
            "password must be 10 to 256 characters long",
        ));
    }
    Ok(())
}

/// Rules for staff e-mails: something@something, no spaces, ≤ 254 characters.
pub fn check_email(email: &str) -> AppResult<()> {
    let email = email.trim();
    let ok = email.len() <= 254
        && !email.chars().any(char::is_whitespace)
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

/// The authenticated staff member behind a request.
#[derive(Clone, Debug)]
pub struct Staff {
    pub user: UserRow,
    pub role: Role,
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
        let token = bearer(parts).ok_or_else(AppError::unauthorized)?;
        let user = state
            .store
            .user_by_credential(&token_hash(token))
            .await?
            .ok_or_else(AppError::unauthorized)?;
        let role = Role::parse(&user.role).ok_or_else(|| {
            AppError::Internal(format!("user {} has unknown role {}", user.id, user.role))
        })?;
        Ok(Staff { user, role })
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
    fn email_rules() {
        assert!(check_email("ed@example.com").is_ok());
        assert!(check_email("admin@localhost").is_ok());
        for bad in ["", "no-at", "@x.com", "a b@c.d", &"x".repeat(300)] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
