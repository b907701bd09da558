//! The Markdown report: the run's setup, then one section per measurement (corpus, index
//! build, in-process latency, HTTP throughput, the FTS5 baseline, relevance), goals marked
//! pass or fail.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::Duration;

use crate::cli::Args;
use crate::corpus::{Article, LOCALES, Original, RelKind, RelQuery, TypeKind, TypedQuery};
use crate::engines::{BuildStats, LatencyReport, PhaseReport, RelevanceTable, Stats, pct};
use crate::http;
use crate::machine::{cpu_model, load_average};

/// Goals from the design: search on every keystroke must feel instant.
const GOAL_P50_MS: f64 = 0.25;
const GOAL_P99_MS: f64 = 1.0;
/// Search over HTTP (server on one core) over the engine's in-process throughput on one thread,
/// in percent, at each of [`GOAL_ENGINE_CONNECTIONS`].
const GOAL_ENGINE_RATIO_PCT: f64 = 80.0;
const GOAL_ENGINE_CONNECTIONS: [usize; 2] = [8, 32];

/// Everything measured, for the report.
pub struct Measured {
    pub load_at_start: String,
    pub cores_at_start: f64,
    pub cores_at_end: f64,
    pub originals: Vec<Original>,
    pub articles: Vec<Article>,
    pub load_time: Duration,
    pub render_time: Duration,
    pub typed: Vec<TypedQuery>,
    pub rel_queries: Vec<RelQuery>,
    pub ayuda_build: BuildStats,
    pub fts_build: BuildStats,
    pub ayuda_latency: LatencyReport,
    pub ayuda_cold: LatencyReport,
    pub ayuda_sample: LatencyReport,
    pub ayuda_top1: LatencyReport,
    pub ayuda_phases: PhaseReport,
    /// In-process searches per second by thread count.
    pub engine_throughput: Vec<(usize, f64)>,
    /// The engine on one thread walking the list as each HTTP phase does: (interleaved
    /// streams = connections, searches per second, CPU time per search).
    pub engine_matching: Vec<(usize, f64, Option<Duration>)>,
    pub fts_latency: LatencyReport,
    pub fts_step: usize,
    pub fts_warm_up: usize,
    pub sqlx_round_trip: Stats,
    pub ayuda_relevance: RelevanceTable,
    pub fts_relevance: RelevanceTable,
    pub http: HttpResults,
}

pub struct HttpResults {
    pub fill: Duration,
    pub boot: Duration,
    pub placement: http::Placement,
    pub phases: Vec<(usize, http::Load, http::Load)>,
}

/// Renders the Markdown report. Writing to a `String` cannot fail, hence the ignored results.
pub fn report(args: &Args, corpus_dir: &Path, m: &Measured, total: Duration) -> String {
    let mut r = String::new();
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    let command: Vec<String> = std::env::args().skip(1).collect();
    let command = if command.is_empty() {
        "cargo run --release -p ayuda-bench".to_owned()
    } else {
        format!(
            "cargo run --release -p ayuda-bench -- {}",
            command.join(" ")
        )
    };
    let per_locale = |locale: &str| m.articles.iter().filter(|a| a.locale == locale).count();
    let files = m.originals.len().max(1);
    let copies = if m.articles.len() < files {
        format!("the first {} of them", m.articles.len())
    } else {
        format!(
            "each present {}–{} times (the original and its variants)",
            m.articles.len() / files,
            m.articles.len().div_ceil(files)
        )
    };

    let _ = writeln!(r, "# Ayuda search benchmark\n");
    let _ = writeln!(r, "| | |\n|---|---|");
    let _ = writeln!(
        r,
        "| Date | {} |",
        jiff::Timestamp::now().strftime("%Y-%m-%d %H:%M UTC")
    );
    let _ = writeln!(
        r,
        "| Machine | {cpus} logical CPUs (`nproc`), {} |",
        cpu_model()
    );
    let _ = writeln!(
        r,
        "| Command | `{command}` (what `cargo xtask bench search` runs) |"
    );
    let _ = writeln!(
        r,
        "| Build | {} |",
        if cfg!(debug_assertions) {
            "debug (numbers not meaningful)"
        } else {
            "release"
        }
    );
    let _ = writeln!(
        r,
        "| Articles | **{}** (en {}, es {}) from {} original files, {copies} |",
        m.articles.len(),
        per_locale("en"),
        per_locale("es"),
        m.originals.len()
    );
    let _ = writeln!(r, "| Seed | {} |", args.seed);
    let _ = writeln!(
        r,
        "| Load average (1 min) | {} at start, {} at end (other work on the machine skews every number) |",
        m.load_at_start,
        load_average()
    );
    let _ = writeln!(
        r,
        "| Usable cores | {:.2} at start, {:.2} at end (work of {cpus} spinning threads ÷ work of 1; {cpus}.00 on an idle machine) |",
        m.cores_at_start, m.cores_at_end
    );
    let _ = writeln!(r, "| Total run time | {:.0} s |\n", total.as_secs_f64());
    let _ = writeln!(
        r,
        "Latencies are in milliseconds; percentiles are nearest-rank; p50 is the median.\n"
    );

    // 1. Corpus.
    let _ = writeln!(r, "## 1. Corpus\n");
    let _ = writeln!(
        r,
        "`{}`: each file parsed with `frontmatter::parse` (title from the front matter, else the body's `# heading`) and rendered with `markdown::render`. Copy *k* ≥ 1 of an article gets a reworded title (\"Guía: …\", \"… (updated)\"…), its paragraphs rotated by *k* and its own slug; locales are kept.\n",
        corpus_dir.display()
    );
    let _ = writeln!(
        r,
        "| Locale | Files | Articles | Median text length (chars) |\n|---|--:|--:|--:|"
    );
    for locale in LOCALES {
        let mut lengths: Vec<u64> = m
            .articles
            .iter()
            .filter(|a| a.locale == locale)
            .map(|a| a.text.chars().count() as u64)
            .collect();
        lengths.sort_unstable();
        let median = lengths.get(lengths.len() / 2).copied().unwrap_or(0);
        let files = m.originals.iter().filter(|o| o.locale == locale).count();
        let _ = writeln!(
            r,
            "| {locale} | {files} | {} | {median} |",
            per_locale(locale)
        );
    }
    let _ = writeln!(
        r,
        "| **all** | {} | {} | |\n",
        m.originals.len(),
        m.articles.len()
    );
    let _ = writeln!(
        r,
        "Reading and parsing: {:.2} s; rendering all articles ({cpus} threads): {:.2} s.\n",
        m.load_time.as_secs_f64(),
        m.render_time.as_secs_f64()
    );

    // 2. Index build.
    let _ = writeln!(r, "## 2. Index build\n");
    let _ = writeln!(
        r,
        "| Engine | Build time (s) | On-disk size (bytes) | On-disk size (MB) | Documents |\n|---|--:|--:|--:|--:|"
    );
    for (name, b) in [
        ("Ayuda: `SearchIndex::open` + `replace_all`", &m.ayuda_build),
        (
            "SQLite FTS5: inserts in one transaction + `optimize`",
            &m.fts_build,
        ),
    ] {
        let _ = writeln!(
            r,
            "| {name} | {:.2} | {} | {:.1} | {} |",
            b.elapsed.as_secs_f64(),
            b.bytes,
            b.bytes as f64 / 1e6,
            b.docs
        );
    }
    let _ = writeln!(
        r,
        "\n`num_docs()` = {} for {} articles. The server's cold start on the same data (`Application::build`, which rebuilds the index from SQLite) took {:.2} s; see section 4.\n",
        m.ayuda_build.docs,
        m.articles.len(),
        m.http.boot.as_secs_f64()
    );

    // 3. In-process latency.
    let prefixes = m.typed.iter().filter(|q| q.kind != TypeKind::Typo).count();
    let typos = m.typed.len() - prefixes;
    let titles = args.titles.div_ceil(2);
    let _ = writeln!(r, "## 3. Search-as-you-type latency, in-process (Ayuda)\n");
    let _ = writeln!(
        r,
        "{} queries: {prefixes} prefixes (every prefix, char by char, of {titles} Spanish and {titles} English titles) and {typos} full titles with one typo (delete, swap or substitute one letter of a word of ≥ 5 letters). Each is `SearchIndex::search` with the title's locale, the other locale as fallback, site `demo`, limit 10; one untimed warm-up pass, then one timed pass.\n",
        m.typed.len()
    );
    latency_table(&mut r, &m.ayuda_latency);
    let all = m.ayuda_latency.all;
    let _ = writeln!(
        r,
        "\nGoals: p50 ≤ {GOAL_P50_MS} ms: {} ({} ms); p99 ≤ {GOAL_P99_MS} ms: {} ({} ms). Queries with at least one hit: {:.1} %.\n",
        verdict(all.p50 as f64 / 1e6 <= GOAL_P50_MS),
        ms(all.p50),
        verdict(all.p99 as f64 / 1e6 <= GOAL_P99_MS),
        ms(all.p99),
        pct(m.ayuda_latency.with_hits, all.n)
    );
    let cold = m.ayuda_cold.all;
    let _ = writeln!(
        r,
        "The warm-up pass itself, timed (Ayuda's per-word expansion cache had not seen these words yet; closer to a stream of novel queries): p50 {} ms, p95 {} ms, p99 {} ms, max {} ms.\n",
        ms(cold.p50),
        ms(cold.p95),
        ms(cold.p99),
        ms(cold.max)
    );
    let (one, ten) = (m.ayuda_top1.all, m.ayuda_sample.all);
    let _ = writeln!(
        r,
        "Where the time goes: the {} queries of section 5's sample take p50 {} ms / p99 {} ms with `limit: 10` and p50 {} ms / p99 {} ms with `limit: 1`, so loading and highlighting (title and snippet) the 9 extra hits costs about {} ms at the median.\n",
        one.n,
        ms(ten.p50),
        ms(ten.p99),
        ms(one.p50),
        ms(one.p99),
        ms(ten.p50.saturating_sub(one.p50))
    );
    let phases = &m.ayuda_phases;
    let _ = writeln!(
        r,
        "Per phase, as the engine times them (`SearchResults::phases`, µs resolution; the same queries, one more pass):\n\n| phase | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|"
    );
    for (name, stats) in [
        ("plan: words, completions and corrections", phases.plan),
        (
            "collect: match, score, count and tag facets",
            phases.collect,
        ),
        ("fetch: load and highlight the page", phases.fetch),
    ] {
        let _ = writeln!(
            r,
            "| {name} | {} | {} | {} | {} |",
            ms(stats.p50),
            ms(stats.p95),
            ms(stats.p99),
            ms(stats.max)
        );
    }
    let _ = writeln!(r);

    // 4. HTTP.
    http_section(&mut r, args, m);

    // 5. FTS5 baseline.
    let _ = writeln!(
        r,
        "## 5. Baseline: SQLite FTS5 on the same articles and queries\n"
    );
    let _ = writeln!(
        r,
        "One `fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')` table per locale (bundled SQLite through sqlx, FTS5 checked with `sqlite_compileoption_used`; no prefix index), ranked by `bm25(t, 3.0, 1.0)`, top 10 ids and titles, the other locale's table when nothing matches. Query = each word quoted, ANDed, the last one as a prefix (`\"como\" AND \"conf\"*`). FTS5 runs {} evenly spaced queries of the list of section 3 (every {}th) after {} warm-up queries; the Ayuda columns are its warm pass on the same queries.\n",
        m.fts_latency.all.n, m.fts_step, m.fts_warm_up
    );
    let _ = writeln!(
        r,
        "| Query kind | n | Ayuda p50 | FTS5 p50 | Ayuda/FTS5 p50 | Ayuda p99 | FTS5 p99 | Ayuda/FTS5 p99 |\n|---|--:|--:|--:|--:|--:|--:|--:|"
    );
    let rows = TypeKind::ALL.iter().map(|k| {
        (
            k.label(),
            m.ayuda_sample.by_kind.get(k).copied().unwrap_or_default(),
            m.fts_latency.by_kind.get(k).copied().unwrap_or_default(),
        )
    });
    for (label, a, f) in rows.chain([("**all**", m.ayuda_sample.all, m.fts_latency.all)]) {
        let _ = writeln!(
            r,
            "| {label} | {} | {} | {} | {} | {} | {} | {} |",
            a.n,
            ms(a.p50),
            ms(f.p50),
            ratio(a.p50, f.p50),
            ms(a.p99),
            ms(f.p99),
            ratio(a.p99, f.p99)
        );
    }
    let _ = writeln!(
        r,
        "\nFTS5 over the sample: p95 {} ms, max {} ms (Ayuda: p95 {} ms, max {} ms). Queries with at least one hit: Ayuda {:.1} %, FTS5 {:.1} %. A ratio below 1× means Ayuda is faster. Ayuda does more per query than this baseline: typo tolerance, an any-word retry when all words find nothing, and highlighted title and snippet for every hit (FTS5's `snippet()` alone cost 5–15× its query on short prefixes in a trial, so it is left out). FTS5 times include sqlx's hop to its SQLite worker thread: a bare `SELECT 1` costs p50 {} ms / p99 {} ms here.\n",
        ms(m.fts_latency.all.p95),
        ms(m.fts_latency.all.max),
        ms(m.ayuda_sample.all.p95),
        ms(m.ayuda_sample.all.max),
        pct(m.ayuda_sample.with_hits, m.ayuda_sample.all.n),
        pct(m.fts_latency.with_hits, m.fts_latency.all.n),
        ms(m.sqlx_round_trip.p50),
        ms(m.sqlx_round_trip.p99)
    );

    // 6. Relevance.
    relevance_section(&mut r, args, m);
    r
}

fn http_section(r: &mut String, args: &Args, m: &Measured) {
    let _ = writeln!(r, "## 4. HTTP throughput (real server, its own process)\n");
    let _ = writeln!(
        r,
        "`ayuda serve` (this binary started again with `--serve`, running `ayuda_server::cli::run` as the `ayuda` binary does) on SQLite, filled with the same {} articles through `Store::create_article` ({:.1} s), listening {:.2} s after start. Placement: {}. Each concurrency level runs `GET /api/v1/sites/demo/search?q=…&locale=…` over the query list of section 3, then `GET /healthz`, {:.0} s each; every worker has its own keep-alive connection (reqwest), sends `Accept-Encoding: {}` as Chromium does and reads and decodes every answer. After an untimed pass over the whole query list at 8 connections, as the engine gets in section 3 (its per-word expansion cache has then seen every query once).\n",
        m.articles.len(),
        m.http.fill.as_secs_f64(),
        m.http.boot.as_secs_f64(),
        m.http.placement.describe(),
        args.seconds,
        http::BROWSER_ACCEPT_ENCODING
    );
    // Each phase against the engine walking the list the same way (as many interleaved
    // streams as connections) on one thread.
    let engine_at = |connections: usize| {
        m.engine_matching
            .iter()
            .find(|(streams, ..)| *streams == connections)
            .map(|&(_, per_second, cpu)| (per_second, cpu))
    };
    let _ = writeln!(
        r,
        "| Connections | Search req/s | Search p50 | Search p99 | Engine on 1 thread, same walk (searches/s) | Search / engine | Server CPU per answer (µs) | Engine CPU per search (µs) | /healthz req/s | /healthz p50 | /healthz p99 | Search / healthz |\n|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
    );
    for (concurrency, search, health) in &m.http.phases {
        let share = 100.0 * search.rps() / health.rps().max(1e-9);
        let engine = engine_at(*concurrency);
        let of_engine = engine.map_or_else(
            || "–".to_owned(),
            |(e, _)| format!("{:.1} %", 100.0 * search.rps() / e.max(1e-9)),
        );
        let _ = writeln!(
            r,
            "| {concurrency} | {:.0} | {} | {} | {} | {of_engine} | {} | {} | {:.0} | {} | {} | {share:.1} % |",
            search.rps(),
            ms(search.latency.p50),
            ms(search.latency.p99),
            engine.map_or_else(|| "–".to_owned(), |(e, _)| format!("{e:.0}")),
            micros(search.server_cpu_per_answer()),
            micros(engine.and_then(|(_, cpu)| cpu)),
            health.rps(),
            ms(health.latency.p50),
            ms(health.latency.p99),
        );
    }
    // The goal against the engine, at the connection counts it names.
    let at: Vec<(usize, Option<f64>, Option<f64>)> = GOAL_ENGINE_CONNECTIONS
        .iter()
        .map(|&c| {
            let phase = m
                .http
                .phases
                .iter()
                .find(|(concurrency, ..)| *concurrency == c);
            let engine = engine_at(c);
            let by_rate = phase
                .zip(engine)
                .map(|((_, search, _), (e, _))| 100.0 * search.rps() / e.max(1e-9));
            let by_cpu = phase
                .and_then(|(_, search, _)| search.server_cpu_per_answer())
                .zip(engine.and_then(|(_, cpu)| cpu))
                .map(|(server, engine)| {
                    100.0 * engine.as_secs_f64() / server.as_secs_f64().max(1e-12)
                });
            (c, by_rate, by_cpu)
        })
        .collect();
    let shown: Vec<String> = at
        .iter()
        .map(|(c, by_rate, by_cpu)| match (by_rate, by_cpu) {
            (Some(rate), Some(cpu)) => {
                format!("{rate:.1} % at {c} connections ({cpu:.1} % by CPU time)")
            }
            (Some(rate), None) => format!("{rate:.1} % at {c} connections"),
            _ => format!("not measured at {c} connections"),
        })
        .collect();
    let pass = at
        .iter()
        .all(|(_, share, _)| share.is_some_and(|s| s >= GOAL_ENGINE_RATIO_PCT));
    let pinned = matches!(m.http.placement, http::Placement::Pinned { .. });
    let _ = writeln!(
        r,
        "\nGoal: search over HTTP, the server on one core, ≥ {GOAL_ENGINE_RATIO_PCT:.0} % of the engine's in-process throughput on one thread: {} ({}){}.",
        verdict(pass && pinned),
        shown.join(", "),
        if pinned {
            ""
        } else {
            "; not pinned, so not comparable"
        }
    );
    let _ = writeln!(
        r,
        "\nThe engine's reference walks the query list as the phase's connections do: one thread taking turns between as many cursors as there are connections, each going through the list from its own, evenly spaced point (the list is grouped by kind and types every title character by character, so its start alone would time only short prefixes, and a shuffled order would lose the reuse between one keystroke and the next that people typing have). CPU time per answer or search, which other work on the machine disturbs less than rates (it still slows each search through shared caches), gives a second estimate of the ratio the server would reach with its core to itself."
    );
    let searches = m.http.phases.iter().map(|(_, search, _)| search);
    let (answers, encoded, wire, body) = searches.fold((0, 0, 0, 0), |(n, e, w, b), s| {
        (n + s.ok, e + s.encoded, w + s.wire_bytes, b + s.body_bytes)
    });
    if answers > 0 {
        let _ = writeln!(
            r,
            "\nSearch answers: {:.0} bytes of JSON on average, {:.0} bytes on the wire ({:.1} % of the JSON; {:.1} % of the answers came compressed).",
            body as f64 / answers as f64,
            wire as f64 / answers as f64,
            100.0 * wire as f64 / (body as f64).max(1.0),
            pct(encoded, answers)
        );
    }
    for (concurrency, search, health) in &m.http.phases {
        for (what, load) in [("search", search), ("healthz", health)] {
            if load.errors > 0 {
                let _ = writeln!(
                    r,
                    "\n⚠ {what} at {concurrency} connections: {} failed requests, first: `{}`",
                    load.errors,
                    load.first_error.as_deref().unwrap_or("?")
                );
            }
        }
    }
    let engine: Vec<String> = m
        .engine_throughput
        .iter()
        .map(|(threads, per_second)| format!("{per_second:.0} searches/s on {threads} thread(s)"))
        .collect();
    let _ = writeln!(
        r,
        "\nThe engine alone (`SearchIndex::search` in-process on the same query list walked as {} interleaved streams per thread, no HTTP, 2 s each, section 3's step of this run): {}.",
        crate::engines::ENGINE_STREAMS,
        engine.join(", ")
    );
    let _ = writeln!(
        r,
        "\n{}\n",
        if pinned {
            "Server and load generator each have a core of their own, so the server's req/s are what one core serves; `/healthz` shows the ceiling of the HTTP stack and of this load generator on one core."
        } else {
            "**Server and load generator share the machine's cores**: every request's client-side cost is taken from the server, so absolute req/s understate a dedicated server, most of all for `/healthz`, whose own cost is tiny. The ratio search / healthz is the meaningful number."
        }
    );
}

fn latency_table(r: &mut String, report: &LatencyReport) {
    let _ = writeln!(
        r,
        "| Query kind | n | p50 | p95 | p99 | max | mean |\n|---|--:|--:|--:|--:|--:|--:|"
    );
    let rows = TypeKind::ALL
        .iter()
        .filter_map(|k| report.by_kind.get(k).map(|s| (k.label(), *s)));
    for (label, s) in rows.chain([("**all**", report.all)]) {
        let _ = writeln!(
            r,
            "| {label} | {} | {} | {} | {} | {} | {} |",
            s.n,
            ms(s.p50),
            ms(s.p95),
            ms(s.p99),
            ms(s.max),
            ms(s.mean)
        );
    }
}

fn relevance_section(r: &mut String, args: &Args, m: &Measured) {
    let _ = writeln!(r, "## 6. Relevance on queries with a known answer\n");
    let _ = writeln!(
        r,
        "{} original articles per locale sampled (titles shared by two originals left out); from each title: (a) its words as written; (b) its first 2–3 significant words (not stopwords, ≥ 3 letters) with a typo in one of ≥ 5 letters; (c) the title typed up to a ≥ 5-letter word that is at least its third significant word (else its last ≥ 5-letter word), cut to 3–4 letters. Many titles of this corpus share their first words (\"Adobe Commerce …\", \"Overview: Quality Patches Tool (QPT) v1.1.x\"), so some (b) queries fit dozens of articles and no engine can reach 100 %; both engines get the same queries. A hit on any copy of the original counts as right. Same search calls as sections 3 and 5, over all {} articles.\n",
        args.relevance,
        m.articles.len()
    );
    let _ = writeln!(
        r,
        "| Locale | Query kind | n | Ayuda top-1 | Ayuda top-3 | Ayuda MRR@10 | FTS5 top-1 | FTS5 top-3 | FTS5 MRR@10 |\n|---|---|--:|--:|--:|--:|--:|--:|--:|"
    );
    for locale in LOCALES {
        for kind in RelKind::ALL {
            let a = m
                .ayuda_relevance
                .groups
                .get(&(locale, kind))
                .copied()
                .unwrap_or_default();
            let f = m
                .fts_relevance
                .groups
                .get(&(locale, kind))
                .copied()
                .unwrap_or_default();
            let _ = writeln!(
                r,
                "| {locale} | {} | {} | {:.1} % | {:.1} % | {:.3} | {:.1} % | {:.1} % | {:.3} |",
                kind.label(),
                a.n,
                a.top1_pct(),
                a.top3_pct(),
                a.mrr(),
                f.top1_pct(),
                f.top3_pct(),
                f.mrr()
            );
        }
    }
    // Examples of Ayuda's misses make a regression easy to reproduce by hand.
    let _ = writeln!(
        r,
        "\nAyuda misses (answer not in the top 10): {} of {} queries; FTS5: {} of {}.",
        m.ayuda_relevance.misses.len(),
        m.rel_queries.len(),
        m.fts_relevance.misses.len(),
        m.rel_queries.len()
    );
    let by_id: HashMap<i64, &Article> = m.articles.iter().map(|a| (a.id, a)).collect();
    let mut shown: HashMap<(&str, RelKind), usize> = HashMap::new();
    let mut lines = Vec::new();
    for &(index, first) in &m.ayuda_relevance.misses {
        let Some(query) = m.rel_queries.get(index) else {
            continue;
        };
        let count = shown.entry((query.locale, query.kind)).or_default();
        if *count >= 2 {
            continue;
        }
        *count += 1;
        let expected = m
            .originals
            .get(query.original)
            .map_or("?", |o| o.title.as_str());
        let got = first.and_then(|id| by_id.get(&id)).map_or_else(
            || "nothing".to_owned(),
            |a| format!("{} ({})", a.title, a.locale),
        );
        lines.push(format!(
            "- {} [{}] `{}` → expected “{}”, first hit “{}”",
            query.kind.label(),
            query.locale,
            query.text,
            expected,
            got
        ));
    }
    if !lines.is_empty() {
        let _ = writeln!(r, "Examples:\n\n{}", lines.join("\n"));
    }
}

fn micros(duration: Option<Duration>) -> String {
    duration.map_or_else(|| "–".into(), |d| format!("{:.0}", d.as_secs_f64() * 1e6))
}

fn ms(nanos: u64) -> String {
    format!("{:.3}", nanos as f64 / 1e6)
}

fn verdict(pass: bool) -> &'static str {
    if pass { "**pass**" } else { "**FAIL**" }
}

fn ratio(a: u64, b: u64) -> String {
    if b == 0 {
        "–".into()
    } else {
        format!("{:.2}×", a as f64 / b as f64)
    }
}
