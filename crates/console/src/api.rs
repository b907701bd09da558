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

use ayuda_api::{ArticleList, CSRF_HEADER, ConsoleSession, ErrorBody, LoginRequest, SessionInfo};
use leptos::prelude::set_timeout_with_handle;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestCredentials, RequestInit, Response};

use crate::filters::ArticleFilter;

/// How long a call may take, body included, before the console gives up on it.
pub const TIMEOUT: Duration = Duration::from_secs(15);

const SESSION: &str = "/api/v1/auth/session";
const SESSIONS: &str = "/api/v1/auth/sessions";

/// Why a call failed, as far as the user needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401 `unauthorized`: not signed in, or the session ended.
    Unauthorized,
    /// 401 `invalid_credentials`: wrong e-mail or password (never says which).
    InvalidCredentials,
    /// 403: signed in, but the role may not do this.
    Forbidden,
    /// 429, with the `Retry-After` seconds when the server sent them.
    RateLimited(Option<u32>),
    /// 400: the server refused the input.
    InvalidInput,
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
        (401, Some("invalid_credentials")) => ApiError::InvalidCredentials,
        (401, _) => ApiError::Unauthorized,
        (403, _) => ApiError::Forbidden,
        (429, _) => ApiError::RateLimited(retry_after.and_then(retry_seconds)),
        (400 | 422, _) => ApiError::InvalidInput,
        (status, _) => ApiError::Server(status),
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
        if (200..300).contains(&self.status) {
            return Ok(());
        }
        let code = serde_json::from_str::<ErrorBody>(&self.body)
            .ok()
            .map(|body| body.error.code);
        Err(classify(
            self.status,
            code.as_deref(),
            self.retry_after.as_deref(),
        ))
    }
}

/// One request: method, path, and what it carries.
struct Call<'a> {
    method: &'static str,
    url: &'a str,
    /// The session's CSRF token, for calls that change something.
    csrf_token: Option<&'a str>,
    /// A JSON body.
    json: Option<String>,
}

impl<'a> Call<'a> {
    fn get(url: &'a str) -> Self {
        Self {
            method: "GET",
            url,
            csrf_token: None,
            json: None,
        }
    }

    fn delete(url: &'a str, csrf_token: &'a str) -> Self {
        Self {
            method: "DELETE",
            url,
            csrf_token: Some(csrf_token),
            json: None,
        }
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
        if let Some(json) = &self.json {
            let _ = headers.set("content-type", "application/json");
            init.set_body(&JsValue::from_str(json));
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
        json: Some(json),
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
        assert_eq!(answer(204, "").success(), Ok(()));
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
