//! The example host pages (`examples/hosts`), served on their own address so they run on a
//! different origin than the Ayuda server, as a real host app would.
//!
//! `__AYUDA_ORIGIN__` in `.html` and `.js` files becomes the Ayuda server's public URL. A path
//! with no file extension that is not a file gets `spa.html` (the single-page app example
//! routes with `pushState`, so its URLs must survive a reload). `hostile.html` is sent with a
//! strict CSP: exactly the lines README.md tells host apps to add. `__AYUDA_DEMO_USER_HASH__`
//! becomes the `user_hash` of the demo user on the `demo` site, as a host app's backend would
//! compute it.

use std::path::{Component, Path, PathBuf};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

const ORIGIN_PLACEHOLDER: &str = "__AYUDA_ORIGIN__";
const USER_HASH_PLACEHOLDER: &str = "__AYUDA_DEMO_USER_HASH__";
/// The user the examples identify as.
pub const DEMO_USER_ID: &str = "demo-user-1";

#[derive(Clone, Debug)]
struct Examples {
    dir: PathBuf,
    ayuda_origin: String,
    demo_user_hash: String,
}

/// A router serving `dir` for the Ayuda server at `ayuda_origin` (`http://127.0.0.1:8080`).
/// `demo_site_secret` signs [`DEMO_USER_ID`] the way a host app's backend would
/// (`__AYUDA_DEMO_USER_HASH__` in the pages).
pub fn router(dir: PathBuf, ayuda_origin: String, demo_site_secret: Option<&str>) -> Router {
    let demo_user_hash = demo_site_secret
        .map(|secret| crate::desk::identity::user_hash(secret, DEMO_USER_ID))
        .unwrap_or_default();
    Router::new().fallback(serve).with_state(Examples {
        dir,
        ayuda_origin,
        demo_user_hash,
    })
}

/// The CSP of the strict example: the widget needs only these sources for the Ayuda origin.
pub fn strict_host_csp(ayuda_origin: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' {ayuda_origin}; frame-src {ayuda_origin}; \
         connect-src 'self' {ayuda_origin}; style-src 'self'; img-src 'self' data:"
    )
}

async fn serve(State(examples): State<Examples>, uri: Uri) -> Response {
    if uri.path() == "/favicon.ico" {
        return StatusCode::NO_CONTENT.into_response();
    }
    let Some(relative) = safe_relative(uri.path()) else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let mut path = examples.dir.join(&relative);
    if relative.as_os_str().is_empty() {
        path = examples.dir.join("index.html");
    }
    let is_file = tokio::fs::metadata(&path).await.is_ok_and(|m| m.is_file());
    if !is_file {
        if relative.extension().is_some() {
            return (StatusCode::NOT_FOUND, "not found").into_response();
        }
        path = examples.dir.join("spa.html");
    }
    let Ok(bytes) = tokio::fs::read(&path).await else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_owned();
    let content_type = match extension.as_str() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    let body = if matches!(extension.as_str(), "html" | "js") {
        String::from_utf8_lossy(&bytes)
            .replace(ORIGIN_PLACEHOLDER, &examples.ayuda_origin)
            .replace(USER_HASH_PLACEHOLDER, &examples.demo_user_hash)
            .into_bytes()
    } else {
        bytes
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response();
    if path.file_name().and_then(|n| n.to_str()) == Some("hostile.html")
        && let Ok(csp) = HeaderValue::from_str(&strict_host_csp(&examples.ayuda_origin))
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// `url_path` as a path below the examples directory, or `None` if it tries to leave it.
fn safe_relative(url_path: &str) -> Option<PathBuf> {
    let path = Path::new(url_path.trim_start_matches('/'));
    let mut clean = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => clean.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside() {
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
        assert_eq!(safe_relative("/a/b.js"), Some(PathBuf::from("a/b.js")));
        assert_eq!(safe_relative("/../etc/passwd"), None);
        assert_eq!(safe_relative("/a/../../x"), None);
    }
}
