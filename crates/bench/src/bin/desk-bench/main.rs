//! `desk-bench`: the help-desk benchmark behind `cargo xtask bench desk`.
//!
//! Against the real release `ayuda` binary, run as a child process on loopback:
//!
//! 1. **Ticket creation throughput** with durability: N tickets through
//!    `POST /api/v1/sites/demo/tickets` from 1, 8, 32… concurrent clients, on SQLite and on
//!    PostgreSQL, each run on a fresh database. Every ticket gets its own visitor token (the
//!    public API allows 5 tickets per visitor at once), fetched before the clock starts; only the
//!    ticket POSTs are timed. After the last answer the server is killed with SIGKILL and the
//!    tickets table is read directly: every acknowledged (201) ticket must be there.
//! 2. **Agent reply → widget latency** with 1,000 / 10,000 idle SSE connections open: from
//!    just before an agent's `POST /api/v1/tickets/{id}/messages` to the `event: message` on a
//!    subscribed widget stream (one clock, this process), plus the server's RSS per idle
//!    connection (VmRSS before and after opening them).
//!
//! Goals are reported, never asserted: the numbers depend on the machine.
//! Options: see `--help`. The report is printed and written to `target/bench-desk.md`.

mod cli;
mod client;
mod latency;
mod report;
mod server;
mod sse;
mod stats;
mod throughput;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;

use cli::Args;
use latency::latency_run;
use report::{Machine, Report, load_average};
use server::Backend;
use stats::{ms, percentile};
use throughput::throughput_run;

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if let Err(e) = run().await {
        eprintln!("desk-bench: error: {e:#}");
        std::process::exit(1);
    }
}

async fn run() -> Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let root = workspace_root();
    let bin = args
        .bin
        .clone()
        .unwrap_or_else(|| root.join("target/release/ayuda"));
    if !bin.is_file() {
        bail!(
            "{} not found: build it with `cargo build --release -p ayuda-server` (or run \
             `cargo xtask bench desk`, which does)",
            bin.display()
        );
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/bench-desk.md"));
    if args.clients.contains(&0) || args.tickets == 0 || args.repeat == 0 {
        bail!("--clients, --tickets and --repeat must be positive");
    }
    if args.streams_per_ticket == 0 || args.samples == 0 || args.rounds == 0 {
        bail!("--streams-per-ticket, --samples and --rounds must be positive");
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: debug build of the benchmark; run it with --release");
    }
    let mut idle = args.idle.clone();
    idle.sort_unstable();
    idle.dedup();
    let max_idle = idle.last().copied().unwrap_or(0) as u64;
    // The bench holds one socket per idle stream, the server one per stream too (plus its
    // database files and pool); both inherit this limit.
    let wanted = max_idle + 1024;
    let limit = server::raise_open_files(wanted);
    let machine = Machine::now(limit, wanted);
    eprintln!(
        "desk-bench: {} (load {}), open files limit {limit}",
        bin.display(),
        machine.load
    );

    let mut report = Report {
        machine,
        args: std::env::args().skip(1).collect::<Vec<_>>().join(" "),
        throughput: Vec::new(),
        latency: Vec::new(),
        notes: Vec::new(),
        ..Report::default()
    };

    for &backend in &args.backends {
        for &clients in &args.clients {
            for run in 0..args.repeat {
                eprintln!(
                    "[throughput] {} · {clients} client(s) · run {}/{}",
                    backend.label(),
                    run + 1,
                    args.repeat
                );
                match throughput_run(&args, &bin, backend, clients).await {
                    Ok(result) => {
                        eprintln!(
                            "  {:.0} tickets/s, p50 {:.1} ms, {} acknowledged, {} missing after kill -9",
                            result.per_second(),
                            ms(percentile(&result.latencies, 50.0)),
                            result.acknowledged,
                            result.missing
                        );
                        report.throughput.push((backend, clients, result));
                    }
                    Err(e) if backend == Backend::Postgres => {
                        report.notes.push(format!(
                            "PostgreSQL throughput, {clients} client(s): not measured: {e:#}"
                        ));
                        eprintln!("  skipped: {e:#}");
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }

    if !idle.is_empty() {
        for &backend in &args.latency_backends {
            eprintln!("[latency] {}", backend.label());
            match latency_run(&args, &bin, backend, &idle).await {
                Ok(result) => report.latency.push(result),
                Err(e) if backend == Backend::Postgres => {
                    report
                        .notes
                        .push(format!("PostgreSQL latency: not measured: {e:#}"));
                    eprintln!("  skipped: {e:#}");
                }
                Err(e) => return Err(e),
            }
        }
    }

    report.load_at_end = load_average();
    report.total = started.elapsed();
    let text = report.render(&args);
    println!("{text}");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, &text).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("report written to {}", out.display());
    Ok(())
}
