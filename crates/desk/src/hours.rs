//! Business hours: when a team is at work, in its own time zone, and business-time arithmetic.
//!
//! A schedule is a time zone, up to a few half-open local intervals per weekday, and holidays
//! (whole local dates closed). Each day's local intervals are mapped to instants through the
//! zone with jiff, so daylight-saving changes are handled by construction:
//!
//! - a local time that does not exist (spring-forward gap) maps to the end of the gap, i.e. the
//!   transition instant: 02:30 on a day that jumps from 02:00 to 03:00 means 03:00;
//! - an ambiguous local time (fall-back fold) maps to its earlier occurrence.
//!
//! That mapping is monotonic, so a day's intervals stay sorted and never overlap the next
//! day's. An interval ending at `00:00` ends at midnight *at the end of* its day (24:00), which
//! is how a schedule says "until midnight" or, with `00:00–00:00`, "all day".
//!
//! All durations here are business time: only instants when the team is open count.

use jiff::civil::{Date, Time};
use jiff::tz::{AmbiguousOffset, TimeZone, TimeZoneDatabase};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How many consecutive days without a single open minute mean "never open".
pub const MAX_CLOSED_DAYS: i32 = 400;

/// How far ahead (in days) [`BusinessHours::add_business_duration`] searches: ten years.
pub const MAX_SEARCH_DAYS: i32 = 3660;

/// A schedule as written in configuration: the serde form of [`BusinessHours`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BusinessHoursConfig {
    /// IANA time zone name, e.g. `Europe/Madrid`.
    pub time_zone: String,
    /// Monday … Sunday: sorted, non-overlapping, half-open local intervals; may be empty.
    /// An end of `00:00` means midnight at the end of the day.
    pub weekly: [Vec<(Time, Time)>; 7],
    /// Local dates on which the team is closed all day.
    #[serde(default)]
    pub holidays: Vec<Date>,
}

/// A validated schedule with its time zone resolved. Build it with [`BusinessHours::new`] or
/// deserialize a [`BusinessHoursConfig`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "BusinessHoursConfig", into = "BusinessHoursConfig")]
pub struct BusinessHours {
    config: BusinessHoursConfig,
    tz: TimeZone,
}

impl TryFrom<BusinessHoursConfig> for BusinessHours {
    type Error = Error;

    fn try_from(config: BusinessHoursConfig) -> Result<Self> {
        BusinessHours::new(config)
    }
}

impl From<BusinessHours> for BusinessHoursConfig {
    fn from(hours: BusinessHours) -> Self {
        hours.config
    }
}

/// An interval's end as minutes-since-midnight-ish ordering key: `00:00` as an end is 24:00.
fn end_key(end: Time) -> (bool, Time) {
    (end == Time::midnight(), end)
}

impl BusinessHours {
    /// Validates a schedule: the zone must be known to the bundled IANA database, every interval
    /// must start before it ends, and each day's intervals must be sorted and must not overlap
    /// (touching is fine: they are merged). Holidays are sorted and deduplicated.
    pub fn new(mut config: BusinessHoursConfig) -> Result<BusinessHours> {
        let tz = TimeZoneDatabase::bundled()
            .get(&config.time_zone)
            .map_err(|_| Error::UnknownTimeZone(config.time_zone.clone()))?;
        for (day, intervals) in config.weekly.iter_mut().enumerate() {
            let mut merged: Vec<(Time, Time)> = Vec::with_capacity(intervals.len());
            for &(start, end) in intervals.iter() {
                if end != Time::midnight() && start >= end {
                    return Err(Error::EmptyInterval {
                        day,
                        start: start.to_string(),
                        end: end.to_string(),
                    });
                }
                match merged.last_mut() {
                    // The previous interval ends at midnight, or after this one starts.
                    Some(last) if end_key(last.1) > (false, start) => {
                        return Err(Error::UnsortedIntervals { day });
                    }
                    Some(last) if last.1 == start => last.1 = end,
                    _ => merged.push((start, end)),
                }
            }
            *intervals = merged;
        }
        config.holidays.sort_unstable();
        config.holidays.dedup();
        Ok(BusinessHours { config, tz })
    }

    /// A team that is always open (24/7, no holidays), in UTC.
    pub fn always() -> BusinessHours {
        let all_day = vec![(Time::midnight(), Time::midnight())];
        BusinessHours {
            config: BusinessHoursConfig {
                time_zone: "UTC".to_owned(),
                weekly: std::array::from_fn(|_| all_day.clone()),
                holidays: Vec::new(),
            },
            tz: TimeZone::UTC,
        }
    }

    /// The schedule as configured (normalized).
    pub fn config(&self) -> &BusinessHoursConfig {
        &self.config
    }

    /// The team's time zone.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Whether `date` is one of the team's holidays.
    pub fn is_holiday(&self, date: Date) -> bool {
        self.config.holidays.binary_search(&date).is_ok()
    }

    /// Whether the team is open at `at`.
    pub fn is_open(&self, at: Timestamp) -> bool {
        self.intervals_from(at, MAX_CLOSED_DAYS)
            .next()
            .is_some_and(|(start, _)| start <= at)
    }

    /// The first instant at or after `at` when the team is open (`at` itself if open now), or
    /// `None` if the schedule has no open minute in the next [`MAX_CLOSED_DAYS`] days.
    pub fn next_open(&self, at: Timestamp) -> Option<Timestamp> {
        self.intervals_from(at, MAX_CLOSED_DAYS)
            .next()
            .map(|(start, _)| start.max(at))
    }

    /// The end of the open stretch containing `at` (where consecutive intervals touch, e.g. at
    /// midnight, the stretch continues), or `None` if closed at `at`.
    pub fn open_until(&self, at: Timestamp) -> Option<Timestamp> {
        let mut intervals = self.intervals_from(at, MAX_CLOSED_DAYS);
        let (start, mut end) = intervals.next()?;
        if start > at {
            return None;
        }
        // A stretch is at most a few days long unless the team is always open; stop after a
        // week so that 24/7 schedules answer quickly.
        let limit = at.checked_add(SignedDuration::from_hours(24 * 7)).ok()?;
        for (next_start, next_end) in intervals {
            if next_start != end || end >= limit {
                break;
            }
            end = next_end;
        }
        Some(end)
    }

    /// The instant at which `duration` of business time has elapsed since `start`: counting
    /// only open time, from `start` (or from the next opening if closed then). The result is
    /// either an open instant or the end boundary of an open interval, never inside a closed
    /// stretch. A zero duration from an open instant is `start` itself.
    ///
    /// `None` if `duration` is negative or the result is more than [`MAX_SEARCH_DAYS`] away.
    pub fn add_business_duration(
        &self,
        start: Timestamp,
        duration: SignedDuration,
    ) -> Option<Timestamp> {
        if duration.is_negative() {
            return None;
        }
        let limit_days = MAX_SEARCH_DAYS;
        let mut remaining = duration;
        for (open, close) in self.intervals_within(start, limit_days) {
            let from = open.max(start);
            let available = close.duration_since(from);
            if remaining <= available {
                return from.checked_add(remaining).ok();
            }
            remaining -= available;
        }
        None
    }

    /// The business time elapsed between `from` and `to` (zero if `to <= from`).
    pub fn business_duration_between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        let mut total = SignedDuration::ZERO;
        if to <= from {
            return total;
        }
        for (open, close) in self.intervals_from(from, MAX_CLOSED_DAYS) {
            if open >= to {
                break;
            }
            total += close.min(to).duration_since(open.max(from));
            if close >= to {
                break;
            }
        }
        total
    }

    /// Open intervals (as instants) ending after `at`, in order, until a run of `max_closed_days`
    /// closed days; their starts may be before `at`.
    fn intervals_from(&self, at: Timestamp, max_closed_days: i32) -> OpenIntervals<'_> {
        OpenIntervals::new(self, at, max_closed_days, None)
    }

    /// Like [`Self::intervals_from`], and also stops after `days` days.
    fn intervals_within(&self, at: Timestamp, days: i32) -> OpenIntervals<'_> {
        OpenIntervals::new(self, at, MAX_CLOSED_DAYS, Some(days))
    }

    /// The day's open intervals as instants; empty on holidays. Empty mapped intervals (local
    /// intervals wholly inside a spring-forward gap) are dropped.
    fn day_intervals(&self, date: Date) -> Vec<(Timestamp, Timestamp)> {
        if self.is_holiday(date) {
            return Vec::new();
        }
        let weekday = date.weekday().to_monday_zero_offset();
        let Some(local) = self.config.weekly.get(usize::from(weekday.unsigned_abs())) else {
            return Vec::new();
        };
        local
            .iter()
            .filter_map(|&(start, end)| {
                let start = self.instant(date, start)?;
                let end = if end == Time::midnight() {
                    self.instant(date.tomorrow().ok()?, end)?
                } else {
                    self.instant(date, end)?
                };
                (start < end).then_some((start, end))
            })
            .collect()
    }

    /// A local date and time as an instant: gap times map to the gap's end, fold times to the
    /// earlier occurrence. `None` only at the edges of jiff's supported range.
    fn instant(&self, date: Date, time: Time) -> Option<Timestamp> {
        let local = date.to_datetime(time);
        match self.tz.to_ambiguous_timestamp(local).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(local).ok(),
            AmbiguousOffset::Fold { before, after } => {
                let a = before.to_timestamp(local).ok()?;
                let b = after.to_timestamp(local).ok()?;
                Some(a.min(b))
            }
            AmbiguousOffset::Gap { before, after } => {
                // Read with the later offset, the local time lands just before the transition;
                // the transition itself is the first instant whose local time is past the gap.
                let a = before.to_timestamp(local).ok()?;
                let b = after.to_timestamp(local).ok()?;
                let earliest = a.min(b);
                self.tz
                    .following(earliest)
                    .next()
                    .map(|transition| transition.timestamp())
            }
        }
    }
}

/// Iterator over a schedule's open intervals, day by day in the team's zone.
struct OpenIntervals<'a> {
    hours: &'a BusinessHours,
    at: Timestamp,
    /// The next local date whose intervals are not yet loaded.
    next_date: Option<Date>,
    buffer: std::vec::IntoIter<(Timestamp, Timestamp)>,
    closed_days: i32,
    max_closed_days: i32,
    days_left: Option<i32>,
}

impl<'a> OpenIntervals<'a> {
    fn new(
        hours: &'a BusinessHours,
        at: Timestamp,
        max_closed_days: i32,
        days: Option<i32>,
    ) -> Self {
        // Start one day early: in a fold the previous local date's last interval can still be
        // running at `at`.
        let local_date = at.to_zoned(hours.tz.clone()).date();
        OpenIntervals {
            hours,
            at,
            next_date: local_date.yesterday().ok().or(Some(local_date)),
            buffer: Vec::new().into_iter(),
            closed_days: 0,
            max_closed_days,
            days_left: days.map(|d| d.saturating_add(1)),
        }
    }
}

impl Iterator for OpenIntervals<'_> {
    type Item = (Timestamp, Timestamp);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            for interval in self.buffer.by_ref() {
                if interval.1 > self.at {
                    return Some(interval);
                }
            }
            if self.closed_days >= self.max_closed_days {
                return None;
            }
            if let Some(days_left) = self.days_left.as_mut() {
                if *days_left <= 0 {
                    return None;
                }
                *days_left -= 1;
            }
            let date = self.next_date?;
            self.next_date = date.tomorrow().ok();
            let intervals = self.hours.day_intervals(date);
            if intervals.is_empty() {
                self.closed_days += 1;
            } else {
                self.closed_days = 0;
            }
            self.buffer = intervals.into_iter();
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::{date, time};
    use jiff::{ToSpan, Zoned};

    use super::*;

    /// Monday to Friday 09:00–14:00 and 15:00–18:00 in Madrid, with the given holidays.
    pub(crate) fn madrid_office(holidays: Vec<Date>) -> BusinessHours {
        crate::testing::weekdays_in_madrid(&[(9, 14), (15, 18)], holidays)
    }

    use crate::testing::madrid;

    fn local(hours: &BusinessHours, at: Timestamp) -> Zoned {
        at.to_zoned(hours.time_zone().clone())
    }

    fn config(zone: &str, weekly: [Vec<(Time, Time)>; 7]) -> BusinessHoursConfig {
        BusinessHoursConfig {
            time_zone: zone.to_owned(),
            weekly,
            holidays: vec![],
        }
    }

    #[test]
    fn validation_rejects_bad_schedules() {
        let t = |h| time(h, 0, 0, 0);
        let mut weekly: [Vec<(Time, Time)>; 7] = Default::default();
        assert!(matches!(
            BusinessHours::new(config("Mars/Olympus", weekly.clone())),
            Err(Error::UnknownTimeZone(_))
        ));
        weekly[0] = vec![(t(10), t(9))];
        assert!(matches!(
            BusinessHours::new(config("UTC", weekly.clone())),
            Err(Error::EmptyInterval { day: 0, .. })
        ));
        weekly[0] = vec![(t(9), t(12)), (t(11), t(14))];
        assert_eq!(
            BusinessHours::new(config("UTC", weekly.clone())),
            Err(Error::UnsortedIntervals { day: 0 })
        );
        weekly[0] = vec![(t(15), t(18)), (t(9), t(12))];
        assert_eq!(
            BusinessHours::new(config("UTC", weekly.clone())),
            Err(Error::UnsortedIntervals { day: 0 })
        );
        weekly[0] = vec![(t(20), t(0)), (t(21), t(22))];
        assert_eq!(
            BusinessHours::new(config("UTC", weekly.clone())),
            Err(Error::UnsortedIntervals { day: 0 })
        );
        // Touching intervals merge; midnight as an end means the end of the day.
        weekly[0] = vec![(t(9), t(12)), (t(12), t(14)), (t(20), t(0))];
        let hours = BusinessHours::new(config("UTC", weekly)).expect("valid");
        assert_eq!(hours.config().weekly[0], vec![(t(9), t(14)), (t(20), t(0))]);
    }

    #[test]
    fn serde_round_trips_and_validates() -> serde_json::Result<()> {
        let hours = madrid_office(vec![date(2026, 1, 6)]);
        let json = serde_json::to_string(&hours)?;
        assert!(json.contains("\"Europe/Madrid\""));
        let back: BusinessHours = serde_json::from_str(&json)?;
        assert_eq!(back, hours);
        let bad = json.replace("Europe/Madrid", "Nowhere/Atlantis");
        assert!(serde_json::from_str::<BusinessHours>(&bad).is_err());
        Ok(())
    }

    #[test]
    fn open_and_next_open_on_an_ordinary_week() {
        let hours = madrid_office(vec![]);
        // Wednesday 4 March 2026.
        assert!(hours.is_open(madrid(2026, 3, 4, 9, 0)));
        assert!(hours.is_open(madrid(2026, 3, 4, 13, 59)));
        assert!(!hours.is_open(madrid(2026, 3, 4, 14, 0)));
        assert_eq!(
            hours.next_open(madrid(2026, 3, 4, 14, 30)),
            Some(madrid(2026, 3, 4, 15, 0))
        );
        assert_eq!(
            hours.open_until(madrid(2026, 3, 4, 10, 0)),
            Some(madrid(2026, 3, 4, 14, 0))
        );
        assert_eq!(hours.open_until(madrid(2026, 3, 4, 14, 0)), None);
        // Friday evening → Monday morning.
        assert_eq!(
            hours.next_open(madrid(2026, 3, 6, 18, 0)),
            Some(madrid(2026, 3, 9, 9, 0))
        );
    }

    #[test]
    fn adding_business_time_skips_lunch_nights_and_weekends() {
        let hours = madrid_office(vec![]);
        let friday_1330 = madrid(2026, 3, 6, 13, 30);
        let two_hours = SignedDuration::from_hours(2);
        // 30 min before lunch, 90 min after.
        assert_eq!(
            hours.add_business_duration(friday_1330, two_hours),
            Some(madrid(2026, 3, 6, 16, 30))
        );
        // Friday 17:00 + 2 h → Monday 10:00.
        let friday_1700 = madrid(2026, 3, 6, 17, 0);
        assert_eq!(
            hours.add_business_duration(friday_1700, two_hours),
            Some(madrid(2026, 3, 9, 10, 0))
        );
        assert_eq!(
            hours.business_duration_between(friday_1700, madrid(2026, 3, 9, 10, 0)),
            two_hours
        );
        // Exactly to the end of the day lands on the end boundary.
        assert_eq!(
            hours.add_business_duration(friday_1700, SignedDuration::from_hours(1)),
            Some(madrid(2026, 3, 6, 18, 0))
        );
        assert_eq!(
            hours.add_business_duration(friday_1700, SignedDuration::from_secs(-1)),
            None
        );
    }

    #[test]
    fn holiday_before_a_weekend() {
        // Friday 1 May 2026 (Labour Day) is a holiday: Thursday evening → Monday.
        let hours = madrid_office(vec![date(2026, 5, 1)]);
        let thursday_1730 = madrid(2026, 4, 30, 17, 30);
        assert!(!hours.is_open(madrid(2026, 5, 1, 10, 0)));
        assert_eq!(
            hours.next_open(madrid(2026, 4, 30, 18, 0)),
            Some(madrid(2026, 5, 4, 9, 0))
        );
        assert_eq!(
            hours.add_business_duration(thursday_1730, SignedDuration::from_hours(1)),
            Some(madrid(2026, 5, 4, 9, 30))
        );
        assert_eq!(
            hours.business_duration_between(thursday_1730, madrid(2026, 5, 4, 9, 30)),
            SignedDuration::from_hours(1)
        );
    }

    /// A schedule open every day 00:00–04:00 and 08:00–12:00 in Madrid.
    fn madrid_nights() -> BusinessHours {
        let day = vec![
            (time(0, 0, 0, 0), time(4, 0, 0, 0)),
            (time(8, 0, 0, 0), time(12, 0, 0, 0)),
        ];
        BusinessHours::new(config(
            "Europe/Madrid",
            std::array::from_fn(|_| day.clone()),
        ))
        .expect("valid")
    }

    #[test]
    fn spring_forward_2026_madrid() {
        // Sunday 29 March 2026: 02:00 CET jumps to 03:00 CEST. The 00:00–04:00 interval holds
        // only three real hours.
        let hours = madrid_nights();
        let midnight = madrid(2026, 3, 29, 0, 0);
        let four = madrid(2026, 3, 29, 4, 0);
        assert_eq!(four.duration_since(midnight), SignedDuration::from_hours(3));
        assert_eq!(
            hours.business_duration_between(midnight, four),
            SignedDuration::from_hours(3)
        );
        assert_eq!(
            hours.add_business_duration(midnight, SignedDuration::from_hours(3)),
            Some(four)
        );
        // A day counts 3 + 4 business hours on that Sunday.
        let next_midnight = madrid(2026, 3, 30, 0, 0);
        assert_eq!(
            hours.business_duration_between(midnight, next_midnight),
            SignedDuration::from_hours(7)
        );
    }

    #[test]
    fn interval_starting_in_the_gap_starts_at_the_gap_end() {
        let t = |h, m| time(h, m, 0, 0);
        let mut weekly: [Vec<(Time, Time)>; 7] = Default::default();
        weekly[6] = vec![(t(2, 30), t(5, 0))]; // Sundays 02:30–05:00
        let hours = BusinessHours::new(config("Europe/Madrid", weekly)).expect("valid");
        let before = madrid(2026, 3, 29, 1, 0);
        let opening = hours.next_open(before).expect("opens");
        // 03:00 CEST = 01:00 UTC, the transition instant.
        assert_eq!(
            opening,
            "2026-03-29T01:00:00Z".parse::<Timestamp>().expect("valid")
        );
        assert_eq!(local(&hours, opening).time(), t(3, 0));
        assert_eq!(
            hours.business_duration_between(before, madrid(2026, 3, 29, 6, 0)),
            SignedDuration::from_hours(2)
        );
    }

    #[test]
    fn fall_back_2026_madrid() {
        // Sunday 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:00–03:00 happens twice.
        let hours = madrid_nights();
        let midnight = madrid(2026, 10, 25, 0, 0);
        let four = madrid(2026, 10, 25, 4, 0);
        assert_eq!(four.duration_since(midnight), SignedDuration::from_hours(5));
        assert_eq!(
            hours.business_duration_between(midnight, four),
            SignedDuration::from_hours(5)
        );
        // Both 02:30s are open.
        let first_0230: Timestamp = "2026-10-25T00:30:00Z".parse().expect("valid");
        let second_0230: Timestamp = "2026-10-25T01:30:00Z".parse().expect("valid");
        assert!(hours.is_open(first_0230) && hours.is_open(second_0230));
        assert_eq!(
            hours.add_business_duration(midnight, SignedDuration::from_hours(5)),
            Some(four)
        );

        // An interval that ends at an ambiguous time ends at its earlier occurrence.
        let t = |h, m| time(h, m, 0, 0);
        let mut weekly: [Vec<(Time, Time)>; 7] = Default::default();
        weekly[6] = vec![(t(1, 0), t(2, 30))];
        let hours = BusinessHours::new(config("Europe/Madrid", weekly)).expect("valid");
        assert!(!hours.is_open(second_0230));
        assert_eq!(
            hours.business_duration_between(midnight, four),
            SignedDuration::from_mins(90)
        );
    }

    #[test]
    fn always_open_and_never_open() {
        let hours = BusinessHours::always();
        let at: Timestamp = "2026-03-29T01:30:00Z".parse().expect("valid");
        assert!(hours.is_open(at));
        assert_eq!(hours.next_open(at), Some(at));
        let later = at.checked_add(100.hours()).expect("in range");
        assert_eq!(
            hours.add_business_duration(at, SignedDuration::from_hours(100)),
            Some(later)
        );
        assert_eq!(
            hours.business_duration_between(at, later),
            SignedDuration::from_hours(100)
        );

        let never = BusinessHours::new(config("UTC", Default::default())).expect("valid");
        assert!(!never.is_open(at));
        assert_eq!(never.next_open(at), None);
        assert_eq!(never.add_business_duration(at, SignedDuration::ZERO), None);
        assert_eq!(
            never.business_duration_between(at, later),
            SignedDuration::ZERO
        );
    }

    #[test]
    fn until_midnight_touches_the_next_day() {
        let t = |h| time(h, 0, 0, 0);
        let weekly = std::array::from_fn(|_| vec![(t(0), t(2)), (t(20), t(0))]);
        let hours = BusinessHours::new(config("America/New_York", weekly)).expect("valid");
        let at = date(2026, 6, 10)
            .at(23, 0, 0, 0)
            .in_tz("America/New_York")
            .expect("valid")
            .timestamp();
        assert!(hours.is_open(at));
        let until = hours.open_until(at).expect("open");
        assert_eq!(local(&hours, until).time(), t(2));
        assert_eq!(
            hours.add_business_duration(at, SignedDuration::from_hours(3)),
            Some(until)
        );
    }
}
