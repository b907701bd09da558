//! The console's page is the bundle of whoever is signed in (`server/src/routes/console.rs`):
//! the sign-in bundle for nobody (no cookie, a forged one, an ended session, a bearer token),
//! each role its own; the page varies by `Cookie`, is never cached without asking, and carries
//! the CSP of the bundle served; every bundle's hashed files are served and cached for ever; a
//! missing bundle falls back to a whole console. Fake builds: an `index.html` naming its own
//! script, and a fake wasm, per bundle.

use std::path::Path;

use ayuda_api::ConsoleSession;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, spawn_app_with};

const BUNDLES: [&str; 4] = ["sign-in", "editor", "agent", "admin"];

/// The inline module script Trunk writes into `bundle`'s page.
fn script(bundle: &str) -> String {
    format!(
        "import init from '/console/_b/{bundle}/ayuda-console-{bundle}-0123456789abcdef.js';init();"
    )
}

fn wasm_name(bundle: &str) -> String {
    format!("ayuda-console-{bundle}-0123456789abcdef_bg.wasm")
}

/// A fake build of each of `bundles` in `dir`.
fn build(dir: &Path, bundles: &[&str]) {
    for bundle in bundles {
        let out = dir.join(bundle);
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(
            out.join("index.html"),
            format!(
                "<!doctype html><html><head><script type=\"module\">{}</script></head><body></body></html>",
                script(bundle)
            ),
        )
        .unwrap();
        std::fs::write(
            out.join(wasm_name(bundle)),
            format!("\0asm {bundle}").repeat(50),
        )
        .unwrap();
    }
}

/// Signs `email` in as the console does: the `Set-Cookie` values and the session.
async fn sign_in(app: &TestApp, email: &str, password: &str) -> (Vec<String>, ConsoleSession) {
    let res = app
        .client
        .post(app.url("/api/v1/auth/session"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookies = set_cookies(&res);
    (cookies, res.json().await.unwrap())
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// The `name=value` of the cookie set for `path`.
fn cookie_for(cookies: &[String], path: &str) -> String {
    let cookie = cookies
        .iter()
        .find(|c| c.contains(&format!("Path={path};")))
        .unwrap_or_else(|| panic!("no cookie for {path}: {cookies:?}"));
    cookie.split(';').next().unwrap().trim().to_owned()
}

/// `GET path` with `cookie` (as the browser sends it to the page: the `/console` one).
async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app
        .client
        .get(app.url(path))
        .header("accept-encoding", "br");
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

/// The bundle whose page `res` is, after checking what every page carries: no caching
/// without asking, `Vary: Cookie`, and the CSP allowing that bundle's script and no other's.
async fn bundle_of(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    let vary = res.headers()["vary"].to_str().unwrap().to_ascii_lowercase();
    assert!(
        vary.contains("cookie") && vary.contains("accept-encoding"),
        "{vary}"
    );
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let encoding = res
        .headers()
        .get("content-encoding")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = res.bytes().await.unwrap();
    let body = ayuda_server::assets::decode(encoding.as_deref(), &body).unwrap();
    let body = String::from_utf8(body).unwrap();
    let served: Vec<&str> = BUNDLES
        .into_iter()
        .filter(|bundle| body.contains(&script(bundle)))
        .collect();
    assert_eq!(served.len(), 1, "{body}");
    for bundle in BUNDLES {
        let html = format!("<script type=\"module\">{}</script>", script(bundle));
        let hash = &ayuda_server::assets::inline_script_hashes(&html)[0];
        assert_eq!(
            csp.contains(hash.as_str()),
            bundle == served[0],
            "{bundle}: {csp}"
        );
    }
    served[0].to_owned()
}

#[tokio::test]
async fn nobody_signed_in_gets_the_sign_in_bundle() {
    let build_dir = tempfile::tempdir().unwrap();
    build(build_dir.path(), &BUNDLES);
    let dir = build_dir.path().to_path_buf();
    let app = spawn_app_with(|settings| settings.console_dir = dir).await;
    for path in [
        "/console/",
        "/console/articles",
        "/console/tickets/5",
        "/console/sign-in",
    ] {
        assert_eq!(
            bundle_of(page(&app, path, None).await).await,
            "sign-in",
            "{path}"
        );
    }
    // Forged, malformed, empty, or some other cookie: nobody.
    for cookie in [
        "ayuda_session=ayc_forged",
        "ayuda_session=",
        "ayuda_session",
        "other=1; ayuda_session=%00%ff",
        &format!("ayuda_session={}", "x".repeat(5000)),
    ] {
        let res = page(&app, "/console/inbox", Some(cookie)).await;
        assert_eq!(bundle_of(res).await, "sign-in", "{cookie}");
    }
    // A bearer token (a script's, an admin's) chooses no page: the console never sends one.
    let res = app
        .client
        .get(app.url("/console/settings"))
        .bearer_auth(&app.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(bundle_of(res).await, "sign-in");
    // Nor is a bearer token a cookie.
    let res = page(
        &app,
        "/console/",
        Some(&format!("ayuda_session={}", app.admin)),
    )
    .await;
    assert_eq!(bundle_of(res).await, "sign-in");
}

#[tokio::test]
async fn each_role_gets_its_own_bundle_with_its_own_policy() {
    let build_dir = tempfile::tempdir().unwrap();
    build(build_dir.path(), &BUNDLES);
    let dir = build_dir.path().to_path_buf();
    let app = spawn_app_with(|settings| settings.console_dir = dir).await;
    app.staff("eva@example.com", "editor").await;
    app.staff("ana@example.com", "agent").await;
    let mut etags = Vec::new();
    for (email, password, bundle) in [
        ("eva@example.com", "a-long-password", "editor"),
        ("ana@example.com", "a-long-password", "agent"),
        ("admin@example.com", "admin-password-123", "admin"),
    ] {
        let (cookies, session) = sign_in(&app, email, password).await;
        // Two cookies, one token: the API's (strict) and the pages' copy.
        let api = cookie_for(&cookies, "/api/v1");
        let pages = cookie_for(&cookies, "/console");
        assert_eq!(api, pages);
        assert!(cookies.iter().any(|c| c.contains("Path=/console;")
            && c.contains("HttpOnly")
            && c.contains("SameSite=Lax")));
        for path in [
            "/console/",
            "/console/articles",
            "/console/tickets/5",
            "/console/nope",
        ] {
            let res = page(&app, path, Some(&pages)).await;
            etags.push(res.headers()["etag"].to_str().unwrap().to_owned());
            assert_eq!(bundle_of(res).await, bundle, "{email} {path}");
        }
        // The page asked again with its ETag: unchanged while the session is.
        let res = app
            .client
            .get(app.url("/console/"))
            .header("cookie", &pages)
            .header("if-none-match", etags.last().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
        // Signed out: the same cookie now gets the sign-in bundle, whatever ETag it sends, and
        // both cookies are cleared.
        let res = app
            .client
            .delete(app.url("/api/v1/auth/session"))
            .header("cookie", &api)
            .header("x-csrf-token", &session.csrf_token)
            .header("sec-fetch-site", "same-origin")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        let cleared = set_cookies(&res);
        for path in ["/api/v1", "/console"] {
            assert!(
                cleared
                    .iter()
                    .any(|c| c.contains(&format!("Path={path};")) && c.contains("Max-Age=0")),
                "{cleared:?}"
            );
        }
        let res = app
            .client
            .get(app.url("/console/"))
            .header("cookie", &pages)
            .header("if-none-match", etags.last().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(bundle_of(res).await, "sign-in", "{email} signed out");
    }
    etags.dedup();
    assert_eq!(etags.len(), 3, "one page per bundle");
}

#[tokio::test]
async fn the_page_and_the_api_agree_about_an_idle_session() {
    let build_dir = tempfile::tempdir().unwrap();
    build(build_dir.path(), &BUNDLES);
    let dir = build_dir.path().to_path_buf();
    // Every console session is idle past its limit a moment after it starts.
    let app = spawn_app_with(|settings| {
        settings.console_dir = dir;
        settings.console_idle_minutes = 0;
    })
    .await;
    let (cookies, _) = sign_in(&app, "admin@example.com", "admin-password-123").await;
    let pages = cookie_for(&cookies, "/console");
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let res = page(&app, "/console/settings", Some(&pages)).await;
    assert_eq!(bundle_of(res).await, "sign-in");
    let res = app
        .client
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", cookie_for(&cookies, "/api/v1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn who_is_signed_in_gives_the_pages_their_cookie_and_setup_keeps_the_bundle() {
    let build_dir = tempfile::tempdir().unwrap();
    build(build_dir.path(), &BUNDLES);
    let dir = build_dir.path().to_path_buf();
    let app = spawn_app_with(|settings| settings.console_dir = dir).await;
    app.staff("eva@example.com", "editor").await;
    let (cookies, _) = sign_in(&app, "eva@example.com", "a-long-password").await;
    let api = cookie_for(&cookies, "/api/v1");
    // A session from before the split has no copy for the pages: asking who is signed in
    // gives it one (for the rest of the session), so the next page is the editors'.
    let res = app
        .client
        .get(app.url("/api/v1/auth/session"))
        .header("cookie", &api)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let again = set_cookies(&res);
    assert_eq!(cookie_for(&again, "/console"), api);
    let max_age: i64 = again[0]
        .split("Max-Age=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(max_age > 11 * 3600 && max_age <= 12 * 3600, "{max_age}");
    // An editor who must set up a second factor first still gets the editors' bundle (its
    // account screen does the set-up).
    let res = app
        .call(
            Method::PUT,
            "/api/v1/security",
            &app.admin,
            Some(&json!({"require_2fa": true})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = page(&app, "/console/account", Some(&api)).await;
    assert_eq!(bundle_of(res).await, "editor");
}

#[tokio::test]
async fn every_bundles_files_are_served_and_a_missing_bundle_falls_back() {
    let build_dir = tempfile::tempdir().unwrap();
    build(build_dir.path(), &BUNDLES);
    let dir = build_dir.path().to_path_buf();
    let app = spawn_app_with(|settings| settings.console_dir = dir).await;
    for bundle in BUNDLES {
        let path = format!("/console/_b/{bundle}/{}", wasm_name(bundle));
        let res = page(&app, &path, None).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        assert_eq!(
            res.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        assert_eq!(res.headers()["content-type"], "application/wasm");
        // reqwest here decodes nothing: the brotli body, decoded, is the file.
        let encoding = res.headers()["content-encoding"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = res.bytes().await.unwrap();
        let file = ayuda_server::assets::decode(Some(&encoding), &body).unwrap();
        assert_eq!(file, format!("\0asm {bundle}").repeat(50).into_bytes());
    }
    // No file of another bundle under a bundle's name, no unknown bundle, nothing outside.
    for path in [
        format!("/console/_b/agent/{}", wasm_name("admin")),
        format!("/console/_b/nobody/{}", wasm_name("admin")),
        "/console/_b/agent".to_owned(),
        "/console/_b/agent/".to_owned(),
        "/console/_b/agent/index.html".to_owned(),
        format!("/console/_b//{}", wasm_name("agent")),
        format!("/console/_b/Agent/{}", wasm_name("agent")),
        format!("/console/{}", wasm_name("agent")),
        "/console/_b/agent/../../../../etc/passwd".to_owned(),
        "/console/_b/agent/%2e%2e/%2e%2e/Cargo.toml".to_owned(),
    ] {
        let res = page(&app, &path, None).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
    }

    // The agents' bundle gone (a partial build): an agent gets the admins' page, a whole
    // console, rather than nothing; the others are unchanged.
    std::fs::remove_dir_all(build_dir.path().join("agent")).unwrap();
    app.staff("ana@example.com", "agent").await;
    let (cookies, _) = sign_in(&app, "ana@example.com", "a-long-password").await;
    let pages = cookie_for(&cookies, "/console");
    let res = page(&app, "/console/inbox", Some(&pages)).await;
    assert_eq!(bundle_of(res).await, "admin");
    assert_eq!(
        bundle_of(page(&app, "/console/", None).await).await,
        "sign-in"
    );
    let res = page(
        &app,
        &format!("/console/_b/agent/{}", wasm_name("agent")),
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
