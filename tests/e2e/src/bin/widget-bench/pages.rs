//! The host pages the widget bench loads, and what one load costs the host's main thread.

use std::time::Duration;

use anyhow::Result;
use ayuda_e2e::cdp;
use fantoccini::Client;
use serde_json::json;

/// The host pages compared.
pub struct Pages {
    pub without: String,
    /// The default tag: the loader alone, the panel waits for the user.
    pub loader_only: String,
    /// `data-preload="idle"`: the panel iframe is preloaded at browser idle time.
    pub with: String,
    /// The default tag on a page whose own script draws its content first, as the web apps
    /// the widget is for do: the DOM interfaces they share are set up before the loader runs.
    pub app: String,
}

/// A plain host page that records long tasks and clicks; with the widget's tag (plus the
/// given attributes) unless `widget` is `None`.
pub async fn host_page(ayuda: &str, widget: Option<&str>) -> Result<String> {
    let tag = match widget {
        Some(attributes) => format!(
            r#"<script src="{ayuda}/widget.js" data-site="demo" {attributes} async></script>"#
        ),
        None => String::new(),
    };
    let mut items = String::new();
    for i in 0..200 {
        items.push_str(&format!("<li>Factura FAC-{i:04} <button>Ver</button></li>"));
    }
    ayuda_e2e::static_page(&format!(
        r#"<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Host</title>
        <script>
          window.__longtasks = [];
          try {{ new PerformanceObserver(l => l.getEntries().forEach(e => window.__longtasks.push(e.duration)))
                 .observe({{ type: 'longtask', buffered: true }}); }} catch (e) {{}}
          window.addEventListener('click', e => {{ window.__clickAt = e.timeStamp; }}, true);
        </script></head>
        <body><h1>Facturas</h1><ul>{items}</ul>{tag}</body></html>"#
    ))
    .await
}

/// The default tag on a page that renders the same list with its own script (elements, text,
/// classes, data attributes, listeners, an SVG icon, an inline style), as a web app does
/// before the async tag runs.
pub async fn app_page(ayuda: &str) -> Result<String> {
    ayuda_e2e::static_page(&format!(
        r#"<!doctype html><html lang="es"><head><meta charset="utf-8"><title>App</title></head>
        <body><h1>Facturas</h1><ul id="list"></ul>
        <script>
          const list = document.getElementById('list');
          for (let i = 0; i < 200; i++) {{
            const item = document.createElement('li');
            item.textContent = 'Factura FAC-' + String(i).padStart(4, '0') + ' ';
            const button = item.appendChild(document.createElement('button'));
            button.className = 'view';
            button.dataset.id = i;
            button.textContent = 'Ver';
            button.addEventListener('click', () => {{}});
            list.append(item);
          }}
          const svg = document.querySelector('h1').appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'svg'));
          svg.setAttribute('viewBox', '0 0 24 24');
          svg.appendChild(document.createElementNS(svg.namespaceURI, 'path')).setAttribute('d', 'M4 4h16v16H4z');
          list.style.color = navigator.language.startsWith('es') ? '#333' : '#000';
        </script>
        <script src="{ayuda}/widget.js" data-site="demo" async></script></body></html>"#
    ))
    .await
}

/// Chromium's main-thread counters for the current page, in milliseconds.
async fn main_thread_ms(client: &Client) -> Result<(f64, f64)> {
    let metrics = cdp(client, "Performance.getMetrics", json!({})).await?;
    let get = |name: &str| -> f64 {
        metrics["metrics"]
            .as_array()
            .and_then(|all| all.iter().find(|m| m["name"] == name))
            .and_then(|m| m["value"].as_f64())
            .unwrap_or(0.0)
            * 1000.0
    };
    Ok((get("TaskDuration"), get("ScriptDuration")))
}

/// What one page load cost the host's main thread.
pub struct LoadCost {
    pub task_ms: f64,
    pub script_ms: f64,
    pub long_tasks: Vec<f64>,
    /// The loader's own synchronous run (`ayuda:loader` measure), when it ran.
    pub loader_ms: Option<f64>,
}

/// Loads `url` in a fresh tab and returns its cost after `settle`.
pub async fn load_cost(client: &Client, url: &str, settle: Duration) -> Result<LoadCost> {
    let tab = client.new_window(true).await?;
    let previous = client.window().await?;
    client.switch_to_window(tab.handle).await?;
    client.goto("about:blank").await?;
    cdp(client, "Performance.enable", json!({})).await?;
    let before = main_thread_ms(client).await?;
    client.goto(url).await?;
    tokio::time::sleep(settle).await;
    let after = main_thread_ms(client).await?;
    let long: Vec<f64> =
        serde_json::from_value(client.execute("return window.__longtasks", vec![]).await?)
            .unwrap_or_default();
    let loader_ms = client
        .execute(
            "const m = performance.getEntriesByName('ayuda:loader'); return m.length ? m[0].duration : null",
            vec![],
        )
        .await?
        .as_f64();
    client.close_window().await?;
    client.switch_to_window(previous).await?;
    Ok(LoadCost {
        task_ms: after.0 - before.0,
        script_ms: after.1 - before.1,
        long_tasks: long,
        loader_ms,
    })
}
