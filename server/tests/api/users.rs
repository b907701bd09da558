//! Staff accounts managed by admins (roles, switching off, password resets), changing your own
//! password, and the audit log of it all.

use ayuda_api::{AuditPage, User};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, assert_error, spawn_app};

async fn audit(app: &TestApp, query: &str) -> AuditPage {
    let res = app
        .call(
            Method::GET,
            &format!("/api/v1/audit{query}"),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn sign_in_status(app: &TestApp, email: &str, password: &str) -> StatusCode {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn admins_change_roles_switch_accounts_off_and_reset_passwords() {
    let app = spawn_app().await;
    let ed_token = app.staff("ed@example.com", "editor").await;
    let users: Vec<User> = app
        .call(Method::GET, "/api/v1/users", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    let ed = users.iter().find(|u| u.email == "ed@example.com").unwrap();
    assert!(ed.active);
    let path = format!("/api/v1/users/{}", ed.id);

    let res = app
        .call(
            Method::PATCH,
            &path,
            &app.admin,
            Some(&json!({"role": "agent"})),
        )
        .await;
    assert_eq!(
        res.json::<User>().await.unwrap().role,
        ayuda_api::Role::Agent
    );
    // The new role applies to the sessions already open.
    let res = app
        .call(Method::GET, "/api/v1/articles", &ed_token, None)
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;

    // Switched off: the open session ends at once, signing in gets the generic answer.
    let res = app
        .call(
            Method::PATCH,
            &path,
            &app.admin,
            Some(&json!({"active": false})),
        )
        .await;
    assert!(!res.json::<User>().await.unwrap().active);
    let res = app
        .call(Method::GET, "/api/v1/auth/me", &ed_token, None)
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(
        sign_in_status(&app, "ed@example.com", "a-long-password").await,
        StatusCode::UNAUTHORIZED
    );
    app.call(
        Method::PATCH,
        &path,
        &app.admin,
        Some(&json!({"active": true})),
    )
    .await;
    assert_eq!(
        sign_in_status(&app, "ed@example.com", "a-long-password").await,
        StatusCode::OK
    );

    // A reset: common passwords refused; the member's sessions end; the new one works.
    let token = app.login("ed@example.com", "a-long-password").await;
    let reset = format!("{path}/password");
    for weak in ["Password2024!", "short", "ed@example"] {
        let res = app
            .post_json(&reset, &app.admin, &json!({"password": weak}))
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    let res = app
        .post_json(
            &reset,
            &app.admin,
            &json!({"password": "tres tristes tigres"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.call(Method::GET, "/api/v1/auth/me", &token, None).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(
        sign_in_status(&app, "ed@example.com", "tres tristes tigres").await,
        StatusCode::OK
    );

    // Bad input and unknown members.
    let res = app
        .call(
            Method::PATCH,
            &path,
            &app.admin,
            Some(&json!({"role": "root"})),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_json").await;
    let res = app
        .call(
            Method::PATCH,
            "/api/v1/users/999999",
            &app.admin,
            Some(&json!({"active": false})),
        )
        .await;
    assert_error(res, StatusCode::NOT_FOUND, "not_found").await;
}

#[tokio::test]
async fn the_last_admin_stays_an_active_admin() {
    let app = spawn_app().await;
    let me: User = app
        .call(Method::GET, "/api/v1/auth/me", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/users/{}", me.id);
    for change in [json!({"role": "editor"}), json!({"active": false})] {
        let res = app
            .call(Method::PATCH, &path, &app.admin, Some(&change))
            .await;
        assert_error(res, StatusCode::CONFLICT, "invalid_state").await;
    }
    // With a second admin, the first may step down.
    app.staff("second@example.com", "admin").await;
    let res = app
        .call(
            Method::PATCH,
            &path,
            &app.admin,
            Some(&json!({"role": "editor"})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn members_change_their_own_password() {
    let app = spawn_app().await;
    let here = app.staff("ana@example.com", "agent").await;
    let elsewhere = app.login("ana@example.com", "a-long-password").await;
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});
    let res = app
        .call(
            Method::PUT,
            "/api/v1/auth/password",
            &here,
            Some(&change("wrong-password", "tres tristes tigres")),
        )
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "invalid_credentials").await;
    for weak in ["qwerty123456", "ana-2024-ana-2024"] {
        let res = app
            .call(
                Method::PUT,
                "/api/v1/auth/password",
                &here,
                Some(&change("a-long-password", weak)),
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    let res = app
        .call(
            Method::PUT,
            "/api/v1/auth/password",
            &here,
            Some(&change("a-long-password", "tres tristes tigres")),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // This session stays; the others end; the old password no longer works.
    let res = app.call(Method::GET, "/api/v1/auth/me", &here, None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(Method::GET, "/api/v1/auth/me", &elsewhere, None)
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    assert_eq!(
        sign_in_status(&app, "ana@example.com", "a-long-password").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn the_audit_log_records_staff_actions_and_filters_them() {
    let app = spawn_app().await;
    let ed_token = app.staff("ed@example.com", "editor").await;
    assert_eq!(
        sign_in_status(&app, "nobody@example.com", "a-long-password").await,
        StatusCode::UNAUTHORIZED
    );
    let article = app
        .create_article(&crate::helpers::article("Hola", "Cuerpo."))
        .await;
    let res = app
        .post_json(
            &format!("/api/v1/articles/{}/unpublish", article.id),
            &ed_token,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .call(
            Method::DELETE,
            &format!("/api/v1/articles/{}", article.id),
            &ed_token,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let everything = audit(&app, "").await;
    let actions: Vec<&str> = everything
        .entries
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    for expected in [
        "auth.sign_in",
        "auth.sign_in_failed",
        "user.create",
        "article.create",
        "article.unpublish",
        "article.delete",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }
    assert_eq!(actions[0], "article.delete", "newest first");
    let failed = everything
        .entries
        .iter()
        .find(|e| e.action == "auth.sign_in_failed")
        .unwrap();
    assert_eq!(failed.actor, None);
    assert_eq!(failed.target, "email:nobody@example.com");
    assert_eq!(failed.address.as_deref(), Some("127.0.0.1"));

    let articles = audit(&app, "?action=article").await;
    assert!(
        articles
            .entries
            .iter()
            .all(|e| e.action.starts_with("article."))
    );
    assert_eq!(articles.total, 3);
    let by_ed = audit(&app, "?actor=ed%40example&action=article").await;
    assert_eq!(by_ed.total, 2);
    let page = audit(&app, "?limit=1&offset=1").await;
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.total, everything.total);
    let later = audit(&app, "?since=2999-01-01T00:00:00Z").await;
    assert_eq!(later.total, 0);
    for bad in ["?limit=0", "?since=yesterday", "?offset=-1"] {
        let res = app
            .call(
                Method::GET,
                &format!("/api/v1/audit{bad}"),
                &app.admin,
                None,
            )
            .await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
}
