//! A collector that counts matching documents and their tags in the same pass that ranks them.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::StrColumn;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::schema::TAG_FIELD;

/// Counts matches and, per tag, the matches carrying it. Tags are read from the `tag` fast
/// field as per-segment term ordinals, so counting is an array increment per tag and strings
/// are only built once per distinct tag when the segment is harvested.
pub(crate) struct MatchAndTagCounter;

/// `(matching documents, tag → matching documents with that tag)`.
pub(crate) type Counts = (usize, HashMap<String, u64>);

impl Collector for MatchAndTagCounter {
    type Fruit = Counts;
    type Child = SegmentMatchAndTagCounter;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentMatchAndTagCounter> {
        let tags = segment.fast_fields().str(TAG_FIELD)?;
        let per_tag = vec![0u64; tags.as_ref().map_or(0, |column| column.num_terms())];
        Ok(SegmentMatchAndTagCounter {
            tags,
            per_tag,
            matches: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segment_fruits: Vec<Counts>) -> tantivy::Result<Counts> {
        let mut total = 0;
        let mut merged: HashMap<String, u64> = HashMap::new();
        for (matches, tags) in segment_fruits {
            total += matches;
            for (tag, count) in tags {
                *merged.entry(tag).or_default() += count;
            }
        }
        Ok((total, merged))
    }
}

pub(crate) struct SegmentMatchAndTagCounter {
    tags: Option<StrColumn>,
    per_tag: Vec<u64>,
    matches: usize,
}

impl SegmentCollector for SegmentMatchAndTagCounter {
    type Fruit = Counts;

    fn collect(&mut self, doc: DocId, _score: Score) {
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
    }

    fn harvest(self) -> Counts {
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
        (self.matches, by_name)
    }
}
