//! The Markdown report: the machine and command, then one table per phase, goals marked
//! met or missed, and notes on what could not be measured.

use std::fmt::Write as _;
use std::time::Duration;

use crate::cli::Args;
use crate::latency::LatencyRun;
use crate::server::Backend;
use crate::stats::{median, ms, percentile};
use crate::throughput::Creation;

/// The latency goal of the issue: an agent's reply reaches the widget within 50 ms at p99.
const GOAL_P99_MS: f64 = 50.0;

pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

#[derive(Default)]
pub struct Machine {
    pub date: String,
    pub cpus: usize,
    pub cpu_model: String,
    pub load: String,
    pub open_files: u64,
    pub wanted_files: u64,
}

impl Machine {
    pub fn now(open_files: u64, wanted_files: u64) -> Machine {
        let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned())
            })
            .unwrap_or_else(|| "?".into());
        Machine {
            date: jiff::Timestamp::now()
                .strftime("%Y-%m-%d %H:%M UTC")
                .to_string(),
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu_model,
            load: load_average(),
            open_files,
            wanted_files,
        }
    }
}

#[derive(Default)]
pub struct Report {
    pub machine: Machine,
    pub args: String,
    pub throughput: Vec<(Backend, usize, Creation)>,
    pub latency: Vec<LatencyRun>,
    pub notes: Vec<String>,
    pub load_at_end: String,
    pub total: Duration,
}

impl Report {
    pub fn render(&self, args: &Args) -> String {
        let mut s = String::new();
        let m = &self.machine;
        let _ = writeln!(s, "| | |\n|---|---|");
        let _ = writeln!(s, "| Date | {} |", m.date);
        let _ = writeln!(
            s,
            "| Machine | {} logical CPUs, {} (shared: other work skews every figure) |",
            m.cpus, m.cpu_model
        );
        let _ = writeln!(
            s,
            "| Command | `desk-bench {}` (release; `cargo xtask bench desk` runs it) |",
            self.args
        );
        let _ = writeln!(
            s,
            "| Load average (1 min) | {} at start, {} at end |",
            m.load, self.load_at_end
        );
        let _ = writeln!(
            s,
            "| Open files limit | {} (wanted {}; inherited by the server) |",
            m.open_files, m.wanted_files
        );
        let _ = writeln!(
            s,
            "| Total run time | {:.0} s |\n",
            self.total.as_secs_f64()
        );

        if !self.throughput.is_empty() {
            let _ = writeln!(
                s,
                "#### Ticket creation (durable), {} tickets per run, {} run(s) each\n",
                args.tickets, args.repeat
            );
            let _ = writeln!(
                s,
                "Each run: a fresh database and server process, one visitor token per ticket \
                 fetched before the clock starts, only the `POST …/tickets` timed (201 = \
                 committed). Then `kill -9` and the tickets table read directly.\n"
            );
            let _ = writeln!(
                s,
                "| Backend | Clients | tickets/s (median) | tickets/s (runs) | POST p50 ms | POST p99 ms | acknowledged | missing after kill -9 | errors |"
            );
            let _ = writeln!(s, "|---|--:|--:|---|--:|--:|--:|--:|--:|");
            let mut keys: Vec<(Backend, usize)> = Vec::new();
            for (backend, clients, _) in &self.throughput {
                if !keys.contains(&(*backend, *clients)) {
                    keys.push((*backend, *clients));
                }
            }
            for (backend, clients) in keys {
                let runs: Vec<&Creation> = self
                    .throughput
                    .iter()
                    .filter(|(b, c, _)| *b == backend && *c == clients)
                    .map(|(_, _, r)| r)
                    .collect();
                let rates: Vec<f64> = runs.iter().map(|r| r.per_second()).collect();
                let p50 = median(
                    runs.iter()
                        .map(|r| ms(percentile(&r.latencies, 50.0)))
                        .collect(),
                );
                let p99 = median(
                    runs.iter()
                        .map(|r| ms(percentile(&r.latencies, 99.0)))
                        .collect(),
                );
                let acknowledged: usize = runs.iter().map(|r| r.acknowledged).sum();
                let missing: usize = runs.iter().map(|r| r.missing).sum();
                let errors: usize = runs.iter().map(|r| r.errors).sum();
                let stored: usize = runs.iter().map(|r| r.stored).sum();
                let _ = writeln!(
                    s,
                    "| {} | {clients} | **{:.0}** | {} | {p50:.1} | {p99:.1} | {acknowledged} ({stored} rows) | {missing} | {errors} |",
                    backend.label(),
                    median(rates.clone()),
                    rates
                        .iter()
                        .map(|r| format!("{r:.0}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
                if let Some(e) = runs.iter().find_map(|r| r.first_error.as_deref()) {
                    self.note(&mut s, &format!("first error: {e}"));
                }
            }
            s.push('\n');
        }

        for run in &self.latency {
            let _ = writeln!(
                s,
                "#### Agent reply → widget SSE event, {}\n",
                run.backend.label()
            );
            let _ = writeln!(
                s,
                "{} tickets ({} idle stream(s) per ticket, each ticket its own visitor) created in \
                 {:.1} s, then the server restarted on the same database. One measured widget \
                 stream on its own ticket; per sample: clock read, agent `POST \
                 /api/v1/tickets/{{id}}/messages`, clock read when the `event: message` with \
                 that body arrives (same process). {} round(s) of {} replies, 10–30 ms apart, \
                 after 10 warm-up replies. RSS per idle stream = server VmRSS growth while \
                 opening them ÷ their number.\n",
                run.tickets,
                args.streams_per_ticket,
                run.create_elapsed.as_secs_f64(),
                args.rounds,
                args.samples,
            );
            let _ = writeln!(
                s,
                "| Idle streams | p50 ms (median of rounds) | p99 ms (median of rounds) | p99 per round | max ms | POST answered p50 ms | lost | goal p99 ≤ {GOAL_P99_MS:.0} ms | RSS before → after (MiB) | KiB per idle stream | open time s | closed by server |"
            );
            let _ = writeln!(s, "|--:|--:|--:|---|--:|--:|--:|---|---|--:|--:|--:|");
            for level in &run.levels {
                let p50 = median(
                    level
                        .rounds
                        .iter()
                        .map(|r| ms(percentile(&r.latencies, 50.0)))
                        .collect(),
                );
                let p99s: Vec<f64> = level
                    .rounds
                    .iter()
                    .map(|r| ms(percentile(&r.latencies, 99.0)))
                    .collect();
                let p99 = median(p99s.clone());
                let max = level
                    .rounds
                    .iter()
                    .map(|r| ms(percentile(&r.latencies, 100.0)))
                    .fold(0.0, f64::max);
                let post = median(
                    level
                        .rounds
                        .iter()
                        .map(|r| ms(percentile(&r.posts, 50.0)))
                        .collect(),
                );
                let lost: usize = level.rounds.iter().map(|r| r.lost).sum();
                let grown = level.rss_after_kib.saturating_sub(level.rss_before_kib);
                let per = grown as f64 / level.added.max(1) as f64;
                let _ = writeln!(
                    s,
                    "| {} | **{p50:.2}** | **{p99:.2}** | {} | {max:.2} | {post:.2} | {lost} | {} | {:.1} → {:.1} (end {:.1}) | {per:.1} (the {} added) | {:.1} | {} |",
                    level.idle,
                    p99s.iter()
                        .map(|v| format!("{v:.2}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if p99 <= GOAL_P99_MS && lost == 0 {
                        "met"
                    } else {
                        "**missed**"
                    },
                    level.rss_before_kib as f64 / 1024.0,
                    level.rss_after_kib as f64 / 1024.0,
                    level.rss_end_kib as f64 / 1024.0,
                    level.added,
                    level.open_elapsed.as_secs_f64(),
                    level.closed,
                );
            }
            s.push('\n');
        }
        for note in &self.notes {
            self.note(&mut s, note);
        }
        s
    }

    fn note(&self, s: &mut String, text: &str) {
        let _ = writeln!(s, "- {text}");
    }
}
