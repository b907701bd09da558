//! The staff console (`crates/console`, a Trunk build): its page at `/console/` and every path
//! under it (the console routes in the browser), and its hashed assets, all from memory and
//! precompressed (see [`crate::assets`]).
//!
//! The page gets a strict CSP of its own: scripts only from this origin plus the hashes of the
//! inline module script Trunk writes, wasm compilation, no inline styles, no `eval`, calls only
//! to this origin, and no framing at all.

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

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

async fn page(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let dist = state.console.dist().await?;
    let mut response = dist.index.respond(&headers, "no-cache");
    let out = response.headers_mut();
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

/// A file of the build, or the page for a console route (`/console/articles`). A path that
/// looks like a file but is none is a 404, not the page.
async fn asset_or_page(
    State(state): State<AppState>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let dist = state.console.dist().await?;
    if let Some(asset) = dist.files.get(&path) {
        // Trunk names the build's files by content (`filehash`): cached for ever.
        let cache = if is_hashed(&path) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        let mut response = asset.respond(&headers, cache);
        response.headers_mut().insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        return Ok(response);
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    if last.contains('.') {
        return Err(AppError::not_found("no such console file"));
    }
    Ok(page(State(state), headers).await?.into_response())
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
    fn hashed_names() {
        assert!(is_hashed("ayuda-console-8f3a9c2b1d4e5f60_bg.wasm"));
        assert!(is_hashed("style-8f3a9c2b1d4e5f60.css"));
        assert!(!is_hashed("logo.svg"));
        assert!(!is_hashed("ayuda-console.js"));
    }
}
