//! The ticket volume forecast: how many tickets to expect in each hour of the coming week, by
//! local weekday × hour, and how wrong that method has been lately.
//!
//! Method:
//! - History is counted in whole local weeks, Monday 00:00 to the next Monday 00:00 in the
//!   team's time zone, by the local date and wall-clock hour of each ticket's creation. Weeks
//!   are told apart by their dates, never by adding 168 hours, so a daylight-saving week (167
//!   or 169 hours long) keeps its hours: a ticket at 09:30 local is in the 09 cell whatever the
//!   offset. The repeated hour of a fall-back night counts in its one cell (02 then holds two
//!   hours of tickets); the skipped hour of a spring-forward night stays empty.
//! - The forecast of a week is a recency-weighted mean of the same weekday and hour over the
//!   `weeks` full weeks before it: the last week weighs `weeks`, the one before `weeks - 1`, …,
//!   the oldest 1. Identical weeks forecast themselves exactly; a trend shows sooner than in a
//!   plain mean; one odd week moves the forecast by at most `weeks / (weeks·(weeks+1)/2)`, that
//!   is 2/(weeks+1), of its difference.
//! - Weeks before history begins (the week of the first ticket ever) are unknown, not quiet:
//!   they are left out and the weights are those of the weeks there are. The first week counts
//!   in full, so its days before the first ticket read as quiet.
//! - The error is measured by backtesting: each of the last [`BACKTEST_WEEKS`] full weeks that
//!   has at least one known week before it is forecast from the (up to) `weeks` known weeks
//!   before it and compared with what happened. MAE is per hour cell over all tested cells;
//!   MAPE is per day, over the tested days with at least one ticket, as a fraction (0.25 means
//!   25 %), `None` when no tested day had a ticket.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};
use serde::{Deserialize, Serialize};

/// How many past weeks the forecast averages when not told.
pub const DEFAULT_WEEKS: usize = 8;

/// The most past weeks a forecast may average (one year).
pub const MAX_WEEKS: usize = 52;

/// How many recent weeks the backtest forecasts and compares, at most.
pub const BACKTEST_WEEKS: usize = 4;

/// A week of hourly figures: Monday first, hours 0–23 local.
pub type WeekGrid = [[f64; 24]; 7];

/// How many tickets the coming week should bring, and how good such forecasts have been.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    /// Expected tickets per local weekday (Monday first) and hour.
    pub by_hour: WeekGrid,
    /// Expected tickets per local weekday (Monday first): the sum of its hours.
    pub by_day: [f64; 7],
    /// Expected tickets in the whole week.
    pub total: f64,
    /// How many known past weeks the forecast averaged (at most the weeks asked for).
    pub weeks_used: usize,
    /// The method's error over recent weeks.
    pub error: Backtest,
}

/// The forecast's error over recent weeks, each forecast from the weeks before it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    /// How many recent weeks were forecast and compared (0 to [`BACKTEST_WEEKS`]).
    pub weeks_tested: usize,
    /// Mean absolute error per hour cell, tickets; 0 when no week was tested.
    pub mae_per_hour: f64,
    /// Mean absolute percentage error per day with tickets, as a fraction; `None` when no
    /// tested day had a ticket.
    pub mape_per_day: Option<f64>,
}

/// Ticket counts of one week, Monday first.
type Counts = [[u32; 24]; 7];

/// The Monday of `date`'s week.
fn monday_of(date: Date) -> Date {
    let offset = date.weekday().to_monday_zero_offset();
    date.saturating_sub(Span::new().days(offset))
}

/// The instants a forecast with `weeks` reads, `[start, end)`: the full local weeks before the
/// one `now` is in, enough of them for the forecast and its backtest. `None` only for dates at
/// the edge of what jiff represents.
pub fn window(now: Timestamp, tz: &TimeZone, weeks: usize) -> Option<(Timestamp, Timestamp)> {
    let this_monday = monday_of(now.to_zoned(tz.clone()).date());
    let back = i64::try_from((weeks.clamp(1, MAX_WEEKS) + BACKTEST_WEEKS) * 7).ok()?;
    let first_monday = this_monday
        .checked_sub(Span::new().try_days(back).ok()?)
        .ok()?;
    let start = first_monday.to_zoned(tz.clone()).ok()?.timestamp();
    let end = this_monday.to_zoned(tz.clone()).ok()?.timestamp();
    Some((start, end))
}

/// Forecasts the week `now` is in from the `weeks` full local weeks before it (clamped to
/// `1..=`[`MAX_WEEKS`]), given the creation instants of the tickets (any order; those outside
/// [`window`] are ignored) and `history_start`, the first ticket ever: weeks before its week
/// are unknown.
pub fn forecast(
    created: &[Timestamp],
    history_start: Timestamp,
    tz: &TimeZone,
    now: Timestamp,
    weeks: usize,
) -> Forecast {
    let weeks = weeks.clamp(1, MAX_WEEKS);
    let this_monday = monday_of(now.to_zoned(tz.clone()).date());
    // counts[k - 1] is the week k weeks back (1 = the last full week).
    let span = weeks + BACKTEST_WEEKS;
    let mut counts: Vec<Counts> = vec![[[0; 24]; 7]; span];
    for at in created {
        let local = at.to_zoned(tz.clone());
        if let Some(k) = weeks_back(this_monday, local.date())
            && let Some(week) = k.checked_sub(1).and_then(|i| counts.get_mut(i))
        {
            let day = usize::from(local.weekday().to_monday_zero_offset().unsigned_abs());
            let hour = usize::from(local.hour().unsigned_abs());
            week[day % 7][hour % 24] += 1;
        }
    }
    // Weeks 1..=known are known; 0 when history begins this week or later.
    let known = weeks_back(this_monday, history_start.to_zoned(tz.clone()).date())
        .unwrap_or(0)
        .min(span);

    let (by_hour, weeks_used) = weighted_mean(&counts, 0, known, weeks);
    let by_day = day_totals(&by_hour);
    let error = backtest(&counts, known, weeks);
    Forecast {
        by_hour,
        by_day,
        total: by_day.iter().sum(),
        weeks_used,
        error,
    }
}

/// How many whole weeks before `this_monday` the week of `date` starts (1 = the week before);
/// `None` for `date` in `this_monday`'s week or later.
fn weeks_back(this_monday: Date, date: Date) -> Option<usize> {
    // Civil days are 24 hours long, so the difference is an exact number of days.
    let days = monday_of(date).duration_until(this_monday).as_secs() / 86_400;
    usize::try_from(days / 7).ok().filter(|k| *k > 0)
}

/// The recency-weighted mean of the (up to) `weeks` known weeks before the week `target` weeks
/// back (0 = the coming week), with how many weeks it averaged.
fn weighted_mean(
    counts: &[Counts],
    target: usize,
    known: usize,
    weeks: usize,
) -> (WeekGrid, usize) {
    let mut grid = [[0.0; 24]; 7];
    let used: Vec<(usize, f64)> = (1..=weeks)
        .map(|age| (target + age, weeks + 1 - age))
        .filter(|(k, _)| *k <= known)
        .filter_map(|(k, weight)| Some((k, u32::try_from(weight).ok()?.into())))
        .collect();
    let total_weight: f64 = used.iter().map(|(_, w)| w).sum();
    if used.is_empty() {
        return (grid, 0);
    }
    for (k, weight) in &used {
        let Some(week) = counts.get(k - 1) else {
            continue;
        };
        for (day, hours) in week.iter().enumerate() {
            for (hour, n) in hours.iter().enumerate() {
                grid[day][hour] += weight * f64::from(*n);
            }
        }
    }
    for hours in &mut grid {
        for cell in hours {
            *cell /= total_weight;
        }
    }
    (grid, used.len())
}

fn day_totals(grid: &WeekGrid) -> [f64; 7] {
    grid.map(|hours| hours.iter().sum())
}

/// Forecasts each of the last [`BACKTEST_WEEKS`] known weeks that has a known week before it
/// and measures the error.
fn backtest(counts: &[Counts], known: usize, weeks: usize) -> Backtest {
    let mut tested = 0usize;
    let mut absolute_error = 0.0;
    let mut percentage_errors: Vec<f64> = Vec::new();
    for target in (1..=BACKTEST_WEEKS).filter(|k| *k < known) {
        let Some(actual) = counts.get(target - 1) else {
            continue;
        };
        let (predicted, _) = weighted_mean(counts, target, known, weeks);
        tested += 1;
        for (day, hours) in actual.iter().enumerate() {
            for (hour, n) in hours.iter().enumerate() {
                absolute_error += (predicted[day][hour] - f64::from(*n)).abs();
            }
            let actual_day: f64 = hours.iter().map(|n| f64::from(*n)).sum();
            let predicted_day: f64 = predicted[day].iter().sum();
            if actual_day > 0.0 {
                percentage_errors.push((predicted_day - actual_day).abs() / actual_day);
            }
        }
    }
    // Counts are far below 2^52, so the conversions are exact.
    let cells = (tested * 7 * 24) as f64;
    Backtest {
        weeks_tested: tested,
        mae_per_hour: if tested > 0 {
            absolute_error / cells
        } else {
            0.0
        },
        mape_per_day: (!percentage_errors.is_empty())
            .then(|| percentage_errors.iter().sum::<f64>() / percentage_errors.len() as f64),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    fn madrid() -> TimeZone {
        TimeZone::get("Europe/Madrid").expect("bundled")
    }

    /// A Madrid wall-clock instant.
    fn at(day: Date, hour: i8, minute: i8) -> Timestamp {
        day.at(hour, minute, 0, 0)
            .in_tz("Europe/Madrid")
            .expect("valid local time")
            .timestamp()
    }

    fn plus_days(day: Date, days: i64) -> Date {
        day.checked_add(Span::new().days(days)).expect("in range")
    }

    /// The synthetic pattern: Monday 9–11 h busy (3 at 9, 5 at 10), Wednesday 3 at 15 h,
    /// Sunday 1 at 10 h, nothing at night.
    const PATTERN: &[(i64, i8, u32)] = &[(0, 9, 3), (0, 10, 5), (2, 15, 3), (6, 10, 1)];

    /// The pattern's tickets in the week starting `monday`, `extra` more in its first cell.
    fn week_of(monday: Date, extra: u32) -> Vec<Timestamp> {
        let mut out = Vec::new();
        for (i, &(day, hour, n)) in PATTERN.iter().enumerate() {
            let n = if i == 0 { n + extra } else { n };
            for m in 0..n {
                let minute = i8::try_from(m * 7 % 60).expect("small");
                out.push(at(plus_days(monday, day), hour, minute));
            }
        }
        out
    }

    fn expected_grid() -> WeekGrid {
        let mut grid = [[0.0; 24]; 7];
        for &(day, hour, n) in PATTERN {
            grid[usize::try_from(day).expect("day")][usize::try_from(hour).expect("hour")] =
                f64::from(n);
        }
        grid
    }

    /// `count` identical weeks before the week of `now`.
    fn identical_weeks(now_day: Date, count: i64) -> (Vec<Timestamp>, Timestamp) {
        let this_monday = monday_of(now_day);
        let mut created = Vec::new();
        for k in 1..=count {
            created.extend(week_of(plus_days(this_monday, -7 * k), 0));
        }
        let first = *created.iter().min().expect("some");
        (created, first)
    }

    #[test]
    fn identical_weeks_forecast_themselves_with_no_error() {
        let now_day = date(2026, 12, 9);
        let (created, first) = identical_weeks(now_day, 12);
        let f = forecast(&created, first, &madrid(), at(now_day, 12, 0), 8);
        assert_eq!(f.by_hour, expected_grid());
        assert_eq!(f.by_day, [8.0, 0.0, 3.0, 0.0, 0.0, 0.0, 1.0]);
        assert_eq!(f.total, 12.0);
        assert_eq!(f.weeks_used, 8);
        assert_eq!(
            f.error,
            Backtest {
                weeks_tested: 4,
                mae_per_hour: 0.0,
                mape_per_day: Some(0.0)
            }
        );
        // Nothing at night.
        assert!(f.by_hour.iter().all(|h| h[0..7].iter().all(|c| *c == 0.0)));
    }

    #[test]
    fn noise_is_measured_by_the_backtest() {
        // Monday 9 h has 3 tickets in weeks 1, 3 and 5 back, and 5 in weeks 2 and 4.
        let now_day = date(2026, 12, 9);
        let this_monday = monday_of(now_day);
        let mut created = Vec::new();
        for k in 1..=5 {
            let extra = if k % 2 == 0 { 2 } else { 0 };
            created.extend(week_of(plus_days(this_monday, -7 * k), extra));
        }
        let first = *created.iter().min().expect("some");
        let now = at(now_day, 12, 0);

        // One week: each week forecast by the one before, always 2 off in one cell.
        let f = forecast(&created, first, &madrid(), now, 1);
        assert_eq!(f.by_hour[0][9], 3.0);
        assert_eq!(f.error.weeks_tested, 4);
        assert_eq!(f.error.mae_per_hour, 4.0 * 2.0 / (4.0 * 168.0));
        // Monday off by 2 of 8 (weeks 1, 3) or of 10 (weeks 2, 4); other days exact.
        let mondays = (2.0 / 8.0 + 2.0 / 10.0) * 2.0;
        let expected_mape = mondays / 12.0;
        let mape = f.error.mape_per_day.expect("days with tickets");
        assert!((mape - expected_mape).abs() < 1e-12, "{mape}");

        // Two weeks: the last weighs 2, the one before 1.
        let f = forecast(&created, first, &madrid(), now, 2);
        assert_eq!(f.weeks_used, 2);
        assert!((f.by_hour[0][9] - (2.0 * 3.0 + 5.0) / 3.0).abs() < 1e-12);
        assert_eq!(f.by_hour[0][10], 5.0);
        assert!(f.error.mae_per_hour > 0.0);
    }

    #[test]
    fn short_history_uses_the_weeks_there_are() {
        let now_day = date(2026, 12, 9);
        let (created, first) = identical_weeks(now_day, 3);
        let f = forecast(&created, first, &madrid(), at(now_day, 12, 0), 8);
        assert_eq!(f.weeks_used, 3);
        assert_eq!(f.by_hour, expected_grid());
        // Weeks 1 and 2 have a week before them; week 3 is the first.
        assert_eq!(f.error.weeks_tested, 2);

        let f = forecast(&[], at(now_day, 8, 0), &madrid(), at(now_day, 12, 0), 8);
        assert_eq!(
            (f.weeks_used, f.total, f.error),
            (0, 0.0, Backtest::default())
        );
    }

    #[test]
    fn tickets_of_this_week_and_before_the_window_are_ignored() {
        let now_day = date(2026, 12, 9);
        let (mut created, first) = identical_weeks(now_day, 12);
        created.push(at(now_day, 3, 0));
        created.push(at(date(2026, 1, 5), 3, 0));
        let f = forecast(&created, first, &madrid(), at(now_day, 12, 0), 8);
        assert_eq!(f.by_hour, expected_grid());
        assert_eq!(f.error.mae_per_hour, 0.0);
    }

    #[test]
    fn daylight_saving_weeks_keep_their_hours() {
        // Spring forward on Sunday 29 March 2026, fall back on Sunday 25 October 2026: both
        // weeks are inside the history of these forecasts.
        for now_day in [date(2026, 4, 8), date(2026, 10, 28), date(2026, 11, 4)] {
            let (created, first) = identical_weeks(now_day, 12);
            let f = forecast(&created, first, &madrid(), at(now_day, 12, 0), 8);
            assert_eq!(f.by_hour, expected_grid(), "{now_day}");
            assert_eq!(f.error.mae_per_hour, 0.0, "{now_day}");
            assert_eq!(f.error.weeks_tested, 4);
        }
        // A ticket in the small hours of the day after each change is in that day's cell.
        let tz = madrid();
        let now = at(date(2026, 11, 4), 12, 0);
        let created = [at(date(2026, 3, 30), 0, 30), at(date(2026, 10, 26), 0, 30)];
        let f = forecast(&created, created[0], &tz, now, 52);
        assert_eq!(f.weeks_used, 31);
        assert!(f.by_hour[0][0] > 0.0);
        assert_eq!(f.by_day[6], 0.0);
    }

    #[test]
    fn the_window_covers_the_forecast_and_its_backtest() {
        let tz = madrid();
        let (start, end) = window(at(date(2026, 12, 9), 12, 0), &tz, 8).expect("in range");
        assert_eq!(end, at(date(2026, 12, 7), 0, 0));
        assert_eq!(start, at(date(2026, 9, 14), 0, 0));
        // A week across the fall-back change is 169 hours long, and still one week.
        let (start, end) = window(at(date(2026, 10, 28), 12, 0), &tz, 1).expect("in range");
        assert_eq!(end.duration_since(start).as_hours(), 5 * 168 + 1);
    }
}
