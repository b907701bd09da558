//! The console's cookie sessions: the cookie's attributes, CSRF and origin checks on every
//! write, a new session id at sign-in, sign out here and everywhere, and what a forged or
//! misused credential receives.

use ayuda_api::{ConsoleSession, SessionInfo};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, spawn_app};

const PASSWORD: &str = "admin-password-123";

/// Signs in as the admin; returns the cookie pair (`ayuda_session=…`), the raw `Set-Cookie`
/// and the body.
async fn sign_in(app: &TestApp, old_cookie: Option<&str>) -> (String, String, ConsoleSession) {
    let mut request = app.client.post(app.url("/api/v1/auth/session")).header(
        "user-agent",
        "Mozilla/5.0 (X11; Linux x86_64) TestBrowser/1.0",
    );
    if let Some(cookie) = old_cookie {
        request = request.header("cookie", cookie);
    }
    let res = request
        .json(&json!({"email": "admin@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    let pair = set_cookie.split(';').next().unwrap().trim().to_owned();
    (pair, set_cookie, res.json().await.unwrap())
}

/// A request as the console makes it: the cookie, and for writes the CSRF token and the
/// browser's Fetch Metadata.
async fn console_call(
    app: &TestApp,
    method: Method,
    path: &str,
    cookie: &str,
    csrf: Option<&str>,
    extra: &[(&str, &str)],
    body: Option<&Value>,
) -> reqwest::Response {
    let mut request = app
        .client
        .request(method, app.url(path))
        .header("cookie", cookie);
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

async fn article_count(app: &TestApp) -> i64 {
    let res = app
        .call(Method::GET, "/api/v1/articles?limit=1", &app.admin, None)
        .await;
    let list: Value = res.json().await.unwrap();
    list["total"].as_i64().unwrap()
}

#[tokio::test]
async fn the_cookie_is_strict_and_every_write_needs_the_csrf_token_and_the_same_origin() {
    let app = spawn_app().await;
    let (cookie, set_cookie, session) = sign_in(&app, None).await;
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api/v1", "Max-Age="] {
        assert!(set_cookie.contains(attribute), "{set_cookie}");
    }
    // Plain HTTP here: `Secure` would make the browser drop it.
    assert!(!set_cookie.contains("Secure"), "{set_cookie}");
    assert!(cookie.starts_with("ayuda_session=ayc_"));
    assert_eq!(session.user.email, "admin@example.com");
    assert_eq!(session.idle_timeout_secs, 30 * 60);

    // Reading needs only the cookie, and gives back the same CSRF token.
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &cookie,
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let again: ConsoleSession = res.json().await.unwrap();
    assert_eq!(again.csrf_token, session.csrf_token);
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/articles",
        &cookie,
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Writes without the token, with a wrong one, or from another site change nothing.
    let before = article_count(&app).await;
    let draft = json!({"title": "Hola", "body": "Cuerpo", "locale": "es"});
    let same_site = ("sec-fetch-site", "same-origin");
    type Headers<'a> = Vec<(&'a str, &'a str)>;
    let refused: [(Option<&str>, Headers); 5] = [
        (None, vec![same_site]),
        (Some("not-the-token"), vec![same_site]),
        (
            Some(&session.csrf_token),
            vec![("sec-fetch-site", "cross-site")],
        ),
        (
            Some(&session.csrf_token),
            vec![("sec-fetch-site", "same-site")],
        ),
        (
            Some(&session.csrf_token),
            vec![("origin", "http://evil.example")],
        ),
    ];
    for (csrf, headers) in refused {
        let res = console_call(
            &app,
            Method::POST,
            "/api/v1/articles",
            &cookie,
            csrf,
            &headers,
            Some(&draft),
        )
        .await;
        assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    }
    assert_eq!(article_count(&app).await, before);

    // The console's own request goes through, by Fetch Metadata or by `Origin`.
    let host = app.base.trim_start_matches("http://").to_owned();
    let origin = format!("http://{host}");
    for headers in [vec![same_site], vec![("origin", origin.as_str())]] {
        let res = console_call(
            &app,
            Method::POST,
            "/api/v1/articles",
            &cookie,
            Some(&session.csrf_token),
            &headers,
            Some(&json!({"title": format!("Hola {}", headers[0].0), "body": "Cuerpo", "locale": "es"})),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{:?}", res.text().await);
    }
    assert_eq!(article_count(&app).await, before + 2);
}

#[tokio::test]
async fn credentials_stay_in_their_lane_and_sign_in_starts_a_new_session() {
    let app = spawn_app().await;
    let (cookie, _, _) = sign_in(&app, None).await;
    let token = cookie.trim_start_matches("ayuda_session=");
    // The cookie's token is no bearer token, and a bearer token is no cookie.
    let res = app.call(Method::GET, "/api/v1/auth/me", token, None).await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let bearer_as_cookie = format!("ayuda_session={}", app.admin);
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/me",
        &bearer_as_cookie,
        None,
        &[],
        None,
    )
    .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // Forged and oversized cookies.
    for forged in [
        "ayuda_session=ayc_forged".to_owned(),
        format!("ayuda_session={}", "a".repeat(5000)),
        "ayuda_session=".to_owned(),
    ] {
        let res = console_call(
            &app,
            Method::GET,
            "/api/v1/auth/session",
            &forged,
            None,
            &[],
            None,
        )
        .await;
        assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // A bearer login has no console session to describe.
    let res = app
        .call(Method::GET, "/api/v1/auth/session", &app.admin, None)
        .await;
    assert_error(res, StatusCode::BAD_REQUEST, "invalid_input").await;

    // Signing in again, with the old cookie still sent, ends the old session.
    let (fresh, _, _) = sign_in(&app, Some(&cookie)).await;
    assert_ne!(fresh, cookie);
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &cookie,
        None,
        &[],
        None,
    )
    .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &fresh,
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Wrong passwords get one generic answer, known e-mail or not.
    for email in ["admin@example.com", "nobody@example.com"] {
        let res = app
            .client
            .post(app.url("/api/v1/auth/session"))
            .json(&json!({"email": email, "password": "wrong-password"}))
            .send()
            .await
            .unwrap();
        assert!(res.headers().get("set-cookie").is_none());
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_credentials");
        assert_eq!(body["error"]["message"], "wrong e-mail or password");
    }
}

#[tokio::test]
async fn sign_out_here_and_everywhere() {
    let app = spawn_app().await;
    let (laptop, _, laptop_session) = sign_in(&app, None).await;
    let (phone, _, phone_session) = sign_in(&app, None).await;
    let script = app.login("admin@example.com", PASSWORD).await;

    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/sessions",
        &laptop,
        None,
        &[],
        None,
    )
    .await;
    let sessions: Vec<SessionInfo> = res.json().await.unwrap();
    // The admin's own login from the test setup, the two browsers and the script.
    assert_eq!(sessions.len(), 4);
    assert_eq!(sessions.iter().filter(|s| s.current).count(), 1);
    assert_eq!(sessions.iter().filter(|s| s.kind == "console").count(), 2);
    assert!(sessions.iter().any(|s| s.client.contains("TestBrowser")));

    // Signing out needs the CSRF token like any write.
    let res = console_call(
        &app,
        Method::DELETE,
        "/api/v1/auth/session",
        &phone,
        None,
        &[],
        None,
    )
    .await;
    assert_error(res, StatusCode::FORBIDDEN, "forbidden").await;
    let res = console_call(
        &app,
        Method::DELETE,
        "/api/v1/auth/session",
        &phone,
        Some(&phone_session.csrf_token),
        &[("sec-fetch-site", "same-origin")],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        res.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &phone,
        None,
        &[],
        None,
    )
    .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &laptop,
        None,
        &[],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Everywhere: every browser and every bearer login of the user ends at once.
    let res = console_call(
        &app,
        Method::DELETE,
        "/api/v1/auth/sessions",
        &laptop,
        Some(&laptop_session.csrf_token),
        &[("sec-fetch-site", "same-origin")],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = console_call(
        &app,
        Method::GET,
        "/api/v1/auth/session",
        &laptop,
        None,
        &[],
        None,
    )
    .await;
    assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    for token in [&script, &app.admin] {
        let res = app.call(Method::GET, "/api/v1/auth/me", token, None).await;
        assert_error(res, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}

#[tokio::test]
async fn the_console_page_has_a_strict_policy_and_its_routes_serve_the_page() {
    let build = tempfile::tempdir().unwrap();
    let dir = build.path().to_path_buf();
    let app = crate::helpers::spawn_app_with(|settings| settings.console_dir = dir.clone()).await;
    // Not built yet: a clear 503 naming the build, not a 404 or a panic.
    let res = app.get("/console/").await;
    assert_error(res, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;

    let script = "import init from '/console/ayuda-console-0123456789abcdef.js';init();";
    std::fs::write(
        build.path().join("index.html"),
        format!("<!doctype html><html><head><script type=\"module\">{script}</script></head><body></body></html>"),
    )
    .unwrap();
    std::fs::write(
        build.path().join("ayuda-console-0123456789abcdef_bg.wasm"),
        b"\0asm fake",
    )
    .unwrap();
    for path in [
        "/console/",
        "/console/articles",
        "/console/articles/12/edit",
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        // The inline module script Trunk writes is allowed by its hash, and only it.
        assert!(csp.contains("'sha256-"), "{csp}");
        assert_eq!(res.headers()["cache-control"], "no-cache");
        assert!(res.text().await.unwrap().contains(script));
    }
    let res = app
        .client
        .get(app.url("/console/ayuda-console-0123456789abcdef_bg.wasm"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    // A missing file is a 404, not the page; `/console` moves to `/console/`.
    let res = app.get("/console/missing-0123456789abcdef.js").await;
    assert_error(res, StatusCode::NOT_FOUND, "not_found").await;
    let res = app
        .client
        .get(app.url("/console/../../etc/passwd"))
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), StatusCode::OK);
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = no_redirects.get(app.url("/console")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(res.headers()["location"], "/console/");
}
