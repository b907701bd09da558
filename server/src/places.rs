//! The places of host apps the widget is opened on (from its suggestion requests), counted in
//! memory and written every few seconds in one transaction, for the editors' context picker.
//! URL paths are generalised so no visitor's record id is kept: a segment with a digit, or a
//! long opaque token, becomes `*` (`/invoices/42/edit` → `/invoices/*/edit`), which is also
//! the pattern an editor would write.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ayuda_store::Store;

/// Distinct places kept between two writes; more are dropped until the next write.
const MAX_PENDING: usize = 10_000;

#[derive(Debug, Default)]
pub struct PlaceLog {
    pending: Mutex<HashMap<(String, String), i64>>,
}

/// The context pattern for a page URL's path.
pub fn generalise_path(url: &str) -> Option<String> {
    let after_origin = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |at| &rest[at..]),
        None => url,
    };
    let path = after_origin.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return None;
    }
    let segments: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .take(8)
        .map(|segment| {
            let opaque = segment.len() > 24
                || segment.bytes().any(|b| b.is_ascii_digit())
                || segment.contains('@');
            if opaque {
                "*".to_owned()
            } else {
                segment.to_lowercase()
            }
        })
        .collect();
    Some(format!("/{}", segments.join("/")))
}

impl PlaceLog {
    /// Notes one opening on `site` at `url` (with its route name and element keys).
    pub fn note(&self, site: &str, url: Option<&str>, route: Option<&str>, elements: &[String]) {
        let Ok(mut pending) = self.pending.lock() else {
            return;
        };
        let places = url
            .and_then(generalise_path)
            .into_iter()
            .chain(route.map(str::to_owned))
            .chain(elements.iter().cloned())
            .filter(|place| !place.is_empty() && place.len() <= 200);
        for place in places {
            let key = (site.to_owned(), place);
            if pending.len() >= MAX_PENDING && !pending.contains_key(&key) {
                continue;
            }
            *pending.entry(key).or_default() += 1;
        }
    }

    fn take(&self) -> Vec<(String, String, i64)> {
        self.pending
            .lock()
            .map(|mut pending| {
                pending
                    .drain()
                    .map(|((site, place), hits)| (site, place, hits))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Writes what was noted since the last write.
    pub async fn flush(&self, store: &Store) -> ayuda_store::Result<()> {
        let seen = self.take();
        if seen.is_empty() {
            return Ok(());
        }
        store.add_seen_places(&seen, ayuda_store::now_ms()).await
    }

    pub fn spawn_writer(self: &Arc<Self>, store: Store, every: Duration) {
        let log = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                if let Err(error) = log.flush(&store).await {
                    tracing::warn!(%error, "writing the places seen failed");
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_record_ids() {
        assert_eq!(
            generalise_path("https://app.example.com/Invoices/42/edit?tab=2#x").as_deref(),
            Some("/invoices/*/edit")
        );
        assert_eq!(
            generalise_path("/customers/ana@example.com").as_deref(),
            Some("/customers/*")
        );
        assert_eq!(
            generalise_path("/t/0f8fad5b-d9cb-469f-a165-70867728950e").as_deref(),
            Some("/t/*")
        );
        assert_eq!(
            generalise_path("https://app.example.com").as_deref(),
            Some("/")
        );
        assert_eq!(generalise_path("javascript:alert(1)"), None);
    }

    #[test]
    fn counts_by_site_and_place() {
        let log = PlaceLog::default();
        log.note("demo", Some("/invoices/1"), Some("invoices.show"), &[]);
        log.note(
            "demo",
            Some("/invoices/2"),
            None,
            &["pay-button".to_owned()],
        );
        let mut seen = log.take();
        seen.sort();
        assert_eq!(
            seen,
            vec![
                ("demo".into(), "/invoices/*".into(), 2),
                ("demo".into(), "invoices.show".into(), 1),
                ("demo".into(), "pay-button".into(), 1),
            ]
        );
        assert!(log.take().is_empty());
    }
}
