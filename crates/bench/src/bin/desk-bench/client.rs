//! The HTTP side of a widget and of the preparation: clients for requests and for streams,
//! visitor tokens, filing a ticket, and running many requests with bounded concurrency.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use ayuda_api::{NewTicketInput, PublicThread, VisitorToken};

/// Concurrent requests while preparing (visitor tokens, the tickets the idle streams use).
pub const PREPARE_CONCURRENCY: usize = 32;

pub fn http_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        // Loopback only: an HTTP(S)_PROXY in the environment must not get in the way.
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .context("cannot build an HTTP client")
}

/// For SSE: no overall timeout (the streams stay open for minutes).
pub fn stream_client() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(30))
        .build()
        .context("cannot build an HTTP client")
}

pub async fn ok_json<T: serde::de::DeserializeOwned>(response: reqwest::Response) -> Result<T> {
    let status = response.status();
    let body = response.bytes().await?;
    if !status.is_success() {
        bail!("{status}: {}", String::from_utf8_lossy(&body));
    }
    serde_json::from_slice(&body).context("unexpected response body")
}

/// Runs `f(0..count)` with at most `workers` in flight; results in index order.
pub async fn in_parallel<T, F, Fut>(count: usize, workers: usize, f: F) -> Vec<T>
where
    T: Send + 'static,
    F: Fn(usize) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = T> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let mut handles = Vec::new();
    for _ in 0..workers.min(count).max(1) {
        let next = next.clone();
        let f = f.clone();
        handles.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    return done;
                }
                done.push((i, f(i).await));
            }
        }));
    }
    let mut all = Vec::with_capacity(count);
    for handle in handles {
        if let Ok(done) = handle.await {
            all.extend(done);
        }
    }
    all.sort_by_key(|(i, _)| *i);
    all.into_iter().map(|(_, t)| t).collect()
}

/// `count` fresh visitor tokens (not rate limited, not timed).
pub async fn visitor_tokens(
    http: &reqwest::Client,
    base: &str,
    count: usize,
) -> Result<Vec<String>> {
    let url = format!("{base}/api/v1/sites/demo/visitors");
    let http = http.clone();
    in_parallel(count, PREPARE_CONCURRENCY, move |_| {
        let request = http.post(&url);
        async move {
            let token: VisitorToken = ok_json(request.send().await?).await?;
            Ok::<_, anyhow::Error>(token.token)
        }
    })
    .await
    .into_iter()
    .collect()
}

fn ticket_input(n: usize) -> NewTicketInput {
    NewTicketInput {
        name: Some(format!("Bench user {n}")),
        email: Some(format!("user{n}@bench.example")),
        subject: format!("Cannot export invoice FAC-{n:05} to PDF"),
        trying: Some("Export the invoice as a PDF from the invoice page".into()),
        happened: format!(
            "Clicking Export → PDF on invoice FAC-{n:05} shows a spinner for a minute and then \
             an error banner saying the export failed. It worked last week."
        ),
        impact: "question".into(),
        environment: ayuda_api::Environment {
            url: Some(format!("https://app.example.com/invoices/{n}")),
            route: Some("/invoices/:id".into()),
            browser: Some("Firefox 140".into()),
            os: Some("Linux".into()),
            screen: Some("1920x1080".into()),
            locale: Some("en".into()),
            time_zone: Some("Europe/Madrid".into()),
            app_version: Some("4.2.0".into()),
            ..Default::default()
        },
        locale: Some("en".into()),
        ..Default::default()
    }
}

/// Files ticket `n` as the visitor of `token`; the ticket's public id.
pub async fn create_ticket(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    n: usize,
) -> Result<String> {
    let response = http
        .post(format!("{base}/api/v1/sites/demo/tickets"))
        .header(ayuda_api::VISITOR_HEADER, token)
        .json(&ticket_input(n))
        .send()
        .await?;
    if response.status() != reqwest::StatusCode::CREATED {
        let status = response.status();
        bail!("{status}: {}", response.text().await.unwrap_or_default());
    }
    let thread: PublicThread = response.json().await?;
    Ok(thread.ticket.id)
}
