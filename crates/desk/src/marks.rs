//! "Breached" and "due soon" for a ticket as stored: the one definition the agents' views, the
//! inbox filters (the store's SQL is tested against it) and the metrics use.
//!
//! [`crate::SlaClock`] walks a ticket's history through business hours; its results are kept on
//! the ticket's row after every change ([`SlaMarks`]), so that "which tickets are breached
//! now?" is a comparison of stored instants, answerable in SQL without the clock.

use jiff::SignedDuration;

use ayuda_api::SlaState;

use crate::status::Status;

/// How long before its due time a running clock is "due soon": the smaller of 20 % of its
/// target and one hour (a one-hour L3 target warns at 12 minutes, an eight-hour one at one
/// hour). Used by [`crate::SlaClock`] and to compute [`SlaMarks::due_soon_at`].
pub fn due_soon_window(target: SignedDuration) -> SignedDuration {
    (target / 5).min(SignedDuration::from_hours(1))
}

/// A ticket's SLA bookkeeping as stored on its row (Unix milliseconds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SlaMarks {
    pub status: Status,
    pub first_response_at: Option<i64>,
    pub first_response_due: Option<i64>,
    /// The earliest running due instant (none when no clock runs).
    pub next_due: Option<i64>,
    /// When the running clock with the earliest due instant becomes due soon.
    pub due_soon_at: Option<i64>,
    /// Breaches recorded so far: [`SlaMarks::FIRST_RESPONSE`] | [`SlaMarks::RESOLUTION`];
    /// bits are only ever added.
    pub breached: i64,
}

impl SlaMarks {
    /// The recorded-breach bit of the first-response clock.
    pub const FIRST_RESPONSE: i64 = 1;
    /// The recorded-breach bit of the resolution clock.
    pub const RESOLUTION: i64 = 2;

    /// Breached: the ticket is unsolved and a breach was recorded or a running clock is past
    /// due. (A solved ticket's late answer shows in metrics, not as a breach to act on.)
    pub fn breached(&self, now: i64) -> bool {
        self.status.is_unsolved()
            && (self.breached != 0 || self.next_due.is_some_and(|due| due <= now))
    }

    /// Due soon: unsolved, not breached, and the earliest running clock is inside its
    /// warning window.
    pub fn due_soon(&self, now: i64) -> bool {
        self.status.is_unsolved()
            && self.breached == 0
            && self.next_due.is_some_and(|due| due > now)
            && self.due_soon_at.is_some_and(|at| at <= now)
    }

    /// The ticket's SLA state at `now`.
    pub fn state(&self, now: i64) -> SlaState {
        if self.breached(now) {
            SlaState::Breached
        } else if self.due_soon(now) {
            SlaState::DueSoon
        } else {
            SlaState::Ok
        }
    }

    /// The first reply came late, or has not come and is overdue.
    pub fn first_response_breached(&self, now: i64) -> bool {
        let late = |at: i64| self.first_response_due.is_some_and(|due| at > due);
        self.breached & Self::FIRST_RESPONSE != 0
            || self.first_response_at.is_some_and(late)
            || self.first_response_at.is_none()
                && self.status.is_unsolved()
                && self.first_response_due.is_some_and(|due| due <= now)
    }

    /// The resolution clock ran out at some point.
    pub fn resolution_breached(&self) -> bool {
        self.breached & Self::RESOLUTION != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(status: Status) -> SlaMarks {
        SlaMarks {
            status,
            next_due: Some(100),
            due_soon_at: Some(80),
            first_response_due: Some(100),
            ..SlaMarks::default()
        }
    }

    #[test]
    fn a_running_clock_goes_ok_due_soon_breached() {
        let open = marks(Status::Open);
        assert_eq!(open.state(79), SlaState::Ok);
        assert_eq!(open.state(80), SlaState::DueSoon);
        assert_eq!(open.state(99), SlaState::DueSoon);
        assert_eq!(open.state(100), SlaState::Breached);
        assert!(open.first_response_breached(100) && !open.resolution_breached());
    }

    #[test]
    fn recorded_breaches_stay_until_solved() {
        let late = SlaMarks {
            breached: SlaMarks::RESOLUTION,
            next_due: None,
            due_soon_at: None,
            ..marks(Status::Pending)
        };
        assert_eq!(late.state(0), SlaState::Breached);
        assert!(late.resolution_breached());
        let solved = SlaMarks {
            status: Status::Solved,
            ..late
        };
        assert_eq!(solved.state(1_000), SlaState::Ok);
        assert!(!marks(Status::Solved).first_response_breached(1_000));
    }

    #[test]
    fn the_window_is_a_fifth_of_the_target_at_most_an_hour() {
        assert_eq!(
            due_soon_window(SignedDuration::from_hours(1)),
            SignedDuration::from_mins(12)
        );
        assert_eq!(
            due_soon_window(SignedDuration::from_hours(8)),
            SignedDuration::from_hours(1)
        );
    }
}
