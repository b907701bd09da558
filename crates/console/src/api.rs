//! Every call the console makes to the server, typed.
//!
//! All calls are same-origin with `credentials: same-origin`: the session is an `HttpOnly`
//! cookie the console never sees. Each call that changes something carries the session's CSRF
//! token in [`CSRF_HEADER`]. A call is abandoned after [`TIMEOUT`], body included, and every
//! failure becomes an [`ApiError`] the screens turn into a message (a 401 anywhere sends the
//! user to the sign-in screen).

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use ayuda_api::{
    Article, ArticleList, ArticleUpdate, ArticleVersion, CSRF_HEADER, CodeRequest, ConsoleSession,
    ErrorBody, LoginRequest, NewArticle, NewSchedule, PasswordConfirmation, Preview,
    PreviewRequest, RecoveryCodes, Schedule, SessionInfo, TotpSetup, TwoFactorStatus,
    UploadedImage,
};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Blob, Headers, Request, RequestCredentials, RequestInit, Response};

use crate::filters::ArticleFilter;

/// The admins' calls (team, audit log, security policy).
pub mod admin;
/// The article editor's and the articles list's own calls (contexts, presence, bulk actions).
pub mod authoring;
/// The dashboard's calls (metrics, forecast, agents).
pub mod dashboard;
pub mod desk;
/// The editors' overview calls (translations, reviews, content gaps).
pub mod editorial;
/// The member's passkeys and the passkey sign-in's challenge.
pub mod passkeys;
/// The admins' configuration: sites, support settings, routing, macros, agents, backups.
pub mod settings;

/// How long a call may take, body included, before the console gives up on it.
pub const TIMEOUT: Duration = Duration::from_secs(15);

const SESSION: &str = "/api/v1/auth/session";
const SESSIONS: &str = "/api/v1/auth/sessions";
const ARTICLES: &str = "/api/v1/articles";
const TWO_FACTOR: &str = "/api/v1/auth/2fa";
const IMAGES: &str = "/api/v1/images";

/// Why a call failed, as far as the user needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401 `unauthorized`: not signed in, or the session ended.
    Unauthorized,
    /// 401 `invalid_credentials`: wrong e-mail or password (never says which), or a wrong
    /// second-factor code; 403 `invalid_credentials`: a wrong password to confirm a change.
    InvalidCredentials,
    /// 401 `second_factor_required`: the password was right; the account also needs a code.
    SecondFactorRequired,
    /// 403 `second_factor_setup_required`: the installation requires a second factor and this
    /// member has none yet; only setting it up (and signing out) works.
    SetupRequired,
    /// 403: signed in, but the role may not do this.
    Forbidden,
    /// 429, with the `Retry-After` seconds when the server sent them.
    RateLimited(Option<u32>),
    /// 400: the server refused the input.
    InvalidInput,
    /// 404: it does not exist (any more).
    NotFound,
    /// 409 `invalid_state`: not possible in the current state (turning off a second factor
    /// the installation requires).
    InvalidState,
    /// 413: the upload is too large.
    TooLarge,
    /// 415 `unsupported_media_type`: not a kind of file the server takes.
    UnsupportedMedia,
    /// 409 `conflict`: a unique key (an article's slug in its language) is taken.
    Conflict,
    /// 409 `edit_conflict`: the article has a newer version than the one the save started
    /// from; nothing was stored.
    EditConflict,
    /// No answer: offline, DNS, connection reset.
    Network,
    /// No complete answer within [`TIMEOUT`].
    Timeout,
    /// Any other failing status.
    Server(u16),
    /// A success whose body is not what the API promises.
    BadData,
}

/// The error for a failing `status`, the `code` of its error body (if it had one) and its
/// `Retry-After` header.
pub fn classify(status: u16, code: Option<&str>, retry_after: Option<&str>) -> ApiError {
    match (status, code) {
        (401 | 403, Some("invalid_credentials")) => ApiError::InvalidCredentials,
        (401, Some("second_factor_required")) => ApiError::SecondFactorRequired,
        (401, _) => ApiError::Unauthorized,
        (403, Some("second_factor_setup_required")) => ApiError::SetupRequired,
        (403, _) => ApiError::Forbidden,
        (413, _) => ApiError::TooLarge,
        (415, _) => ApiError::UnsupportedMedia,
        (429, _) => ApiError::RateLimited(retry_after.and_then(retry_seconds)),
        (400 | 422, _) => ApiError::InvalidInput,
        (404, _) => ApiError::NotFound,
        (409, Some("edit_conflict")) => ApiError::EditConflict,
        (409, Some("invalid_state")) => ApiError::InvalidState,
        (409, _) => ApiError::Conflict,
        (status, _) => ApiError::Server(status),
    }
}

impl AsRef<ApiError> for ApiError {
    fn as_ref(&self) -> &ApiError {
        self
    }
}

/// A failed change: why, and the server's own message when it sent one (it names the field
/// an `invalid_input` is about; it is in English).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub error: ApiError,
    pub message: Option<String>,
}

impl From<ApiError> for Refusal {
    fn from(error: ApiError) -> Self {
        Self {
            error,
            message: None,
        }
    }
}

impl AsRef<ApiError> for Refusal {
    fn as_ref(&self) -> &ApiError {
        &self.error
    }
}

/// `Retry-After` as seconds. The HTTP date form is not used by our server; it counts as absent.
fn retry_seconds(header: &str) -> Option<u32> {
    header.trim().parse::<u32>().ok()
}

/// An answer, read in full: its status, `Retry-After` and body text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

impl Answer {
    /// The answer's JSON as `T`, or the error it stands for.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        self.success()?;
        serde_json::from_str(&self.body).map_err(|_| ApiError::BadData)
    }

    /// `Ok` for a 2xx, else the error it stands for.
    pub fn success(&self) -> Result<(), ApiError> {
        self.checked().map_err(|refusal| refusal.error)
    }

    /// `Ok` for a 2xx, else the error it stands for with the server's message.
    pub fn checked(&self) -> Result<(), Refusal> {
        if (200..300).contains(&self.status) {
            return Ok(());
        }
        let body = serde_json::from_str::<ErrorBody>(&self.body).ok();
        let error = classify(
            self.status,
            body.as_ref().map(|body| body.error.code.as_str()),
            self.retry_after.as_deref(),
        );
        let message = body
            .map(|body| body.error.message)
            .filter(|message| !message.trim().is_empty());
        Err(Refusal { error, message })
    }

    /// The answer's JSON as `T`, or the refusal it stands for.
    pub fn checked_json<T: DeserializeOwned>(&self) -> Result<T, Refusal> {
        self.checked()?;
        serde_json::from_str(&self.body).map_err(|_| ApiError::BadData.into())
    }
}

/// One request: method, path, and what it carries.
struct Call<'a> {
    method: &'static str,
    url: &'a str,
    /// The session's CSRF token, for calls that change something.
    csrf_token: Option<&'a str>,
    /// What it carries.
    body: Option<Body>,
}

/// A request body.
enum Body {
    Json(String),
    /// A file's bytes, sent as they are with their type.
    Blob(Blob),
}

impl<'a> Call<'a> {
    fn get(url: &'a str) -> Self {
        Self {
            method: "GET",
            url,
            csrf_token: None,
            body: None,
        }
    }

    fn delete(url: &'a str, csrf_token: &'a str) -> Self {
        Self {
            method: "DELETE",
            url,
            csrf_token: Some(csrf_token),
            body: None,
        }
    }

    /// A change with `body` as JSON (or no body when `None`).
    fn change<T: serde::Serialize>(
        method: &'static str,
        url: &'a str,
        csrf_token: &'a str,
        body: Option<&T>,
    ) -> Result<Self, ApiError> {
        let json = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|_| ApiError::BadData)?;
        Ok(Self {
            method,
            url,
            csrf_token: Some(csrf_token),
            body: json.map(Body::Json),
        })
    }

    /// Sends the call and reads the whole answer, or gives up after [`TIMEOUT`].
    async fn send(self) -> Result<Answer, ApiError> {
        let controller = AbortController::new().ok();
        let request = self.request(controller.as_ref())?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = controller.and_then(|controller| {
            let timed_out = Rc::clone(&timed_out);
            set_timeout_with_handle(
                move || {
                    timed_out.set(true);
                    controller.abort();
                },
                TIMEOUT,
            )
            .ok()
        });
        let result = read(request).await;
        if let Some(timer) = timer {
            timer.clear();
        }
        result.map_err(|error| {
            if timed_out.get() {
                ApiError::Timeout
            } else {
                error
            }
        })
    }

    fn request(&self, controller: Option<&AbortController>) -> Result<Request, ApiError> {
        let headers = Headers::new().map_err(|_| ApiError::Network)?;
        let _ = headers.set("accept", "application/json");
        if let Some(token) = self.csrf_token {
            let _ = headers.set(CSRF_HEADER, token);
        }
        let init = RequestInit::new();
        init.set_method(self.method);
        init.set_credentials(RequestCredentials::SameOrigin);
        match &self.body {
            Some(Body::Json(json)) => {
                let _ = headers.set("content-type", "application/json");
                init.set_body(&JsValue::from_str(json));
            }
            Some(Body::Blob(blob)) => {
                let kind = blob.type_();
                let kind = if kind.is_empty() {
                    "application/octet-stream"
                } else {
                    &kind
                };
                let _ = headers.set("content-type", kind);
                init.set_body(blob);
            }
            None => {}
        }
        init.set_headers(&headers);
        init.set_signal(controller.map(AbortController::signal).as_ref());
        Request::new_with_str_and_init(self.url, &init).map_err(|_| ApiError::Network)
    }
}

/// `fetch`es `request` and reads its status, `Retry-After` and body text.
async fn read(request: Request) -> Result<Answer, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .and_then(JsCast::dyn_into)
        .map_err(|_| ApiError::Network)?;
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let text = response.text().map_err(|_| ApiError::Network)?;
    let body = JsFuture::from(text)
        .await
        .map_err(|_| ApiError::Network)?
        .as_string()
        .unwrap_or_default();
    Ok(Answer {
        status: response.status(),
        retry_after,
        body,
    })
}

/// `GET /api/v1/auth/session`: who is signed in in this browser (401 when nobody).
pub async fn current_session() -> Result<ConsoleSession, ApiError> {
    Call::get(SESSION).send().await?.json()
}

/// `POST /api/v1/auth/session`: signs in; the server sets the session cookie.
pub async fn sign_in(credentials: &LoginRequest) -> Result<ConsoleSession, ApiError> {
    let json = serde_json::to_string(credentials).map_err(|_| ApiError::BadData)?;
    Call {
        method: "POST",
        url: SESSION,
        // Signing in needs no token: there is no session yet.
        csrf_token: None,
        body: Some(Body::Json(json)),
    }
    .send()
    .await?
    .json()
}

/// `DELETE /api/v1/auth/session`: signs this browser out.
pub async fn sign_out(csrf_token: &str) -> Result<(), ApiError> {
    Call::delete(SESSION, csrf_token).send().await?.success()
}

/// `GET /api/v1/auth/sessions`: the user's signed-in sessions.
pub async fn sessions() -> Result<Vec<SessionInfo>, ApiError> {
    Call::get(SESSIONS).send().await?.json()
}

/// `DELETE /api/v1/auth/sessions`: signs out every session of the user, this one included.
pub async fn sign_out_everywhere(csrf_token: &str) -> Result<(), ApiError> {
    Call::delete(SESSIONS, csrf_token).send().await?.success()
}

/// `GET /api/v1/articles?…`: one page of the articles list.
pub async fn articles(filter: &ArticleFilter) -> Result<ArticleList, ApiError> {
    Call::get(&filter.api_url()).send().await?.json()
}

/// `GET /api/v1/articles/{id}`
pub async fn article(id: i64) -> Result<Article, ApiError> {
    Call::get(&format!("{ARTICLES}/{id}")).send().await?.json()
}

/// `POST /api/v1/articles`: 201 with the new article.
pub async fn create_article(csrf_token: &str, article: &NewArticle) -> Result<Article, Refusal> {
    Call::change("POST", ARTICLES, csrf_token, Some(article))?
        .send()
        .await?
        .checked_json()
}

/// `PUT /api/v1/articles/{id}`: saves a new version (409 `edit_conflict` when its
/// `base_version` is not the latest any more).
pub async fn update_article(
    csrf_token: &str,
    id: i64,
    update: &ArticleUpdate,
) -> Result<Article, Refusal> {
    Call::change("PUT", &format!("{ARTICLES}/{id}"), csrf_token, Some(update))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/articles/{id}/publish` with no body: publishes the latest version.
pub async fn publish_article(csrf_token: &str, id: i64) -> Result<Article, Refusal> {
    let url = format!("{ARTICLES}/{id}/publish");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/articles/{id}/unpublish`
pub async fn unpublish_article(csrf_token: &str, id: i64) -> Result<Article, Refusal> {
    let url = format!("{ARTICLES}/{id}/unpublish");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `DELETE /api/v1/articles/{id}`: 204.
pub async fn delete_article(csrf_token: &str, id: i64) -> Result<(), Refusal> {
    Call::delete(&format!("{ARTICLES}/{id}"), csrf_token)
        .send()
        .await?
        .checked()
}

/// `GET /api/v1/articles/{id}/versions`: every saved version, the newest first.
pub async fn article_versions(id: i64) -> Result<Vec<ArticleVersion>, ApiError> {
    Call::get(&format!("{ARTICLES}/{id}/versions"))
        .send()
        .await?
        .json()
}

/// `POST /api/v1/articles/{id}/versions/{number}/restore`: the version's content becomes a
/// new version.
pub async fn restore_version(csrf_token: &str, id: i64, number: i64) -> Result<Article, Refusal> {
    let url = format!("{ARTICLES}/{id}/versions/{number}/restore");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/articles/preview`: Markdown rendered by the readers' own (sanitising)
/// renderer.
pub async fn preview(csrf_token: &str, body: &str) -> Result<Preview, Refusal> {
    let request = PreviewRequest {
        body: body.to_owned(),
    };
    let url = format!("{ARTICLES}/preview");
    Call::change("POST", &url, csrf_token, Some(&request))?
        .send()
        .await?
        .checked_json()
}

/// `GET /api/v1/auth/2fa`: the member's second factor.
pub async fn two_factor() -> Result<TwoFactorStatus, ApiError> {
    Call::get(TWO_FACTOR).send().await?.json()
}

/// `POST /api/v1/auth/2fa/totp`: a new secret, pending until a code from it is confirmed.
pub async fn start_totp(csrf_token: &str) -> Result<TotpSetup, Refusal> {
    let url = format!("{TWO_FACTOR}/totp");
    Call::change::<()>("POST", &url, csrf_token, None)?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/auth/2fa/totp/confirm`: a code from the app turns the second factor on.
pub async fn confirm_totp(csrf_token: &str, code: &str) -> Result<RecoveryCodes, Refusal> {
    let url = format!("{TWO_FACTOR}/totp/confirm");
    let body = CodeRequest {
        code: code.to_owned(),
    };
    Call::change("POST", &url, csrf_token, Some(&body))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/auth/2fa/recovery-codes`: ten new recovery codes (the old ones stop working).
pub async fn renew_recovery_codes(csrf_token: &str, code: &str) -> Result<RecoveryCodes, Refusal> {
    let url = format!("{TWO_FACTOR}/recovery-codes");
    let body = CodeRequest {
        code: code.to_owned(),
    };
    Call::change("POST", &url, csrf_token, Some(&body))?
        .send()
        .await?
        .checked_json()
}

/// `POST /api/v1/auth/2fa/totp/disable`: turns the second factor off, given the password.
pub async fn disable_totp(csrf_token: &str, password: &str) -> Result<(), Refusal> {
    let url = format!("{TWO_FACTOR}/totp/disable");
    let body = PasswordConfirmation {
        password: password.to_owned(),
    };
    Call::change("POST", &url, csrf_token, Some(&body))?
        .send()
        .await?
        .checked()
}

/// `POST /api/v1/images?name=…` with the file's bytes: 201 with where it is served.
pub async fn upload_image(
    csrf_token: &str,
    name: &str,
    file: Blob,
) -> Result<UploadedImage, Refusal> {
    let url = format!("{IMAGES}?name={}", crate::query::encode(name));
    Call {
        method: "POST",
        url: &url,
        csrf_token: Some(csrf_token),
        body: Some(Body::Blob(file)),
    }
    .send()
    .await?
    .checked_json()
}

/// `GET /api/v1/articles/{id}/schedules`: pending first.
pub async fn schedules(id: i64) -> Result<Vec<Schedule>, ApiError> {
    Call::get(&format!("{ARTICLES}/{id}/schedules"))
        .send()
        .await?
        .json()
}

/// `POST /api/v1/articles/{id}/schedules`: 201 with the new schedule.
pub async fn add_schedule(
    csrf_token: &str,
    id: i64,
    schedule: &NewSchedule,
) -> Result<Schedule, Refusal> {
    let url = format!("{ARTICLES}/{id}/schedules");
    Call::change("POST", &url, csrf_token, Some(schedule))?
        .send()
        .await?
        .checked_json()
}

/// `DELETE /api/v1/articles/{id}/schedules/{sid}`: cancels a pending schedule.
pub async fn cancel_schedule(csrf_token: &str, id: i64, schedule: i64) -> Result<(), Refusal> {
    Call::delete(&format!("{ARTICLES}/{id}/schedules/{schedule}"), csrf_token)
        .send()
        .await?
        .checked()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            retry_after: None,
            body: body.to_owned(),
        }
    }

    fn error(code: &str) -> String {
        format!(r#"{{"error":{{"code":"{code}","message":"…"}}}}"#)
    }

    #[test]
    fn wrong_credentials_and_no_session_are_told_apart() {
        assert_eq!(
            answer(401, &error("invalid_credentials")).success(),
            Err(ApiError::InvalidCredentials)
        );
        assert_eq!(
            answer(401, &error("unauthorized")).success(),
            Err(ApiError::Unauthorized)
        );
        // A 401 without our body (a proxy's page) is still "not signed in".
        assert_eq!(answer(401, "<html>").success(), Err(ApiError::Unauthorized));
    }

    #[test]
    fn rate_limits_carry_their_wait() {
        let mut limited = answer(429, &error("rate_limited"));
        limited.retry_after = Some(" 42 ".to_owned());
        assert_eq!(limited.success(), Err(ApiError::RateLimited(Some(42))));
        limited.retry_after = Some("Wed, 21 Oct 2026 07:28:00 GMT".to_owned());
        assert_eq!(limited.success(), Err(ApiError::RateLimited(None)));
        limited.retry_after = None;
        assert_eq!(limited.success(), Err(ApiError::RateLimited(None)));
    }

    #[test]
    fn other_statuses() {
        assert_eq!(
            answer(403, &error("forbidden")).success(),
            Err(ApiError::Forbidden)
        );
        assert_eq!(
            answer(400, &error("invalid_input")).success(),
            Err(ApiError::InvalidInput)
        );
        assert_eq!(answer(502, "").success(), Err(ApiError::Server(502)));
        assert_eq!(
            answer(404, &error("article_not_found")).success(),
            Err(ApiError::NotFound)
        );
        assert_eq!(
            answer(409, &error("conflict")).success(),
            Err(ApiError::Conflict)
        );
        assert_eq!(
            answer(409, &error("edit_conflict")).success(),
            Err(ApiError::EditConflict)
        );
        assert_eq!(answer(204, "").success(), Ok(()));
    }

    #[test]
    fn second_factor_and_upload_codes() {
        assert_eq!(
            answer(401, &error("second_factor_required")).success(),
            Err(ApiError::SecondFactorRequired)
        );
        assert_eq!(
            answer(403, &error("second_factor_setup_required")).success(),
            Err(ApiError::SetupRequired)
        );
        // A wrong password to confirm a change is a 403, not a lost session.
        assert_eq!(
            answer(403, &error("invalid_credentials")).success(),
            Err(ApiError::InvalidCredentials)
        );
        assert_eq!(
            answer(409, &error("invalid_state")).success(),
            Err(ApiError::InvalidState)
        );
        assert_eq!(
            answer(415, &error("unsupported_media_type")).success(),
            Err(ApiError::UnsupportedMedia)
        );
        assert_eq!(
            answer(413, &error("payload_too_large")).success(),
            Err(ApiError::TooLarge)
        );
        // A proxy's own 413 page counts the same.
        assert_eq!(answer(413, "<html>").success(), Err(ApiError::TooLarge));
    }

    #[test]
    fn refusals_carry_the_servers_message() {
        let refused = answer(
            400,
            r#"{"error":{"code":"invalid_input","message":"title must not be empty"}}"#,
        );
        assert_eq!(
            refused.checked(),
            Err(Refusal {
                error: ApiError::InvalidInput,
                message: Some("title must not be empty".to_owned()),
            })
        );
        // No body of ours, or an empty message: no message.
        assert_eq!(
            answer(502, "<html>").checked(),
            Err(ApiError::Server(502).into())
        );
        let blank = answer(409, r#"{"error":{"code":"conflict","message":" "}}"#);
        assert_eq!(blank.checked(), Err(ApiError::Conflict.into()));
        assert_eq!(
            answer(200, "{}").checked_json::<ArticleList>(),
            Err(ApiError::BadData.into())
        );
    }

    #[test]
    fn bodies_are_typed() {
        let list = answer(200, r#"{"articles":[],"total":0}"#).json::<ArticleList>();
        assert_eq!(
            list,
            Ok(ArticleList {
                articles: Vec::new(),
                total: 0
            })
        );
        assert_eq!(
            answer(200, "not json").json::<ArticleList>(),
            Err(ApiError::BadData)
        );
        assert_eq!(
            answer(500, &error("internal")).json::<ArticleList>(),
            Err(ApiError::Server(500))
        );
    }
}
