//! Page arithmetic for lists the server answers a page at a time (`limit` + `offset`, and the
//! `total` that matched).
//!
//! Pages are numbered from 1, as people count them and as the address bar shows them.

/// Rows per page.
pub const PAGE_SIZE: u32 = 20;

/// The highest page number accepted from an address: far beyond any real list, and small
/// enough that its offset cannot overflow anything on the way to the server.
pub const MAX_PAGE: u32 = 1_000_000;

/// The first row of `page` (0-based), as the API's `offset`.
pub fn offset(page: u32) -> u64 {
    u64::from(page.clamp(1, MAX_PAGE) - 1) * u64::from(PAGE_SIZE)
}

/// The number of the last page for `total` rows (1 for an empty list: there is always a page).
pub fn last_page(total: u64) -> u32 {
    let pages = total.div_ceil(u64::from(PAGE_SIZE)).max(1);
    u32::try_from(pages).unwrap_or(MAX_PAGE).min(MAX_PAGE)
}

/// Whether there is a page before `page`.
pub fn has_previous(page: u32) -> bool {
    page > 1
}

/// Whether rows follow `page` when `total` rows matched.
pub fn has_next(page: u32, total: u64) -> bool {
    page < MAX_PAGE && offset(page) + u64::from(PAGE_SIZE) < total
}

/// The rows a page shows, 1-based, for "Showing 21–40 of 57".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    pub first: u64,
    pub last: u64,
    pub total: u64,
}

/// What `page` shows when the server answered `count` rows of `total`; `None` when it shows
/// nothing (an empty list, or a page past the end after rows went away).
pub fn shown(page: u32, count: usize, total: u64) -> Option<Shown> {
    let count = u64::try_from(count).ok().filter(|&count| count > 0)?;
    let first = offset(page) + 1;
    let last = offset(page) + count;
    Some(Shown {
        first,
        last,
        // The rows were counted a moment apart from the page: never claim fewer than shown.
        total: total.max(last),
    })
}

/// The total the API reports (an `i64`), never negative.
pub fn total(reported: i64) -> u64 {
    u64::try_from(reported).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_count_from_page_one() {
        assert_eq!(offset(1), 0);
        assert_eq!(offset(2), 20);
        assert_eq!(offset(3), 40);
        // Out-of-range pages from a hand-typed address are clamped, not trusted.
        assert_eq!(offset(0), 0);
        assert_eq!(offset(u32::MAX), offset(MAX_PAGE));
    }

    #[test]
    fn last_page_rounds_up_and_is_at_least_one() {
        assert_eq!(last_page(0), 1);
        assert_eq!(last_page(1), 1);
        assert_eq!(last_page(20), 1);
        assert_eq!(last_page(21), 2);
        assert_eq!(last_page(57), 3);
        assert_eq!(last_page(u64::MAX), MAX_PAGE);
    }

    #[test]
    fn previous_and_next_stop_at_the_ends() {
        assert!(!has_previous(1));
        assert!(has_previous(2));
        assert!(has_next(1, 57));
        assert!(has_next(2, 57));
        assert!(!has_next(3, 57));
        assert!(!has_next(1, 20));
        assert!(has_next(1, 21));
        assert!(!has_next(1, 0));
        assert!(!has_next(MAX_PAGE, u64::MAX));
    }

    #[test]
    fn shown_rows_for_the_range_line() {
        assert_eq!(
            shown(1, 20, 57),
            Some(Shown {
                first: 1,
                last: 20,
                total: 57
            })
        );
        assert_eq!(
            shown(3, 17, 57),
            Some(Shown {
                first: 41,
                last: 57,
                total: 57
            })
        );
        assert_eq!(shown(1, 0, 0), None);
        assert_eq!(shown(4, 0, 57), None);
        // A total that lags behind the rows is raised to what is on screen.
        assert_eq!(shown(1, 5, 3).map(|s| s.total), Some(5));
    }

    #[test]
    fn negative_totals_are_zero() {
        assert_eq!(total(-1), 0);
        assert_eq!(total(57), 57);
    }
}
