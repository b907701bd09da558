//! `cargo xtask bench console`: what the staff console costs, in headless Chromium on loopback
//! against the real release server.
//!
//! - bytes on the wire, per bundle (the console is split by role: `crates/console/src/bundle.rs`):
//!   each bundle's page (as the server serves it to someone signed out, an editor, an agent, an
//!   admin), its wasm, JS and CSS, brotli and gzip, as the server sends them; and what a first
//!   visit downloads for each role: the sign-in bundle, then the role's;
//! - time to interactive: navigation start → the sign-in form drawn by the wasm app (a fresh
//!   browser profile every run, so nothing is cached, as a new staff member first meets it),
//!   and the same with the files cached (a second visit);
//! - sign-in submitted → the articles list drawn (the session, the page loaded again with the
//!   editors' bundle, the list call and the table);
//! - an agent's sign-in submitted → the inbox's rows drawn (25 tickets waiting; the agents'
//!   bundle loaded on the way), and a reload of the inbox with the session → its rows drawn
//!   and its live stream open (time to interactive for the inbox).
//!
//! Times across the sign-in's reload are taken on the wall clock both documents share
//! (`performance.timeOrigin + performance.now()`).
//!
//! Options: `--runs N` (default 11), `--out FILE` (default target/bench-console.md).

use anyhow::{Context, Result, bail};
use ayuda_e2e::{Page, STAFF_PASSWORD, Server, WAIT, wait_for, with_browser};
use fantoccini::{Client, Locator};
use serde_json::json;

/// Injected before the page's own scripts (DevTools, so the page's CSP does not apply): the
/// time (ms since the epoch) at which each watched selector first matched in this document.
const WATCH: &str = r#"
window.__seen = {};
const watch = () => {
  for (const css of ['#email:not([disabled])', 'table.articles tbody tr', 'table.inbox tbody tr[data-ticket-id]']) {
    if (!(css in window.__seen) && document.querySelector(css)) {
      window.__seen[css] = performance.timeOrigin + performance.now();
    }
  }
  requestAnimationFrame(watch);
};
new MutationObserver(watch).observe(document, { childList: true, subtree: true });
requestAnimationFrame(watch);
"#;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let mut runs = 11usize;
    let mut out = std::path::PathBuf::from("target/bench-console.md");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().context("--runs N")?.parse()?,
            "--out" => out = args.next().context("--out FILE")?.into(),
            other => bail!("unknown option {other}"),
        }
    }
    let server = Server::start()?;
    server.add_staff("editor@example.com", "editor")?;
    server.add_staff("agent@example.com", "agent")?;
    server.add_staff("admin@example.com", "admin")?;
    seed_tickets(&server, 25).await?;
    let mut report = String::from("# Console benchmark\n\n");
    report.push_str(&bytes(&server).await?);

    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut listed = Vec::new();
    let mut listed_handed = Vec::new();
    let mut inbox_signed = Vec::new();
    let mut inbox_handed = Vec::new();
    let mut inbox_reload = Vec::new();
    for _ in 0..runs {
        let url = format!("{}/console/", server.url);
        let sample = std::sync::Arc::new(std::sync::Mutex::new((0.0, 0.0, (0.0, 0.0))));
        let sink = sample.clone();
        with_browser("console-bench", |client| async move {
            let page = Page::new(client.clone());
            page.cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH }),
            )
            .await?;
            client.goto(&url).await?;
            let first = since_navigation(&page, "#email:not([disabled])").await?;
            // The second visit: the hashed files come from the cache.
            client.goto(&url).await?;
            let second = since_navigation(&page, "#email:not([disabled])").await?;
            let list = sign_in_to_list(
                &client,
                &page,
                "editor@example.com",
                "table.articles tbody tr",
            )
            .await?;
            if let Ok(mut s) = sink.lock() {
                *s = (first, second, list);
            }
            Ok(())
        })
        .await?;
        let (first, second, list) = sample.lock().map(|s| *s).unwrap_or_default();
        cold.push(first);
        warm.push(second);
        listed.push(list.0);
        listed_handed.push(list.1);
        // An agent: sign-in → inbox, then the inbox reloaded with the session.
        let url = format!("{}/console/", server.url);
        let inbox_url = format!("{}/console/inbox", server.url);
        let agent = std::sync::Arc::new(std::sync::Mutex::new(((0.0, 0.0), 0.0)));
        let sink = agent.clone();
        with_browser("console-bench-inbox", |client| async move {
            let page = Page::new(client.clone());
            page.cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": WATCH }),
            )
            .await?;
            client.goto(&url).await?;
            seen(&page, "#email:not([disabled])").await?;
            let signed = sign_in_to_list(&client, &page, "agent@example.com", INBOX_ROW).await?;
            client.goto(&inbox_url).await?;
            let reload = since_navigation(&page, INBOX_ROW).await?;
            if let Ok(mut s) = sink.lock() {
                *s = (signed, reload);
            }
            Ok(())
        })
        .await?;
        let (signed, reload) = agent.lock().map(|s| *s).unwrap_or_default();
        inbox_signed.push(signed.0);
        inbox_handed.push(signed.1);
        inbox_reload.push(reload);
    }
    report.push_str(&format!(
        "## Time to interactive ({runs} runs, fresh profile each; ms, p50 / p90)\n\n\
         | step | p50 | p90 |\n|---|---:|---:|\n\
         | navigation → sign-in form drawn, first visit | {:.0} | {:.0} |\n\
         | navigation → sign-in form drawn, files cached | {:.0} | {:.0} |\n\
         | sign-in submitted → articles list drawn | {:.0} | {:.0} |\n\
         | … of which submitted → the editors' page requested (the sign-in call) | {:.0} | {:.0} |\n\
         | an agent's sign-in submitted → inbox rows drawn | {:.0} | {:.0} |\n\
         | … of which submitted → the agents' page requested (the sign-in call) | {:.0} | {:.0} |\n\
         | navigation → inbox rows drawn, signed in, files cached | {:.0} | {:.0} |\n",
        percentile(&mut cold, 0.5),
        percentile(&mut cold, 0.9),
        percentile(&mut warm, 0.5),
        percentile(&mut warm, 0.9),
        percentile(&mut listed, 0.5),
        percentile(&mut listed, 0.9),
        percentile(&mut listed_handed, 0.5),
        percentile(&mut listed_handed, 0.9),
        percentile(&mut inbox_signed, 0.5),
        percentile(&mut inbox_signed, 0.9),
        percentile(&mut inbox_handed, 0.5),
        percentile(&mut inbox_handed, 0.9),
        percentile(&mut inbox_reload, 0.5),
        percentile(&mut inbox_reload, 0.9),
    ));
    println!("{report}");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &report)?;
    eprintln!("report written to {}", out.display());
    Ok(())
}

/// When `css` first matched in the current document, in ms since the epoch, once it has.
async fn seen(page: &Page, css: &str) -> Result<f64> {
    let script = format!("return (window.__seen || {{}})[{}] ?? null", json!(css));
    wait_for(css, WAIT, || async { Ok(page.js(&script).await?.as_f64()) }).await
}

/// When `css` first matched, in ms from the current document's navigation start.
async fn since_navigation(page: &Page, css: &str) -> Result<f64> {
    let at = seen(page, css).await?;
    let origin = page
        .js("return performance.timeOrigin")
        .await?
        .as_f64()
        .context("no time origin")?;
    Ok(at - origin)
}

const IMPACTS: [&str; 3] = ["question", "degraded", "blocked"];

/// An inbox row, as the console draws it.
const INBOX_ROW: &str = "table.inbox tbody tr[data-ticket-id]";

/// `count` tickets waiting in the inbox, filed through the widget's API.
async fn seed_tickets(server: &Server, count: usize) -> Result<()> {
    let http = reqwest::Client::new();
    for n in 0..count {
        let token: serde_json::Value = http
            .post(format!("{}/api/v1/sites/demo/visitors", server.url))
            .send()
            .await?
            .json()
            .await?;
        let token = token["token"].as_str().context("a visitor token")?;
        let res = http
            .post(format!("{}/api/v1/sites/demo/tickets", server.url))
            .header("x-ayuda-visitor", token)
            .json(&json!({
                "name": format!("Cliente {n}"),
                "email": format!("cliente{n}@example.com"),
                "subject": format!("No puedo exportar el informe {n}"),
                "trying": "Exportar",
                "happened": "Nada",
                "impact": IMPACTS[n % 3],
                "locale": "es",
            }))
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("filing a ticket: {}", res.status());
        }
    }
    Ok(())
}

/// Signs in from the form on screen; the time from the submit to the first `rows` drawn, and
/// to the start of the role's page (the sign-in bundle hands over by loading the page again).
async fn sign_in_to_list(
    client: &Client,
    page: &Page,
    email: &str,
    rows: &str,
) -> Result<(f64, f64)> {
    for (css, text) in [("#email", email), ("#password", STAFF_PASSWORD)] {
        let field = client.find(Locator::Css(css)).await?;
        field.clear().await?;
        field.send_keys(text).await?;
    }
    let submitted = page
        .js("const t = performance.timeOrigin + performance.now(); document.querySelector('#sign-in').click(); return t")
        .await?
        .as_f64()
        .context("no submit time")?;
    let drawn = seen(page, rows).await?;
    let reloaded = page
        .js("return performance.timeOrigin")
        .await?
        .as_f64()
        .context("no time origin")?;
    Ok((drawn - submitted, reloaded - submitted))
}

/// The console's bundles, and who is served each (`None`: nobody signed in).
const BUNDLES: [(&str, Option<&str>); 4] = [
    ("sign-in", None),
    ("editor", Some("editor@example.com")),
    ("agent", Some("agent@example.com")),
    ("admin", Some("admin@example.com")),
];

/// Sizes as the server sends them (reqwest here decompresses nothing): each bundle's page, as
/// the server serves it to its people, and every file it names; then each role's first visit.
async fn bytes(server: &Server) -> Result<String> {
    let http = reqwest::Client::new();
    let mut report = String::from("## Bytes on the wire, per bundle\n\n");
    let mut totals = Vec::new();
    for (bundle, member) in BUNDLES {
        let cookie = match member {
            Some(email) => Some(page_cookie(&http, server, email).await?),
            None => None,
        };
        let mut request = http.get(format!("{}/console/", server.url));
        if let Some(cookie) = &cookie {
            request = request.header("cookie", cookie);
        }
        let page = request.send().await?.text().await?;
        let prefix = format!("/console/_b/{bundle}/");
        if !page.contains(&prefix) {
            bail!("the {bundle} bundle's page names no file under {prefix}: {page}");
        }
        let mut paths = vec!["/console/".to_owned()];
        for (i, _) in page.match_indices("/console/") {
            let rest = &page[i..];
            let end = rest
                .find(|c: char| c == '"' || c == '\'' || c.is_whitespace() || c == '>')
                .unwrap_or(rest.len());
            let path = rest[..end].to_owned();
            if path.len() > "/console/".len() && !paths.contains(&path) {
                paths.push(path);
            }
        }
        report.push_str(&format!(
            "### {bundle}\n\n| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n"
        ));
        let mut total = [0usize; 3];
        for path in &paths {
            let mut sizes = [0usize; 3];
            for (slot, encoding) in ["identity", "gzip", "br"].into_iter().enumerate() {
                let mut request = http
                    .get(format!("{}{path}", server.url))
                    .header("accept-encoding", encoding);
                if let Some(cookie) = &cookie {
                    request = request.header("cookie", cookie);
                }
                let response = request.send().await?;
                if !response.status().is_success() {
                    bail!("GET {path}: {}", response.status());
                }
                sizes[slot] = response.bytes().await?.len();
                total[slot] += sizes[slot];
            }
            let shown = path
                .strip_prefix(&prefix)
                .map_or(path.clone(), |file| format!("…/{file}"));
            report.push_str(&format!(
                "| `{shown}` | {} | {} | {} |\n",
                sizes[0], sizes[1], sizes[2]
            ));
        }
        report.push_str(&format!(
            "| **all** | {} | {} | **{}** |\n\n",
            total[0], total[1], total[2]
        ));
        totals.push((bundle, total));
    }
    // A first visit: the sign-in page, then (after signing in) the role's.
    report.push_str(
        "## A first visit, per role (the sign-in bundle, then the role's)\n\n\
         | who | raw | gzip | brotli |\n|---|---:|---:|---:|\n",
    );
    let sign_in = totals[0].1;
    report.push_str(&format!(
        "| signed out (the sign-in page only) | {} | {} | {} |\n",
        sign_in[0], sign_in[1], sign_in[2]
    ));
    for (bundle, total) in &totals[1..] {
        report.push_str(&format!(
            "| {bundle} | {} | {} | **{}** |\n",
            sign_in[0] + total[0],
            sign_in[1] + total[1],
            sign_in[2] + total[2]
        ));
    }
    report.push('\n');
    Ok(report)
}

/// Signs `email` in as the console does; the cookie the browser would send to the pages.
async fn page_cookie(http: &reqwest::Client, server: &Server, email: &str) -> Result<String> {
    let response = http
        .post(format!("{}/api/v1/auth/session", server.url))
        .json(&json!({"email": email, "password": STAFF_PASSWORD}))
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("signing {email} in: {}", response.status());
    }
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|cookie| cookie.contains("Path=/console;"))
        .and_then(|cookie| cookie.split(';').next())
        .map(str::to_owned)
        .with_context(|| format!("no cookie for the console's pages for {email}"))
}

/// The nearest-rank percentile `p` (0–1) of `values` (sorted in place); NaN when empty.
fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let rank = ((values.len() - 1) as f64 * p).round() as usize;
    values[rank.min(values.len() - 1)]
}
