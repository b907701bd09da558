//! `cargo xtask bench widget`: what the widget costs, measured in headless Chromium on loopback
//! against the real release server.
//!
//! - bytes on the wire: the loader (gzip: its first stage, and the second it loads on intent),
//!   the panel's wasm + JS + CSS (brotli), as the server sends them;
//! - main-thread time the loader costs a host page before any interaction, beside the same
//!   page without the widget in the same run (Chromium's `Performance.getMetrics`), and the
//!   long tasks it causes; the loader's own run on that page and on a page whose own script
//!   drew its content first, as an app's does;
//! - launcher click → panel interactive (cold: the panel not loaded yet and no pointer before
//!   the click, as a tap; warm: preloaded; and the pointer resting on the launcher first, as
//!   a mouse does);
//! - keystroke → results painted in the panel;
//! - "Contact us" → the contact form painted, with the desk module not yet loaded.
//!
//! Options: `--runs N` (default 15), `--out FILE` (default target/bench-widget.md).

mod cold;
mod pages;
mod stats;

use std::time::Duration;

use anyhow::{Context, Result, bail};
use ayuda_e2e::{Page, Server, WAIT, cdp, wait_for, with_browser_flags};
use fantoccini::{Client, Locator};
use serde_json::json;

use cold::{cold_phases, phase_table};
use pages::{Pages, app_page, host_page, load_cost};
use stats::percentile;

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<()> {
    let mut runs = 15usize;
    let mut out = std::path::PathBuf::from("target/bench-widget.md");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = args.next().context("--runs N")?.parse()?,
            "--out" => out = args.next().context("--out FILE")?.into(),
            other => bail!("unknown option {other}"),
        }
    }
    let server = Server::start()?;
    let mut report = String::new();
    report.push_str(&bytes(&server).await?);

    let pages = Pages {
        without: host_page(&server.url, None).await?,
        loader_only: host_page(&server.url, Some("")).await?,
        with: host_page(&server.url, Some("data-preload=\"idle\"")).await?,
        app: app_page(&server.url).await?,
    };
    let section = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = section.clone();
    let hosts = server.hosts.clone();
    // Full site isolation, as desktop Chrome has by default: the panel (another site) runs in
    // its own renderer process, not on the host page's main thread.
    with_browser_flags(
        "widget-bench",
        &["--site-per-process"],
        |client| async move {
            let text = browser_figures(&client, &pages, &hosts, runs).await?;
            if let Ok(mut s) = sink.lock() {
                s.push_str(&text);
            }
            Ok(())
        },
    )
    .await?;
    if let Ok(s) = section.lock() {
        report.push_str(&s);
    }
    println!("{report}");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &report)?;
    eprintln!("report written to {}", out.display());
    Ok(())
}

/// Sizes as the server sends them (reqwest here decompresses nothing).
async fn bytes(server: &Server) -> Result<String> {
    let http = reqwest::Client::new();
    let fetch = |path: String, encoding: &'static str| {
        let http = http.clone();
        let url = format!("{}{path}", server.url);
        async move {
            let response = http
                .get(&url)
                .header("accept-encoding", encoding)
                .send()
                .await?;
            if !response.status().is_success() {
                bail!("GET {url}: {}", response.status());
            }
            Ok::<usize, anyhow::Error>(response.bytes().await?.len())
        }
    };
    let loader = [
        fetch("/widget.js".into(), "identity").await?,
        fetch("/widget.js".into(), "gzip").await?,
        fetch("/widget.js".into(), "br").await?,
    ];
    // The second stage, at the hashed URL the first names.
    let stage1 = http
        .get(format!("{}/widget.js", server.url))
        .send()
        .await?
        .text()
        .await?;
    let stage2_path = stage1
        .find("/widget/loader-")
        .and_then(|i| {
            let rest = &stage1[i..];
            rest.find(".js").map(|end| rest[..end + 3].to_owned())
        })
        .context("the first stage names no second stage")?;
    let stage2 = [
        fetch(stage2_path.clone(), "identity").await?,
        fetch(stage2_path.clone(), "gzip").await?,
        fetch(stage2_path, "br").await?,
    ];
    let frame_html = http
        .get(format!("{}/widget/frame.html?site=demo", server.url))
        .send()
        .await?
        .text()
        .await?;
    let mut assets: Vec<String> = Vec::new();
    for (i, _) in frame_html.match_indices("/widget/") {
        let rest = &frame_html[i..];
        let end = rest
            .find(|c: char| c == '"' || c == '\'' || c.is_whitespace())
            .unwrap_or(rest.len());
        let path = rest[..end].to_owned();
        if !assets.contains(&path) {
            assets.push(path);
        }
    }
    let mut rows = String::new();
    let mut total = [0usize; 3];
    let frame = [
        fetch("/widget/frame.html?site=demo".into(), "identity").await?,
        fetch("/widget/frame.html?site=demo".into(), "gzip").await?,
        fetch("/widget/frame.html?site=demo".into(), "br").await?,
    ];
    rows.push_str(&format!(
        "| frame.html | {} | {} | {} |\n",
        kb(frame[0]),
        kb(frame[1]),
        kb(frame[2])
    ));
    // The desk module (contact form, conversations) the frame names but loads on intent.
    let mut desk_rows = String::new();
    let mut desk = [0usize; 3];
    for path in &assets {
        let sizes = [
            fetch(path.clone(), "identity").await?,
            fetch(path.clone(), "gzip").await?,
            fetch(path.clone(), "br").await?,
        ];
        let name = path.rsplit('/').next().unwrap_or(path);
        if path.starts_with("/widget/desk/") {
            for (t, s) in desk.iter_mut().zip(sizes) {
                *t += s;
            }
            desk_rows.push_str(&size_row(&format!("{name} (desk, on intent)"), sizes));
            continue;
        }
        for (t, s) in total.iter_mut().zip(sizes) {
            *t += s;
        }
        rows.push_str(&size_row(name, sizes));
    }
    let verdict = |value: usize, goal: usize| if value <= goal { "met" } else { "**missed**" };
    Ok(format!(
        "### Bytes on the wire\n\n\
         | file | raw | gzip | brotli |\n|---|---:|---:|---:|\n\
         | widget.js (loader, stage 1) | {} | {} | {} |\n\
         | loader, stage 2 (on intent) | {} | {} | {} |\n{rows}\
         | **panel: wasm + JS + CSS** | {} | {} | **{}** |\n{desk_rows}\
         | desk module: wasm + JS (loaded when the user heads for it) | {} | {} | {} |\n\n\
         Loader stage 1 gzip (every host page): {} (goal ≤ 2 KB: {}). Panel brotli: {} (goal ≤ 90 KB: {}).\n\n",
        kb(loader[0]),
        kb(loader[1]),
        kb(loader[2]),
        kb(stage2[0]),
        kb(stage2[1]),
        kb(stage2[2]),
        kb(total[0]),
        kb(total[1]),
        kb(total[2]),
        kb(desk[0]),
        kb(desk[1]),
        kb(desk[2]),
        kb(loader[1]),
        verdict(loader[1], 2 * 1024),
        kb(total[2]),
        verdict(total[2], 90 * 1024),
    ))
}

/// A row of the bytes table: raw, gzip and brotli sizes.
fn size_row(name: &str, sizes: [usize; 3]) -> String {
    format!(
        "| {name} | {} | {} | {} |\n",
        kb(sizes[0]),
        kb(sizes[1]),
        kb(sizes[2])
    )
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1024.0)
}

async fn browser_figures(
    client: &Client,
    pages: &Pages,
    hosts: &str,
    runs: usize,
) -> Result<String> {
    let page = Page::new(client.clone());
    client.goto("about:blank").await?;
    // Main-thread cost, interleaved so drift hits all pages alike. 3 s covers the idle-time
    // preload of the panel iframe on the page that asks for it.
    let settle = Duration::from_secs(3);
    let variants = [&pages.without, &pages.loader_only, &pages.with];
    let mut task: [Vec<f64>; 3] = Default::default();
    let mut script: [Vec<f64>; 3] = Default::default();
    let mut long: [Vec<f64>; 3] = Default::default();
    let mut loader_self = Vec::new();
    let mut loader_in_app = Vec::new();
    for url in variants.iter().chain([&&pages.app]) {
        load_cost(client, url, settle).await?; // warm the HTTP cache and the renderer
    }
    for _ in 0..runs {
        for (i, url) in variants.iter().enumerate() {
            let cost = load_cost(client, url, settle).await?;
            task[i].push(cost.task_ms);
            script[i].push(cost.script_ms);
            long[i].extend(cost.long_tasks);
            loader_self.extend(cost.loader_ms);
        }
        // Only the loader's own run is read there: 1 s is long enough for it.
        let cost = load_cost(client, &pages.app, Duration::from_secs(1)).await?;
        loader_in_app.extend(cost.loader_ms);
    }
    let task: Vec<f64> = task.iter_mut().map(|v| percentile(v, 0.5)).collect();
    let script: Vec<f64> = script.iter_mut().map(|v| percentile(v, 0.5)).collect();
    // Task time is the whole main thread but noisy; script time is precise: take the larger
    // difference.
    let loader_cost = (task[1] - task[0]).max(script[1] - script[0]);
    let preload_cost = (task[2] - task[0]).max(script[2] - script[0]);

    // Launcher click → panel interactive: cold on the default page (the click creates the
    // iframe, no hover first), warm once the idle-preloading page has the panel ready.
    // A third kind: the pointer rests on the launcher for HOVER before the click, as a mouse
    // does (the loader starts on `pointerenter`).
    let mut cold = Vec::new();
    let mut warm = Vec::new();
    let mut hover = Vec::new();
    let mut phases = Vec::new();
    for i in 0..runs * 3 {
        if i % 3 != 1 {
            // The pointer off the launcher's place, where the last click left it: a launcher
            // drawn under a resting pointer gets `pointerenter` and starts loading early.
            cdp(
                client,
                "Input.dispatchMouseEvent",
                json!({ "type": "mouseMoved", "x": 1, "y": 1 }),
            )
            .await?;
            client.goto(&pages.loader_only).await?;
            wait_for("the launcher", WAIT, || async {
                Ok(client.find(Locator::Css("ayuda-widget")).await.ok())
            })
            .await?;
        } else {
            client.goto(&pages.with).await?;
            wait_for("the preloaded panel", WAIT, || async {
                let ready = client
                    .execute(
                        "return performance.getEntriesByName('ayuda:panel-ready').length",
                        vec![],
                    )
                    .await?;
                Ok((ready != json!(0)).then_some(()))
            })
            .await?;
        }
        if i % 3 == 2 {
            page.hover_launcher().await?;
            tokio::time::sleep(HOVER).await;
        }
        page.widget().await?.click().await?;
        let ms = wait_for("ayuda:open", WAIT, || async {
            let v = client
                .execute(
                    "const m = performance.getEntriesByName('ayuda:open');
                     return m.length && window.__clickAt ? m[m.length - 1].startTime - window.__clickAt : null",
                    vec![],
                )
                .await?;
            Ok(v.as_f64())
        })
        .await?;
        match i % 3 {
            0 => {
                cold.push(ms);
                phases.push(cold_phases(client, &page).await?);
            }
            1 => warm.push(ms),
            _ => hover.push(ms),
        }
    }
    let phases = phase_table(&mut phases);

    // Keystroke → results painted, in the open panel.
    client.goto(&format!("{hosts}/plain.html")).await?;
    page.open_with_launcher().await?;
    let queries = [
        "factura",
        "cliente",
        "iva",
        "contraseña",
        "recordatorios",
        "gastos",
        "presupuesto",
        "moneda",
        "equipo",
        "api",
        "pago",
        "exportar",
        "informe",
        "recurrente",
        "portal",
        "invoice",
        "dashboard",
        "retenciones",
        "verificación",
        "correo",
    ];
    page.js(
        "window.__kd = 0; document.addEventListener('keydown', e => { window.__kd = e.timeStamp; }, true);",
    )
    .await?;
    let mut keystroke = Vec::new();
    for round in 0..runs.div_ceil(queries.len()).max(1) {
        for query in queries {
            let input = page.wait_css("[data-testid=search-input]").await?;
            input.clear().await?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let text = if round % 2 == 0 {
                query.to_owned()
            } else {
                format!("{query} ")
            };
            input.send_keys(&text).await?;
            let expected = text.trim().to_owned();
            let ms = wait_for("results painted", WAIT, || async {
                let v = client
                    .execute(
                        "const m = performance.getEntriesByName('ayuda:results');
                         return document.body.dataset.resultsFor === arguments[0] && m.length
                           ? m[m.length - 1].startTime - window.__kd : null",
                        vec![json!(expected)],
                    )
                    .await?;
                Ok(v.as_f64().filter(|ms| *ms >= 0.0))
            })
            .await?;
            keystroke.push(ms);
        }
    }
    let typing = typed_searches(client, &page, &queries).await?;

    // "Contact us" → the contact form painted, cold: a new page, the panel open, the desk
    // module not loaded in it yet (from the HTTP cache after the first run, which fetches it).
    let mut desk_cold = Vec::new();
    for _ in 0..runs {
        client.goto(&format!("{hosts}/plain.html")).await?;
        page.open_with_launcher().await?;
        page.js(
            "window.__ca = 0; document.addEventListener('click', e => {
               if (e.target.closest('[data-testid=contact]')) window.__ca = performance.now(); }, true);",
        )
        .await?;
        page.wait_css("[data-testid=contact]")
            .await?
            .click()
            .await?;
        let ms = wait_for("the contact form", WAIT, || async {
            let v = client
                .execute(
                    "const m = performance.getEntriesByName('ayuda:desk');
                     return m.length && window.__ca && document.querySelector('[data-testid=contact-form]')
                       ? m[0].startTime - window.__ca : null",
                    vec![],
                )
                .await?;
            Ok(v.as_f64())
        })
        .await?;
        desk_cold.push(ms);
    }
    let desk_first = desk_cold.first().copied().unwrap_or(f64::NAN);
    let verdict = |cost: f64, long: &[f64]| {
        if cost <= 5.0 && long.is_empty() {
            "met"
        } else {
            "**missed**"
        }
    };
    let long_cell = |l: &[f64]| format!("{} ({:.0} ms)", l.len(), l.iter().sum::<f64>());
    Ok(format!(
        "### Main thread of the host page before any interaction (median of {runs} loads each, 3 s after navigation, site-isolated Chromium)\n\n\
         | page | task time | script time | long tasks (all runs) |\n|---|---:|---:|---:|\n\
         | without the widget | {:.1} ms | {:.1} ms | {} |\n\
         | default tag (loader only) | {:.1} ms | {:.1} ms | {} |\n\
         | `data-preload=\"idle\"` (panel preloaded at idle time) | {:.1} ms | {:.1} ms | {} |\n\n\
         Cost of the loader (the larger of the task-time and script-time differences): **{loader_cost:.1} ms** (goal ≤ 5 ms, no long tasks: {}). \
         With `data-preload=\"idle\"`: **{preload_cost:.1} ms** ({}). \
         The loader's own synchronous run (`ayuda:loader` measure): p50 {:.2} ms, p95 {:.2} ms (goal p50 ≤ 2 ms); \
         on a page whose own script drew its content first, as an app's does (DOM interfaces the loader shares with it already set up): p50 {:.2} ms, p95 {:.2} ms.\n\n\
         ### Latency (ms)\n\n\
         | | runs | p50 | p95 |\n|---|---:|---:|---:|\n\
         | launcher click → panel interactive, cold (stage 2 + iframe + wasm + first API call; goal ≤ 80) | {} | {:.0} | {:.0} |\n\
         | launcher click → panel interactive, warm (preloaded at idle time; goal ≤ 20) | {} | {:.0} | {:.0} |\n\
         | launcher click → panel interactive, the pointer on the launcher {} ms before the click (nothing preloaded) | {} | {:.0} | {:.0} |\n\
         | keystroke → results painted (the whole query sent at once; goal ≤ 50) | {} | {:.0} | {:.0} |\n\
         | \"Contact us\" → contact form painted, desk module not loaded in the page (goal ≤ 150) | {} | {:.0} | {:.0} |\n\n\
         The first of those runs fetched the desk module over the network (empty HTTP cache): {desk_first:.0} ms.\n\n{phases}{typing}",
        task[0],
        script[0],
        long_cell(&long[0]),
        task[1],
        script[1],
        long_cell(&long[1]),
        task[2],
        script[2],
        long_cell(&long[2]),
        verdict(loader_cost, &long[1]),
        verdict(preload_cost, &long[2]),
        percentile(&mut loader_self.clone(), 0.5),
        percentile(&mut loader_self, 0.95),
        percentile(&mut loader_in_app.clone(), 0.5),
        percentile(&mut loader_in_app, 0.95),
        cold.len(),
        percentile(&mut cold.clone(), 0.5),
        percentile(&mut cold, 0.95),
        warm.len(),
        percentile(&mut warm.clone(), 0.5),
        percentile(&mut warm, 0.95),
        HOVER.as_millis(),
        hover.len(),
        percentile(&mut hover.clone(), 0.5),
        percentile(&mut hover, 0.95),
        keystroke.len(),
        percentile(&mut keystroke.clone(), 0.5),
        percentile(&mut keystroke, 0.95),
        desk_cold.len(),
        percentile(&mut desk_cold.clone(), 0.5),
        percentile(&mut desk_cold, 0.95),
    ))
}

/// How long the pointer rests on the launcher before the click in the "hover" runs: the time
/// between a mouse reaching a target and pressing it, for a target the user aimed at.
const HOVER: Duration = Duration::from_millis(150);

/// Gaps between keystrokes, in ms, cycled through as a person types: spread around the
/// 200–250 ms a typical typist leaves between keys (Dhakal et al., CHI 2018, 136 million
/// keystrokes: mean ≈ 240 ms), with fast bursts and pauses.
const TYPING_GAPS_MS: [u64; 12] = [150, 210, 95, 260, 180, 340, 130, 230, 170, 420, 120, 200];

/// The debounce the panel had before it searched at every keystroke.
const OLD_DEBOUNCE_MS: f64 = 120.0;

/// Types each query a key at a time with [`TYPING_GAPS_MS`], counting the searches the panel
/// sends (its own resource timings) beside those a 120 ms debounce would have sent for the
/// same keystrokes (a search per gap of 120 ms or more, and one after the last key), and the
/// time from the last key to the final results painted.
async fn typed_searches(client: &Client, page: &Page, queries: &[&str]) -> Result<String> {
    page.js(
        "window.__keys = []; document.addEventListener('keydown', e => window.__keys.push(e.timeStamp), true);",
    )
    .await?;
    let (mut sent, mut debounced, mut keys) = (0usize, 0usize, 0usize);
    let mut last_key = Vec::new();
    let mut gap = TYPING_GAPS_MS.iter().cycle();
    for query in queries {
        let input = page.wait_css("[data-testid=search-input]").await?;
        input.clear().await?;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let before = client
            .execute(
                "window.__keys = []; return performance.getEntriesByType('resource').filter(e => e.name.includes('/search?')).length",
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(0);
        for c in query.chars() {
            input.send_keys(&c.to_string()).await?;
            tokio::time::sleep(Duration::from_millis(*gap.next().unwrap_or(&200))).await;
        }
        let ms = wait_for("typed results painted", WAIT, || async {
            let v = client
                .execute(
                    "const m = performance.getEntriesByName('ayuda:results'), k = window.__keys;
                     return document.body.dataset.resultsFor === arguments[0] && m.length && k.length
                       ? m[m.length - 1].startTime - k[k.length - 1] : null",
                    vec![json!(query)],
                )
                .await?;
            Ok(v.as_f64().filter(|ms| *ms >= 0.0))
        })
        .await?;
        last_key.push(ms);
        tokio::time::sleep(Duration::from_millis(300)).await;
        let counts = client
            .execute(
                "return [performance.getEntriesByType('resource').filter(e => e.name.includes('/search?')).length, window.__keys]",
                vec![],
            )
            .await?;
        let after = counts[0].as_u64().unwrap_or(0);
        let stamps: Vec<f64> = counts[1]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_f64()).collect())
            .unwrap_or_default();
        sent += usize::try_from(after.saturating_sub(before)).unwrap_or(0);
        keys += stamps.len();
        debounced += 1 + stamps
            .windows(2)
            .filter(|w| w[1] - w[0] >= OLD_DEBOUNCE_MS)
            .count();
    }
    let per = |n: usize| n as f64 / queries.len().max(1) as f64;
    Ok(format!(
        "### Typing as people type (a key at a time, gaps cycling through {TYPING_GAPS_MS:?} ms)\n\n\
         | | queries | keystrokes | searches sent | per query | last key → results p50 | p95 |\n|---|---:|---:|---:|---:|---:|---:|\n\
         | one search out at a time, no debounce (the panel) | {} | {keys} | {sent} | {:.1} | {:.0} ms | {:.0} ms |\n\
         | a 120 ms debounce on the same keystrokes (computed) | {} | {keys} | {debounced} | {:.1} | ≥ 120 ms | |\n\n\
         Server load of searching at every keystroke: **{:.2}×** the debounced searches.\n",
        queries.len(),
        per(sent),
        percentile(&mut last_key.clone(), 0.5),
        percentile(&mut last_key, 0.95),
        queries.len(),
        per(debounced),
        sent as f64 / debounced.max(1) as f64,
    ))
}
