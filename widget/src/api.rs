//! Every network call the panel makes: the public, per-site API on its own origin.
//!
//! Requests go through the browser's `fetch` and JSON parser (see `decode.rs` for why);
//! each is abandoned after [`TIMEOUT`] (an `AbortController`), and every failure is
//! mapped to an [`ApiError`] the views turn into a friendly message with a retry.

use std::time::Duration;

use ayuda_api::{
    AttachmentInfo, CsatInput, DeflectionInput, NewMessageInput, NewTicketInput, PublicArticle,
    PublicMessage, PublicSiteConfig, PublicThread, PublicTicket, PublicTicketList, ReadMark,
    SearchResponse, StreamEvent, SuggestResponse, SupportInfo, Typing, USER_HASH_HEADER,
    USER_ID_HEADER, VISITOR_HEADER, VisitorToken, VoteRequest, VoteTotals,
};
use leptos::prelude::set_timeout_with_handle;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, EventSource, MessageEvent, RequestInit, Response};

use crate::bridge::HostContext;
use crate::decode::FromJs;

mod body;

pub use body::{csat_body, deflection_body, message_body, read_body, ticket_body, vote_body};

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
        with_identity_query(
            url,
            self.visitor.as_deref(),
            self.user
                .as_ref()
                .map(|(id, hash)| (id.as_str(), hash.as_str())),
        )
    }
}

/// Appends the identity as query parameters (for `<img src>` and the event stream, where
/// headers cannot be set).
pub fn with_identity_query(url: &str, visitor: Option<&str>, user: Option<(&str, &str)>) -> String {
    let mut out = url.to_owned();
    let mut sep = if url.contains('?') { '&' } else { '?' };
    let mut push = |key: &str, value: &str| {
        out.push(sep);
        out.push_str(key);
        out.push('=');
        out.push_str(&encode(value));
        sep = '&';
    };
    if let Some(visitor) = visitor {
        push("visitor", visitor);
    }
    if let Some((id, hash)) = user {
        push("user", id);
        push("user_hash", hash);
    }
    out
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

// ---- Typed ticket calls: the contact form and conversations use only these. -----------

/// A ticket call on behalf of `identity`: `url`, a JSON `body` (POST) or none (GET).
fn send_as<T: FromJs>(
    url: String,
    body: Option<String>,
    identity: Identity,
    done: impl FnOnce(Result<T, ApiError>) + 'static,
) {
    let request = match body {
        Some(body) => post_json(url, body, identity),
        None => get_as(url, identity),
    };
    send_request(request, done);
}

/// `GET …/tickets`: the caller's conversations and the unread total.
pub fn tickets(
    site: &str,
    identity: Identity,
    done: impl FnOnce(Result<PublicTicketList, ApiError>) + 'static,
) {
    send_as(tickets_url(site), None, identity, done);
}

/// `GET …/tickets/{id}`: one conversation.
pub fn ticket(
    site: &str,
    id: &str,
    identity: Identity,
    done: impl FnOnce(Result<PublicThread, ApiError>) + 'static,
) {
    send_as(ticket_url(site, id, ""), None, identity, done);
}

/// `POST …/tickets`: files the contact form; the answer is the new conversation.
pub fn file_ticket(
    site: &str,
    identity: Identity,
    input: &NewTicketInput,
    done: impl FnOnce(Result<PublicThread, ApiError>) + 'static,
) {
    send_as(tickets_url(site), Some(ticket_body(input)), identity, done);
}

/// `POST …/tickets/{id}/messages`: the user's reply.
pub fn post_message(
    site: &str,
    id: &str,
    identity: Identity,
    input: &NewMessageInput,
    done: impl FnOnce(Result<PublicMessage, ApiError>) + 'static,
) {
    let url = ticket_url(site, id, "/messages");
    send_as(url, Some(message_body(input)), identity, done);
}

/// `POST …/tickets/{id}/read`.
pub fn mark_read(
    site: &str,
    id: &str,
    identity: Identity,
    mark: &ReadMark,
    done: impl FnOnce(Result<(), ApiError>) + 'static,
) {
    let url = ticket_url(site, id, "/read");
    send_as(url, Some(read_body(mark)), identity, done);
}

/// `POST …/tickets/{id}/csat` (its answer's body, if any, is not needed).
pub fn rate(
    site: &str,
    id: &str,
    identity: Identity,
    input: &CsatInput,
    done: impl FnOnce(Result<(), ApiError>) + 'static,
) {
    let url = ticket_url(site, id, "/csat");
    send_as(url, Some(csat_body(input)), identity, done);
}

/// `POST …/tickets/{id}/typing`, best effort.
pub fn typing(site: &str, id: &str, identity: Identity) {
    let mut request = get_as(ticket_url(site, id, "/typing"), identity);
    request.body = Body::Empty;
    send_request::<()>(request, |_| {});
}

/// `POST …/deflections`, best effort: the user is helped either way.
pub fn deflect(site: &str, input: &DeflectionInput) {
    send::<()>(deflections_url(site), Some(deflection_body(input)), |_| {});
}

/// What a ticket's event stream hands over, each already decoded (an event whose data is not
/// what the API promises is skipped).
pub struct TicketEvents {
    pub message: Box<dyn FnMut(PublicMessage)>,
    pub typing: Box<dyn FnMut(Typing)>,
    pub ticket: Box<dyn FnMut(PublicTicket)>,
    /// The connection failed (the browser retries by itself unless it is closed).
    pub error: Box<dyn FnMut()>,
}

/// A ticket's live event stream; closed when dropped.
pub struct EventStream {
    ticket: String,
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl EventStream {
    /// The ticket followed.
    pub fn ticket(&self) -> &str {
        &self.ticket
    }

    /// True once the server ended it for good (not a network blip the browser retries).
    pub fn is_closed(&self) -> bool {
        self.source.ready_state() == EventSource::CLOSED
    }
}

impl Drop for EventStream {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// The JSON of one event's `data`.
fn event_data<T: FromJs>(event: &MessageEvent) -> Option<T> {
    let text = event.data().as_string()?;
    T::from_js(&js_sys::JSON::parse(&text).ok()?)
}

/// Opens the event stream of ticket `id` from message `after` on.
pub fn ticket_events(
    site: &str,
    id: &str,
    identity: &Identity,
    after: i64,
    on: TicketEvents,
) -> Option<EventStream> {
    let source = EventSource::new(&events_url(site, id, identity, after)).ok()?;
    let TicketEvents {
        mut message,
        mut typing,
        mut ticket,
        mut error,
    } = on;
    let mut listeners = Vec::new();
    let mut listen = |name: &str, handler: Box<dyn FnMut(MessageEvent)>| {
        let closure = Closure::wrap(handler);
        let _ = source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        listeners.push(closure);
    };
    listen(
        StreamEvent::Message.as_str(),
        Box::new(move |e: MessageEvent| event_data(&e).into_iter().for_each(&mut message)),
    );
    listen(
        StreamEvent::Typing.as_str(),
        Box::new(move |e: MessageEvent| event_data(&e).into_iter().for_each(&mut typing)),
    );
    listen(
        StreamEvent::Ticket.as_str(),
        Box::new(move |e: MessageEvent| event_data(&e).into_iter().for_each(&mut ticket)),
    );
    listen("error", Box::new(move |_: MessageEvent| error()));
    Some(EventStream {
        ticket: id.to_owned(),
        source,
        _listeners: listeners,
    })
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

    #[test]
    fn identity_in_query() {
        assert_eq!(
            with_identity_query("/a", Some("t.k"), Some(("u 1", "ff"))),
            "/a?visitor=t.k&user=u%201&user_hash=ff"
        );
        assert_eq!(
            with_identity_query("/a?x=1", Some("t"), None),
            "/a?x=1&visitor=t"
        );
        assert_eq!(with_identity_query("/a", None, None), "/a");
    }
}
