//! An article's scheduled changes, the pure parts: the two actions, the order they are listed
//! in, and a `datetime-local` value as the browser sends it.

use ayuda_api::Schedule;

/// What a schedule does when its time comes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Publish,
    Unpublish,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Publish, Kind::Unpublish];

    /// The wire word.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Publish => "publish",
            Kind::Unpublish => "unpublish",
        }
    }

    pub fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == word)
    }
}

/// Whether a schedule has not run yet.
pub fn is_pending(schedule: &Schedule) -> bool {
    schedule.done_at.is_none()
}

/// Pending ones first, soonest first; then those that ran, the latest first. RFC 3339 times in
/// UTC (as the server sends them) sort as text.
pub fn ordered(mut schedules: Vec<Schedule>) -> Vec<Schedule> {
    schedules.sort_by(|a, b| match (is_pending(a), is_pending(b)) {
        (true, true) => a.at.cmp(&b.at),
        (true, false) => std::cmp::Ordering::Less,
        (false, true) => std::cmp::Ordering::Greater,
        (false, false) => b.done_at.cmp(&a.done_at).then_with(|| b.at.cmp(&a.at)),
    });
    schedules
}

/// Whether `value` looks like a complete `datetime-local` value (`2026-12-07T10:00`, seconds
/// optional): the browser sends an empty string for a half-filled field.
pub fn is_complete_local(value: &str) -> bool {
    let bytes = value.trim().as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    bytes.len() >= 16
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && bytes[10] == b'T'
        && digits(11..13)
        && bytes[13] == b':'
        && digits(14..16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(id: i64, at: &str, done_at: Option<&str>) -> Schedule {
        Schedule {
            id,
            action: "publish".to_owned(),
            at: at.to_owned(),
            created_by: None,
            done_at: done_at.map(str::to_owned),
            outcome: None,
        }
    }

    #[test]
    fn actions_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("archive"), None);
    }

    #[test]
    fn pending_first_then_the_latest_done() {
        let list = vec![
            schedule(1, "2026-01-01T10:00:00Z", Some("2026-01-01T10:00:01Z")),
            schedule(2, "2026-06-01T10:00:00Z", None),
            schedule(3, "2026-03-01T10:00:00Z", None),
            schedule(4, "2026-02-01T10:00:00Z", Some("2026-02-01T10:00:01Z")),
        ];
        let ids: Vec<i64> = ordered(list).iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![3, 2, 4, 1]);
    }

    #[test]
    fn local_values() {
        assert!(is_complete_local("2026-12-07T10:00"));
        assert!(is_complete_local("2026-12-07T10:00:30"));
        assert!(!is_complete_local(""));
        assert!(!is_complete_local("2026-12-07"));
        assert!(!is_complete_local("2026-12-07 10:00"));
    }
}
