//! Every network call the panel makes: the public, per-site API on its own origin.
//!
//! Requests go through the browser's `fetch` and JSON parser (see `decode.rs` for why);
//! each is abandoned after [`TIMEOUT`] (an `AbortController`), and every failure is
//! mapped to an [`ApiError`] the views turn into a friendly message with a retry.

use std::time::Duration;

use ayuda_api::{
    PublicArticle, PublicSiteConfig, SearchResponse, SuggestResponse, VoteRequest, VoteTotals,
};
use leptos::prelude::set_timeout_with_handle;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestInit, Response};

use crate::bridge::HostContext;
use crate::decode::FromJs;

/// How long a request may take, body included, before the panel gives up on it.
pub const TIMEOUT: Duration = Duration::from_secs(8);

/// Results per search request (the panel shows one page).
pub const SEARCH_LIMIT: usize = 10;
/// Articles asked for on the home view (contextual first, then popular).
pub const SUGGEST_LIMIT: usize = 8;

/// Why a request failed, as far as the user needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// No answer: offline, DNS, CORS, connection reset.
    Network,
    /// No complete answer within [`TIMEOUT`].
    Timeout,
    /// 404: the article (or site) does not exist or is no longer published.
    NotFound,
    /// Any other non-2xx status.
    Status(u16),
    /// A 2xx answer whose body is not what the API promises.
    BadData,
}

impl ApiError {
    /// A short code for `ack` messages.
    pub fn code(self) -> &'static str {
        match self {
            ApiError::Network => "network",
            ApiError::Timeout => "timeout",
            ApiError::NotFound => "not_found",
            ApiError::Status(_) => "server",
            ApiError::BadData => "bad_data",
        }
    }
}

/// Percent-encodes one query value or path segment (everything but RFC 3986 unreserved).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(byte >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(byte & 15)]));
        }
    }
    out
}

fn site_url(site: &str, rest: &str) -> String {
    format!("/api/v1/sites/{}{rest}", encode(site))
}

pub fn config_url(site: &str) -> String {
    site_url(site, "/config")
}

pub fn suggest_url(site: &str, context: &HostContext, locale: &str) -> String {
    let mut url = site_url(site, "/suggest?");
    if let Some(page) = &context.url {
        url.push_str(&format!("url={}&", encode(page)));
    }
    if let Some(route) = &context.route {
        url.push_str(&format!("route={}&", encode(route)));
    }
    if !context.tags.is_empty() {
        url.push_str(&format!("tags={}&", encode(&context.tags.join(","))));
    }
    url.push_str(&format!("locale={}&limit={SUGGEST_LIMIT}", encode(locale)));
    url
}

pub fn search_url(site: &str, query: &str, locale: &str) -> String {
    site_url(
        site,
        &format!(
            "/search?q={}&locale={}&limit={SEARCH_LIMIT}",
            encode(query),
            encode(locale)
        ),
    )
}

pub fn article_url(site: &str, slug: &str, locale: &str) -> String {
    site_url(
        site,
        &format!("/articles/{}?locale={}", encode(slug), encode(locale)),
    )
}

pub fn votes_url(site: &str, slug: &str) -> String {
    site_url(site, &format!("/articles/{}/votes", encode(slug)))
}

/// Sends a request (with `body` as JSON, if any) and parses the answer with the browser's
/// JSON parser; the whole exchange, body included, is bounded by [`TIMEOUT`]. It is not
/// generic, so this glue exists once in the wasm; [`FromJs`] does the typed part.
async fn fetch_json(url: &str, body: Option<&str>) -> Result<JsValue, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = AbortController::new().ok();
    let init = RequestInit::new();
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    if let Some(body) = body {
        init.set_method("POST");
        let headers = js_sys::Object::new();
        crate::bridge::set(
            &headers,
            "Content-Type",
            &JsValue::from_str("application/json"),
        );
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    let signal = controller.as_ref().map(AbortController::signal);
    let timer = controller.and_then(|c| set_timeout_with_handle(move || c.abort(), TIMEOUT).ok());
    let result = exchange(window.fetch_with_str_and_init(url, &init)).await;
    if let Some(timer) = timer {
        timer.clear();
    }
    let timed_out = signal.is_some_and(|s| s.aborted());
    result.map_err(|e| if timed_out { ApiError::Timeout } else { e })
}

async fn exchange(request: js_sys::Promise) -> Result<JsValue, ApiError> {
    let response: Response = JsFuture::from(request)
        .await
        .ok()
        .and_then(|r| r.dyn_into().ok())
        .ok_or(ApiError::Network)?;
    match response.status() {
        200..=299 => {
            let body = response.json().map_err(|_| ApiError::Network)?;
            // A body that is not JSON rejects here; a cut connection does too.
            JsFuture::from(body).await.map_err(|_| ApiError::BadData)
        }
        404 => Err(ApiError::NotFound),
        status => Err(ApiError::Status(status)),
    }
}

/// Runs one request in the background and hands its outcome to `done`. Every request goes
/// through this one non-generic future: each distinct future costs kilobytes of wasm.
#[inline(never)]
fn send_boxed(url: String, body: Option<String>, done: Box<dyn FnOnce(Result<JsValue, ApiError>)>) {
    spawn_local(async move { done(fetch_json(&url, body.as_deref()).await) });
}

/// Requests `url` (a POST when there is a `body`) and hands the typed answer to `done`.
fn send<T: FromJs>(
    url: String,
    body: Option<String>,
    done: impl FnOnce(Result<T, ApiError>) + 'static,
) {
    send_boxed(
        url,
        body,
        Box::new(move |result| done(result.and_then(|v| T::from_js(&v).ok_or(ApiError::BadData)))),
    );
}

pub fn config(site: &str, done: impl FnOnce(Result<PublicSiteConfig, ApiError>) + 'static) {
    send(config_url(site), None, done);
}

pub fn suggest(
    site: &str,
    context: &HostContext,
    locale: &str,
    done: impl FnOnce(Result<SuggestResponse, ApiError>) + 'static,
) {
    send(suggest_url(site, context, locale), None, done);
}

pub fn search(
    site: &str,
    query: &str,
    locale: &str,
    done: impl FnOnce(Result<SearchResponse, ApiError>) + 'static,
) {
    send(search_url(site, query, locale), None, done);
}

pub fn article(
    site: &str,
    slug: &str,
    locale: &str,
    done: impl FnOnce(Result<PublicArticle, ApiError>) + 'static,
) {
    send(article_url(site, slug, locale), None, done);
}

/// The JSON body of a vote (`VoteRequest`).
pub fn vote_body(vote: &VoteRequest) -> String {
    let object = js_sys::Object::new();
    crate::bridge::set(&object, "helpful", &JsValue::from_bool(vote.helpful));
    crate::bridge::set(&object, "visitor_id", &JsValue::from_str(&vote.visitor_id));
    if let Some(locale) = &vote.locale {
        crate::bridge::set(&object, "locale", &JsValue::from_str(locale));
    }
    js_sys::JSON::stringify(&object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Records a vote (a second vote by the same visitor replaces the first).
pub fn vote(
    site: &str,
    slug: &str,
    vote: &VoteRequest,
    done: impl FnOnce(Result<VoteTotals, ApiError>) + 'static,
) {
    send(votes_url(site, slug), Some(vote_body(vote)), done);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_non_ascii() {
        assert_eq!(encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(encode("safe-_.~09AZ"), "safe-_.~09AZ");
    }

    #[test]
    fn builds_the_documented_urls() {
        assert_eq!(config_url("demo"), "/api/v1/sites/demo/config");
        assert_eq!(
            search_url("demo", "¿factura?", "es"),
            "/api/v1/sites/demo/search?q=%C2%BFfactura%3F&locale=es&limit=10"
        );
        assert_eq!(
            article_url("demo", "a/b", "en"),
            "/api/v1/sites/demo/articles/a%2Fb?locale=en"
        );
        assert_eq!(
            votes_url("demo", "x"),
            "/api/v1/sites/demo/articles/x/votes"
        );
        let context = HostContext {
            url: Some("https://app.test/billing?x=1".into()),
            route: Some("billing".into()),
            tags: vec!["pay".into(), "card".into()],
            app_version: None,
        };
        assert_eq!(
            suggest_url("demo", &context, "es"),
            "/api/v1/sites/demo/suggest?url=https%3A%2F%2Fapp.test%2Fbilling%3Fx%3D1&route=billing&tags=pay%2Ccard&locale=es&limit=8"
        );
        assert_eq!(
            suggest_url("demo", &HostContext::default(), "en"),
            "/api/v1/sites/demo/suggest?locale=en&limit=8"
        );
    }
}
