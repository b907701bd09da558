//! Two-factor authentication through the API: enrolment with a code from the app, sign-in
//! with a code (never twice in its time step), recovery codes (each once), turning it off, an
//! admin requiring it of everyone and resetting a member's.

use ayuda_api::{ConsoleSession, RecoveryCodes, TotpSetup, TwoFactorStatus};
use ayuda_server::totp;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, spawn_app};

const PASSWORD: &str = "a-long-password";

/// The app's code for time step `step`.
fn code(secret: &str, step: i64) -> String {
    let bytes = totp::base32_decode(secret).unwrap();
    format!("{:06}", totp::code_at(&bytes, step))
}

fn step_now() -> i64 {
    totp::step_of(ayuda_store::now_ms())
}

async fn login(app: &TestApp, email: &str, code: Option<&str>) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD, "code": code}))
        .send()
        .await
        .unwrap()
}

/// Sets up TOTP for the member behind `token`; returns the secret, the time step its
/// confirmation code was of, and the recovery codes.
async fn enrol(app: &TestApp, token: &str) -> (String, i64, Vec<String>) {
    let setup: TotpSetup = app
        .post_json("/api/v1/auth/2fa/totp", token, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert!(setup.qr_svg.starts_with("<?xml") || setup.qr_svg.starts_with("<svg"));
    assert!(setup.uri.contains(&setup.secret));
    let res = app
        .post_json(
            "/api/v1/auth/2fa/totp/confirm",
            token,
            &json!({"code": "000000"}),
        )
        .await;
    // (One chance in a million that 000000 is the right code.)
    if res.status() != StatusCode::OK {
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    let step = step_now();
    let res = app
        .post_json(
            "/api/v1/auth/2fa/totp/confirm",
            token,
            &json!({"code": code(&setup.secret, step)}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let codes: RecoveryCodes = res.json().await.unwrap();
    assert_eq!(codes.codes.len(), 10);
    (setup.secret, step, codes.codes)
}

#[tokio::test]
async fn totp_sign_in_refuses_replays_and_recovery_codes_work_once() {
    let app = spawn_app().await;
    let token = app.staff("ana@example.com", "editor").await;
    let (secret, step, recovery) = enrol(&app, &token).await;
    let status: TwoFactorStatus = app
        .call(Method::GET, "/api/v1/auth/2fa", &token, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((status.totp, status.recovery_codes_left), (true, 10));
    // Setting up again while on is refused (turn it off first).
    let res = app
        .post_json("/api/v1/auth/2fa/totp", &token, &json!({}))
        .await;
    assert_error(res, StatusCode::CONFLICT, "invalid_state").await;

    // The password alone is not enough any more.
    assert_error(
        login(&app, "ana@example.com", None).await,
        StatusCode::UNAUTHORIZED,
        "second_factor_required",
    )
    .await;
    // The enrolment code's step is used: replaying it is refused.
    assert_error(
        login(&app, "ana@example.com", Some(&code(&secret, step))).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    // The next step's code works, once.
    let next = code(&secret, step + 1);
    assert_eq!(
        login(&app, "ana@example.com", Some(&next)).await.status(),
        StatusCode::OK
    );
    assert_error(
        login(&app, "ana@example.com", Some(&next)).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    // A recovery code, in any case and with its dashes or not: once.
    let spoken = recovery[0].to_uppercase().replace('-', "");
    assert_eq!(
        login(&app, "ana@example.com", Some(&spoken)).await.status(),
        StatusCode::OK
    );
    assert_error(
        login(&app, "ana@example.com", Some(&recovery[0])).await,
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
    )
    .await;
    // The console's sign-in takes the code the same way.
    let res = app
        .client
        .post(app.url("/api/v1/auth/session"))
        .json(&json!({"email": "ana@example.com", "password": PASSWORD, "code": recovery[1]}))
        .send()
        .await
        .unwrap();
    let session: ConsoleSession = res.json().await.unwrap();
    assert!(session.two_factor && !session.two_factor_setup_required);

    // Garbage codes are wrong codes.
    for bad in ["", "12345", "x".repeat(500).as_str(), "１２３４５６"] {
        let res = login(&app, "ana@example.com", Some(bad)).await;
        assert!(
            matches!(
                res.status(),
                StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
            ),
            "{bad}: {}",
            res.status()
        );
    }

    // Off, against the password.
    let res = app
        .post_json(
            "/api/v1/auth/2fa/totp/disable",
            &token,
            &json!({"password": "wrong-password"}),
        )
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "invalid_credentials").await;
}

#[tokio::test]
async fn turning_it_off_and_an_admin_reset() {
    let app = spawn_app().await;
    let token = app.staff("luis@example.com", "agent").await;
    let (secret, _, _) = enrol(&app, &token).await;
    let res = app
        .post_json(
            "/api/v1/auth/2fa/totp/disable",
            &token,
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        login(&app, "luis@example.com", None).await.status(),
        StatusCode::OK
    );

    // On again; the admin resets it (lost phone): sessions end, the password alone works.
    let token = app.login("luis@example.com", PASSWORD).await;
    enrol(&app, &token).await;
    let users: Vec<Value> = app
        .call(Method::GET, "/api/v1/users", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    let id = users
        .iter()
        .find(|u| u["email"] == "luis@example.com")
        .and_then(|u| u["id"].as_i64())
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/users/{id}/2fa/reset"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.call(Method::GET, "/api/v1/auth/me", &token, None).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(
        login(&app, "luis@example.com", None).await.status(),
        StatusCode::OK
    );
    let _ = secret;
}

#[tokio::test]
async fn when_required_a_member_without_it_can_only_set_it_up() {
    let app = spawn_app().await;
    let token = app.staff("eva@example.com", "editor").await;
    let res = app
        .call(
            Method::PUT,
            "/api/v1/security",
            &app.admin,
            Some(&json!({"require_2fa": true})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Signed in, but sent to set-up: everything else is refused with a code saying so.
    let res = app
        .call(Method::GET, "/api/v1/articles", &token, None)
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "second_factor_setup_required").await;
    let res = app.call(Method::GET, "/api/v1/auth/me", &token, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let (secret, _, _) = enrol(&app, &token).await;
    let res = app
        .call(Method::GET, "/api/v1/articles", &token, None)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Required: it cannot be turned off.
    let res = app
        .post_json(
            "/api/v1/auth/2fa/totp/disable",
            &token,
            &json!({"password": PASSWORD}),
        )
        .await;
    assert_error(res, StatusCode::CONFLICT, "invalid_state").await;
    let _ = secret;
    // The admin who required it is held to it too; the change is in the audit log.
    let res = app
        .call(Method::GET, "/api/v1/audit", &app.admin, None)
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "second_factor_setup_required").await;
    let (_, total) = app
        .store
        .audit_log(&ayuda_store::AuditFilter {
            action: Some("security.policy".to_owned()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(total, 1);
}
