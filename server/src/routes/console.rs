//! The staff console (`crates/console`, four Trunk builds: see [`crate::console_files`]): its
//! page at `/console/` and every path under it (the console routes in the browser), and its
//! hashed assets, all from memory and precompressed (see [`crate::assets`]).
//!
//! The page is the bundle of whoever is signed in: the session cookie is checked exactly as
//! the console's first call, `GET /api/v1/auth/session`, will check it (the same extractor,
//! idle limit included), so the page and the API agree; nobody signed in (no cookie, a forged
//! or an ended session) gets the sign-in bundle. The page varies by `Cookie` and is never
//! cached without asking. The session cookie itself is scoped to `/api/v1`; the console's
//! pages get a copy scoped to `/console` ([`page_cookie`]), set and cleared with it.
//!
//! The page gets a strict CSP of its own: scripts only from this origin plus the hashes of the
//! inline module script Trunk writes (in the bundle served), wasm compilation, no inline
//! styles, no `eval`, calls only to this origin, and no framing at all.

use axum::Router;
use axum::extract::{FromRequestParts, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, Request, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use ayuda_api::{Role, SESSION_COOKIE};

use crate::assets::Asset;
use crate::auth::Staff;
use crate::console_files::ConsoleBundle;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// Where the bundles' files are, under `/console/`: `_b/{bundle}/{file}` (no console route
/// starts with `_`).
pub const BUNDLE_FILES: &str = "_b/";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/console",
            get(|| async { Redirect::permanent("/console/") }),
        )
        .route("/console/", get(page))
        .route("/console/{*path}", get(asset_or_page))
}

/// The console page's policy.
pub fn console_csp(script_hashes: &[String]) -> String {
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        scripts.push(' ');
        scripts.push_str(hash);
    }
    format!(
        "default-src 'none'; script-src {scripts}; style-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The console pages' copy of the session cookie (`max_age_secs` 0 clears it): the same token
/// and name, `HttpOnly`, scoped to `/console` so that the server can pick the page's bundle.
/// `SameSite=Lax`, unlike the API's strict one: a link to a ticket in an e-mail gets the
/// agent's page at once, and nothing under `/console` changes anything (every call still needs
/// the strict cookie and the CSRF header).
pub fn page_cookie(token: &str, max_age_secs: i64, secure: bool) -> Option<HeaderValue> {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/console; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}"
    ))
    .ok()
}

/// The role signed in with the request's cookie, as `GET /api/v1/auth/session` would answer
/// it: the same extractor on the same path, with the cookie alone (a bearer token does not
/// choose a page). `None` for no cookie, a forged or an ended one, or a failure.
async fn signed_in_role(state: &AppState, headers: &HeaderMap) -> Option<Role> {
    let mut request = Request::get("/api/v1/auth/session").body(()).ok()?;
    for cookie in headers.get_all(header::COOKIE) {
        request.headers_mut().append(header::COOKIE, cookie.clone());
    }
    let (mut parts, ()) = request.into_parts();
    let staff = Staff::from_request_parts(&mut parts, state).await.ok()?;
    Some(staff.role)
}

async fn page(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let role = signed_in_role(&state, &headers).await;
    let (_, dist) = state.console.page(ConsoleBundle::for_role(role)).await?;
    let mut response = dist.index.respond(&headers, "no-cache");
    let out = response.headers_mut();
    // Another session, another page.
    out.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Encoding, Cookie"),
    );
    if let Ok(csp) = HeaderValue::from_str(&console_csp(&dist.script_hashes)) {
        out.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    out.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    out.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    out.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

/// A file of a bundle (`/console/_b/agent/…`) or of a build from before the split
/// (`/console/…`), or the page for a console route (`/console/articles`). A path that looks
/// like a file but is none is a 404, not the page.
async fn asset_or_page(
    State(state): State<AppState>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let missing = || AppError::not_found("no such console file");
    if let Some(rest) = path.strip_prefix(BUNDLE_FILES) {
        let (key, file) = rest.split_once('/').ok_or_else(missing)?;
        let bundle = ConsoleBundle::parse(key).ok_or_else(missing)?;
        let dist = state.console.bundle(bundle).await.map_err(|_| missing())?;
        let asset = dist.files.get(file).ok_or_else(missing)?;
        return Ok(file_response(asset, file, &headers));
    }
    if let Ok(dist) = state.console.single().await
        && let Some(asset) = dist.files.get(&path)
    {
        return Ok(file_response(asset, &path, &headers));
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return Err(missing());
    }
    Ok(page(State(state), headers).await?.into_response())
}

/// A build's file: Trunk names them by content (`filehash`), so those are cached for ever.
fn file_response(asset: &Asset, path: &str, headers: &HeaderMap) -> Response {
    let cache = if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = asset.respond(headers, cache);
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// `name-0123456789abcdef.ext` or `name-0123456789abcdef_bg.wasm`: Trunk's hashed names.
fn is_hashed(path: &str) -> bool {
    let stem = path.rsplit('/').next().unwrap_or_default();
    let stem = stem.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_is_strict() {
        let csp = console_csp(&["'sha256-abc'".to_owned()]);
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
    }

    #[test]
    fn the_pages_cookie_is_scoped_to_the_console() {
        let cookie = page_cookie("ayc_x", 3600, false).unwrap();
        let cookie = cookie.to_str().unwrap();
        assert!(
            cookie.starts_with(&format!("{SESSION_COOKIE}=ayc_x;")),
            "{cookie}"
        );
        for attribute in ["Path=/console;", "HttpOnly", "SameSite=Lax", "Max-Age=3600"] {
            assert!(cookie.contains(attribute), "{cookie}");
        }
        assert!(!cookie.contains("Secure"));
        assert!(
            page_cookie("", 0, true)
                .unwrap()
                .to_str()
                .unwrap()
                .ends_with("Max-Age=0; Secure")
        );
        // Nothing that would end the header.
        assert!(page_cookie("a\nb", 1, false).is_none());
    }

    #[test]
    fn hashed_names() {
        assert!(is_hashed("ayuda-console-8f3a9c2b1d4e5f60_bg.wasm"));
        assert!(is_hashed("style-8f3a9c2b1d4e5f60.css"));
        assert!(!is_hashed("logo.svg"));
        assert!(!is_hashed("ayuda-console.js"));
    }
}
