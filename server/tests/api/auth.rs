//! Staff login, roles, API tokens, and the errors around them.

use ayuda_api::{CreatedApiToken, User};
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn login_logout_and_me() {
    let app = spawn_app().await;
    let me: User = app
        .call(reqwest::Method::GET, "/api/v1/auth/me", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me.email, "admin@example.com");
    // E-mails are case-insensitive.
    let token = app.login("ADMIN@example.com", "admin-password-123").await;
    let res = app
        .call(reqwest::Method::POST, "/api/v1/auth/logout", &token, None)
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .call(reqwest::Method::GET, "/api/v1/auth/me", &token, None)
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
}

#[tokio::test]
async fn wrong_credentials_and_brute_force() {
    let app = spawn_app().await;
    for (email, password) in [
        ("admin@example.com", "wrong"),
        ("nobody@example.com", "admin-password-123"),
    ] {
        let res = app
            .post_json(
                "/api/v1/auth/login",
                "",
                &json!({"email": email, "password": password}),
            )
            .await;
        assert_error(res, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let res = app
        .post_json(
            "/api/v1/auth/login",
            "",
            &json!({"email": "admin@example.com"}),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_json").await;
    // Ten failures lock the account's logins for a while, with Retry-After.
    for _ in 0..9 {
        app.post_json(
            "/api/v1/auth/login",
            "",
            &json!({"email": "admin@example.com", "password": "guess"}),
        )
        .await;
    }
    let res = app
        .post_json(
            "/api/v1/auth/login",
            "",
            &json!({"email": "admin@example.com", "password": "admin-password-123"}),
        )
        .await;
    assert!(res.headers().get("retry-after").is_some());
    assert_error(res, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test]
async fn admin_only_actions() {
    let app = spawn_app().await;
    let editor = app.staff("ed@example.com", "editor").await;
    let res = app
        .post_json(
            "/api/v1/users",
            &editor,
            &json!({"email": "x@example.com", "password": "long-enough-pw", "role": "admin"}),
        )
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = app
        .post_json("/api/v1/sites", &editor, &json!({"key": "shop"}))
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = app
        .post_json("/api/v1/admin/reindex", &editor, &json!({}))
        .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    // Admin input rules.
    for body in [
        json!({"email": "not-an-email", "password": "long-enough-pw", "role": "agent"}),
        json!({"email": "a@example.com", "password": "short", "role": "agent"}),
    ] {
        let res = app.post_json("/api/v1/users", &app.admin, &body).await;
        assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
    }
    let res = app
        .post_json(
            "/api/v1/users",
            &app.admin,
            &json!({"email": "a@example.com", "password": "long-enough-pw", "role": "root"}),
        )
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_json").await;
    let res = app
        .post_json(
            "/api/v1/users",
            &app.admin,
            &json!({"email": "ED@example.com", "password": "long-enough-pw", "role": "agent"}),
        )
        .await;
    assert_error(res, StatusCode::CONFLICT, "conflict").await;
    let users: Vec<User> = app
        .call(reqwest::Method::GET, "/api/v1/users", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.len(), 2);
    let body = serde_json::to_string(&users).unwrap();
    assert!(
        !body.contains("argon2"),
        "password hashes never leave the server"
    );
}

#[tokio::test]
async fn api_tokens_for_scripts() {
    let app = spawn_app().await;
    let res = app
        .post_json("/api/v1/tokens", &app.admin, &json!({"name": "ci import"}))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: CreatedApiToken = res.json().await.unwrap();
    let res = app
        .post_json(
            "/api/v1/articles",
            &created.token,
            &json!({"title": "From a script"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let list: serde_json::Value = app
        .call(reqwest::Method::GET, "/api/v1/tokens", &app.admin, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["name"], "ci import");
    assert!(
        list[0].get("token").is_none(),
        "the secret is shown once only"
    );
    let res = app
        .call(
            reqwest::Method::DELETE,
            &format!("/api/v1/tokens/{}", created.id),
            &app.admin,
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post_json(
            "/api/v1/articles",
            &created.token,
            &json!({"title": "Revoked"}),
        )
        .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let res = app
        .post_json("/api/v1/tokens", &app.admin, &json!({"name": ""}))
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let app = spawn_app().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    assert_error(app.get("/nope").await, StatusCode::NOT_FOUND, "not_found").await;
    let res = app
        .client
        .delete(app.url("/api/v1/sites/demo/search"))
        .send()
        .await
        .unwrap();
    assert_error(res, StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed").await;
}
