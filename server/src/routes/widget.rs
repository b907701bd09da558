//! The widget's routes: the loader's first stage (`/widget.js`) and its second
//! (`/widget/loader-<hash>.js`), the panel's frame (`/widget/frame.html`) and its hashed assets,
//! all from the in-memory cache of [`crate::assets`].
//!
//! The frame gets its own strict CSP: scripts only from
//! this origin (plus the hashes of the inline module script Trunk writes), no inline styles,
//! API calls only to this origin, and `frame-ancestors` from the site's allowed origins, so only
//! the site's own pages can embed it.

use axum::Router;
use axum::extract::{Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

pub use crate::assets::{LOADER_JS, LOADER_STAGE2_JS, loader_js, stage2_path};
use crate::error::{AppError, AppQuery, AppResult};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/widget.js", get(loader))
        .route("/widget/frame.html", get(frame))
        .route("/widget/{*path}", get(asset))
}

async fn loader(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let mut response = state.widget.loader().respond(
        &headers,
        "public, max-age=300, stale-while-revalidate=86400",
    );
    // Host pages with `Cross-Origin-Embedder-Policy` may load it too.
    response.headers_mut().insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    response
}

#[derive(Debug, Deserialize)]
pub struct FrameParams {
    site: Option<String>,
}

async fn frame(
    State(state): State<AppState>,
    AppQuery(params): AppQuery<FrameParams>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let site_key = params
        .site
        .ok_or_else(|| AppError::invalid("the site query parameter is required"))?;
    let site = state.site(&site_key)?;
    let dist = state.widget.dist().await?;
    let csp = frame_csp(&dist.script_hashes, &site.allowed_origins);
    let mut response = dist.index.respond(&headers, "no-cache");
    let response_headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        response_headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response_headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    Ok(response)
}

/// The frame's policy. Allowed origins that could break out of a CSP source expression are
/// left out (the sites API refuses them anyway).
pub fn frame_csp(script_hashes: &[String], allowed_origins: &[String]) -> String {
    // CSP source expressions have no syntax for IPv6 literals (`http://[::1]:*`): skipped.
    let ancestors: Vec<&str> = allowed_origins
        .iter()
        .map(String::as_str)
        .filter(|o| {
            *o == "*"
                || o.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '.' | '-' | '*'))
        })
        .collect();
    let ancestors = if ancestors.is_empty() {
        "'none'".to_owned()
    } else {
        ancestors.join(" ")
    };
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for hash in script_hashes {
        scripts.push(' ');
        scripts.push_str(hash);
    }
    format!(
        "default-src 'none'; script-src {scripts}; style-src 'self'; img-src 'self' data: https: http:; \
         connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; \
         frame-ancestors {ancestors}"
    )
}

/// The loader's second stage: from the binary (whether the panel is built or not), under its
/// content-hashed name, so cached for ever. Host pages import it as a module from their own
/// origin, which needs CORS (it is public, and fetched without credentials).
///
/// Another well-formed `loader-<16 hex>.js` name is a first stage cached from before an
/// upgrade (`/widget.js` may be reused for up to a day while it revalidates): it gets this
/// build's second stage, not cached, rather than a dead launcher. Anything else is a 404.
fn stage2(state: &AppState, path: &str, headers: &HeaderMap) -> AppResult<Response> {
    let (asset, named) = state.widget.stage2(path);
    let cache_control = if named {
        "public, max-age=31536000, immutable"
    } else if is_stage2_name(path) {
        "no-cache"
    } else {
        return Err(AppError::not_found("no such widget file"));
    };
    let mut response = asset.respond(headers, cache_control);
    let response_headers = response.headers_mut();
    response_headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response_headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("cross-origin"),
    );
    Ok(response)
}

/// `loader-` + 16 lowercase hex digits + `.js`: the shape of every build's second stage.
fn is_stage2_name(path: &str) -> bool {
    path.strip_prefix("loader-")
        .and_then(|rest| rest.strip_suffix(".js"))
        .is_some_and(|hash| {
            hash.len() == 16 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        })
}

async fn asset(
    State(state): State<AppState>,
    UrlPath(path): UrlPath<String>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if path.starts_with("loader-") && path.ends_with(".js") {
        return stage2(&state, &path, &headers);
    }
    let dist = state.widget.dist().await?;
    let asset = dist
        .files
        .get(&path)
        .ok_or_else(|| AppError::not_found("no such widget file"))?;
    let mut response = asset.respond(&headers, "public, max-age=31536000, immutable");
    response.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'"),
    );
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_lists_allowed_origins_and_drops_hostile_ones() {
        let csp = frame_csp(
            &["'sha256-abc'".to_owned()],
            &[
                "http://localhost:*".to_owned(),
                "https://a.example; script-src *".to_owned(),
            ],
        );
        assert!(csp.contains("frame-ancestors http://localhost:*"), "{csp}");
        assert!(!csp.contains("a.example"), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc';"));
        assert!(frame_csp(&[], &[]).ends_with("frame-ancestors 'none'"));
    }
}
