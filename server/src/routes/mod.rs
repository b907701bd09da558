//! The HTTP API, one module per resource, merged under `/api/v1`.

pub mod agents;
pub mod article_list;
pub mod articles;
pub mod auth;
pub mod backups;
pub mod console;
pub mod desk_config;
pub mod events;
pub mod gaps;
pub mod help_center;
pub mod images;
pub mod inbox;
pub mod macros;
pub mod media;
pub mod metrics;
pub mod pages;
pub mod passkeys;
pub mod presence;
pub mod public;
pub mod schedules;
pub mod second_factor;
pub mod session;
pub mod sites;
pub mod staff_tickets;
pub mod ticket_actions;
pub mod tickets;
pub mod translations;
pub mod users;
pub mod widget;
pub mod workspace;

use axum::Router;
use axum::http::{HeaderValue, Method, StatusCode, header, request::Parts};
use axum::routing::get;
use ayuda_api::ErrorCode;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::error::AppError;
use crate::state::{AppState, SiteCache};

/// The whole application: API, public pages, CORS, compression, limits and tracing.
pub fn app(state: AppState) -> Router {
    let public = public::router().merge(tickets::router());
    let staff = Router::new()
        .merge(articles::router())
        .merge(article_list::router())
        .merge(schedules::router())
        .merge(translations::router())
        .merge(gaps::router())
        .merge(presence::router())
        .merge(images::api_router())
        .merge(auth::router())
        .merge(session::router())
        .merge(second_factor::router())
        .merge(passkeys::router())
        .merge(users::router())
        .merge(sites::router())
        .merge(inbox::router())
        .merge(staff_tickets::router())
        .merge(ticket_actions::router())
        .merge(workspace::router())
        .merge(macros::router())
        .merge(desk_config::router())
        .merge(agents::router())
        .merge(metrics::router())
        .merge(backups::router());
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .nest("/api/v1", public.merge(staff))
        .merge(pages::router())
        .merge(help_center::router())
        .merge(widget::router())
        .merge(console::router())
        .merge(media::router())
        .fallback(|| async { AppError::not_found("no such route") })
        .method_not_allowed_fallback(|| async {
            AppError::client(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                "method not allowed on this path",
            )
        })
        .layer(axum::extract::DefaultBodyLimit::max(
            state.settings.max_body_bytes,
        ))
        // Outermost but for compression and tracing, so preflights are answered before
        // routing; the predicate only ever allows the public per-site paths.
        .layer(cors_layer(state.sites.clone()))
        .layer(axum::middleware::from_fn(crate::compression::gzip_answers))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

/// Ready when the database answers.
async fn readyz(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str, AppError> {
    state.store.ping().await?;
    Ok("ready")
}

/// CORS for the public per-site API: a browser origin is allowed when the site named in the
/// path lists it. Staff routes get no CORS headers at all.
fn cors_layer(sites: SiteCache) -> CorsLayer {
    CorsLayer::new()
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            header::HeaderName::from_static("last-event-id"),
            header::HeaderName::from_static(ayuda_api::VISITOR_HEADER),
            header::HeaderName::from_static(ayuda_api::USER_ID_HEADER),
            header::HeaderName::from_static(ayuda_api::USER_HASH_HEADER),
        ])
        .max_age(std::time::Duration::from_secs(3600))
        .allow_origin(AllowOrigin::predicate(
            move |origin: &HeaderValue, parts: &Parts| {
                let Some(site_key) = site_key_of(parts.uri.path()) else {
                    return false;
                };
                let (Some(site), Ok(origin)) = (sites.get(site_key), origin.to_str()) else {
                    return false;
                };
                site.allowed_origins
                    .iter()
                    .any(|pattern| origin_matches(pattern, origin))
            },
        ))
}

/// `/api/v1/sites/{key}/…` → `key` (inside the nested router the `/api/v1` prefix is gone).
fn site_key_of(path: &str) -> Option<&str> {
    let rest = path
        .strip_prefix("/api/v1")
        .unwrap_or(path)
        .strip_prefix("/sites/")?;
    rest.split('/').next().filter(|k| !k.is_empty())
}

/// Whether `origin` (`scheme://host[:port]`) fits an allowlist entry. `*` alone allows every
/// origin; `:*` allows any port; a leading `*.` in the host allows any subdomain.
pub fn origin_matches(pattern: &str, origin: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let pattern = pattern.trim_end_matches('/');
    let (Some((p_scheme, p_rest)), Some((o_scheme, o_rest))) =
        (pattern.split_once("://"), origin.split_once("://"))
    else {
        return false;
    };
    if !p_scheme.eq_ignore_ascii_case(o_scheme) {
        return false;
    }
    let split_port = |hostport: &str| -> (String, Option<String>) {
        // IPv6 literals are bracketed: [::1]:8080.
        match hostport.rfind(':') {
            Some(i) if !hostport[i..].contains(']') => (
                hostport[..i].to_ascii_lowercase(),
                Some(hostport[i + 1..].to_owned()),
            ),
            _ => (hostport.to_ascii_lowercase(), None),
        }
    };
    let (p_host, p_port) = split_port(p_rest);
    let (o_host, o_port) = split_port(o_rest);
    let port_ok = match (p_port.as_deref(), o_port.as_deref()) {
        (Some("*"), _) => true,
        (p, o) => p == o,
    };
    let host_ok = match p_host.strip_prefix("*.") {
        Some(suffix) => o_host.ends_with(&format!(".{suffix}")),
        None => p_host == o_host,
    };
    port_ok && host_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_patterns() {
        assert!(origin_matches(
            "http://localhost:*",
            "http://localhost:3000"
        ));
        assert!(origin_matches("http://localhost:*", "http://localhost"));
        assert!(!origin_matches(
            "http://localhost:*",
            "https://localhost:3000"
        ));
        assert!(!origin_matches(
            "http://localhost:*",
            "http://localhost.evil.com:3000"
        ));
        assert!(origin_matches("http://[::1]:*", "http://[::1]:8080"));
        assert!(origin_matches(
            "https://*.example.com",
            "https://app.example.com"
        ));
        assert!(!origin_matches(
            "https://*.example.com",
            "https://example.com"
        ));
        assert!(!origin_matches(
            "https://*.example.com",
            "https://evilexample.com"
        ));
        assert!(origin_matches(
            "https://app.example.com",
            "https://APP.example.com"
        ));
        assert!(!origin_matches(
            "https://app.example.com",
            "https://app.example.com:8443"
        ));
        assert!(origin_matches("*", "https://anything.test"));
        assert!(!origin_matches("garbage", "https://x.y"));
    }

    #[test]
    fn site_key_from_path() {
        assert_eq!(site_key_of("/api/v1/sites/demo/search"), Some("demo"));
        assert_eq!(site_key_of("/sites/demo/search"), Some("demo"));
        assert_eq!(site_key_of("/api/v1/sites//search"), None);
        assert_eq!(site_key_of("/api/v1/articles"), None);
    }
}
