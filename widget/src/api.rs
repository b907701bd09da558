//! Every network call the panel makes: the public, per-site API on its own origin.
//!
//! Requests go through the browser's `fetch` and JSON parser (see `decode.rs` for why);
//! each is abandoned after [`TIMEOUT`] (an `AbortController`), and every failure is
//! mapped to an [`ApiError`] the views turn into a friendly message with a retry.

use std::time::Duration;

use ayuda_api::{
    AttachmentInfo, CsatInput, DeflectionInput, NewMessageInput, NewTicketInput, PublicArticle,
    PublicSiteConfig, ReadMark, SearchResponse, SuggestResponse, SupportInfo, USER_HASH_HEADER,
    USER_ID_HEADER, VISITOR_HEADER, VisitorToken, VoteRequest, VoteTotals,
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

pub fn site_url(site: &str, rest: &str) -> String {
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

/// What a request carries.
pub enum Body {
    None,
    /// A JSON text (sent as `application/json`, method POST).
    Json(String),
    /// A `File` or `Blob`, sent as is (method POST): attachments.
    Raw(JsValue),
    /// An empty POST (`typing`).
    Empty,
}

/// One request: where, what, and who is asking.
pub struct Request {
    pub url: String,
    pub body: Body,
    pub identity: Option<Identity>,
    pub timeout: Duration,
}

impl Request {
    pub fn get(url: String) -> Request {
        Request {
            url,
            body: Body::None,
            identity: None,
            timeout: TIMEOUT,
        }
    }
}

/// Who the widget speaks for on ticket calls: the visitor token and, for users the host
/// identified, their id and hash.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub visitor: Option<String>,
    pub user: Option<(String, String)>,
}

impl Identity {
    /// The same identity as query parameters, for `<img src>` and `EventSource`.
    pub fn query(&self, url: &str) -> String {
        crate::support::with_identity_query(
            url,
            self.visitor.as_deref(),
            self.user
                .as_ref()
                .map(|(id, hash)| (id.as_str(), hash.as_str())),
        )
    }
}

/// Sends a request and parses the answer with the browser's JSON parser (a 204 answers
/// `null`); the whole exchange, body included, is bounded by the request's timeout. It is
/// not generic, so this glue exists once in the wasm; [`FromJs`] does the typed part.
async fn fetch_json(request: Request) -> Result<JsValue, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = AbortController::new().ok();
    let init = RequestInit::new();
    if let Some(controller) = &controller {
        init.set_signal(Some(&controller.signal()));
    }
    let headers = js_sys::Object::new();
    match &request.body {
        Body::None => {}
        Body::Json(text) => {
            crate::bridge::set(
                &headers,
                "Content-Type",
                &JsValue::from_str("application/json"),
            );
            init.set_body(&JsValue::from_str(text));
        }
        Body::Raw(blob) => init.set_body(blob),
        Body::Empty => {}
    }
    if !matches!(request.body, Body::None) {
        init.set_method("POST");
    }
    if let Some(identity) = &request.identity {
        if let Some(visitor) = &identity.visitor {
            crate::bridge::set(&headers, VISITOR_HEADER, &JsValue::from_str(visitor));
        }
        if let Some((id, hash)) = &identity.user {
            crate::bridge::set(&headers, USER_ID_HEADER, &JsValue::from_str(id));
            crate::bridge::set(&headers, USER_HASH_HEADER, &JsValue::from_str(hash));
        }
    }
    init.set_headers(&headers);
    let signal = controller.as_ref().map(AbortController::signal);
    let timer =
        controller.and_then(|c| set_timeout_with_handle(move || c.abort(), request.timeout).ok());
    let result = exchange(window.fetch_with_str_and_init(&request.url, &init)).await;
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
        204 => Ok(JsValue::NULL),
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
fn send_boxed(request: Request, done: Box<dyn FnOnce(Result<JsValue, ApiError>)>) {
    spawn_local(async move { done(fetch_json(request).await) });
}

/// Sends `request` and hands the typed answer to `done`.
pub fn send_request<T: FromJs>(request: Request, done: impl FnOnce(Result<T, ApiError>) + 'static) {
    send_boxed(
        request,
        Box::new(move |result| done(result.and_then(|v| T::from_js(&v).ok_or(ApiError::BadData)))),
    );
}

/// Requests `url` (a JSON POST when there is a `body`) and hands the typed answer to `done`.
fn send<T: FromJs>(
    url: String,
    body: Option<String>,
    done: impl FnOnce(Result<T, ApiError>) + 'static,
) {
    let mut request = Request::get(url);
    if let Some(body) = body {
        request.body = Body::Json(body);
    }
    send_request(request, done);
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

// ---- Tickets and conversations (issue 4). -------------------------------------------

pub fn support_url(site: &str, locale: &str) -> String {
    site_url(site, &format!("/support?locale={}", encode(locale)))
}

pub fn visitors_url(site: &str) -> String {
    site_url(site, "/visitors")
}

pub fn attachments_url(site: &str, name: &str) -> String {
    site_url(site, &format!("/attachments?name={}", encode(name)))
}

pub fn tickets_url(site: &str) -> String {
    site_url(site, "/tickets")
}

/// `…/tickets/{id}` plus `rest` (`""`, `"/messages"`, `"/read"`, …).
pub fn ticket_url(site: &str, id: &str, rest: &str) -> String {
    site_url(site, &format!("/tickets/{}{rest}", encode(id)))
}

/// The event stream of a ticket, with the identity as query parameters (an `EventSource`
/// cannot send headers) and the last message id already shown.
pub fn events_url(site: &str, id: &str, identity: &Identity, after: i64) -> String {
    let url = identity.query(&ticket_url(site, id, "/events"));
    if after > 0 {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}after={after}")
    } else {
        url
    }
}

pub fn deflections_url(site: &str) -> String {
    site_url(site, "/deflections")
}

fn stringify(object: &js_sys::Object) -> String {
    js_sys::JSON::stringify(object)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

fn set_str(object: &js_sys::Object, key: &str, value: &str) {
    crate::bridge::set(object, key, &JsValue::from_str(value));
}

fn set_opt(object: &js_sys::Object, key: &str, value: Option<&String>) {
    if let Some(value) = value {
        set_str(object, key, value);
    }
}

fn set_list(object: &js_sys::Object, key: &str, values: &[String]) {
    let array: js_sys::Array = values.iter().map(|v| JsValue::from_str(v)).collect();
    crate::bridge::set(object, key, &array);
}

fn map_object(map: &std::collections::BTreeMap<String, String>) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (key, value) in map {
        set_str(&object, key, value);
    }
    object
}

/// The JSON body of `POST …/tickets`.
pub fn ticket_body(input: &NewTicketInput) -> String {
    let o = js_sys::Object::new();
    set_opt(&o, "name", input.name.as_ref());
    set_opt(&o, "email", input.email.as_ref());
    set_opt(&o, "company", input.company.as_ref());
    set_str(&o, "subject", &input.subject);
    set_opt(&o, "trying", input.trying.as_ref());
    set_str(&o, "happened", &input.happened);
    set_opt(&o, "category", input.category.as_ref());
    set_str(&o, "impact", &input.impact);
    let env = &input.environment;
    let e = js_sys::Object::new();
    set_opt(&e, "url", env.url.as_ref());
    set_opt(&e, "route", env.route.as_ref());
    crate::bridge::set(&e, "context", &map_object(&env.context));
    set_opt(&e, "browser", env.browser.as_ref());
    set_opt(&e, "os", env.os.as_ref());
    set_opt(&e, "screen", env.screen.as_ref());
    set_opt(&e, "locale", env.locale.as_ref());
    set_opt(&e, "time_zone", env.time_zone.as_ref());
    set_opt(&e, "app_version", env.app_version.as_ref());
    crate::bridge::set(&o, "environment", &e);
    set_list(&o, "attachments", &input.attachments);
    set_opt(&o, "locale", input.locale.as_ref());
    crate::bridge::set(&o, "user_attributes", &map_object(&input.user_attributes));
    stringify(&o)
}

/// The JSON body of a user's `POST …/messages` (`internal` and `status` are for agents).
pub fn message_body(input: &NewMessageInput) -> String {
    let o = js_sys::Object::new();
    set_str(&o, "body", &input.body);
    set_list(&o, "attachments", &input.attachments);
    stringify(&o)
}

pub fn read_body(mark: &ReadMark) -> String {
    let o = js_sys::Object::new();
    crate::bridge::set(&o, "last_read", &JsValue::from_f64(mark.last_read as f64));
    stringify(&o)
}

pub fn csat_body(input: &CsatInput) -> String {
    let o = js_sys::Object::new();
    set_str(&o, "rating", &input.rating);
    set_opt(&o, "comment", input.comment.as_ref());
    stringify(&o)
}

pub fn deflection_body(input: &DeflectionInput) -> String {
    let o = js_sys::Object::new();
    set_str(&o, "slug", &input.slug);
    set_opt(&o, "locale", input.locale.as_ref());
    set_opt(&o, "query", input.query.as_ref());
    stringify(&o)
}

/// A POST with a JSON body on behalf of `identity`.
pub fn post_json(url: String, body: String, identity: Identity) -> Request {
    Request {
        url,
        body: Body::Json(body),
        identity: Some(identity),
        timeout: TIMEOUT,
    }
}

/// A GET on behalf of `identity`.
pub fn get_as(url: String, identity: Identity) -> Request {
    Request {
        url,
        body: Body::None,
        identity: Some(identity),
        timeout: TIMEOUT,
    }
}

/// How long an upload may take (10 MB on a slow line).
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(120);

pub fn support(
    site: &str,
    locale: &str,
    done: impl FnOnce(Result<SupportInfo, ApiError>) + 'static,
) {
    send(support_url(site, locale), None, done);
}

pub fn create_visitor(site: &str, done: impl FnOnce(Result<VisitorToken, ApiError>) + 'static) {
    let mut request = Request::get(visitors_url(site));
    request.body = Body::Empty;
    send_request(request, done);
}

/// Uploads a `File` or `Blob` as it is.
pub fn upload(
    site: &str,
    name: &str,
    blob: JsValue,
    identity: Identity,
    done: impl FnOnce(Result<AttachmentInfo, ApiError>) + 'static,
) {
    send_request(
        Request {
            url: attachments_url(site, name),
            body: Body::Raw(blob),
            identity: Some(identity),
            timeout: UPLOAD_TIMEOUT,
        },
        done,
    );
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
            attachments_url("demo", "mi captura.png"),
            "/api/v1/sites/demo/attachments?name=mi%20captura.png"
        );
        assert_eq!(
            ticket_url("demo", "T1", "/messages"),
            "/api/v1/sites/demo/tickets/T1/messages"
        );
        let identity = Identity {
            visitor: Some("v.sig".into()),
            user: Some(("u1".into(), "abc".into())),
        };
        assert_eq!(
            events_url("demo", "T1", &identity, 42),
            "/api/v1/sites/demo/tickets/T1/events?visitor=v.sig&user=u1&user_hash=abc&after=42"
        );
        assert_eq!(
            events_url("demo", "T1", &Identity::default(), 0),
            "/api/v1/sites/demo/tickets/T1/events"
        );
        assert_eq!(
            support_url("demo", "es"),
            "/api/v1/sites/demo/support?locale=es"
        );
        assert_eq!(
            suggest_url("demo", &HostContext::default(), "en"),
            "/api/v1/sites/demo/suggest?locale=en&limit=8"
        );
    }
}
