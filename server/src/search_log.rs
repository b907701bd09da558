//! The search log: what people settled on, written in batches off the request path.
//!
//! The widget searches on every keystroke, so "fa", "fac", "factu" and "factura" arrive within
//! a second of each other. Editors read the log for content gaps, and a gap is the query a
//! person ended with, not the prefixes typed on the way. So each search is held for a short
//! window and dropped when a later search of the same site and locale, arriving within that
//! window, extends it (its text starts with the held text). What is still held when its window
//! has passed is what someone settled on; it is written with the others in one transaction.

use std::collections::BTreeMap;
use std::time::Duration;

use ayuda_store::{SearchLogRow, Store};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// Searches waiting in the channel before the request path starts dropping them.
const QUEUE: usize = 4096;
/// Held searches beyond which everything held is written at once (memory stays bounded when a
/// flood of distinct queries arrives faster than the window lets them settle).
const MAX_HELD: usize = 50_000;

/// Searches held until they settle. Pure: time comes in as each row's `created_at` and as the
/// `now_ms` given to [`Settling::take_settled`], both Unix milliseconds.
#[derive(Debug)]
pub struct Settling {
    window_ms: u64,
    /// Keyed by `site \0 locale \0 query`: the key of a search is a prefix of another's exactly
    /// when both are of the same site and locale and its query is a prefix of the other's
    /// (queries never hold a NUL: the search handler turns control characters into spaces).
    held: BTreeMap<String, SearchLogRow>,
    /// Searches that settled while held (pushed out by a repeat after their window).
    settled: Vec<SearchLogRow>,
}

impl Settling {
    pub fn new(window: Duration) -> Self {
        Self {
            window_ms: u64::try_from(window.as_millis()).unwrap_or(u64::MAX),
            held: BTreeMap::new(),
            settled: Vec::new(),
        }
    }

    /// How many searches are held.
    pub fn len(&self) -> usize {
        self.held.len() + self.settled.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Holds `row`, dropping every held search it extends that came at most one window
    /// before it. An identical query counts as an extension: the later one (and its result
    /// count) is kept.
    pub fn push(&mut self, row: SearchLogRow) {
        let scope = format!("{}\0{}\0", row.site, row.locale);
        let key = format!("{scope}{}", row.query);
        // Every prefix of the query, the whole query included (the empty query is never logged,
        // and looking it up is harmless).
        let ends = row
            .query
            .char_indices()
            .map(|(at, _)| at)
            .skip(1)
            .chain([row.query.len()])
            .map(|end| scope.len() + end);
        for end in ends {
            let prefix = &key[..end];
            if let Some(earlier) = self.held.get(prefix)
                && earlier.created_at.abs_diff(row.created_at) <= self.window_ms
            {
                self.held.remove(prefix);
            }
        }
        if let Some(older) = self.held.insert(key, row) {
            // The same search more than a window earlier: it has settled and only waits for
            // the writer.
            self.settled.push(older);
        }
    }

    /// Removes and returns the searches whose window has passed at `now_ms` (nothing arriving
    /// later can drop them any more), oldest first.
    pub fn take_settled(&mut self, now_ms: i64) -> Vec<SearchLogRow> {
        let window = self.window_ms;
        let held = std::mem::take(&mut self.held);
        let (settled, waiting): (Vec<_>, Vec<_>) = held
            .into_iter()
            .partition(|(_, row)| row.created_at.abs_diff(now_ms) > window);
        self.held = waiting.into_iter().collect();
        self.oldest_first(settled)
    }

    /// Removes and returns every held search, oldest first (on shutdown).
    pub fn take_all(&mut self) -> Vec<SearchLogRow> {
        let held = std::mem::take(&mut self.held).into_iter().collect();
        self.oldest_first(held)
    }

    /// `rows` and the searches that settled early, oldest first.
    fn oldest_first(&mut self, rows: Vec<(String, SearchLogRow)>) -> Vec<SearchLogRow> {
        let mut out = std::mem::take(&mut self.settled);
        out.extend(rows.into_iter().map(|(_, row)| row));
        out.sort_by_key(|row| row.created_at);
        out
    }
}

/// The running log writer; [`SearchLogWriter::finish`] writes what it holds and stops it.
#[derive(Debug)]
pub struct SearchLogWriter {
    stop: oneshot::Sender<()>,
    task: JoinHandle<()>,
}

impl SearchLogWriter {
    /// Writes every held search (settled or not) and waits for the writer to end.
    pub async fn finish(self) {
        let _ = self.stop.send(());
        if let Err(e) = self.task.await {
            tracing::warn!(error = %e, "the search-log writer failed");
        }
    }
}

/// Starts the writer: searches sent on the returned channel are held for `window` (see the
/// module's comment), then written in batches. The request path uses `try_send`, so a full
/// queue drops searches rather than slowing them down.
pub fn spawn(store: Store, window: Duration) -> (mpsc::Sender<SearchLogRow>, SearchLogWriter) {
    let (tx, mut rx) = mpsc::channel::<SearchLogRow>(QUEUE);
    let (stop, mut stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let mut settling = Settling::new(window);
        let mut incoming = Vec::with_capacity(256);
        // A held search is written between one and one and a quarter windows after it came.
        let mut tick = tokio::time::interval((window / 4).max(Duration::from_millis(10)));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                received = rx.recv_many(&mut incoming, 256) => {
                    if received == 0 {
                        break;
                    }
                    for row in incoming.drain(..) {
                        settling.push(row);
                    }
                    if settling.len() >= MAX_HELD {
                        write(&store, &settling.take_all()).await;
                    }
                }
                _ = tick.tick() => {
                    write(&store, &settling.take_settled(ayuda_store::now_ms())).await;
                }
                _ = &mut stopped => break,
            }
        }
        // Shutting down: what is still queued or held is what people last searched for.
        rx.close();
        while let Ok(row) = rx.try_recv() {
            settling.push(row);
        }
        write(&store, &settling.take_all()).await;
    });
    (tx, SearchLogWriter { stop, task })
}

async fn write(store: &Store, rows: &[SearchLogRow]) {
    if rows.is_empty() {
        return;
    }
    if let Err(e) = store.log_searches(rows).await {
        tracing::warn!(error = %e, entries = rows.len(), "could not write the search log");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WINDOW: Duration = Duration::from_millis(2000);

    fn row(site: &str, locale: &str, query: &str, at: i64) -> SearchLogRow {
        SearchLogRow {
            site: site.into(),
            locale: locale.into(),
            query: query.into(),
            result_count: query.len() as i64,
            created_at: at,
        }
    }

    fn queries(rows: &[SearchLogRow]) -> Vec<&str> {
        rows.iter().map(|r| r.query.as_str()).collect()
    }

    #[test]
    fn keystrokes_leave_the_query_typed_last() {
        let mut s = Settling::new(WINDOW);
        for (at, q) in [(0, "f"), (150, "fa"), (300, "fac"), (900, "factura")] {
            s.push(row("demo", "es", q, at));
        }
        assert_eq!(s.len(), 1);
        assert!(s.take_settled(2500).is_empty(), "still within its window");
        let settled = s.take_settled(2901);
        assert_eq!(queries(&settled), ["factura"]);
        assert_eq!(settled[0].result_count, 7, "the kept row is the later one");
        assert!(s.is_empty());
    }

    #[test]
    fn a_pause_longer_than_the_window_keeps_both() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "factura", 0));
        s.push(row("demo", "es", "factura anual", 2001));
        assert_eq!(queries(&s.take_all()), ["factura", "factura anual"]);
    }

    #[test]
    fn only_extensions_of_the_same_site_and_locale_drop_a_search() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "factura", 0));
        // Not extensions: another word, a shorter text (backspace), another locale or site.
        s.push(row("demo", "es", "pago", 10));
        s.push(row("demo", "es", "fact", 20));
        s.push(row("demo", "en", "factura anual", 30));
        s.push(row("other", "es", "factura anual", 40));
        // "factur" extends "fact" only.
        s.push(row("demo", "es", "factur", 50));
        let mut left: Vec<(String, String, String)> = s
            .take_all()
            .into_iter()
            .map(|r| (r.site, r.locale, r.query))
            .collect();
        left.sort();
        let expected: Vec<(String, String, String)> = [
            ("demo", "en", "factura anual"),
            ("demo", "es", "factur"),
            ("demo", "es", "factura"),
            ("demo", "es", "pago"),
            ("other", "es", "factura anual"),
        ]
        .iter()
        .map(|(a, b, c)| ((*a).into(), (*b).into(), (*c).into()))
        .collect();
        assert_eq!(left, expected);
    }

    #[test]
    fn a_repeated_query_is_logged_once_within_the_window() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "factura", 0));
        s.push(row("demo", "es", "factura", 500));
        let settled = s.take_settled(3000);
        assert_eq!(queries(&settled), ["factura"]);
        assert_eq!(settled[0].created_at, 500);
    }

    #[test]
    fn a_repeat_after_the_window_is_a_second_search_even_if_not_yet_written() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "factura", 0));
        // The writer has not ticked yet: the first search is due but still held.
        s.push(row("demo", "es", "factura", 2500));
        let settled = s.take_all();
        assert_eq!(queries(&settled), ["factura", "factura"]);
        assert_eq!(settled[0].created_at, 0);
        assert_eq!(settled[1].created_at, 2500);
    }

    #[test]
    fn multibyte_prefixes_are_found() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "contraseñ", 0));
        s.push(row("demo", "es", "contraseña", 10));
        s.push(row("demo", "es", "¿", 20));
        s.push(row("demo", "es", "¿cómo", 30));
        assert_eq!(queries(&s.take_all()), ["contraseña", "¿cómo"]);
    }

    #[test]
    fn settled_rows_come_out_oldest_first_and_the_rest_stay() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "zeta", 100));
        s.push(row("demo", "es", "alfa", 200));
        s.push(row("demo", "es", "beta", 5000));
        assert_eq!(queries(&s.take_settled(4000)), ["zeta", "alfa"]);
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn a_clock_that_jumps_back_settles_rows_instead_of_holding_them() {
        let mut s = Settling::new(WINDOW);
        s.push(row("demo", "es", "factura", 1_000_000));
        assert_eq!(queries(&s.take_settled(0)), ["factura"]);
    }
}
