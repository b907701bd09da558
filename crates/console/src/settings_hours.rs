//! Business hours as the form holds them ↔ the desk's JSON: times of day (`<input type=time>`
//! writes `09:00`, the desk `09:00:00`), a day's periods checked the way the server checks them
//! (each starts before it ends, `00:00` as an end meaning midnight; sorted, no overlaps),
//! holidays, SLA durations (`1h 30m` ↔ minutes) and the time zones offered.

/// A few time zones offered in the field's list (any IANA name is accepted).
pub const TIME_ZONES: [&str; 24] = [
    "UTC",
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Rome",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Caracas",
    "America/Montevideo",
    "America/Sao_Paulo",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Australia/Sydney",
];

/// The longest SLA target the server takes: one year, in minutes.
pub const MAX_TARGET_MINUTES: u32 = 60 * 24 * 365;

/// One opening period as typed: `from`–`to`, `HH:MM`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeriodText {
    pub from: String,
    pub to: String,
}

/// What is wrong with a day's periods: which one (in the order shown) and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodProblem {
    pub index: usize,
    pub kind: PeriodFault,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodFault {
    /// A time is missing or not a time of day.
    NotATime,
    /// It does not start before it ends.
    Backwards,
    /// It overlaps another period of the day.
    Overlaps,
}

/// What keeps a site's support settings from being sent, and where: rows are named by the
/// form's own ids for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoursProblem {
    /// No time zone.
    TimeZone,
    /// A weekday's period (`day` 0 = Monday).
    Period {
        day: usize,
        row: u64,
        fault: PeriodFault,
    },
    /// An SLA target (`resolution` or first response, level index 0–2) is not 1 minute–1 year.
    Target { resolution: bool, level: usize },
    /// A category's key is not 1–64 of `a-z 0-9 _ - . :`.
    CategoryKey(u64),
    /// Two categories have this one's key.
    DuplicateCategory(u64),
    /// A category's names must be 1–100 characters.
    CategoryLabel(u64),
    /// The auto-reply's confidence is not 0–100 %.
    Confidence,
    /// The auto-reply's article count is not 0–10.
    MaxArticles,
}

impl HoursProblem {
    /// The id of the field to focus (and whose error line says it).
    pub fn field(&self) -> String {
        match self {
            HoursProblem::TimeZone => "hours-time-zone".to_owned(),
            HoursProblem::Period { day, row, .. } => format!("hours-{day}-{row}-from"),
            HoursProblem::Target { resolution, level } => format!(
                "sla-{}-l{}",
                if *resolution { "resolution" } else { "first" },
                level + 1
            ),
            HoursProblem::CategoryKey(row) | HoursProblem::DuplicateCategory(row) => {
                format!("category-{row}-key")
            }
            HoursProblem::CategoryLabel(row) => format!("category-{row}-es"),
            HoursProblem::Confidence => "auto-reply-confidence".to_owned(),
            HoursProblem::MaxArticles => "auto-reply-max".to_owned(),
        }
    }
}

/// The auto-reply's confidence as a whole percentage, from the desk's 0–1.
pub fn percent(share: f32) -> String {
    format!("{}", (share * 100.0).round())
}

/// The desk's 0–1 from a percentage as typed.
pub fn share(percent: &str) -> Option<f32> {
    let value: f32 = percent.trim().replace(',', ".").parse().ok()?;
    (0.0..=100.0).contains(&value).then(|| value / 100.0)
}

/// Minutes since midnight of `HH:MM` or `HH:MM:SS(.fff)`; `None` for anything else.
pub fn minutes(time: &str) -> Option<u32> {
    let mut parts = time.trim().split(':');
    let hours: u32 = two_digits(parts.next()?)?;
    let mins: u32 = two_digits(parts.next()?)?;
    if let Some(seconds) = parts.next() {
        let whole = seconds.split('.').next()?;
        if two_digits(whole)? > 59 {
            return None;
        }
    }
    if parts.next().is_some() || hours > 23 || mins > 59 {
        return None;
    }
    Some(hours * 60 + mins)
}

fn two_digits(part: &str) -> Option<u32> {
    (matches!(part.len(), 1 | 2) && part.bytes().all(|b| b.is_ascii_digit()))
        .then(|| part.parse().ok())
        .flatten()
}

/// `HH:MM` for a time input, from the desk's `HH:MM:SS`; unreadable text is passed on.
pub fn time_for_input(wire: &str) -> String {
    match minutes(wire) {
        Some(m) => format!("{:02}:{:02}", m / 60, m % 60),
        None => wire.to_owned(),
    }
}

/// `HH:MM:00` for the desk, from what a time input holds.
pub fn time_for_wire(input: &str) -> Option<String> {
    let m = minutes(input)?;
    Some(format!("{:02}:{:02}:00", m / 60, m % 60))
}

/// A day's periods as the desk wants them (sorted by start), or the first problem. An end of
/// `00:00` means midnight at the end of the day (`00:00`–`00:00`: all day).
pub fn check_day(periods: &[PeriodText]) -> Result<Vec<(String, String)>, PeriodProblem> {
    let mut spans = Vec::with_capacity(periods.len());
    for (index, period) in periods.iter().enumerate() {
        let problem = |kind| PeriodProblem { index, kind };
        let (Some(start), Some(end)) = (minutes(&period.from), minutes(&period.to)) else {
            return Err(problem(PeriodFault::NotATime));
        };
        let end = if end == 0 { 24 * 60 } else { end };
        if start >= end {
            return Err(problem(PeriodFault::Backwards));
        }
        spans.push((start, end, index));
    }
    spans.sort_unstable();
    for pair in spans.windows(2) {
        if let [(_, end, _), (start, _, index)] = pair
            && start < end
        {
            return Err(PeriodProblem {
                index: *index,
                kind: PeriodFault::Overlaps,
            });
        }
    }
    Ok(spans
        .into_iter()
        .map(|(start, end, _)| (clock(start), clock(end % (24 * 60))))
        .collect())
}

fn clock(minutes: u32) -> String {
    format!("{:02}:{:02}:00", minutes / 60, minutes % 60)
}

/// The periods a day's JSON holds, for the form.
pub fn day_for_form(day: &[(String, String)]) -> Vec<PeriodText> {
    day.iter()
        .map(|(from, to)| PeriodText {
            from: time_for_input(from),
            to: time_for_input(to),
        })
        .collect()
}

/// A calendar date `YYYY-MM-DD` (what `<input type=date>` writes) that exists.
pub fn date_ok(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<u32>(), month.parse::<u32>(), day.parse())
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// `holidays` with `date` added, sorted, without repeats.
pub fn with_holiday(holidays: &[String], date: &str) -> Vec<String> {
    let mut all = holidays.to_vec();
    if !all.iter().any(|d| d == date) {
        all.push(date.to_owned());
    }
    all.sort();
    all
}

/// Minutes for a duration as typed: `90`, `90m`, `1h`, `1h 30m`, `1h30`, `1:30`, `1.5h`.
pub fn parse_duration(text: &str) -> Option<u32> {
    let text = text.trim().to_lowercase().replace(' ', "");
    if text.is_empty() {
        return None;
    }
    if let Some((h, m)) = text.split_once(':') {
        let hours: u32 = h.parse().ok()?;
        let mins: u32 = m.parse().ok().filter(|m| *m < 60)?;
        return hours.checked_mul(60)?.checked_add(mins);
    }
    if let Some((h, rest)) = text.split_once('h') {
        let hours: f64 = h
            .parse()
            .ok()
            .filter(|h: &f64| h.is_finite() && *h >= 0.0)?;
        let rest = rest
            .strip_suffix("min")
            .or(rest.strip_suffix('m'))
            .unwrap_or(rest);
        let mins: u32 = if rest.is_empty() {
            0
        } else {
            rest.parse().ok()?
        };
        let total = (hours * 60.0).round() + f64::from(mins);
        return (total <= f64::from(u32::MAX)).then_some(total as u32);
    }
    let number = text
        .strip_suffix("min")
        .or(text.strip_suffix('m'))
        .unwrap_or(&text);
    number.parse().ok()
}

/// `1h 30m`, `45m`, `8h` (the form's way of writing a target).
pub fn format_duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h {m}m"),
    }
}

/// A target as typed, checked: 1 minute to one year.
pub fn target_minutes(text: &str) -> Option<u32> {
    parse_duration(text).filter(|m| (1..=MAX_TARGET_MINUTES).contains(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(from: &str, to: &str) -> PeriodText {
        PeriodText {
            from: from.into(),
            to: to.into(),
        }
    }

    #[test]
    fn times_cross_between_the_input_and_the_desk() {
        assert_eq!(time_for_input("09:00:00"), "09:00");
        assert_eq!(time_for_input("18:30:00.5"), "18:30");
        assert_eq!(time_for_wire("9:05"), Some("09:05:00".into()));
        assert_eq!(time_for_wire("24:00"), None);
        assert_eq!(time_for_wire("12:60"), None);
        assert_eq!(time_for_wire(""), None);
        assert_eq!(time_for_wire("12:00:00:00"), None);
        assert_eq!(minutes("23:59"), Some(23 * 60 + 59));
    }

    #[test]
    fn a_day_is_sorted_and_checked() {
        let day = [period("15:00", "18:00"), period("09:00", "14:00")];
        assert_eq!(
            check_day(&day),
            Ok(vec![
                ("09:00:00".into(), "14:00:00".into()),
                ("15:00:00".into(), "18:00:00".into())
            ])
        );
        // Touching is fine; the desk merges them.
        assert!(check_day(&[period("09:00", "12:00"), period("12:00", "13:00")]).is_ok());
        assert_eq!(
            check_day(&[period("09:00", "14:00"), period("13:00", "18:00")]),
            Err(PeriodProblem {
                index: 1,
                kind: PeriodFault::Overlaps
            })
        );
        assert_eq!(
            check_day(&[period("09:00", "08:00")]),
            Err(PeriodProblem {
                index: 0,
                kind: PeriodFault::Backwards
            })
        );
        assert_eq!(
            check_day(&[period("09:00", "18:00"), period("", "20:00")]),
            Err(PeriodProblem {
                index: 1,
                kind: PeriodFault::NotATime
            })
        );
        // Until midnight, and all day.
        assert_eq!(
            check_day(&[period("20:00", "00:00")]),
            Ok(vec![("20:00:00".into(), "00:00:00".into())])
        );
        assert!(check_day(&[period("00:00", "00:00")]).is_ok());
        assert!(check_day(&[period("20:00", "00:00"), period("21:00", "22:00")]).is_err());
        assert_eq!(check_day(&[]), Ok(vec![]));
    }

    #[test]
    fn a_days_json_becomes_the_form() {
        let day = vec![("09:00:00".to_owned(), "00:00:00".to_owned())];
        assert_eq!(day_for_form(&day), vec![period("09:00", "00:00")]);
    }

    #[test]
    fn holidays() {
        assert!(date_ok("2026-12-25"));
        assert!(date_ok("2028-02-29"));
        assert!(!date_ok("2026-02-29"));
        assert!(!date_ok("2026-13-01"));
        assert!(!date_ok("2026-1-01"));
        assert!(!date_ok("tomorrow"));
        let list = with_holiday(&["2026-12-25".into()], "2026-01-06");
        assert_eq!(list, vec!["2026-01-06".to_owned(), "2026-12-25".to_owned()]);
        assert_eq!(with_holiday(&list, "2026-12-25"), list);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("45m"), Some(45));
        assert_eq!(parse_duration("45 min"), Some(45));
        assert_eq!(parse_duration("8h"), Some(480));
        assert_eq!(parse_duration("1h 30m"), Some(90));
        assert_eq!(parse_duration("1H30"), Some(90));
        assert_eq!(parse_duration("1:30"), Some(90));
        assert_eq!(parse_duration("1.5h"), Some(90));
        assert_eq!(parse_duration("1:75"), None);
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("-1h"), None);
        assert_eq!(parse_duration(""), None);
        assert_eq!(format_duration(90), "1h 30m");
        assert_eq!(format_duration(45), "45m");
        assert_eq!(format_duration(2400), "40h");
        for m in [1, 59, 60, 61, 480, 2400, MAX_TARGET_MINUTES] {
            assert_eq!(parse_duration(&format_duration(m)), Some(m));
        }
        assert_eq!(target_minutes("0"), None);
        assert_eq!(target_minutes("9000h"), None);
        assert_eq!(target_minutes("2h"), Some(120));
    }

    #[test]
    fn confidence_and_fields() {
        assert_eq!(percent(0.6), "60");
        assert_eq!(share("60"), Some(0.6));
        assert_eq!(share(&percent(0.55)), Some(0.55));
        assert_eq!(share("101"), None);
        assert_eq!(share("x"), None);
        let period = HoursProblem::Period {
            day: 2,
            row: 9,
            fault: PeriodFault::Overlaps,
        };
        assert_eq!(period.field(), "hours-2-9-from");
        let target = HoursProblem::Target {
            resolution: true,
            level: 0,
        };
        assert_eq!(target.field(), "sla-resolution-l1");
    }
}
