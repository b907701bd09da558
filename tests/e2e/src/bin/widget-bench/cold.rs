//! Where a cold click's time goes, phase by phase.

use anyhow::{Context, Result};
use ayuda_e2e::Page;
use fantoccini::Client;

use crate::stats::percentile;

/// Where a cold click's time goes, in ms, on one clock (each document's `timeOrigin` plus its
/// timings): click → the loader's second stage fetched → the frame's navigation starts (the
/// iframe created, its process) → the panel's wasm fetched → the panel starts (compiled and
/// instantiated) → the loader hears `ready` → the frame acknowledges `open`.
pub async fn cold_phases(client: &Client, page: &Page) -> Result<[f64; 6]> {
    page.top().await?;
    let host = client
        .execute(
            "const at = n => { const m = performance.getEntriesByName(n); return m.length ? performance.timeOrigin + m[m.length - 1].startTime : null };
             const s = performance.getEntriesByType('resource').filter(e => e.name.includes('/widget/loader-'));
             return [performance.timeOrigin + window.__clickAt,
                     s.length ? performance.timeOrigin + s[s.length - 1].responseEnd : null,
                     at('ayuda:panel-ready'), at('ayuda:open')]",
            vec![],
        )
        .await?;
    page.enter_panel().await?;
    let frame = client
        .execute(
            "const w = performance.getEntriesByType('resource').filter(e => e.name.endsWith('_bg.wasm') && !e.name.includes('/desk/'));
             const m = performance.getEntriesByName('ayuda:panel-start');
             return [performance.timeOrigin,
                     w.length ? performance.timeOrigin + w[0].responseEnd : null,
                     m.length ? performance.timeOrigin + m[0].startTime : null]",
            vec![],
        )
        .await?;
    page.top().await?;
    let number = |v: &serde_json::Value, i: usize| {
        v[i].as_f64()
            .with_context(|| format!("timing {i} missing in {v}"))
    };
    let times = [
        number(&host, 0)?,
        number(&host, 1)?,
        number(&frame, 0)?,
        number(&frame, 1)?,
        number(&frame, 2)?,
        number(&host, 2)?,
        number(&host, 3)?,
    ];
    let mut phases = [0.0; 6];
    for (i, phase) in phases.iter_mut().enumerate() {
        *phase = times[i + 1] - times[i];
    }
    Ok(phases)
}

/// The medians of [`cold_phases`], as a table.
pub fn phase_table(runs: &mut [[f64; 6]]) -> String {
    let names = [
        "click → the loader's second stage fetched",
        "→ the frame's navigation starts (the iframe created)",
        "→ the panel's wasm fetched (the frame's process, frame.html, glue, wasm)",
        "→ the panel starts (wasm compiled and instantiated)",
        "→ the loader hears `ready`",
        "→ the frame acknowledges `open` (interactive)",
    ];
    let mut table = String::from(
        "Where a cold click's time goes (medians of the cold runs, ms; one clock across the host page and the frame):\n\n| phase | p50 |\n|---|---:|\n",
    );
    for (i, name) in names.iter().enumerate() {
        let mut values: Vec<f64> = runs.iter().map(|r| r[i]).collect();
        table.push_str(&format!(
            "| {name} | {:.1} |\n",
            percentile(&mut values, 0.5)
        ));
    }
    table.push('\n');
    table
}
