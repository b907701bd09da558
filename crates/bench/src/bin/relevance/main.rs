//! `cargo xtask bench relevance`: how well Ayuda's search finds the answer to questions people
//! write, beside plain BM25 (SQLite FTS5) on the same articles and the same questions, in one
//! run. Each question is asked three ways — as written, with one typo in every long word, and
//! two thirds typed (search as you type) — and scored by MRR@10 and recall@5.
//!
//! Sets: XQuAD's development half (`../shared/corpora/questions/`, skipped with a message when
//! absent), questions written for the sample knowledge base
//! (`crates/bench/questions/sample-kb.txt`), and questions written for the shared support corpus
//! (`../shared/corpora/adobe-commerce-kb/`, every article of both languages indexed;
//! `crates/bench/questions/adobe-commerce-kb.txt`; skipped with a message when absent). Prints a
//! Markdown table and writes it to a file.

mod engines;
mod questions;

use std::path::{Path, PathBuf};

use anyhow::Result;
use ayuda_bench::typing::{two_thirds, typo_each_long_word};
use clap::Parser;
use rand::SeedableRng;
use rand::rngs::StdRng;

use engines::{Ayuda, Fts5};
use questions::{Question, QuestionSet};

#[derive(Parser, Debug)]
#[command(about = "Relevance on natural-language questions, Ayuda beside SQLite FTS5 BM25")]
struct Args {
    /// The XQuAD development files (`xquad-dev.{en,es}.json`).
    #[arg(long)]
    questions: Option<PathBuf>,
    /// The shared support corpus (`en/` and `es/` article folders); default
    /// `../shared/corpora/adobe-commerce-kb` beside the workspace.
    #[arg(long, value_name = "DIR")]
    support_corpus: Option<PathBuf>,
    /// Where the report is written.
    #[arg(long, default_value = "target/bench/relevance.md")]
    out: PathBuf,
    /// Seed of the typos.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Print up to this many questions per row that Ayuda ranks worse than FTS5.
    #[arg(long, default_value_t = 0)]
    show_misses: usize,
}

/// How a question is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Variant {
    AsWritten,
    Typos,
    TwoThirds,
}

impl Variant {
    const ALL: [Variant; 3] = [Variant::AsWritten, Variant::Typos, Variant::TwoThirds];

    fn label(self) -> &'static str {
        match self {
            Variant::AsWritten => "as written",
            Variant::Typos => "one typo per long word",
            Variant::TwoThirds => "two thirds typed",
        }
    }

    fn apply(self, text: &str, rng: &mut StdRng) -> Option<String> {
        match self {
            Variant::AsWritten => Some(text.to_owned()),
            Variant::Typos => Some(typo_each_long_word(text, rng)),
            Variant::TwoThirds => two_thirds(text),
        }
    }
}

/// MRR@10 and recall@5 of one engine over one row's questions.
#[derive(Clone, Copy, Debug, Default)]
struct Score {
    reciprocal_sum: f64,
    in_top5: usize,
    count: usize,
}

impl Score {
    fn add(&mut self, rank: Option<usize>) {
        self.count += 1;
        if let Some(rank) = rank {
            self.reciprocal_sum += 1.0 / (rank + 1) as f64;
            if rank < 5 {
                self.in_top5 += 1;
            }
        }
    }

    fn mrr(&self) -> f64 {
        self.reciprocal_sum / self.count.max(1) as f64
    }

    fn recall5(&self) -> f64 {
        self.in_top5 as f64 / self.count.max(1) as f64
    }
}

fn rank_of(hits: &[i64], answer: i64) -> Option<usize> {
    hits.iter().position(|&id| id == answer)
}

struct Row {
    set: String,
    locale: &'static str,
    variant: Variant,
    fts5: Score,
    /// FTS5 with a cut last word left as it stands (no prefix).
    fts5_plain: Score,
    ayuda: Score,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<()> {
    let args = Args::parse();
    let root = workspace_root();
    let mut sets = Vec::new();
    let xquad_dir = args
        .questions
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpora/questions"));
    if xquad_dir.join("xquad-dev.en.json").exists() {
        sets.push(questions::xquad(&xquad_dir, "en", 1)?);
        sets.push(questions::xquad(&xquad_dir, "es", 100_001)?);
    } else {
        eprintln!(
            "skipped XQuAD: no {} (the shared corpora are not on this machine)",
            xquad_dir.join("xquad-dev.en.json").display()
        );
    }
    let written = std::fs::read_to_string(root.join("crates/bench/questions/sample-kb.txt"))?;
    sets.push(questions::sample_kb(
        &root.join("examples/kb"),
        &written,
        200_001,
    )?);
    let support_dir = args
        .support_corpus
        .clone()
        .unwrap_or_else(|| root.join("../shared/corpora/adobe-commerce-kb"));
    if support_dir.join("en").is_dir() {
        let written =
            std::fs::read_to_string(root.join("crates/bench/questions/adobe-commerce-kb.txt"))?;
        sets.push(questions::support_kb(&support_dir, &written, 300_001)?);
    } else {
        eprintln!(
            "skipped the support corpus: no {} (the shared corpora are not on this machine)",
            support_dir.join("en").display()
        );
    }

    let mut rows = Vec::new();
    for set in &sets {
        rows.extend(evaluate(set, args.seed, args.show_misses).await?);
    }
    let report = report(&rows, &args);
    println!("{report}");
    if let Some(dir) = args.out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.out, &report)?;
    eprintln!("written to {}", args.out.display());
    Ok(())
}

async fn evaluate(set: &QuestionSet, seed: u64, show_misses: usize) -> Result<Vec<Row>> {
    let ayuda = Ayuda::build(&set.articles)?;
    let mut fts5 = Fts5::build(&set.articles).await?;
    let mut rows = Vec::new();
    for locale in ["en", "es"] {
        let asked: Vec<&Question> = set
            .questions
            .iter()
            .filter(|q| q.locale == locale)
            .collect();
        if asked.is_empty() {
            continue;
        }
        for variant in Variant::ALL {
            let mut rng = StdRng::seed_from_u64(seed);
            let mut row = Row {
                set: set.name.clone(),
                locale,
                variant,
                fts5: Score::default(),
                fts5_plain: Score::default(),
                ayuda: Score::default(),
            };
            let mut misses = 0;
            for question in &asked {
                let Some(text) = variant.apply(&question.text, &mut rng) else {
                    continue;
                };
                let ours = rank_of(&ayuda.search(&text, locale)?, question.answer);
                let theirs = rank_of(&fts5.search(&text, locale).await?, question.answer);
                row.ayuda.add(ours);
                row.fts5.add(theirs);
                let plain = rank_of(&fts5.search_as_typed(&text, locale).await?, question.answer);
                row.fts5_plain.add(plain);
                if misses < show_misses
                    && ours.map_or(usize::MAX, |r| r) > theirs.map_or(usize::MAX, |r| r)
                {
                    misses += 1;
                    let hits = ayuda.search(&text, locale)?;
                    let titles: Vec<&str> = hits
                        .iter()
                        .take(3)
                        .filter_map(|id| set.articles.iter().find(|a| a.id == *id))
                        .map(|a| a.title.as_str())
                        .collect();
                    eprintln!(
                        "[{} {locale} {}] {text:?}: Ayuda {:?}, FTS5 {:?}; Ayuda's top: {titles:?}",
                        set.name,
                        variant.label(),
                        ours.map(|r| r + 1),
                        theirs.map(|r| r + 1)
                    );
                }
            }
            rows.push(row);
        }
    }
    Ok(rows)
}

fn report(rows: &[Row], args: &Args) -> String {
    let mut out = String::from("## Relevance on questions people write\n\n");
    out.push_str(&format!(
        "`cargo xtask bench relevance` (seed {}): each question asked as written, with one \
         typo in every word of five letters or more, and cut at two thirds of its characters; \
         Ayuda through the same `SearchIndex::search` the HTTP API runs (site `demo`, the other \
         locale as fallback), FTS5 `bm25()` over the same articles with every word ORed (the \
         last one a prefix while typed), one table per language. \"FTS5 as typed\": the same \
         with a cut last word left as it stands, as plain BM25 over the text sees it (the same \
         as FTS5 for complete questions).\n\n",
        args.seed
    ));
    out.push_str("| set | lang | questions | variant | FTS5 MRR@10 | FTS5 as typed | Ayuda MRR@10 | Δ (vs FTS5) | FTS5 R@5 | Ayuda R@5 |\n");
    out.push_str("|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {:.3} | {:.3} | {:.3} | {:+.3} | {:.3} | {:.3} |\n",
            row.set,
            row.locale,
            row.ayuda.count,
            row.variant.label(),
            row.fts5.mrr(),
            row.fts5_plain.mrr(),
            row.ayuda.mrr(),
            row.ayuda.mrr() - row.fts5.mrr(),
            row.fts5.recall5(),
            row.ayuda.recall5(),
        ));
    }
    out
}
