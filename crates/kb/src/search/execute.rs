//! Running a search: validating the request, planning the words, one collecting pass (a short
//! query's all-word matches first, a question by coordination) with phrase bonuses rescoring
//! the best hits, the fallback locale, and highlighted hits for the page, timed per phase.

use std::time::Instant;

use tantivy::query::{AllQuery, BooleanQuery, EnableScoring, Occur, Query, TermQuery};
use tantivy::schema::document::Value;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, DocSet, Score, Searcher, TantivyDocument, Term};

use super::collect::Ranked;
use super::highlight::{self, Highlighter};
use super::index::SearchIndex;
use super::plan::{self, Mode, Planner};

/// From this many significant words on, a query is ranked by coordination (more words
/// matched, rarer words matched) instead of requiring every word.
const COORDINATED_WORDS: usize = 3;
use super::schema::{self, ALL_SITES};
use super::types::{
    Hit, MAX_FACETS, MAX_LIMIT, MAX_OFFSET, Phases, SNIPPET_BYTES, SearchQuery, SearchResults,
};
use crate::error::{Error, Result};
use crate::locale;

impl SearchIndex {
    /// Searches `query.locale`, falling back to `query.fallback_locale` when nothing matches.
    ///
    /// Any text is accepted and yields a normal (possibly empty) result. Errors are an
    /// invalid locale (a user error) or an internal index failure.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        if !locale::is_valid_locale(query.locale) {
            return Err(Error::InvalidLocale(query.locale.to_owned()));
        }
        if let Some(fallback) = query.fallback_locale
            && !locale::is_valid_locale(fallback)
        {
            return Err(Error::InvalidLocale(fallback.to_owned()));
        }
        let results = self.search_locale(query.locale, query)?;
        if results.total > 0 {
            return Ok(results);
        }
        match query.fallback_locale {
            Some(fallback) if fallback != query.locale => {
                let mut fallback_results = self.search_locale(fallback, query)?;
                if fallback_results.total == 0 {
                    return Ok(results);
                }
                fallback_results.fallback = true;
                fallback_results.phases.add(results.phases);
                Ok(fallback_results)
            }
            _ => Ok(results),
        }
    }

    fn search_locale(&self, locale: &str, query: &SearchQuery) -> Result<SearchResults> {
        let Some(target) = self.read_locales().get(locale).cloned() else {
            return Ok(SearchResults::default());
        };
        let started = Instant::now();
        let searcher = target.reader.searcher();
        let mut stemmer = target.stemmer.clone();
        let words = plan::parse_words(query.text, locale, &mut stemmer);
        let filters = self.filters(query, &searcher);

        if words.is_empty() {
            // No words: browsing by tag lists the tagged articles, most popular first; without
            // any filter there is nothing to look for.
            if query.tags.is_empty() {
                return Ok(SearchResults::default());
            }
            let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
            clauses.extend(plan::filter_clauses(&filters));
            let browse = BooleanQuery::new(clauses);
            let plan_us = Phases::since(started);
            let started = Instant::now();
            let collected = self.collect(&searcher, &browse, query, &[], &[])?;
            let collect_us = Phases::since(started);
            return self.finish(
                collected,
                &searcher,
                Highlighter::new(stemmer, 0),
                plan_us,
                collect_us,
            );
        }

        let planner = Planner {
            searcher: &searcher,
            fields: &self.fields,
            cache: &self.expansions,
            locale,
            stemmer: &stemmer,
        };
        let plan = planner.plan(&words)?;
        // A short query names what it wants: the articles with every word come first, then
        // those with some. A question ("how many fumbles did Thomas Davis force") rarely has
        // all its words in the answer: it is ranked by how many and how telling its words
        // are, with no cliff between all and all-but-one.
        let mode = if plan.required_count() >= COORDINATED_WORDS {
            Mode::AnyWord
        } else {
            Mode::AllFirst
        };
        let plan_us = Phases::since(started);
        let started = Instant::now();
        let (words_query, phrases, highlighter) = plan.into_query(mode, filters);
        let collected = self.collect(&searcher, &words_query, query, &plan::TIERS, &phrases)?;
        let collect_us = Phases::since(started);
        self.finish(collected, &searcher, highlighter, plan_us, collect_us)
    }
}

/// How many of the best hits phrase bonuses rescore (at least; more for deeper pages).
const RESCORE_WINDOW: usize = 50;

/// Adds the `bonuses`' scores to the hits of `page` they match, and re-sorts it.
fn rescore(
    searcher: &Searcher,
    page: &mut [(Score, DocAddress)],
    bonuses: &[Box<dyn Query>],
) -> Result<()> {
    let weights = bonuses
        .iter()
        .map(|query| query.weight(EnableScoring::enabled_from_searcher(searcher)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    // Segment by segment, in document order, as scorers only move forward.
    let mut order: Vec<(DocAddress, usize)> = page
        .iter()
        .enumerate()
        .map(|(i, (_, address))| (*address, i))
        .collect();
    order.sort_unstable();
    for run in order.chunk_by(|a, b| a.0.segment_ord == b.0.segment_ord) {
        let Some(&(first, _)) = run.first() else {
            continue;
        };
        let segment = searcher.segment_reader(first.segment_ord);
        for weight in &weights {
            let mut scorer = weight.scorer(segment, 1.0)?;
            for &(address, i) in run {
                if scorer.doc() < address.doc_id {
                    scorer.seek(address.doc_id);
                }
                if scorer.doc() == address.doc_id
                    && let Some(hit) = page.get_mut(i)
                {
                    hit.0 += scorer.score();
                }
            }
        }
    }
    page.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    Ok(())
}

/// Intermediate result: the page's addresses and scores, before documents are loaded.
struct Collected {
    page: Vec<(Score, DocAddress)>,
    total: usize,
    facets: Vec<(String, u64)>,
}

impl SearchIndex {
    /// Runs `query` once, collecting the page, the total and the tag counts in one pass.
    /// `tiers`: the constants a query adds to its tiers of matches (every word of a short
    /// query, all in the title), highest first, kept out of the popularity factor so votes only
    /// break ties within a tier. `bonuses` (phrases) rescore the best [`RESCORE_WINDOW`] hits:
    /// reading word positions for every match would cost more than the rest of the search.
    fn collect(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        request: &SearchQuery,
        tiers: &'static [f32],
        bonuses: &[Box<dyn Query>],
    ) -> Result<Collected> {
        let limit = request.limit.min(MAX_LIMIT);
        let offset = request.offset.min(MAX_OFFSET);
        // How deep to collect: the page, or the rescoring window when phrases rescore it (a
        // request with `limit: 0` only wants the counts).
        let depth = match (limit, bonuses.is_empty()) {
            (0, _) => 0,
            (_, true) => offset + limit,
            (_, false) => (offset + limit).max(RESCORE_WINDOW),
        };
        let (mut page, total, tag_counts) = searcher.search(
            query,
            &Ranked {
                limit: depth,
                tiers,
            },
        )?;
        if !bonuses.is_empty() {
            rescore(searcher, &mut page, bonuses)?;
        }
        let page = page.into_iter().skip(offset).take(limit).collect();
        let mut facets: Vec<(String, u64)> = tag_counts.into_iter().collect();
        facets.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        facets.truncate(MAX_FACETS);
        Ok(Collected {
            page,
            total,
            facets,
        })
    }

    /// Loads the page's documents and builds highlighted hits (only for the page, never for
    /// all matches).
    fn finish(
        &self,
        collected: Collected,
        searcher: &Searcher,
        mut highlighter: Highlighter,
        plan_us: u32,
        collect_us: u32,
    ) -> Result<SearchResults> {
        let started = Instant::now();
        let fields = &self.fields;
        let mut hits = Vec::with_capacity(collected.page.len());
        for (score, address) in collected.page {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|value| value.as_str())
                    .unwrap_or_default()
            };
            let title = text(fields.title_stored);
            let snippet = highlighter
                .snippet(text(fields.body_stored), SNIPPET_BYTES)
                .unwrap_or_else(|| highlight::escape(text(fields.summary)));
            hits.push(Hit {
                id: doc
                    .get_first(fields.id)
                    .and_then(|value| value.as_i64())
                    .unwrap_or_default(),
                slug: text(fields.slug).to_owned(),
                locale: text(fields.locale).to_owned(),
                title: title.to_owned(),
                title_html: highlighter.highlight_all(title),
                snippet,
                score,
            });
        }
        Ok(SearchResults {
            hits,
            total: collected.total,
            facets: collected.facets,
            fallback: false,
            phases: Phases {
                plan_us,
                collect_us,
                fetch_us: Phases::since(started),
            },
        })
    }

    /// Tag and site restrictions, as queries that must match. The site restriction is left out
    /// when every document of `searcher` is visible on all sites (the common case): matching it
    /// would cost a seek per match and exclude nothing.
    fn filters(&self, query: &SearchQuery, searcher: &Searcher) -> Vec<Box<dyn Query>> {
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        for tag in schema::clean_keys(query.tags) {
            filters.push(Box::new(TermQuery::new(
                Term::from_field_text(self.fields.tag, tag),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(site) = query.site
            && !visible_everywhere(searcher, self.fields.site)
        {
            let visible = [site.trim(), ALL_SITES]
                .into_iter()
                .map(|key| {
                    let term: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(self.fields.site, key),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, term)
                })
                .collect();
            filters.push(Box::new(BooleanQuery::new(visible)));
        }
        filters
    }
}

/// Whether every document of `searcher` (deleted ones included) is visible on all sites.
fn visible_everywhere(searcher: &Searcher, site: Field) -> bool {
    let documents: u64 = searcher
        .segment_readers()
        .iter()
        .map(|segment| u64::from(segment.max_doc()))
        .sum();
    searcher
        .doc_freq(&Term::from_field_text(site, ALL_SITES))
        .is_ok_and(|count| count == documents)
}
