//! The two engines under test, Ayuda's tantivy index and a SQLite FTS5 baseline, each built
//! over the same articles and queried in-process, plus the statistics used to compare them.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ayuda_bench::fts5::{self, Join, match_query};
use ayuda_kb::search::{IndexDoc, SearchIndex, SearchQuery};
use sqlx::sqlite::SqliteConnection;
use sqlx::{Connection, Row};
use tempfile::TempDir;

use crate::corpus::{Article, RelKind, RelQuery, TypeKind, TypedQuery, other_locale};

/// Latency percentiles (nearest rank) of one series, in nanoseconds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    pub n: usize,
    pub p50: u64,
    pub p95: u64,
    pub p99: u64,
    pub max: u64,
    pub mean: u64,
}

impl Stats {
    pub fn of(mut nanos: Vec<u64>) -> Stats {
        if nanos.is_empty() {
            return Stats::default();
        }
        nanos.sort_unstable();
        let n = nanos.len();
        let rank = |p: f64| nanos[((p / 100.0 * n as f64).ceil() as usize).clamp(1, n) - 1];
        let sum: u128 = nanos.iter().map(|&x| u128::from(x)).sum();
        Stats {
            n,
            p50: rank(50.0),
            p95: rank(95.0),
            p99: rank(99.0),
            max: nanos[n - 1],
            mean: u64::try_from(sum / n as u128).unwrap_or(u64::MAX),
        }
    }
}

pub fn nanos(elapsed: Duration) -> u64 {
    u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX)
}

/// What building an engine's index cost.
#[derive(Clone, Copy, Debug)]
pub struct BuildStats {
    pub elapsed: Duration,
    pub bytes: u64,
    pub docs: u64,
}

/// Total size of the files under `dir`.
pub fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in
            std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
        {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                pending.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    Ok(total)
}

/// One timed search: nanoseconds, and whether it found anything.
pub type Timing = (u64, bool);

/// Latency of a query series, overall and per query shape, and how many queries found something.
#[derive(Debug, Default)]
pub struct LatencyReport {
    pub all: Stats,
    pub by_kind: BTreeMap<TypeKind, Stats>,
    pub with_hits: usize,
}

impl LatencyReport {
    /// Statistics of the queries at `picked`: indices into `queries`, while `timings[k]` is
    /// the timing of the k-th picked query.
    pub fn of(queries: &[TypedQuery], picked: &[usize], timings: &[Timing]) -> LatencyReport {
        let mut by_kind: BTreeMap<TypeKind, Vec<u64>> = BTreeMap::new();
        let mut all = Vec::with_capacity(timings.len());
        let mut with_hits = 0;
        for (&i, &(ns, hit)) in picked.iter().zip(timings) {
            let Some(query) = queries.get(i) else {
                continue;
            };
            by_kind.entry(query.kind).or_default().push(ns);
            all.push(ns);
            with_hits += usize::from(hit);
        }
        LatencyReport {
            all: Stats::of(all),
            by_kind: by_kind
                .into_iter()
                .map(|(kind, v)| (kind, Stats::of(v)))
                .collect(),
            with_hits,
        }
    }
}

/// Where a search's time goes: reading the words and expanding them, matching and scoring,
/// loading and highlighting the page (as the engine measures them, microsecond resolution).
#[derive(Debug, Default)]
pub struct PhaseReport {
    pub plan: Stats,
    pub collect: Stats,
    pub fetch: Stats,
}

/// Rank quality of one engine on one group of relevance queries.
#[derive(Clone, Copy, Debug, Default)]
pub struct Relevance {
    pub n: usize,
    pub top1: usize,
    pub top3: usize,
    pub reciprocal_rank_sum: f64,
}

impl Relevance {
    /// Adds one query whose first right answer was at `rank` (1-based) in the top 10, if any.
    fn add(&mut self, rank: Option<usize>) {
        self.n += 1;
        if let Some(rank) = rank {
            self.top1 += usize::from(rank == 1);
            self.top3 += usize::from(rank <= 3);
            self.reciprocal_rank_sum += 1.0 / rank as f64;
        }
    }

    pub fn top1_pct(&self) -> f64 {
        pct(self.top1, self.n)
    }

    pub fn top3_pct(&self) -> f64 {
        pct(self.top3, self.n)
    }

    pub fn mrr(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.reciprocal_rank_sum / self.n as f64
        }
    }
}

pub fn pct(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Relevance per (locale, query kind), and the queries whose answer was not in the top 10
/// (index into the query list, and the article ranked first instead, if any).
#[derive(Debug, Default)]
pub struct RelevanceTable {
    pub groups: BTreeMap<(&'static str, RelKind), Relevance>,
    pub misses: Vec<(usize, Option<i64>)>,
}

/// Scores ranked answers (article ids, best first) against each query's original.
fn score_relevance(
    queries: &[RelQuery],
    articles: &[Article],
    mut ranked: impl FnMut(&RelQuery) -> Result<Vec<i64>>,
) -> Result<RelevanceTable> {
    let mut table = RelevanceTable::default();
    for (index, query) in queries.iter().enumerate() {
        let ids = ranked(query)?;
        let rank = ids
            .iter()
            .take(10)
            .position(|&id| {
                usize::try_from(id - 1)
                    .ok()
                    .and_then(|i| articles.get(i))
                    .is_some_and(|a| a.original == query.original && a.locale == query.locale)
            })
            .map(|p| p + 1);
        if rank.is_none() {
            table.misses.push((index, ids.first().copied()));
        }
        table
            .groups
            .entry((query.locale, query.kind))
            .or_default()
            .add(rank);
    }
    Ok(table)
}

/// Ayuda's search index in a temporary directory.
pub struct Ayuda {
    pub index: SearchIndex,
    _dir: TempDir,
}

/// Interleaved query streams per thread in the engine's own throughput line (section 4).
pub const ENGINE_STREAMS: usize = 8;

impl Ayuda {
    /// Opens a fresh index and loads every article with one `replace_all`, as a rebuild does.
    pub fn build(articles: &[Article]) -> Result<(Ayuda, BuildStats)> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let started = Instant::now();
        let (index, _rebuild) = SearchIndex::open(dir.path()).context("SearchIndex::open")?;
        index
            .replace_all(articles.iter().map(|a| IndexDoc {
                id: a.id,
                slug: a.slug.clone(),
                locale: a.locale.to_owned(),
                title: a.title.clone(),
                text: a.text.clone(),
                summary: a.summary.clone(),
                tags: Vec::new(),
                sites: Vec::new(),
                popularity: 0.0,
            }))
            .context("SearchIndex::replace_all")?;
        let elapsed = started.elapsed();
        let stats = BuildStats {
            elapsed,
            bytes: dir_size(dir.path())?,
            docs: index.num_docs(),
        };
        Ok((Ayuda { index, _dir: dir }, stats))
    }

    /// The same query the HTTP handler builds for `GET /api/v1/sites/demo/search`.
    pub fn search(&self, text: &str, locale: &str) -> Result<Vec<i64>> {
        self.search_top(text, locale, 10)
    }

    fn search_top(&self, text: &str, locale: &str, limit: usize) -> Result<Vec<i64>> {
        let query = SearchQuery {
            text,
            locale,
            site: Some("demo"),
            tags: &[],
            limit,
            offset: 0,
            fallback_locale: Some(other_locale(locale)),
        };
        let results = self
            .index
            .search(&query)
            .with_context(|| format!("search {text:?}"))?;
        Ok(results.hits.iter().map(|hit| hit.id).collect())
    }

    /// Runs the queries at `picked` once, timing each, asking for the top `limit` hits.
    pub fn timed_pass(
        &self,
        queries: &[TypedQuery],
        picked: &[usize],
        limit: usize,
    ) -> Result<Vec<Timing>> {
        let mut timings = Vec::with_capacity(picked.len());
        for query in picked.iter().filter_map(|&i| queries.get(i)) {
            let started = Instant::now();
            let hits = self.search_top(&query.text, query.locale, limit)?;
            timings.push((nanos(started.elapsed()), !hits.is_empty()));
        }
        Ok(timings)
    }

    /// Runs the queries at `picked` once and reports where the time went, per phase.
    pub fn phase_pass(&self, queries: &[TypedQuery], picked: &[usize]) -> Result<PhaseReport> {
        let mut plan = Vec::with_capacity(picked.len());
        let mut collect = Vec::with_capacity(picked.len());
        let mut fetch = Vec::with_capacity(picked.len());
        for query in picked.iter().filter_map(|&i| queries.get(i)) {
            let request = SearchQuery {
                text: &query.text,
                locale: query.locale,
                site: Some("demo"),
                tags: &[],
                limit: 10,
                offset: 0,
                fallback_locale: Some(other_locale(query.locale)),
            };
            let phases = self
                .index
                .search(&request)
                .with_context(|| format!("search {:?}", query.text))?
                .phases;
            plan.push(u64::from(phases.plan_us) * 1000);
            collect.push(u64::from(phases.collect_us) * 1000);
            fetch.push(u64::from(phases.fetch_us) * 1000);
        }
        Ok(PhaseReport {
            plan: Stats::of(plan),
            collect: Stats::of(collect),
            fetch: Stats::of(fetch),
        })
    }

    /// Searches per second for `duration`: `threads` threads, each taking turns between
    /// `streams` cursors that walk the query list from evenly spaced points, one query after
    /// the next — the way the HTTP phase's connections walk it (each from its own point), so
    /// the engine and the server see the same queries in the same interleaving. (The list is
    /// grouped by kind and every title is typed character by character: walking it from the
    /// start only would time the cheap short prefixes, and shuffling it would lose the reuse
    /// between a query and the next keystroke that real typing has.)
    pub fn throughput(
        &self,
        queries: &[TypedQuery],
        threads: usize,
        streams: usize,
        duration: Duration,
    ) -> Result<f64> {
        if queries.is_empty() {
            return Ok(0.0);
        }
        let (len, threads, streams) = (queries.len(), threads.max(1), streams.max(1));
        let started = Instant::now();
        let deadline = started + duration;
        let counts: Vec<Result<usize>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|thread| {
                    scope.spawn(move || {
                        let mut cursors: Vec<usize> = (0..streams)
                            .map(|stream| (thread * streams + stream) * len / (threads * streams))
                            .collect();
                        let mut done = 0;
                        while Instant::now() < deadline {
                            let cursor = &mut cursors[done % streams];
                            let query = &queries[*cursor % len];
                            self.search(&query.text, query.locale)?;
                            *cursor += 1;
                            done += 1;
                        }
                        Ok(done)
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|_| Err(anyhow::anyhow!("a search thread panicked")))
                })
                .collect()
        });
        let mut total = 0;
        for count in counts {
            total += count?;
        }
        Ok(total as f64 / started.elapsed().as_secs_f64().max(1e-9))
    }

    pub fn relevance(&self, queries: &[RelQuery], articles: &[Article]) -> Result<RelevanceTable> {
        score_relevance(queries, articles, |q| self.search(&q.text, q.locale))
    }
}

/// The SQLite FTS5 baseline: one FTS5 table per locale in a temporary database, reached
/// through sqlx like the rest of Ayuda's SQL.
pub struct Fts5 {
    conn: SqliteConnection,
    _dir: TempDir,
}

impl Fts5 {
    pub async fn build(articles: &[Article]) -> Result<(Fts5, BuildStats)> {
        let dir = tempfile::tempdir().context("cannot create a temporary directory")?;
        let file = dir.path().join("fts5.db");
        let mut conn = fts5::open(&file).await?;

        let started = Instant::now();
        let mut tx = conn.begin().await?;
        for article in articles {
            sqlx::query(&format!(
                "INSERT INTO {}(rowid, title, body) VALUES ($1, $2, $3)",
                fts5::table(article.locale)
            ))
            .bind(article.id)
            .bind(&article.title)
            .bind(&article.text)
            .execute(&mut *tx)
            .await?;
        }
        for table in ["fts_en", "fts_es"] {
            // Merge the b-trees into one, as a deployment would after a bulk load: the
            // baseline should be FTS5 at its best, not mid-ingest.
            sqlx::query(&format!("INSERT INTO {table}({table}) VALUES ('optimize')"))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        let elapsed = started.elapsed();
        let docs: i64 = sqlx::query_scalar(
            "SELECT (SELECT count(*) FROM fts_en) + (SELECT count(*) FROM fts_es)",
        )
        .fetch_one(&mut conn)
        .await?;
        let bytes = dir_size(dir.path())?;
        let stats = BuildStats {
            elapsed,
            bytes,
            docs: u64::try_from(docs).unwrap_or(0),
        };
        Ok((Fts5 { conn, _dir: dir }, stats))
    }

    /// Top 10 ids and titles by BM25 (title weighted 3×); the other locale's table when the
    /// requested one has no match, like Ayuda's fallback.
    ///
    /// No `snippet()`, although Ayuda's hits carry one: with a short prefix (`"a"*`) FTS5's
    /// snippet re-scans every returned body against all the expanded terms and cost 5–15× the
    /// query itself in a trial, which would make the baseline a straw man. The baseline does
    /// less work per hit than Ayuda, on purpose.
    pub async fn search(&mut self, text: &str, locale: &str) -> Result<Vec<i64>> {
        let Some(query) = match_query(text, Join::And) else {
            return Ok(Vec::new());
        };
        for table in [fts5::table(locale), fts5::table(other_locale(locale))] {
            let rows = sqlx::query(&format!(
                "SELECT rowid, title FROM {table} WHERE {table} MATCH $1 ORDER BY bm25({table}, 3.0, 1.0) LIMIT 10"
            ))
            .bind(&query)
            .fetch_all(&mut self.conn)
            .await
            .with_context(|| format!("FTS5 query {query:?}"))?;
            if !rows.is_empty() {
                return rows
                    .iter()
                    .map(|row| Ok(row.try_get::<i64, _>(0)?))
                    .collect();
            }
        }
        Ok(Vec::new())
    }

    /// Cost of a trivial statement through sqlx (its SQLite worker thread and channel), which
    /// every FTS5 latency below includes and an embedded C call would not.
    pub async fn round_trip(&mut self, count: usize) -> Result<Stats> {
        let mut samples = Vec::with_capacity(count);
        for _ in 0..count {
            let started = Instant::now();
            let _: i64 = sqlx::query_scalar("SELECT 1")
                .fetch_one(&mut self.conn)
                .await?;
            samples.push(nanos(started.elapsed()));
        }
        Ok(Stats::of(samples))
    }

    /// Runs the queries at `picked` once, timing each.
    pub async fn timed_pass(
        &mut self,
        queries: &[TypedQuery],
        picked: &[usize],
    ) -> Result<Vec<Timing>> {
        let mut timings = Vec::with_capacity(picked.len());
        for query in picked.iter().filter_map(|&i| queries.get(i)) {
            let started = Instant::now();
            let hits = self.search(&query.text, query.locale).await?;
            timings.push((nanos(started.elapsed()), !hits.is_empty()));
        }
        Ok(timings)
    }

    pub async fn relevance(
        &mut self,
        queries: &[RelQuery],
        articles: &[Article],
    ) -> Result<RelevanceTable> {
        let mut ranked = Vec::with_capacity(queries.len());
        for query in queries {
            ranked.push(self.search(&query.text, query.locale).await?);
        }
        let mut answers = ranked.into_iter();
        score_relevance(queries, articles, |_| {
            Ok(answers.next().unwrap_or_default())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_the_nearest_rank() {
        let stats = Stats::of((1..=100).collect());
        assert_eq!(
            (stats.p50, stats.p95, stats.p99, stats.max),
            (50, 95, 99, 100)
        );
        assert_eq!(Stats::of(Vec::new()).n, 0);
    }
}
