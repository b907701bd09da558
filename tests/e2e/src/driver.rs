//! chromedriver's commands beyond what fantoccini wraps: a raw `POST session/{id}/…` and the
//! Chrome DevTools Protocol through it.

use anyhow::{Context, Result};
use fantoccini::Client;
use serde_json::{Value, json};

/// A chromedriver command of this session: `POST session/{id}/{path}` with a JSON body.
#[derive(Debug)]
pub(crate) struct SessionPost {
    pub(crate) path: &'static str,
    pub(crate) body: String,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> std::result::Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.clone()))
    }
}

/// Runs a Chrome DevTools Protocol command through chromedriver (`goog/cdp/execute`).
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Result<Value> {
    client
        .issue_cmd(SessionPost {
            path: "goog/cdp/execute",
            body: json!({ "cmd": cmd, "params": params }).to_string(),
        })
        .await
        .with_context(|| format!("CDP {cmd}"))
}
