//! SLA clocks as agents read them: how long is left before a due time, or how long ago it
//! passed, in whole days, hours and minutes. The words are `i18n::desk`'s; this only decides
//! which clock it is and splits the spans.

use ayuda_api::{StaffTicket, Status};

/// One minute, in milliseconds.
const MINUTE: i64 = 60_000;
/// Below this much time left a running clock counts as "due soon" in the console too.
pub const DUE_SOON_MS: i64 = 60 * MINUTE;

/// An SLA clock as of now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// No target (no SLA, or the clock does not apply).
    None,
    /// Running: this many milliseconds left (`soon` below [`DUE_SOON_MS`]).
    Left { ms: i64, soon: bool },
    /// Running past its due time by this many milliseconds.
    Overdue { ms: i64 },
    /// Stopped in time (replied, solved).
    Met,
    /// Stopped, but late.
    MetLate,
    /// Paused: waiting on the user (pending).
    Paused,
}

impl Clock {
    /// A running or stopped clock for `due`, `breached` as the server says, `stopped` when
    /// the clock's event happened (the first reply, the solution).
    pub fn of(due: Option<i64>, breached: bool, stopped: bool, now: i64) -> Clock {
        match (due, stopped) {
            (_, true) if breached => Clock::MetLate,
            (_, true) => Clock::Met,
            (None, false) => Clock::None,
            (Some(due), false) if due <= now || breached => Clock::Overdue {
                ms: (now - due).max(0),
            },
            (Some(due), false) => Clock::Left {
                ms: due - now,
                soon: due - now < DUE_SOON_MS,
            },
        }
    }

    /// Whether it is past its due time (running or met late).
    pub fn breached(self) -> bool {
        matches!(self, Clock::Overdue { .. } | Clock::MetLate)
    }
}

/// The first-response clock of `ticket`.
pub fn first_response(ticket: &StaffTicket, now: i64) -> Clock {
    Clock::of(
        ticket.sla.first_response_due,
        ticket.sla.first_response_breached,
        ticket.first_response_at.is_some(),
        now,
    )
}

/// The resolution clock of `ticket` (paused while it waits on the user).
pub fn resolution(ticket: &StaffTicket, now: i64) -> Clock {
    let solved = matches!(ticket.status, Status::Solved | Status::Closed);
    if ticket.status == Status::Pending && !ticket.sla.resolution_breached {
        return Clock::Paused;
    }
    Clock::of(
        ticket.sla.resolution_due,
        ticket.sla.resolution_breached,
        solved,
        now,
    )
}

/// The clock the inbox shows: the one due next (the server's `next_due`), else the worse of
/// the two.
pub fn inbox_clock(ticket: &StaffTicket, now: i64) -> Clock {
    let first = first_response(ticket, now);
    let resolution = resolution(ticket, now);
    for clock in [first, resolution] {
        if let Clock::Overdue { .. } = clock {
            return clock;
        }
    }
    match ticket.sla.next_due {
        Some(due) if ticket.sla.first_response_due == Some(due) => first,
        Some(_) => resolution,
        None if matches!(resolution, Clock::None) => first,
        None => resolution,
    }
}

/// A span in whole days, hours and minutes, for "2 h 5 min".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
}

/// `ms` (negative counts as 0) as days, hours and minutes: the two largest units only from a
/// day up ("3 d 4 h"), minutes only below a day.
pub fn span(ms: i64) -> Span {
    let minutes = ms.max(0) / MINUTE;
    let days = minutes / (24 * 60);
    let hours = minutes / 60 % 24;
    Span {
        days,
        hours,
        minutes: if days > 0 { 0 } else { minutes % 60 },
    }
}

/// "3 d 4 h", "2 h 5 min", "45 min", "< 1 min" (the unit words are the same in both
/// languages).
pub fn span_text(ms: i64) -> String {
    let Span {
        days,
        hours,
        minutes,
    } = span(ms);
    match (days, hours, minutes) {
        (0, 0, 0) => "< 1 min".to_owned(),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn clocks_run_stop_and_breach() {
        assert_eq!(Clock::of(None, false, false, NOW), Clock::None);
        assert_eq!(
            Clock::of(Some(NOW + 2 * 3_600_000), false, false, NOW),
            Clock::Left {
                ms: 7_200_000,
                soon: false
            }
        );
        assert_eq!(
            Clock::of(Some(NOW + 600_000), false, false, NOW),
            Clock::Left {
                ms: 600_000,
                soon: true
            }
        );
        let overdue = Clock::of(Some(NOW - 90_000), true, false, NOW);
        assert_eq!(overdue, Clock::Overdue { ms: 90_000 });
        assert!(overdue.breached());
        // The server said breached though the browser's clock lags: overdue all the same.
        assert_eq!(
            Clock::of(Some(NOW + 5_000), true, false, NOW),
            Clock::Overdue { ms: 0 }
        );
        assert_eq!(Clock::of(Some(NOW - 1), false, true, NOW), Clock::Met);
        assert_eq!(Clock::of(Some(NOW - 1), true, true, NOW), Clock::MetLate);
        assert!(Clock::MetLate.breached());
        assert!(!Clock::Met.breached());
    }

    #[test]
    fn spans_read_like_people_write_them() {
        assert_eq!(span_text(0), "< 1 min");
        assert_eq!(span_text(-5), "< 1 min");
        assert_eq!(span_text(59_999), "< 1 min");
        assert_eq!(span_text(45 * MINUTE), "45 min");
        assert_eq!(span_text(120 * MINUTE), "2 h");
        assert_eq!(span_text(125 * MINUTE), "2 h 5 min");
        assert_eq!(span_text(24 * 60 * MINUTE + 59 * MINUTE), "1 d");
        assert_eq!(
            span_text((3 * 24 + 4) * 60 * MINUTE + 7 * MINUTE),
            "3 d 4 h"
        );
        assert_eq!(
            span(26 * 60 * MINUTE),
            Span {
                days: 1,
                hours: 2,
                minutes: 0
            }
        );
    }
}

#[cfg(test)]
mod ticket_tests {
    use ayuda_api::Status;

    use super::*;
    use crate::desk_macro::tests::ticket;

    const NOW: i64 = 1_800_000_000_000;

    #[test]
    fn a_tickets_clocks() {
        let mut t = ticket();
        t.sla.first_response_due = Some(NOW + 30 * MINUTE);
        t.sla.resolution_due = Some(NOW + 300 * MINUTE);
        t.sla.next_due = t.sla.first_response_due;
        assert_eq!(
            inbox_clock(&t, NOW),
            Clock::Left {
                ms: 30 * MINUTE,
                soon: true
            }
        );
        t.first_response_at = Some(NOW - MINUTE);
        t.sla.next_due = t.sla.resolution_due;
        assert_eq!(first_response(&t, NOW), Clock::Met);
        assert_eq!(
            inbox_clock(&t, NOW),
            Clock::Left {
                ms: 300 * MINUTE,
                soon: false
            }
        );
        t.status = Status::Pending;
        assert_eq!(resolution(&t, NOW), Clock::Paused);
        t.status = Status::Open;
        t.sla.resolution_due = Some(NOW - 10 * MINUTE);
        t.sla.resolution_breached = true;
        assert_eq!(inbox_clock(&t, NOW), Clock::Overdue { ms: 10 * MINUTE });
        t.status = Status::Solved;
        assert_eq!(resolution(&t, NOW), Clock::MetLate);
        assert_eq!(first_response(&ticket(), NOW), Clock::None);
    }
}
