//! Property tests for business-hours arithmetic and SLA clocks, over time zones with unusual
//! daylight-saving rules (30-minute shifts, +12:45 offsets, none at all), random weekly
//! schedules, holidays and instants clustered around the 2026 transitions.

use ayuda_desk::hours::MAX_SEARCH_DAYS;
use ayuda_desk::{
    BusinessHours, BusinessHoursConfig, Due, Level, SlaClock, SlaPolicy, SlaState, Status,
    StatusChange,
};
use jiff::civil::{Date, Time, date};
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "Europe/Madrid",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "UTC",
];

/// Days around which some listed zone changes its clocks in 2026.
const TRANSITION_DAYS: &[(i8, i8)] =
    &[(3, 8), (3, 29), (4, 5), (9, 27), (10, 4), (10, 25), (11, 1)];

/// A quarter-hour index 0..=96 as a time; 96 (24:00) is written 00:00, which as an end means
/// the end of the day.
fn quarter(q: u8) -> Time {
    let minutes = i32::from(q % 96) * 15;
    Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0).expect("valid time")
}

fn day_schedule() -> impl Strategy<Value = Vec<(Time, Time)>> {
    prop::collection::vec(0u8..=96, 0..=4).prop_map(|mut bounds| {
        bounds.sort_unstable();
        bounds.dedup();
        bounds
            .chunks_exact(2)
            .map(|pair| (quarter(pair[0]), quarter(pair[1])))
            .collect()
    })
}

fn day_of_2026(offset: i64) -> Date {
    date(2026, 1, 1)
        .checked_add(offset.days())
        .expect("in range")
}

fn schedule() -> impl Strategy<Value = BusinessHours> {
    let weekly = prop::array::uniform7(day_schedule());
    let holidays = prop::collection::vec(
        prop_oneof![
            (0i64..400).prop_map(day_of_2026),
            (prop::sample::select(TRANSITION_DAYS), -3i64..=3).prop_map(|((m, d), shift)| {
                date(2026, m, d)
                    .checked_add(shift.days())
                    .expect("in range")
            }),
        ],
        0..6,
    );
    (prop::sample::select(ZONES), weekly, holidays).prop_map(|(zone, weekly, holidays)| {
        BusinessHours::new(BusinessHoursConfig {
            time_zone: zone.to_owned(),
            weekly,
            holidays,
        })
        .expect("generated schedules are valid")
    })
}

fn instant() -> impl Strategy<Value = Timestamp> {
    let start = date(2026, 1, 1)
        .at(0, 0, 0, 0)
        .in_tz("UTC")
        .expect("valid")
        .timestamp();
    prop_oneof![
        (0i64..400 * 86_400).prop_map(move |s| start
            .checked_add(SignedDuration::from_secs(s))
            .expect("in range")),
        (
            prop::sample::select(TRANSITION_DAYS),
            -2 * 86_400i64..=2 * 86_400
        )
            .prop_map(|((m, d), s)| {
                date(2026, m, d)
                    .at(0, 0, 0, 0)
                    .in_tz("UTC")
                    .expect("valid")
                    .timestamp()
                    .checked_add(SignedDuration::from_secs(s))
                    .expect("in range")
            }),
    ]
}

/// Business minutes, up to a week of 24-hour days.
fn business_minutes() -> impl Strategy<Value = SignedDuration> {
    (0i64..=7 * 24 * 60).prop_map(SignedDuration::from_mins)
}

fn has_any_interval(hours: &BusinessHours) -> bool {
    hours.config().weekly.iter().any(|day| !day.is_empty())
}

fn local_date(hours: &BusinessHours, at: Timestamp) -> Date {
    at.to_zoned(hours.time_zone().clone()).date()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn adding_lands_open_and_round_trips(hours in schedule(), t in instant(), d in business_minutes()) {
        let Some(result) = hours.add_business_duration(t, d) else {
            // Only beyond the search horizon.
            let horizon = t.checked_add(SignedDuration::from_hours(24 * i64::from(MAX_SEARCH_DAYS))).expect("in range");
            prop_assert!(hours.business_duration_between(t, horizon) < d);
            return Ok(());
        };
        prop_assert!(result >= t);
        prop_assert_eq!(hours.business_duration_between(t, result), d);
        if d.is_zero() {
            prop_assert_eq!(Some(result), hours.next_open(t));
        } else {
            // The last business instant consumed is open and not on a holiday: the result is
            // open itself or the end boundary of an open interval.
            let last = result.checked_sub(SignedDuration::from_nanos(1)).expect("in range");
            prop_assert!(hours.is_open(last));
            prop_assert!(!hours.is_holiday(local_date(&hours, last)));
        }
        if hours.is_open(result) {
            prop_assert!(!hours.is_holiday(local_date(&hours, result)));
        }
    }

    #[test]
    fn adding_is_monotonic(hours in schedule(), t in instant(), a in business_minutes(), b in business_minutes()) {
        let (small, large) = if a <= b { (a, b) } else { (b, a) };
        let (x, y) = (hours.add_business_duration(t, small), hours.add_business_duration(t, large));
        // Both exist unless the larger one is beyond the search horizon.
        if let Some(y) = y {
            prop_assert!(x.is_some_and(|x| x <= y));
        }
    }

    #[test]
    fn next_open_is_open(hours in schedule(), t in instant()) {
        match hours.next_open(t) {
            Some(open) => {
                prop_assert!(open >= t);
                prop_assert!(hours.is_open(open));
                prop_assert!(!hours.is_holiday(local_date(&hours, open)));
                // Nothing open in between.
                prop_assert_eq!(hours.business_duration_between(t, open), SignedDuration::ZERO);
            }
            None => prop_assert!(!has_any_interval(&hours)),
        }
    }

    #[test]
    fn zero_from_an_open_instant_is_identity(hours in schedule(), t in instant()) {
        if hours.is_open(t) {
            prop_assert_eq!(hours.add_business_duration(t, SignedDuration::ZERO), Some(t));
        }
    }

    #[test]
    fn business_time_is_additive(hours in schedule(), a in instant(), b in instant(), c in instant()) {
        let mut points = [a, b, c];
        points.sort_unstable();
        let [a, b, c] = points;
        let whole = hours.business_duration_between(a, c);
        prop_assert_eq!(whole, hours.business_duration_between(a, b) + hours.business_duration_between(b, c));
        prop_assert!(whole <= c.duration_since(a));
    }

    #[test]
    fn pending_time_does_not_count(
        hours in schedule(),
        created in instant(),
        before_pause in 0i64..5 * 86_400,
        pause in 0i64..5 * 86_400,
        level in prop::sample::select(&Level::ALL[..]),
    ) {
        let policy = SlaPolicy::default();
        let target = policy.resolution.get(level);
        let pause_start = created.checked_add(SignedDuration::from_secs(before_pause)).expect("in range");
        let pause_end = pause_start.checked_add(SignedDuration::from_secs(pause)).expect("in range");
        let history = [
            StatusChange { at: pause_start, status: Status::Pending },
            StatusChange { at: pause_end, status: Status::Open },
        ];
        let plain = SlaClock::new(&hours, &policy, level, created, &[], None).expect("sorted");
        let paused = SlaClock::new(&hours, &policy, level, created, &history, None).expect("sorted");
        let (Due::At(due_plain), Due::At(due_paused)) = (plain.resolution_due(), paused.resolution_due()) else {
            // Sparse schedules can push the due time past the search horizon.
            return Ok(());
        };
        if hours.business_duration_between(created, pause_start) > target {
            // The clock ran out before the pause.
            prop_assert_eq!(due_paused, due_plain);
        } else {
            prop_assert_eq!(
                hours.business_duration_between(created, due_paused),
                target + hours.business_duration_between(pause_start, pause_end)
            );
            // While paused with time left, the ticket is never in breach.
            let middle = pause_start.checked_add(SignedDuration::from_secs(pause / 2)).expect("in range");
            prop_assert_ne!(paused.resolution_state(middle), SlaState::Breached);
        }
        prop_assert!(due_paused >= due_plain);
    }
}
