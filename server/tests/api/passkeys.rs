//! Passkeys at the API: where they are available, the options a browser receives, and what a
//! forged, replayed, foreign or malformed answer gets. (A real authenticator's whole ceremony
//! runs in headless Chromium's virtual authenticator: `tests/e2e/tests/console.rs`.)

use ayuda_api::{PasskeyChallenge, PasskeyInfo};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, spawn_app_with};

async fn localhost_app() -> TestApp {
    spawn_app_with(|settings| settings.public_url = Some("http://localhost:8080".into())).await
}

fn contains_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(contains_null),
        Value::Object(map) => map.values().any(contains_null),
        _ => false,
    }
}

/// A credential shaped like `PublicKeyCredential.toJSON()`, signed by nobody.
fn forged(id: &str) -> Value {
    json!({
        "id": id, "rawId": id, "type": "public-key",
        "response": {
            "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
            "authenticatorData": "AAAA",
            "signature": "AAAA",
            "attestationObject": "oA",
            "userHandle": "AAAAAAAAAAAAAAAAAAAAAA"
        },
        "clientExtensionResults": {}
    })
}

async fn challenge(app: &TestApp) -> PasskeyChallenge {
    let res = app
        .client
        .post(app.url("/api/v1/auth/passkeys/challenge"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_server_known_by_an_ip_address_has_no_passkeys_and_says_why() {
    let app = spawn_app_with(|s| s.public_url = Some("http://10.20.30.40:8080".into())).await;
    let res = app
        .post_json("/api/v1/auth/passkeys/registration", &app.admin, &json!({}))
        .await;
    assert_error(res, StatusCode::CONFLICT, "invalid_state").await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/passkeys/challenge"))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::CONFLICT, "invalid_state").await;
    let list: Vec<PasskeyInfo> = app
        .call(Method::GET, "/api/v1/auth/passkeys", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(list.is_empty());
}

#[tokio::test]
async fn registration_options_ask_for_a_discoverable_verified_passkey_of_this_domain() {
    let app = localhost_app().await;
    let res = app
        .post_json("/api/v1/auth/passkeys/registration", &app.admin, &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let started: PasskeyChallenge = res.json().await.unwrap();
    let options = &started.options;
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["user"]["name"], "admin@example.com");
    assert!(options["challenge"].as_str().is_some_and(|c| c.len() >= 22));
    assert_eq!(options["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(
        options["authenticatorSelection"]["userVerification"],
        "required"
    );
    assert!(!contains_null(options), "browsers refuse null members");
    // The user handle names no e-mail.
    assert!(!options["user"]["id"].to_string().contains("admin"));

    // A malformed credential is refused before the ceremony is used…
    for credential in [json!("nope"), json!({"id": 1})] {
        let res = app
            .post_json(
                "/api/v1/auth/passkeys",
                &app.admin,
                &json!({"ceremony": started.ceremony, "name": "Laptop", "credential": credential}),
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    for name in ["", "   ", "\u{7}bell", &"n".repeat(61)] {
        let res = app
            .post_json(
                "/api/v1/auth/passkeys",
                &app.admin,
                &json!({"ceremony": started.ceremony, "name": name, "credential": forged("AAAA")}),
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    // …another member cannot finish it…
    let editor = app.staff("ed@example.com", "editor").await;
    let res = app
        .post_json(
            "/api/v1/auth/passkeys",
            &editor,
            &json!({"ceremony": started.ceremony, "name": "Mine now", "credential": forged("AAAA")}),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    // …and it was used up by that attempt: once only.
    let res = app
        .post_json(
            "/api/v1/auth/passkeys",
            &app.admin,
            &json!({"ceremony": started.ceremony, "name": "Laptop", "credential": forged("AAAA")}),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    // A forged attestation on a fresh ceremony is refused, and nothing is stored.
    let fresh: PasskeyChallenge = app
        .post_json("/api/v1/auth/passkeys/registration", &app.admin, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post_json(
            "/api/v1/auth/passkeys",
            &app.admin,
            &json!({"ceremony": fresh.ceremony, "name": "Laptop", "credential": forged("AAAA")}),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    let list: Vec<PasskeyInfo> = app
        .call(Method::GET, "/api/v1/auth/passkeys", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(list.is_empty());
    let res = app
        .call(
            Method::DELETE,
            "/api/v1/auth/passkeys/999999",
            &app.admin,
            None,
        )
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn a_forged_or_replayed_passkey_sign_in_is_a_failed_sign_in() {
    let app = localhost_app().await;
    let started = challenge(&app).await;
    assert!(
        started.options.get("allowCredentials").is_none()
            || started.options["allowCredentials"] == json!([]),
        "the challenge names no account's passkeys"
    );
    assert_eq!(started.options["rpId"], "localhost");
    assert!(!contains_null(&started.options));

    let sign_in = |body: Value| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/session"))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    for body in [
        json!({"email": "", "password": "", "passkey": {"ceremony": started.ceremony, "credential": forged("AAAA")}}),
        // The same ceremony again (used by the first attempt).
        json!({"email": "", "password": "", "passkey": {"ceremony": started.ceremony, "credential": forged("AAAA")}}),
        json!({"email": "", "password": "", "passkey": {"ceremony": "made-up", "credential": forged("AAAA")}}),
        json!({"email": "", "password": "", "passkey": {"ceremony": "x".repeat(5000), "credential": "nope"}}),
    ] {
        assert_error(
            sign_in(body).await,
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
        )
        .await;
    }
    // Neither a password nor a passkey.
    assert_error(
        sign_in(json!({"email": "", "password": ""})).await,
        StatusCode::BAD_REQUEST,
        "invalid_input",
    )
    .await;
    assert_error(
        sign_in(json!({})).await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    )
    .await;
    assert_error(
        sign_in(json!({"email": "", "password": "", "passkey": {"ceremony": 1}})).await,
        StatusCode::BAD_REQUEST,
        "invalid_json",
    )
    .await;
    // Each failure is in the audit log.
    let audit: Value = app
        .call(Method::GET, "/api/v1/audit?action=auth", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert!(audit.to_string().matches("passkey not accepted").count() >= 4);

    // An account without a second factor signs in with its password; a passkey sent along
    // is not needed and does not get in the way.
    let res = sign_in(json!({
        "email": "admin@example.com", "password": "admin-password-123",
        "passkey": {"ceremony": challenge(&app).await.ceremony, "credential": forged("AAAA")}
    }))
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // An account with a passkey needs it after the password: the password alone asks for the
    // second factor, and a forged passkey is a failed sign-in.
    let member = app
        .store
        .create_user("keyed@example.com", &hash("keyed-password-123"), "editor")
        .await
        .unwrap();
    app.store
        .add_passkey(member.id, "their-real-credential", "Laptop", "{}")
        .await
        .unwrap();
    let password_only = json!({"email": "keyed@example.com", "password": "keyed-password-123"});
    assert_error(
        sign_in(password_only).await,
        StatusCode::UNAUTHORIZED,
        "second_factor_required",
    )
    .await;
    let forged_second = json!({
        "email": "keyed@example.com", "password": "keyed-password-123",
        "passkey": {"ceremony": challenge(&app).await.ceremony, "credential": forged("AAAA")}
    });
    assert_error(
        sign_in(forged_second).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
}

fn hash(password: &str) -> String {
    ayuda_server::auth::hash_password(password).unwrap()
}

#[tokio::test]
async fn sign_in_challenges_are_rate_limited_per_address() {
    let app = localhost_app().await;
    let mut limited = None;
    for _ in 0..30 {
        let res = app
            .client
            .post(app.url("/api/v1/auth/passkeys/challenge"))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            limited = Some(res);
            break;
        }
    }
    let res = limited.expect("a flood of challenges is limited");
    assert!(res.headers().contains_key("retry-after"));
}
