//! Passkeys (WebAuthn) through `webauthn-rs`: registering one for a signed-in member, and
//! checking a passkey's answer at sign-in, as the second factor or on its own (a passkey
//! verifies its user: the browser asks for the device's PIN, fingerprint or face).
//!
//! Every ceremony's state is kept in the database for five minutes and taken once, so any
//! node can finish what another began and a challenge is never answered twice. Passkeys are
//! created discoverable (resident), so a sign-in needs no e-mail and reveals no account.

use std::time::Duration;

use axum::http::StatusCode;
use ayuda_api::{ErrorCode, NewPasskey, PasskeyAssertion, PasskeyChallenge};
use ayuda_store::{PasskeyRow, Store, UserRow};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use crate::error::{AppError, AppResult};

/// How long a ceremony can be finished.
const CEREMONY: Duration = Duration::from_secs(300);
const REGISTER: &str = "register";
const SIGN_IN: &str = "sign_in";
/// A passkey's name, as its owner sees it in their list.
pub const MAX_NAME_CHARS: usize = 60;

/// The relying party: this server, as its public URL names it. Passkeys are bound to a domain
/// name, so a server known only by an IP address has none.
pub struct RelyingParty {
    webauthn: Result<Webauthn, String>,
}

impl RelyingParty {
    pub fn new(public_url: &str) -> RelyingParty {
        RelyingParty {
            webauthn: build(public_url),
        }
    }

    fn get(&self) -> AppResult<&Webauthn> {
        self.webauthn.as_ref().map_err(|why| {
            AppError::client(StatusCode::CONFLICT, ErrorCode::InvalidState, why.clone())
        })
    }

    /// Begins adding a passkey to `user`'s account (their existing ones excluded).
    pub async fn begin_registration(
        &self,
        store: &Store,
        user: &UserRow,
    ) -> AppResult<PasskeyChallenge> {
        let webauthn = self.get()?;
        let existing = store
            .passkeys(user.id)
            .await?
            .iter()
            .filter_map(|row| stored(row).ok())
            .map(|passkey| passkey.cred_id().clone())
            .collect::<Vec<_>>();
        let (challenge, registration) = webauthn
            .start_passkey_registration(
                user_handle(user.id),
                &user.email,
                &user.email,
                Some(existing),
            )
            .map_err(internal)?;
        let mut options = serde_json::to_value(challenge.public_key).map_err(internal)?;
        // Discoverable, so that a passkey alone can sign in without naming the account.
        if let Some(selection) = options.get_mut("authenticatorSelection") {
            selection["residentKey"] = Value::from("required");
            selection["requireResidentKey"] = Value::from(true);
        }
        let ceremony = begin(store, Some(user.id), REGISTER, &registration).await?;
        Ok(PasskeyChallenge {
            ceremony,
            options: without_nulls(options),
        })
    }

    /// Finishes adding a passkey: the browser's answer checked against the ceremony begun for
    /// this same account.
    pub async fn finish_registration(
        &self,
        store: &Store,
        user: &UserRow,
        new: NewPasskey,
    ) -> AppResult<PasskeyRow> {
        let webauthn = self.get()?;
        let name = new.name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return Err(AppError::invalid(format!(
                "name must be 1 to {MAX_NAME_CHARS} characters without control characters"
            )));
        }
        let credential: RegisterPublicKeyCredential = serde_json::from_value(new.credential)
            .map_err(|e| {
                AppError::invalid(format!("credential is not a WebAuthn credential: {e}"))
            })?;
        let (owner, registration) = take::<PasskeyRegistration>(store, &new.ceremony, REGISTER)
            .await?
            .ok_or_else(expired)?;
        if owner != Some(user.id) {
            return Err(expired());
        }
        let passkey = webauthn
            .finish_passkey_registration(&credential, &registration)
            .map_err(|e| AppError::invalid(format!("the passkey was not accepted: {e}")))?;
        let json = serde_json::to_string(&passkey).map_err(internal)?;
        let credential_id = URL_SAFE_NO_PAD.encode(AsRef::<[u8]>::as_ref(passkey.cred_id()));
        Ok(store
            .add_passkey(user.id, &credential_id, name, &json)
            .await?)
    }

    /// Begins a sign-in with a passkey: a challenge for any of this site's passkeys.
    pub async fn begin_sign_in(&self, store: &Store) -> AppResult<PasskeyChallenge> {
        let webauthn = self.get()?;
        let (challenge, authentication) = webauthn
            .start_discoverable_authentication()
            .map_err(internal)?;
        let options = serde_json::to_value(challenge.public_key).map_err(internal)?;
        let ceremony = begin(store, None, SIGN_IN, &authentication).await?;
        Ok(PasskeyChallenge {
            ceremony,
            options: without_nulls(options),
        })
    }

    /// The account whose passkey answered the challenge, its signature checked with the
    /// stored public key (and the counter updated); `None` for any answer that does not hold:
    /// an unknown, expired or used ceremony, an unknown passkey, a bad signature.
    pub async fn verify(
        &self,
        store: &Store,
        assertion: PasskeyAssertion,
    ) -> AppResult<Option<UserRow>> {
        let webauthn = self.get()?;
        let Ok(credential) = serde_json::from_value::<PublicKeyCredential>(assertion.credential)
        else {
            return Ok(None);
        };
        let Some((_, authentication)) =
            take::<DiscoverableAuthentication>(store, &assertion.ceremony, SIGN_IN).await?
        else {
            return Ok(None);
        };
        let Ok((handle, credential_id)) =
            webauthn.identify_discoverable_authentication(&credential)
        else {
            return Ok(None);
        };
        let Some(row) = store
            .passkey_by_credential(&URL_SAFE_NO_PAD.encode(credential_id))
            .await?
        else {
            return Ok(None);
        };
        if handle != user_handle(row.user_id) {
            return Ok(None);
        }
        let mut passkey = stored(&row)?;
        let Ok(result) =
            webauthn.finish_discoverable_authentication_v2(&credential, authentication, &passkey)
        else {
            return Ok(None);
        };
        passkey.update_credential(&result);
        let json = serde_json::to_string(&passkey).map_err(internal)?;
        store.passkey_used(row.id, &json).await?;
        Ok(store.user(row.user_id).await?)
    }
}

fn build(public_url: &str) -> Result<Webauthn, String> {
    let unavailable = |why: &str| format!("passkeys are not available on this server: {why}");
    let mut url = Url::parse(public_url).map_err(|e| unavailable(&e.to_string()))?;
    // A server on a loopback address (a developer's machine, the demo) offers passkeys to the
    // console opened at http://localhost:PORT: browsers bind passkeys to a domain name.
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    };
    if loopback {
        url.set_host(Some("localhost"))
            .map_err(|e| unavailable(&e.to_string()))?;
    }
    let Some(domain) = url.domain().map(str::to_owned) else {
        return Err(unavailable(
            "its public URL names an IP address, and passkeys belong to a domain name \
             (set public_url, e.g. https://help.example.com)",
        ));
    };
    WebauthnBuilder::new(&domain, &url)
        .map(|builder| {
            builder
                .rp_name("Ayuda")
                .timeout(CEREMONY)
                // A developer's machine serves on whatever port is free.
                .allow_any_port(domain == "localhost")
        })
        .and_then(WebauthnBuilder::build)
        .map_err(|e| unavailable(&e.to_string()))
}

/// The WebAuthn user handle of an account: fixed, and no e-mail in it.
fn user_handle(user_id: i64) -> Uuid {
    Uuid::from_u64_pair(0x6179_7564_615f_7374, user_id.cast_unsigned())
}

fn stored(row: &PasskeyRow) -> AppResult<Passkey> {
    serde_json::from_str(&row.passkey)
        .map_err(|e| AppError::Internal(format!("passkey {} is unreadable: {e}", row.id)))
}

async fn begin<T: serde::Serialize>(
    store: &Store,
    user_id: Option<i64>,
    kind: &str,
    ceremony: &T,
) -> AppResult<String> {
    let mut bytes = [0u8; 24];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let id = URL_SAFE_NO_PAD.encode(bytes);
    let json = serde_json::to_string(ceremony).map_err(internal)?;
    let expires_at = ayuda_store::now_ms() + i64::try_from(CEREMONY.as_millis()).unwrap_or(0);
    store
        .start_ceremony(&id, user_id, kind, &json, expires_at)
        .await?;
    Ok(id)
}

async fn take<T: serde::de::DeserializeOwned>(
    store: &Store,
    id: &str,
    kind: &str,
) -> AppResult<Option<(Option<i64>, T)>> {
    if id.len() > 100 {
        return Ok(None);
    }
    let Some((user_id, json)) = store.take_ceremony(id, kind).await? else {
        return Ok(None);
    };
    let ceremony = serde_json::from_str(&json).map_err(internal)?;
    Ok(Some((user_id, ceremony)))
}

fn expired() -> AppError {
    AppError::invalid("the passkey ceremony expired or was already used: start again")
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("passkey: {e}"))
}

/// The options without `null` members: browsers take an absent member for its default, but
/// `null` for a list or a dictionary is a type error.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passkeys_need_a_domain_name() {
        assert!(RelyingParty::new("http://10.0.0.5:8080").get().is_err());
        assert!(
            RelyingParty::new("http://[2001:db8::1]:8080")
                .get()
                .is_err()
        );
        // Loopback: the console at http://localhost:PORT.
        assert!(RelyingParty::new("http://127.0.0.1:8080").get().is_ok());
        assert!(RelyingParty::new("http://[::1]:8080").get().is_ok());
        assert!(RelyingParty::new("http://localhost:8080").get().is_ok());
        assert!(RelyingParty::new("https://help.example.com").get().is_ok());
    }

    #[test]
    fn user_handles_are_fixed_per_account_and_distinct() {
        assert_eq!(user_handle(7), user_handle(7));
        assert_ne!(user_handle(7), user_handle(8));
    }

    #[test]
    fn nulls_are_dropped_at_every_depth() {
        let value = serde_json::json!({"a": null, "b": [{"c": null, "d": 1}], "e": {"f": null}});
        assert_eq!(
            without_nulls(value),
            serde_json::json!({"b": [{"d": 1}], "e": {}})
        );
    }
}
