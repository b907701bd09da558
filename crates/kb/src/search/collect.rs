//! The one collector of a search: in the pass that ranks the matches, it keeps the best hits
//! (scores adjusted by popularity, see [`Ranked`]), counts every match and counts the matches
//! per tag.
//!
//! Keeping the best hits in a bounded min-heap lets most matches go after one comparison: a
//! match whose score, even with the largest popularity boost of its segment, cannot beat the
//! current last hit is only counted (tantivy's `TopDocs` with a score tweak computes the tweak
//! for every match and re-partitions a buffer of twice the page, about an eighth of a
//! search's time).

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::{POPULARITY_FIELD, TAG_FIELD};

/// How much the popularity tie-break can move a score: `score × (1 + w·ln(1 + popularity))`.
/// With 100 helpful votes that is +9 %, enough to order near-equal results, never to lift
/// a weak match over a good one.
const POPULARITY_WEIGHT: f32 = 0.02;

/// The best `limit` matches (by [`Ranked::adjust`]ed score, ties to the lower address), the
/// number of matches and the matches per tag.
pub(crate) struct Ranked {
    pub limit: usize,
    /// The constants a query adds to its tiers of matches, highest first: kept out of the
    /// popularity factor, so votes only order matches within a tier.
    pub tiers: &'static [f32],
}

/// `(best hits, best first; matching documents; tag → matching documents with that tag)`.
pub(crate) type Fruit = (Vec<(Score, DocAddress)>, usize, HashMap<String, u64>);

impl Ranked {
    /// The score a match ranks by: within its tier, raised by its helpful votes; the small
    /// additive part orders score-less browsing by popularity.
    fn adjust(tiers: &[f32], score: Score, votes: f32) -> Score {
        let boost = if votes > 0.0 {
            POPULARITY_WEIGHT * votes.ln_1p()
        } else {
            0.0
        };
        let floor = tiers
            .iter()
            .copied()
            .find(|&tier| score >= tier)
            .unwrap_or(0.0);
        floor + (score - floor) * (1.0 + boost) + boost * 1e-3
    }
}

/// A hit in the heap, ordered so that the greater is the better: higher score, then lower
/// document.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    score: Score,
    doc: DocId,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Candidate) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then_with(|| other.doc.cmp(&self.doc))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Candidate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Candidate) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl Collector for Ranked {
    type Fruit = Fruit;
    type Child = SegmentRanked;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentRanked> {
        let tags = segment.fast_fields().str(TAG_FIELD)?;
        let per_tag = vec![0u64; tags.as_ref().map_or(0, |column| column.num_terms())];
        // Most segments of a young help centre have no votes at all: no lookups.
        let popularity = segment
            .fast_fields()
            .f64(POPULARITY_FIELD)
            .ok()
            .filter(|column| column.max_value() > 0.0);
        let most_votes = popularity
            .as_ref()
            .map_or(0.0, |column| column.max_value() as f32);
        // The largest factor popularity can apply in this segment, for the early cut-off.
        let max_boost = POPULARITY_WEIGHT * most_votes.max(0.0).ln_1p();
        Ok(SegmentRanked {
            segment_ord,
            limit: self.limit,
            tiers: self.tiers,
            popularity,
            max_boost,
            heap: BinaryHeap::with_capacity(self.limit.min(1024) + 1),
            tags,
            per_tag,
            matches: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.limit > 0
    }

    fn merge_fruits(&self, segment_fruits: Vec<Fruit>) -> tantivy::Result<Fruit> {
        let mut hits = Vec::new();
        let mut total = 0;
        let mut merged: HashMap<String, u64> = HashMap::new();
        for (segment_hits, matches, tags) in segment_fruits {
            hits.extend(segment_hits);
            total += matches;
            for (tag, count) in tags {
                *merged.entry(tag).or_default() += count;
            }
        }
        hits.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        hits.truncate(self.limit);
        Ok((hits, total, merged))
    }
}

pub(crate) struct SegmentRanked {
    segment_ord: SegmentOrdinal,
    limit: usize,
    tiers: &'static [f32],
    popularity: Option<Column<f64>>,
    max_boost: f32,
    /// The best hits so far, the worst on top.
    heap: BinaryHeap<Reverse<Candidate>>,
    tags: Option<StrColumn>,
    per_tag: Vec<u64>,
    matches: usize,
}

impl SegmentRanked {
    fn rank(&mut self, doc: DocId, score: Score) {
        if self.limit == 0 {
            return;
        }
        let full = self.heap.len() >= self.limit;
        if full
            && let Some(Reverse(worst)) = self.heap.peek()
            // (with a margin for rounding)
            && (score * (1.0 + self.max_boost) + self.max_boost * 1e-3) * (1.0 + 1e-6)
                < worst.score
        {
            // Cannot beat the last hit even with the segment's most votes.
            return;
        }
        let votes = self
            .popularity
            .as_ref()
            .and_then(|column| column.first(doc))
            .unwrap_or(0.0)
            .max(0.0) as f32;
        let candidate = Candidate {
            score: Ranked::adjust(self.tiers, score, votes),
            doc,
        };
        if !full {
            self.heap.push(Reverse(candidate));
        } else if let Some(mut worst) = self.heap.peek_mut()
            && candidate > worst.0
        {
            *worst = Reverse(candidate);
        }
    }
}

impl SegmentCollector for SegmentRanked {
    type Fruit = Fruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.matches += 1;
        if let Some(tags) = &self.tags {
            for ord in tags.ords().values_for_doc(doc) {
                if let Some(count) = usize::try_from(ord)
                    .ok()
                    .and_then(|ord| self.per_tag.get_mut(ord))
                {
                    *count += 1;
                }
            }
        }
        self.rank(doc, score);
    }

    fn harvest(self) -> Fruit {
        let mut by_name = HashMap::new();
        if let Some(tags) = &self.tags {
            let mut name = String::new();
            for (ord, count) in self.per_tag.iter().enumerate() {
                if *count == 0 {
                    continue;
                }
                // A dictionary read error would only lose one facet entry; the search itself
                // stays correct, so it is not worth failing the request over.
                if matches!(tags.ord_to_str(ord as u64, &mut name), Ok(true)) {
                    by_name.insert(name.clone(), *count);
                }
            }
        }
        let segment_ord = self.segment_ord;
        let hits = self
            .heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse(hit)| (hit.score, DocAddress::new(segment_ord, hit.doc)))
            .collect();
        (hits, self.matches, by_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn popularity_orders_within_a_tier_never_across() {
        let tiers = &[10_000.0, 1_000.0];
        let plain = Ranked::adjust(tiers, 5.0, 0.0);
        assert_eq!(plain, 5.0);
        assert!(Ranked::adjust(tiers, 5.0, 100.0) > plain);
        // A popular match of a lower tier stays below an unpopular one of a higher tier.
        assert!(Ranked::adjust(tiers, 50.0, 1e6) < Ranked::adjust(tiers, 1_000.5, 0.0));
        assert!(Ranked::adjust(tiers, 1_050.0, 1e6) < Ranked::adjust(tiers, 10_000.5, 0.0));
        // Score-less browsing (all scores 0) is ordered by votes.
        assert!(Ranked::adjust(tiers, 0.0, 3.0) > Ranked::adjust(tiers, 0.0, 2.0));
    }

    #[test]
    fn the_better_candidate_is_the_greater() {
        let high = Candidate { score: 2.0, doc: 9 };
        let low = Candidate { score: 1.0, doc: 1 };
        let tie_later = Candidate {
            score: 2.0,
            doc: 10,
        };
        assert!(high > low);
        assert!(high > tie_later);
        let mut heap = BinaryHeap::new();
        for candidate in [high, low, tie_later] {
            heap.push(Reverse(candidate));
        }
        assert_eq!(heap.peek().map(|worst| worst.0.doc), Some(1));
    }
}
