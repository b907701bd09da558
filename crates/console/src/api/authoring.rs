//! The article editor's and the articles list's own calls: the places the widget has been
//! opened on (to pick contexts from), who else has an article open, archiving, and bulk
//! actions. Each
//! change carries the CSRF header, like every other in `api`.

use ayuda_api::{Article, BulkRequest, BulkResponse, CSRF_HEADER, EditingNow, SeenContext};
use web_sys::{Headers, Request, RequestCredentials, RequestInit};

use super::{ApiError, Call, Refusal};
use crate::draft::ArchiveBody;
use crate::query;

/// How many seen places the context picker offers at once.
pub const CONTEXT_SUGGESTIONS: u32 = 8;

/// `GET /api/v1/contexts?site=&q=&limit=`: the places of `site` (the server's default site
/// when `None`) the widget has been opened on that contain `q`, the most seen first.
pub async fn seen_contexts(site: Option<&str>, q: &str) -> Result<Vec<SeenContext>, ApiError> {
    let mut pairs = Vec::new();
    if let Some(site) = site {
        pairs.push(("site", site.to_owned()));
    }
    let q = q.trim();
    if !q.is_empty() {
        pairs.push(("q", q.chars().take(200).collect()));
    }
    pairs.push(("limit", CONTEXT_SUGGESTIONS.to_string()));
    let url = format!("/api/v1/contexts{}", query::build(&pairs));
    Call::get(&url).send().await?.json()
}

fn editing_url(id: i64) -> String {
    format!("/api/v1/articles/{id}/editing")
}

/// `POST /api/v1/articles/{id}/editing`: "I have it open"; the others who have it open now.
pub async fn editing(csrf_token: &str, id: i64) -> Result<EditingNow, ApiError> {
    Call::change::<()>("POST", &editing_url(id), csrf_token, None)?
        .send()
        .await?
        .json()
}

/// `DELETE /api/v1/articles/{id}/editing`: "I closed it".
pub async fn stopped_editing(csrf_token: &str, id: i64) -> Result<(), ApiError> {
    Call::delete(&editing_url(id), csrf_token)
        .send()
        .await?
        .success()
}

/// The same `DELETE` while the page is going away (`pagehide`): a `keepalive` request the
/// browser finishes after the page is gone. Nothing waits for it; a failure only means the
/// others see this editor for the server's 45 s longer.
pub fn stopped_editing_on_unload(csrf_token: &str, id: i64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(headers) = Headers::new() else {
        return;
    };
    let _ = headers.set(CSRF_HEADER, csrf_token);
    let init = RequestInit::new();
    init.set_method("DELETE");
    init.set_credentials(RequestCredentials::SameOrigin);
    // web-sys has no setter for `keepalive`: set on the dictionary itself.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &true.into());
    init.set_headers(&headers);
    if let Ok(request) = Request::new_with_str_and_init(&editing_url(id), &init) {
        // The promise is dropped on purpose: the page will not be there for its answer.
        let _ = window.fetch_with_request(&request);
    }
}

/// `PUT /api/v1/articles/{id}` with `{"status": "archived", "base_version": N}`: readers stop
/// seeing the article. 409 `edit_conflict` when someone saved after version `base_version`.
pub async fn archive(csrf_token: &str, id: i64, base_version: i64) -> Result<Article, Refusal> {
    let url = format!("/api/v1/articles/{id}");
    Call::change(
        "PUT",
        &url,
        csrf_token,
        Some(&ArchiveBody::new(base_version)),
    )?
    .send()
    .await?
    .checked_json()
}

/// `POST /api/v1/articles/bulk`: one action on up to 100 articles; each one's outcome.
pub async fn bulk(csrf_token: &str, request: &BulkRequest) -> Result<BulkResponse, Refusal> {
    Call::change("POST", "/api/v1/articles/bulk", csrf_token, Some(request))?
        .send()
        .await?
        .checked_json()
}
