//! The command line: which phases run, on which backends, how big they are, and where the
//! binary and the report are.

use std::path::PathBuf;

use clap::Parser;

use crate::server::Backend;

#[derive(Debug, Parser)]
#[command(
    about = "Ayuda help-desk benchmark: ticket throughput with durability, reply latency \
                   over SSE with many idle streams, memory per stream"
)]
pub struct Args {
    /// Concurrent clients creating tickets, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8, 32])]
    pub clients: Vec<usize>,
    /// Tickets created per throughput run.
    #[arg(long, default_value_t = 500)]
    pub tickets: usize,
    /// Throughput runs per backend and client count (each on a fresh database); medians are
    /// reported.
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Backends of the throughput phase.
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres", value_parser = parse_backend)]
    pub backends: Vec<Backend>,
    /// Idle SSE connections to hold open during the latency phase, comma-separated (opened
    /// cumulatively: the larger count adds to the smaller).
    #[arg(long, value_delimiter = ',', default_values_t = [1000, 10000])]
    pub idle: Vec<usize>,
    /// Idle connections subscribed to each ticket (1: every idle stream has its own ticket).
    #[arg(long, default_value_t = 1)]
    pub streams_per_ticket: usize,
    /// Timed agent replies per round.
    #[arg(long, default_value_t = 200)]
    pub samples: usize,
    /// Rounds of `--samples` replies per idle count; medians of the rounds are reported.
    #[arg(long, default_value_t = 3)]
    pub rounds: usize,
    /// Backends of the latency phase (empty: skip it).
    #[arg(long, value_delimiter = ',', default_value = "sqlite,postgres", value_parser = parse_backend)]
    pub latency_backends: Vec<Backend>,
    /// PostgreSQL server (a fresh database is created on it per run, and dropped after).
    #[arg(
        long,
        env = "AYUDA_BENCH_POSTGRES_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pub postgres_url: String,
    /// The `ayuda` binary (default: <workspace>/target/release/ayuda).
    #[arg(long, env = "AYUDA_BIN")]
    pub bin: Option<PathBuf>,
    /// Where to write the Markdown report (default: <workspace>/target/bench-desk.md).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn parse_backend(text: &str) -> std::result::Result<Backend, String> {
    match text.trim() {
        "sqlite" => Ok(Backend::Sqlite),
        "postgres" | "postgresql" | "pg" => Ok(Backend::Postgres),
        other => Err(format!("unknown backend {other:?} (sqlite, postgres)")),
    }
}
