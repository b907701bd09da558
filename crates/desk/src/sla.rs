//! Service-level targets per request level, and the clocks that measure a ticket against them.
//!
//! Both targets are counted in business time ([`BusinessHours`]): a ticket filed on Friday
//! evening is not late on Saturday morning.
//!
//! - **First response**: from creation to the first public agent reply. It never pauses.
//! - **Resolution**: from creation to solved, running only while the ticket is new or open. It
//!   pauses while pending (waiting on the user) and stops when solved; a reopened ticket resumes
//!   with the time it had left.
//!
//! A clock is [`SlaState::DueSoon`] when the business time left is at most the smaller of 20 %
//! of its target and one hour (so a one-hour L3 target warns at 12 minutes, an eight-hour one at
//! one hour), and [`SlaState::Breached`] once the due instant has passed.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::hours::BusinessHours;
use crate::level::Level;
use crate::marks::{SlaMarks, due_soon_window};
use crate::status::Status;

/// One target per level, in business minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    /// L1 target, business minutes.
    pub l1: u32,
    /// L2 target, business minutes.
    pub l2: u32,
    /// L3 target, business minutes.
    pub l3: u32,
}

impl Targets {
    /// The target for `level` as a duration.
    pub fn get(&self, level: Level) -> SignedDuration {
        let minutes = match level {
            Level::L1 => self.l1,
            Level::L2 => self.l2,
            Level::L3 => self.l3,
        };
        SignedDuration::from_mins(i64::from(minutes))
    }
}

/// A team's SLA policy.
///
/// The defaults assume an eight-hour business day:
///
/// | level | first response | resolution                 |
/// |-------|----------------|----------------------------|
/// | L3    | 1 h            | 8 h (one business day)     |
/// | L2    | 4 h            | 24 h (three business days) |
/// | L1    | 8 h            | 40 h (five business days)  |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    /// Time to the first public agent reply.
    pub first_response: Targets,
    /// Time to solved, paused while pending.
    pub resolution: Targets,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            first_response: Targets {
                l1: 8 * 60,
                l2: 4 * 60,
                l3: 60,
            },
            resolution: Targets {
                l1: 5 * 8 * 60,
                l2: 3 * 8 * 60,
                l3: 8 * 60,
            },
        }
    }
}

/// A status change in a ticket's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    /// When the ticket entered `status`.
    pub at: Timestamp,
    /// The status entered.
    pub status: Status,
}

pub use ayuda_api::SlaState;

/// When the resolution clock runs out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Due {
    /// The clock runs out at this instant (in the past if it already did).
    At(Timestamp),
    /// The clock is paused (pending) or stopped (solved, closed) with this much business time
    /// left; it has not run out.
    Paused {
        /// Business time left on the clock.
        remaining: SignedDuration,
    },
    /// The team's schedule never opens again, so the clock cannot run out.
    Never,
}

/// A ticket measured against its SLA: pure functions over its creation time, level, status
/// history and first reply.
#[derive(Debug, Clone)]
pub struct SlaClock<'a> {
    hours: &'a BusinessHours,
    first_response_target: SignedDuration,
    resolution_target: SignedDuration,
    created: Timestamp,
    history: &'a [StatusChange],
    first_response_at: Option<Timestamp>,
}

impl<'a> SlaClock<'a> {
    /// A clock for a ticket created (as [`Status::New`]) at `created`, with the later status
    /// changes in `history` (chronological, none before `created`) and its first public agent
    /// reply, if any.
    pub fn new(
        hours: &'a BusinessHours,
        policy: &SlaPolicy,
        level: Level,
        created: Timestamp,
        history: &'a [StatusChange],
        first_response_at: Option<Timestamp>,
    ) -> Result<SlaClock<'a>> {
        let mut previous = created;
        for change in history {
            if change.at < previous {
                return Err(Error::UnsortedHistory);
            }
            previous = change.at;
        }
        Ok(SlaClock {
            hours,
            first_response_target: policy.first_response.get(level),
            resolution_target: policy.resolution.get(level),
            created,
            history,
            first_response_at,
        })
    }

    /// When the first public reply is due; `None` if the schedule never opens.
    pub fn first_response_due(&self) -> Option<Timestamp> {
        self.hours
            .add_business_duration(self.created, self.first_response_target)
    }

    /// When the resolution clock runs out, given the whole history.
    pub fn resolution_due(&self) -> Due {
        self.resolution_progress(None)
    }

    /// The first-response clock at `now`.
    pub fn first_response_state(&self, now: Timestamp) -> SlaState {
        let Some(due) = self.first_response_due() else {
            return SlaState::Ok;
        };
        match self.first_response_at {
            Some(replied) if replied <= now => {
                if replied > due {
                    SlaState::Breached
                } else {
                    SlaState::Ok
                }
            }
            // Solved without a public reply (merged, spam): nothing is owed any more.
            _ if !self.status_at(now).is_unsolved() => SlaState::Ok,
            _ => self.running_state(now, due, self.first_response_target),
        }
    }

    /// The resolution clock at `now` (history after `now` is ignored).
    pub fn resolution_state(&self, now: Timestamp) -> SlaState {
        match self.resolution_progress(Some(now)) {
            Due::At(due) => self.running_state(now, due, self.resolution_target),
            Due::Paused { .. } | Due::Never => SlaState::Ok,
        }
    }

    /// The breaches at `now`, as the bits [`SlaMarks::breached`] keeps.
    pub fn breach_bits(&self, now: Timestamp) -> i64 {
        let mut bits = 0;
        if self.first_response_state(now) == SlaState::Breached {
            bits |= SlaMarks::FIRST_RESPONSE;
        }
        if self.resolution_state(now) == SlaState::Breached {
            bits |= SlaMarks::RESOLUTION;
        }
        bits
    }

    /// The worse of the two clocks at `now`.
    pub fn state(&self, now: Timestamp) -> SlaState {
        self.first_response_state(now)
            .max(self.resolution_state(now))
    }

    fn running_state(&self, now: Timestamp, due: Timestamp, target: SignedDuration) -> SlaState {
        if now > due {
            return SlaState::Breached;
        }
        if self.hours.business_duration_between(now, due) <= due_soon_window(target) {
            SlaState::DueSoon
        } else {
            SlaState::Ok
        }
    }

    /// The ticket's status at `at`.
    fn status_at(&self, at: Timestamp) -> Status {
        self.history
            .iter()
            .take_while(|change| change.at <= at)
            .last()
            .map_or(Status::New, |change| change.status)
    }

    /// Walks the running stretches of the resolution clock, considering status changes up to
    /// `until` (all of them if `None`).
    fn resolution_progress(&self, until: Option<Timestamp>) -> Due {
        let mut remaining = self.resolution_target;
        let mut status = Status::New;
        let mut since = self.created;
        let changes = self
            .history
            .iter()
            .take_while(|change| until.is_none_or(|until| change.at <= until));
        for change in changes {
            if status.sla_clock_runs() {
                let elapsed = self.hours.business_duration_between(since, change.at);
                // Strictly more: a ticket solved exactly at its due instant met its target.
                if elapsed > remaining {
                    return self
                        .hours
                        .add_business_duration(since, remaining)
                        .map_or(Due::Never, Due::At);
                }
                remaining -= elapsed;
            }
            status = change.status;
            since = change.at;
        }
        if status.sla_clock_runs() {
            self.hours
                .add_business_duration(since, remaining)
                .map_or(Due::Never, Due::At)
        } else {
            Due::Paused { remaining }
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{Date, date};

    use super::*;

    fn madrid_office(holidays: Vec<Date>) -> BusinessHours {
        crate::testing::weekdays_in_madrid(&[(9, 17)], holidays)
    }

    fn madrid(m: i8, d: i8, h: i8, min: i8) -> Timestamp {
        crate::testing::madrid(2026, m, d, h, min)
    }

    fn change(at: Timestamp, status: Status) -> StatusChange {
        StatusChange { at, status }
    }

    #[test]
    fn default_targets() {
        let policy = SlaPolicy::default();
        assert_eq!(
            policy.first_response.get(Level::L3),
            SignedDuration::from_hours(1)
        );
        assert_eq!(
            policy.resolution.get(Level::L2),
            SignedDuration::from_hours(24)
        );
    }

    #[test]
    fn due_times_skip_the_weekend() -> Result<()> {
        let hours = madrid_office(vec![]);
        let policy = SlaPolicy::default();
        // Friday 6 March 2026, 16:30, an L3.
        let created = madrid(3, 6, 16, 30);
        let clock = SlaClock::new(&hours, &policy, Level::L3, created, &[], None)?;
        assert_eq!(clock.first_response_due(), Some(madrid(3, 9, 9, 30)));
        // 8 h of resolution: 30 min on Friday, 7 h 30 min on Monday.
        assert_eq!(clock.resolution_due(), Due::At(madrid(3, 9, 16, 30)));
        assert_eq!(clock.state(madrid(3, 7, 12, 0)), SlaState::Ok);
        // Monday 09:20: ten business minutes left of sixty → due soon (≤ 12 min).
        assert_eq!(
            clock.first_response_state(madrid(3, 9, 9, 20)),
            SlaState::DueSoon
        );
        assert_eq!(
            clock.first_response_state(madrid(3, 9, 9, 31)),
            SlaState::Breached
        );
        Ok(())
    }

    #[test]
    fn pending_pauses_the_resolution_clock() -> Result<()> {
        let hours = madrid_office(vec![]);
        let policy = SlaPolicy::default();
        let created = madrid(3, 2, 9, 0); // Monday
        let history = [
            change(madrid(3, 2, 10, 0), Status::Open),
            change(madrid(3, 2, 11, 0), Status::Pending),
            change(madrid(3, 3, 11, 0), Status::Open), // a full business day later
        ];
        let clock = SlaClock::new(
            &hours,
            &policy,
            Level::L3,
            created,
            &history,
            Some(madrid(3, 2, 10, 0)),
        )?;
        // 2 h used Monday, 6 h left from Tuesday 11:00 → Tuesday 17:00.
        assert_eq!(clock.resolution_due(), Due::At(madrid(3, 3, 17, 0)));
        // While pending, the clock is paused with 6 h left and not alarming.
        let during = madrid(3, 2, 16, 59);
        assert_eq!(
            clock.resolution_progress(Some(during)),
            Due::Paused {
                remaining: SignedDuration::from_hours(6)
            }
        );
        assert_eq!(clock.state(during), SlaState::Ok);
        assert_eq!(clock.state(madrid(3, 3, 16, 30)), SlaState::DueSoon);
        assert_eq!(clock.state(madrid(3, 3, 17, 1)), SlaState::Breached);
        Ok(())
    }

    #[test]
    fn solving_stops_the_clock_and_reopening_resumes_it() -> Result<()> {
        let hours = madrid_office(vec![]);
        let policy = SlaPolicy::default();
        let created = madrid(3, 2, 9, 0);
        let mut history = vec![
            change(madrid(3, 2, 9, 30), Status::Open),
            change(madrid(3, 2, 13, 0), Status::Solved),
        ];
        let clock = SlaClock::new(
            &hours,
            &policy,
            Level::L3,
            created,
            &history,
            Some(madrid(3, 2, 9, 30)),
        )?;
        assert_eq!(
            clock.resolution_due(),
            Due::Paused {
                remaining: SignedDuration::from_hours(4)
            }
        );
        assert_eq!(clock.state(madrid(3, 20, 9, 0)), SlaState::Ok);

        history.push(change(madrid(3, 4, 9, 0), Status::Open));
        let clock = SlaClock::new(
            &hours,
            &policy,
            Level::L3,
            created,
            &history,
            Some(madrid(3, 2, 9, 30)),
        )?;
        assert_eq!(clock.resolution_due(), Due::At(madrid(3, 4, 13, 0)));
        Ok(())
    }

    #[test]
    fn solved_late_stays_breached_and_solved_on_time_is_ok() -> Result<()> {
        let hours = madrid_office(vec![]);
        let policy = SlaPolicy::default();
        let created = madrid(3, 2, 9, 0);
        let on_time = [change(madrid(3, 2, 17, 0), Status::Solved)];
        let clock = SlaClock::new(
            &hours,
            &policy,
            Level::L3,
            created,
            &on_time,
            Some(madrid(3, 2, 9, 0)),
        )?;
        assert_eq!(clock.resolution_state(madrid(3, 9, 9, 0)), SlaState::Ok);
        let late = [change(madrid(3, 3, 9, 1), Status::Solved)];
        let clock = SlaClock::new(
            &hours,
            &policy,
            Level::L3,
            created,
            &late,
            Some(madrid(3, 2, 11, 0)),
        )?;
        assert_eq!(
            clock.resolution_state(madrid(3, 9, 9, 0)),
            SlaState::Breached
        );
        assert_eq!(
            clock.first_response_state(madrid(3, 9, 9, 0)),
            SlaState::Breached
        );
        Ok(())
    }

    #[test]
    fn unsorted_history_is_refused() {
        let hours = madrid_office(vec![]);
        let history = [
            change(madrid(3, 2, 12, 0), Status::Open),
            change(madrid(3, 2, 11, 0), Status::Pending),
        ];
        let clock = SlaClock::new(
            &hours,
            &SlaPolicy::default(),
            Level::L1,
            madrid(3, 2, 9, 0),
            &history,
            None,
        );
        assert!(matches!(clock, Err(Error::UnsortedHistory)));
    }

    #[test]
    fn holiday_before_a_weekend_moves_the_due_time() -> Result<()> {
        // Friday 1 May 2026 is a holiday.
        let hours = madrid_office(vec![date(2026, 5, 1)]);
        let created = madrid(4, 30, 16, 0);
        let clock = SlaClock::new(&hours, &SlaPolicy::default(), Level::L2, created, &[], None)?;
        assert_eq!(clock.first_response_due(), Some(madrid(5, 4, 12, 0)));
        Ok(())
    }
}
