//! Fixtures shared by the unit tests of `hours`, `sla` and `expect`.

use jiff::Timestamp;
use jiff::civil::{Date, date, time};

use crate::hours::{BusinessHours, BusinessHoursConfig};

/// Monday to Friday with the given `(from, to)` whole-hour intervals in Madrid, closed at the
/// weekend and on `holidays`.
pub(crate) fn weekdays_in_madrid(intervals: &[(i8, i8)], holidays: Vec<Date>) -> BusinessHours {
    let day: Vec<_> = intervals
        .iter()
        .map(|&(from, to)| (time(from, 0, 0, 0), time(to, 0, 0, 0)))
        .collect();
    let weekly = [
        day.clone(),
        day.clone(),
        day.clone(),
        day.clone(),
        day,
        vec![],
        vec![],
    ];
    BusinessHours::new(BusinessHoursConfig {
        time_zone: "Europe/Madrid".to_owned(),
        weekly,
        holidays,
    })
    .expect("valid schedule")
}

/// The instant of a Madrid wall-clock time.
pub(crate) fn madrid(y: i16, m: i8, d: i8, h: i8, min: i8) -> Timestamp {
    date(y, m, d)
        .at(h, min, 0, 0)
        .in_tz("Europe/Madrid")
        .expect("valid local time")
        .timestamp()
}
