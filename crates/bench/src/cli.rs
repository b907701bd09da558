//! The benchmark's command line: corpus size, load durations, sampling, core pinning and where
//! the report goes.

use std::path::PathBuf;

use clap::Parser;

#[derive(Debug, Parser)]
#[command(
    about = "Ayuda search benchmark: latency, throughput, index size and relevance vs SQLite FTS5"
)]
pub struct Args {
    /// Articles to index (the corpus is multiplied with variants to reach this count).
    #[arg(long, default_value_t = 10_000)]
    pub articles: usize,
    /// Duration of each HTTP load phase, in seconds.
    #[arg(long, default_value_t = 5.0)]
    pub seconds: f64,
    /// Where to write the Markdown report (default: <workspace>/target/bench-search.md).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Corpus root holding en/ and es/ (default: <workspace>/../shared/corpora/adobe-commerce-kb).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Titles sampled for search-as-you-type queries (half Spanish, half English).
    #[arg(long, default_value_t = 200)]
    pub titles: usize,
    /// Original articles per locale sampled for the relevance queries.
    #[arg(long, default_value_t = 150)]
    pub relevance: usize,
    /// HTTP concurrencies (connections), comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 8, 32])]
    pub concurrency: Vec<usize>,
    /// Queries of the list timed on FTS5, evenly spaced (0 = all; FTS5 is slow on short prefixes).
    #[arg(long, default_value_t = 3000)]
    pub fts_queries: usize,
    /// Seed for sampling titles and making typos.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Let the HTTP server and the load generator share every core instead of pinning them to
    /// one core each.
    #[arg(long)]
    pub no_pin: bool,
    /// Only time the engine in-process: this many warm passes over the search-as-you-type
    /// queries, medians printed, then stop (no FTS5, no HTTP, no report). For quick
    /// comparisons and for profiling the search itself.
    #[arg(long, value_name = "PASSES")]
    pub engine_only: Option<usize>,
    /// Internal: run the server on DATA_DIR as `ayuda serve` does; the benchmark starts itself
    /// this way for its HTTP part.
    #[arg(long, hide = true, value_name = "DATA_DIR")]
    pub serve: Option<PathBuf>,
}
