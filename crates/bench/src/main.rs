//! `ayuda-bench`: the search benchmark behind `cargo xtask bench search`.
//!
//! In one run, on the real Adobe Commerce knowledge base multiplied to N articles: index build
//! time and size, in-process search-as-you-type latency, HTTP throughput of the real server
//! (in a process of its own pinned to one core, the load generator on another; search against
//! `/healthz` and against the engine's one-thread throughput), a SQLite FTS5 baseline on the
//! same data and queries, and relevance on queries with a known answer. Prints a Markdown
//! report and writes it to a file. Goals are reported as pass/fail, never asserted: the
//! numbers depend on the machine.

mod cli;
mod corpus;
mod engines;
mod http;
mod machine;
mod report;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Parser;

use cli::Args;
use corpus::{Article, TypedQuery};
use engines::{Ayuda, ENGINE_STREAMS, Fts5, LatencyReport};
use machine::{effective_cores, load_average};
use report::{HttpResults, Measured, report};

fn workspace_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("ayuda-bench: error: {e:#}");
        std::process::exit(1);
    }
}

/// `--engine-only`: warm passes over the typed queries, each pass's median and the median of
/// the per-kind medians and phases printed.
fn engine_only(ayuda: &Ayuda, typed: &[TypedQuery], passes: usize) -> Result<()> {
    let every: Vec<usize> = (0..typed.len()).collect();
    ayuda.timed_pass(typed, &every, 10)?;
    for pass in 1..=passes.max(1) {
        let timings = ayuda.timed_pass(typed, &every, 10)?;
        let report = LatencyReport::of(typed, &every, &timings);
        let kinds: Vec<String> = report
            .by_kind
            .iter()
            .map(|(kind, stats)| format!("{kind:?} {:.3}", stats.p50 as f64 / 1e6))
            .collect();
        let phases = ayuda.phase_pass(typed, &every)?;
        println!(
            "pass {pass}: p50 {:.3} ms, p99 {:.3} ms; plan {:.3} collect {:.3} fetch {:.3}; {}",
            report.all.p50 as f64 / 1e6,
            report.all.p99 as f64 / 1e6,
            phases.plan.p50 as f64 / 1e6,
            phases.collect.p50 as f64 / 1e6,
            phases.fetch.p50 as f64 / 1e6,
            kinds.join(", ")
        );
    }
    Ok(())
}

fn run() -> Result<()> {
    let args = Args::parse();
    if let Some(data_dir) = &args.serve {
        return http::serve(data_dir);
    }
    let total_started = Instant::now();
    let load_at_start = load_average();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cores_at_start = effective_cores(cpus);
    let root = workspace_root();
    let corpus_dir = args
        .corpus
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpora/adobe-commerce-kb"));
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join("target/bench-search.md"));
    let seconds = Duration::try_from_secs_f64(args.seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .context("--seconds must be a positive number")?;
    if args.articles == 0 {
        anyhow::bail!("--articles must be at least 1");
    }
    if cfg!(debug_assertions) {
        eprintln!("warning: debug build; latencies are meaningless (use --release)");
    }

    eprintln!("[1/6] loading the corpus from {}", corpus_dir.display());
    let started = Instant::now();
    let originals = corpus::load(&corpus_dir)?;
    let load_time = started.elapsed();
    let mut articles = corpus::multiply(&originals, args.articles);
    let started = Instant::now();
    corpus::render_all(&mut articles);
    let render_time = started.elapsed();
    eprintln!(
        "  {} files → {} articles (load {:.1} s, render {:.1} s)",
        originals.len(),
        articles.len(),
        load_time.as_secs_f64(),
        render_time.as_secs_f64()
    );
    // Queries only from originals that made it into the set (all of them unless --articles is
    // below the number of files).
    let present = &originals[..originals.len().min(articles.len())];
    let typed = corpus::typed_queries(present, args.titles, &mut corpus::rng(args.seed, 1));
    let rel_queries =
        corpus::relevance_queries(present, args.relevance, &mut corpus::rng(args.seed, 2));
    eprintln!(
        "  {} search-as-you-type queries, {} relevance queries",
        typed.len(),
        rel_queries.len()
    );

    eprintln!("[2/6] building Ayuda's index");
    let (ayuda, ayuda_build) = Ayuda::build(&articles)?;
    eprintln!(
        "  {:.1} s, {} docs",
        ayuda_build.elapsed.as_secs_f64(),
        ayuda_build.docs
    );
    if let Some(passes) = args.engine_only {
        return engine_only(&ayuda, &typed, passes);
    }
    eprintln!("[3/6] Ayuda in-process latency and relevance");
    let started = Instant::now();
    // The first pass is the warm-up; it is kept, as the cost before Ayuda's per-word
    // expansion cache and the page cache have seen these words.
    let every: Vec<usize> = (0..typed.len()).collect();
    let ayuda_cold = ayuda.timed_pass(&typed, &every, 10)?;
    let ayuda_warm = ayuda.timed_pass(&typed, &every, 10)?;
    let ayuda_phases = ayuda.phase_pass(&typed, &every)?;
    let ayuda_relevance = ayuda.relevance(&rel_queries, &articles)?;
    // FTS5 without a prefix index needs 5–70 ms for a one- or two-letter prefix over 5,000
    // documents, so it runs an evenly spaced sample of the list to keep the run short; Ayuda's
    // numbers are recomputed on the same sample for the comparison.
    let step = match args.fts_queries {
        0 => 1,
        n => typed.len().div_ceil(n).max(1),
    };
    let sample: Vec<usize> = (0..typed.len()).step_by(step).collect();
    let fts_warm_up: Vec<usize> = (1..typed.len()).step_by(step).take(300).collect();
    // Diagnostic: the same sample with one hit instead of ten. The difference is what loading
    // and highlighting nine more hits costs, the part of a search that grows with the page.
    let ayuda_top1 = ayuda.timed_pass(&typed, &sample, 1)?;
    // The engine on one thread with the query list walked as each HTTP phase walks it (as many
    // interleaved streams as connections), with its CPU time per search: other work on the
    // machine disturbs CPU time less than rates, so section 4 compares both with the server's.
    let mut engine_matching = Vec::new();
    for &streams in &args.concurrency {
        let (cpu_before, wall) = (http::cpu_time(None), Instant::now());
        let per_second = ayuda.throughput(&typed, 1, streams, Duration::from_secs(2))?;
        let searches = per_second * wall.elapsed().as_secs_f64();
        let cpu = http::cpu_time(None)
            .zip(cpu_before)
            .map(|(after, before)| (after - before).div_f64(searches.max(1.0)));
        engine_matching.push((streams, per_second, cpu));
    }
    let mut engine_throughput = Vec::new();
    for threads in [1, cpus] {
        if engine_throughput.iter().all(|&(t, _)| t != threads) {
            let per_second =
                ayuda.throughput(&typed, threads, ENGINE_STREAMS, Duration::from_secs(2))?;
            engine_throughput.push((threads, per_second));
        }
    }
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
    drop(ayuda);
    let ayuda_on_sample: Vec<engines::Timing> = sample
        .iter()
        .filter_map(|&i| ayuda_warm.get(i).copied())
        .collect();
    let ayuda_latency = LatencyReport::of(&typed, &every, &ayuda_warm);
    let ayuda_cold = LatencyReport::of(&typed, &every, &ayuda_cold);
    let ayuda_sample = LatencyReport::of(&typed, &sample, &ayuda_on_sample);
    let ayuda_top1 = LatencyReport::of(&typed, &sample, &ayuda_top1);

    // One runtime for everything async on the benchmark's side before the load: FTS5 through
    // sqlx and the store fill. The server is a process of its own (see `http::Server::start`),
    // the load generator gets a runtime sized to its core.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the tokio runtime")?;

    eprintln!("[4/6] building the SQLite FTS5 baseline");
    let (fts_build, fts_latency, sqlx_round_trip, fts_relevance) = runtime.block_on(async {
        let (mut fts, build) = Fts5::build(&articles).await?;
        eprintln!(
            "  {:.1} s, {} docs; timing {} queries after {} warm-up queries",
            build.elapsed.as_secs_f64(),
            build.docs,
            sample.len(),
            fts_warm_up.len()
        );
        let started = Instant::now();
        let round_trip = fts.round_trip(2000).await?;
        fts.timed_pass(&typed, &fts_warm_up).await?;
        let timings = fts.timed_pass(&typed, &sample).await?;
        let latency = LatencyReport::of(&typed, &sample, &timings);
        let relevance = fts.relevance(&rel_queries, &articles).await?;
        eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
        anyhow::Ok((build, latency, round_trip, relevance))
    })?;

    eprintln!("[5/6] HTTP: filling the store and booting the server");
    let placement = http::Placement::choose(args.no_pin);
    let http = run_http(
        &runtime,
        &articles,
        &typed,
        &args.concurrency,
        seconds,
        placement,
    )?;

    eprintln!("[6/6] writing the report");
    let cores_at_end = effective_cores(cpus);
    let measured = Measured {
        load_at_start,
        cores_at_start,
        cores_at_end,
        originals,
        articles,
        load_time,
        render_time,
        typed,
        rel_queries,
        ayuda_build,
        fts_build,
        ayuda_latency,
        ayuda_cold,
        ayuda_sample,
        ayuda_top1,
        ayuda_phases,
        engine_throughput,
        engine_matching,
        fts_latency,
        fts_step: step,
        fts_warm_up: fts_warm_up.len(),
        sqlx_round_trip,
        ayuda_relevance,
        fts_relevance,
        http,
    };
    let report = report(&args, &corpus_dir, &measured, total_started.elapsed());
    println!("{report}");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&out, &report).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!(
        "report written to {} ({:.0} s in all)",
        out.display(),
        total_started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn run_http(
    runtime: &tokio::runtime::Runtime,
    articles: &[Article],
    typed: &[TypedQuery],
    concurrencies: &[usize],
    seconds: Duration,
    placement: http::Placement,
) -> Result<HttpResults> {
    if let http::Placement::Shared(why) = &placement {
        eprintln!("  note: not pinning server and load generator to a core each: {why}");
    }
    let server = http::Server::start(runtime, articles, &placement)?;
    let search = Arc::new(server.search_urls(typed)?);
    let healthz = Arc::new(vec![server.healthz_url()?]);
    // This process from here on is the load generator: on its own core when pinned, with a
    // runtime of one worker there (a second would only take turns with the first).
    let workers = match &placement {
        http::Placement::Pinned { client, .. } => {
            http::pin_this_process(&client.to_string())?;
            1
        }
        http::Placement::Shared(_) => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let load_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .thread_name("load")
        .build()
        .context("cannot start the load generator's runtime")?;
    let phases = load_runtime.block_on(async {
        http::check(&search).await?;
        // Untimed, like the engine's warm-up pass in section 3: every query once, so the
        // server's per-word expansion cache has seen them all (and its index pages are in).
        let warm_up = http::load(Arc::clone(&search), 8, http::Until::OnePass).await?;
        eprintln!(
            "  warm-up: the {} queries once in {:.1} s",
            warm_up.ok,
            warm_up.elapsed.as_secs_f64()
        );
        let mut phases = Vec::new();
        for &concurrency in concurrencies {
            let concurrency = concurrency.max(1);
            eprintln!(
                "  concurrency {concurrency}: search, then /healthz, {:.0} s each",
                seconds.as_secs_f64()
            );
            let cpu = server.cpu_time();
            let phase = http::Until::Elapsed(seconds);
            let mut searched = http::load(Arc::clone(&search), concurrency, phase).await?;
            searched.server_cpu = cpu.zip(server.cpu_time()).map(|(a, b)| b.saturating_sub(a));
            let cpu = server.cpu_time();
            let mut health = http::load(Arc::clone(&healthz), concurrency, phase).await?;
            health.server_cpu = cpu.zip(server.cpu_time()).map(|(a, b)| b.saturating_sub(a));
            phases.push((concurrency, searched, health));
        }
        anyhow::Ok(phases)
    });
    drop(load_runtime);
    if let http::Placement::Pinned { allowed, .. } = &placement {
        http::pin_this_process(allowed)?;
    }
    let (fill, boot) = (server.fill, server.boot);
    server.stop();
    Ok(HttpResults {
        fill,
        boot,
        placement,
        phases: phases?,
    })
}
