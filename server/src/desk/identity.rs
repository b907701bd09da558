//! Who is asking on the public ticket API: an anonymous visitor (signed token) and/or an
//! identified user of the host app (`user_hash` = HMAC-SHA256(site secret, user id)).
//!
//! Both are keyed with the site's secret, which never leaves the server and the host app's
//! backend. Comparisons are constant-time (`Mac::verify_slice`).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ayuda_api::{USER_HASH_HEADER, USER_ID_HEADER, VISITOR_HEADER};
use ayuda_store::{SiteRow, Ticket};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

type HmacSha256 = Hmac<Sha256>;

/// The longest user id accepted from a host app.
pub const MAX_USER_ID: usize = 200;

fn mac(secret: &str, parts: &[&[u8]]) -> HmacSha256 {
    // HMAC takes keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    for part in parts {
        mac.update(part);
    }
    mac
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.len() > 128 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// `user_hash` for `user_id`: what the host app's backend computes (lowercase hex).
pub fn user_hash(secret: &str, user_id: &str) -> String {
    hex(&mac(secret, &[user_id.as_bytes()]).finalize().into_bytes())
}

/// Whether `hash` is the right `user_hash` for `user_id` (constant-time).
pub fn verify_user_hash(secret: &str, user_id: &str, hash: &str) -> bool {
    let Some(bytes) = unhex(&hash.to_ascii_lowercase()) else {
        return false;
    };
    mac(secret, &[user_id.as_bytes()])
        .verify_slice(&bytes)
        .is_ok()
}

/// A new visitor id and its token `v1.ID.SIGNATURE` for `site`.
pub fn new_visitor(site: &SiteRow) -> (String, String) {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    let id = hex(&bytes);
    let token = visitor_token(site, &id);
    (id, token)
}

fn visitor_token(site: &SiteRow, id: &str) -> String {
    let signature = mac(
        &site.secret,
        &[b"visitor\0", site.key.as_bytes(), b"\0", id.as_bytes()],
    )
    .finalize()
    .into_bytes();
    format!("v1.{id}.{}", hex(&signature))
}

/// The visitor id in `token` if the site signed it.
pub fn verify_visitor(site: &SiteRow, token: &str) -> Option<String> {
    let mut parts = token.split('.');
    let (Some("v1"), Some(id), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let bytes = unhex(signature)?;
    mac(
        &site.secret,
        &[b"visitor\0", site.key.as_bytes(), b"\0", id.as_bytes()],
    )
    .verify_slice(&bytes)
    .ok()
    .map(|()| id.to_owned())
}

/// The identity a public request proved. At least one of the two is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requester {
    pub visitor_id: Option<String>,
    pub user_id: Option<String>,
}

/// What a request claims, before checking: from headers, or query parameters on the SSE
/// stream and attachment downloads (where browsers cannot set headers).
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct Claims {
    pub visitor: Option<String>,
    pub user: Option<String>,
    pub user_hash: Option<String>,
}

impl Claims {
    pub fn from_headers(parts: &Parts) -> Claims {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        Claims {
            visitor: header(VISITOR_HEADER),
            user: header(USER_ID_HEADER),
            user_hash: header(USER_HASH_HEADER),
        }
    }

    /// Header values first, then the query's.
    pub fn or(self, other: Claims) -> Claims {
        Claims {
            visitor: self.visitor.or(other.visitor),
            user: self.user.or(other.user),
            user_hash: self.user_hash.or(other.user_hash),
        }
    }

    /// Checks the claims against the site's secret. A wrong visitor token or a user id with a
    /// missing or wrong hash is refused outright (401), never silently downgraded.
    pub fn verify(&self, site: &SiteRow) -> AppResult<Requester> {
        let visitor_id = match &self.visitor {
            Some(token) => Some(verify_visitor(site, token).ok_or_else(|| {
                AppError::client(
                    axum::http::StatusCode::UNAUTHORIZED,
                    ayuda_api::ErrorCode::Unauthorized,
                    "the visitor token is not valid for this site",
                )
            })?),
            None => None,
        };
        let user_id = match (&self.user, &self.user_hash) {
            (Some(user), Some(hash))
                if user.chars().count() <= MAX_USER_ID
                    && verify_user_hash(&site.secret, user, hash) =>
            {
                Some(user.clone())
            }
            (Some(_), _) => {
                return Err(AppError::client(
                    axum::http::StatusCode::UNAUTHORIZED,
                    ayuda_api::ErrorCode::Unauthorized,
                    "user_hash is missing or does not match the user id: compute \
                     HMAC-SHA256(site secret, user id) on your backend",
                ));
            }
            (None, _) => None,
        };
        if visitor_id.is_none() && user_id.is_none() {
            return Err(AppError::client(
                axum::http::StatusCode::UNAUTHORIZED,
                ayuda_api::ErrorCode::Unauthorized,
                "send a visitor token (POST /api/v1/sites/{site}/visitors) or an identified user",
            ));
        }
        Ok(Requester {
            visitor_id,
            user_id,
        })
    }
}

impl FromRequestParts<AppState> for Claims {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> AppResult<Claims> {
        // Unknown parameters (`after`, `name`) belong to the route; a malformed query just
        // claims nothing.
        let query = axum::extract::Query::<Claims>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        Ok(Claims::from_headers(parts).or(query))
    }
}

impl Requester {
    /// Whether this requester may see `ticket`: same site and the same identified user, or
    /// the visitor who filed it (an identified ticket is only the user's).
    pub fn owns(&self, ticket: &Ticket) -> bool {
        match (&ticket.user_id, &self.user_id) {
            (Some(owner), Some(me)) => owner == me,
            (Some(_), None) => false,
            (None, _) => ticket.visitor_id.is_some() && ticket.visitor_id == self.visitor_id,
        }
    }

    /// The owner key of uploads: the user when identified, else the visitor.
    pub fn owner_key(&self) -> String {
        match (&self.user_id, &self.visitor_id) {
            (Some(user), _) => format!("u:{user}"),
            (None, Some(visitor)) => format!("v:{visitor}"),
            (None, None) => String::new(),
        }
    }

    /// A key for rate limits.
    pub fn limit_key(&self, site: &str) -> String {
        format!("{site}\0{}", self.owner_key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(secret: &str) -> SiteRow {
        SiteRow {
            key: "demo".into(),
            name: "Demo".into(),
            allowed_origins: vec![],
            default_locale: "es".into(),
            brand_color: "#000000".into(),
            secret: secret.into(),
            created_at: 0,
            position: "right".into(),
            launcher_text: None,
            logo_url: None,
        }
    }

    #[test]
    fn user_hash_is_rfc_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            user_hash("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(verify_user_hash(
            "Jefe",
            "what do ya want for nothing?",
            &user_hash("Jefe", "what do ya want for nothing?").to_uppercase()
        ));
        assert!(!verify_user_hash("Jefe", "other", &user_hash("Jefe", "x")));
        for bad in ["", "zz", "abc", &"0".repeat(64), &"a".repeat(4000)] {
            assert!(!verify_user_hash("Jefe", "x", bad));
        }
    }

    #[test]
    fn visitor_tokens_are_bound_to_site_and_secret() {
        let a = site("secret-a");
        let (id, token) = new_visitor(&a);
        assert_eq!(verify_visitor(&a, &token), Some(id.clone()));
        assert_eq!(verify_visitor(&site("secret-b"), &token), None);
        let mut other_key = a.clone();
        other_key.key = "other".into();
        assert_eq!(verify_visitor(&other_key, &token), None);
        let forged = format!("v1.{}.{}", "0".repeat(32), &token[36..]);
        assert_eq!(verify_visitor(&a, &forged), None);
        for bad in ["", "v1", "v1..", "v2.x.y", &format!("{token}.extra")] {
            assert_eq!(verify_visitor(&a, bad), None);
        }
    }

    #[test]
    fn claims_need_a_valid_identity() {
        let s = site("k");
        let (_, token) = new_visitor(&s);
        let ok = Claims {
            visitor: Some(token.clone()),
            ..Claims::default()
        };
        assert!(ok.verify(&s).is_ok());
        assert!(Claims::default().verify(&s).is_err());
        let wrong_hash = Claims {
            visitor: Some(token),
            user: Some("u1".into()),
            user_hash: Some(user_hash("k", "u2")),
        };
        assert!(wrong_hash.verify(&s).is_err());
        let user = Claims {
            user: Some("u1".into()),
            user_hash: Some(user_hash("k", "u1")),
            ..Claims::default()
        };
        let who = user.verify(&s).unwrap();
        assert_eq!(who.user_id.as_deref(), Some("u1"));
    }
}
