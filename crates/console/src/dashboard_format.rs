//! How the dashboard writes its figures, per language: numbers (`1.234,5` / `1,234.5` as
//! `Intl.NumberFormat` would: Spanish groups thousands from five digits on), percentages,
//! durations (`3 h 5 min`), days (`12 nov` / `Nov 12`) and the comparison with the previous
//! period (`▲ 12,5 % (+34)`), which is words and signs, never a colour alone.

use crate::i18n::Locale;
use crate::period::Day;

/// Which way a figure is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
    /// Neither (the number of tickets).
    Neither,
}

/// What a figure measures, and so how it is written and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A count; compared in percent and in units.
    Count,
    /// A fraction `0.0..=1.0`, written as a percentage; compared in percentage points.
    Rate,
    /// Seconds, written as a duration; compared as a duration.
    Duration,
    /// An expected number (a forecast's): one decimal below 10; compared like a count.
    Amount,
}

/// The direction of a change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Up,
    Down,
    /// The figures read the same.
    Flat,
}

impl Trend {
    /// `up`, `down`, `flat`: the tile's `data-trend`.
    pub fn key(self) -> &'static str {
        match self {
            Trend::Up => "up",
            Trend::Down => "down",
            Trend::Flat => "flat",
        }
    }
}

/// A figure against the previous period's.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub trend: Trend,
    /// `▲ 12,5 % (+34)`, `▼ 3,2 p. p.`, `▲ 12 min`, `= 0`.
    pub text: String,
    /// Whether it is an improvement; `None` when flat or when neither way is better.
    pub improved: Option<bool>,
}

/// `value` with `decimals` decimals (rounded half away from zero), grouped as the language
/// does.
pub fn number(locale: Locale, value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_owned();
    }
    // Half away from zero (`format!` alone rounds half to even: 2.25 → "2.2").
    let factor = 10f64.powi(i32::try_from(decimals).unwrap_or(0));
    let text = format!("{:.*}", decimals, (value.abs() * factor).round() / factor);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point, min_digits) = match locale {
        Locale::Es => ('.', ',', 5),
        Locale::En => (',', '.', 4),
    };
    let mut out = String::new();
    let negative = value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0');
    if negative {
        out.push('-');
    }
    let digits: Vec<char> = whole.chars().collect();
    for (n, digit) in digits.iter().enumerate() {
        let left = digits.len() - n;
        if n > 0 && digits.len() >= min_digits && left.is_multiple_of(3) {
            out.push(group);
        }
        out.push(*digit);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

/// A count (`12.345` / `12,345`).
pub fn count(locale: Locale, value: f64) -> String {
    number(locale, value, 0)
}

/// An average such as a forecast's: one decimal below 10, none above.
pub fn amount(locale: Locale, value: f64) -> String {
    number(locale, value, if value.abs() < 9.95 { 1 } else { 0 })
}

/// A fraction as a percentage with one decimal (`45,2 %` / `45.2%`).
pub fn percent(locale: Locale, fraction: f64) -> String {
    let value = number(locale, fraction * 100.0, 1);
    match locale {
        // A no-break space, as Spanish writes it and Intl does.
        Locale::Es => format!("{value}\u{a0}%"),
        Locale::En => format!("{value}%"),
    }
}

/// A duration in seconds: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h` (rounded to the smallest
/// unit shown).
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        return "—".to_owned();
    }
    let sign = if seconds < 0.0 { "-" } else { "" };
    let seconds = seconds.abs();
    let text = if seconds < 59.5 {
        format!("{} s", seconds.round())
    } else if seconds < 3_570.0 {
        format!("{} min", (seconds / 60.0).round())
    } else if seconds < 86_370.0 {
        let minutes = (seconds / 60.0).round();
        let (hours, minutes) = ((minutes / 60.0).floor(), minutes % 60.0);
        if minutes == 0.0 {
            format!("{hours} h")
        } else {
            format!("{hours} h {minutes} min")
        }
    } else {
        let hours = (seconds / 3_600.0).round();
        let (days, hours) = ((hours / 24.0).floor(), hours % 24.0);
        if hours == 0.0 {
            format!("{days} d")
        } else {
            format!("{days} d {hours} h")
        }
    };
    if text.starts_with("0 ") {
        text
    } else {
        format!("{sign}{text}")
    }
}

/// A figure of `kind`, or `—` when there is none.
pub fn value(locale: Locale, kind: Kind, value: Option<f64>) -> String {
    match (kind, value) {
        (_, None) => "—".to_owned(),
        (Kind::Count, Some(value)) => count(locale, value),
        (Kind::Rate, Some(value)) => percent(locale, value),
        (Kind::Duration, Some(value)) => duration(value),
        (Kind::Amount, Some(value)) => amount(locale, value),
    }
}

/// `now` against `before`; `None` when either is missing. "Flat" is when both read the same
/// as written, so the tile never says "▲" over two equal figures.
pub fn change(
    locale: Locale,
    kind: Kind,
    better: Better,
    now: Option<f64>,
    before: Option<f64>,
) -> Option<Change> {
    let (now, before) = (now?, before?);
    let diff = now - before;
    let flat = value(locale, kind, Some(now)) == value(locale, kind, Some(before));
    let trend = match () {
        _ if flat => Trend::Flat,
        _ if diff > 0.0 => Trend::Up,
        _ => Trend::Down,
    };
    let arrow = match trend {
        Trend::Up => "▲",
        Trend::Down => "▼",
        Trend::Flat => "=",
    };
    let size = match kind {
        Kind::Count | Kind::Amount => {
            let units = value(locale, kind, Some(diff.abs()));
            let sign = if diff < 0.0 { "−" } else { "+" };
            if flat {
                "0".to_owned()
            } else if before > 0.0 {
                let relative = percent(locale, diff.abs() / before);
                format!("{relative} ({sign}{units})")
            } else {
                format!("{sign}{units}")
            }
        }
        Kind::Rate => {
            let points = number(locale, diff.abs() * 100.0, 1);
            match locale {
                Locale::Es => format!("{points}\u{a0}p.\u{a0}p."),
                Locale::En => format!("{points} pts"),
            }
        }
        Kind::Duration => duration(diff.abs()),
    };
    let improved = match (trend, better) {
        (Trend::Flat, _) | (_, Better::Neither) => None,
        (Trend::Up, Better::Higher) | (Trend::Down, Better::Lower) => Some(true),
        _ => Some(false),
    };
    Some(Change {
        trend,
        text: format!("{arrow} {size}"),
        improved,
    })
}

/// The unit a time chart's axis counts in, chosen by its largest value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeUnit {
    Minutes,
    Hours,
    Days,
}

impl TimeUnit {
    /// Minutes up to two hours, hours up to three days, days beyond.
    pub fn for_max(seconds: f64) -> TimeUnit {
        if seconds <= 7_200.0 {
            TimeUnit::Minutes
        } else if seconds <= 259_200.0 {
            TimeUnit::Hours
        } else {
            TimeUnit::Days
        }
    }

    pub fn seconds(self) -> f64 {
        match self {
            TimeUnit::Minutes => 60.0,
            TimeUnit::Hours => 3_600.0,
            TimeUnit::Days => 86_400.0,
        }
    }

    /// `min`, `h`, `d`.
    pub fn symbol(self) -> &'static str {
        match self {
            TimeUnit::Minutes => "min",
            TimeUnit::Hours => "h",
            TimeUnit::Days => "d",
        }
    }
}

const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The day's year, month (1–12) and day of month.
fn parts(day: Day) -> (String, usize, u32) {
    let text = day.to_string();
    let month = text.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let date = text.get(8..10).and_then(|d| d.parse().ok()).unwrap_or(1);
    (text.get(..4).unwrap_or_default().to_owned(), month, date)
}

fn month_name(locale: Locale, month: usize) -> &'static str {
    let names = match locale {
        Locale::Es => &MONTHS_ES,
        Locale::En => &MONTHS_EN,
    };
    names
        .get(month.saturating_sub(1))
        .copied()
        .unwrap_or_default()
}

/// `12 nov` / `Nov 12`: an axis label.
pub fn short_day(locale: Locale, day: Day) -> String {
    let (_, month, date) = parts(day);
    let month = month_name(locale, month);
    match locale {
        Locale::Es => format!("{date} {month}"),
        Locale::En => format!("{month} {date}"),
    }
}

/// `12 nov 2026` / `Nov 12, 2026`.
pub fn long_day(locale: Locale, day: Day) -> String {
    let (year, month, date) = parts(day);
    let month = month_name(locale, month);
    match locale {
        Locale::Es => format!("{date} {month} {year}"),
        Locale::En => format!("{month} {date}, {year}"),
    }
}

/// The weekday, 0 for Monday.
pub fn weekday(day: Day) -> usize {
    // 1970-01-01 was a Thursday (3); the remainder is within 0..7.
    usize::try_from((day.days_since_epoch() + 3).rem_euclid(7)).unwrap_or(0)
}

/// A weekday's name (0 = Monday), long or short.
pub fn weekday_name(locale: Locale, weekday: usize, short: bool) -> &'static str {
    const ES: [&str; 7] = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const ES_SHORT: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
    const EN_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let names = match (locale, short) {
        (Locale::Es, false) => &ES,
        (Locale::En, false) => &EN,
        (Locale::Es, true) => &ES_SHORT,
        (Locale::En, true) => &EN_SHORT,
    };
    names.get(weekday).copied().unwrap_or_default()
}

/// The Monday after `today` (the coming week's first day).
pub fn next_monday(today: Day) -> Option<Day> {
    let ahead = 7 - i64::try_from(weekday(today)).unwrap_or(0);
    today.plus_days(ahead)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap_or_else(|| panic!("{text} is not a day"))
    }

    #[test]
    fn numbers_per_language() {
        assert_eq!(number(Locale::Es, 1234.5, 1), "1234,5");
        assert_eq!(number(Locale::Es, 12345.0, 0), "12.345");
        assert_eq!(number(Locale::En, 1234.5, 1), "1,234.5");
        assert_eq!(number(Locale::En, 1234567.0, 0), "1,234,567");
        assert_eq!(number(Locale::En, -0.04, 1), "0.0");
        assert_eq!(number(Locale::Es, -2.25, 1), "-2,3");
        assert_eq!(number(Locale::En, f64::NAN, 1), "—");
        assert_eq!(amount(Locale::Es, 3.44), "3,4");
        assert_eq!(amount(Locale::Es, 12.6), "13");
        assert_eq!(percent(Locale::Es, 0.452), "45,2\u{a0}%");
        assert_eq!(percent(Locale::En, 1.0), "100.0%");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(0.0), "0 s");
        assert_eq!(duration(45.4), "45 s");
        assert_eq!(duration(59.6), "1 min");
        assert_eq!(duration(720.0), "12 min");
        assert_eq!(duration(3_600.0), "1 h");
        assert_eq!(duration(11_100.0), "3 h 5 min");
        assert_eq!(duration(64_800.0), "18 h");
        assert_eq!(duration(100_800.0), "1 d 4 h");
        assert_eq!(duration(172_800.0), "2 d");
        assert_eq!(duration(-300.0), "-5 min");
    }

    #[test]
    fn changes_say_which_way_in_words() {
        let up = change(
            Locale::Es,
            Kind::Count,
            Better::Neither,
            Some(312.0),
            Some(278.0),
        );
        assert_eq!(
            up,
            Some(Change {
                trend: Trend::Up,
                text: "▲ 12,2\u{a0}% (+34)".to_owned(),
                improved: None,
            })
        );
        let from_nothing = change(
            Locale::En,
            Kind::Count,
            Better::Neither,
            Some(5.0),
            Some(0.0),
        );
        assert_eq!(from_nothing.map(|c| c.text), Some("▲ +5".to_owned()));
        let fewer = change(
            Locale::En,
            Kind::Count,
            Better::Neither,
            Some(5.0),
            Some(10.0),
        );
        assert_eq!(fewer.map(|c| c.text), Some("▼ 50.0% (−5)".to_owned()));
        let same = change(
            Locale::En,
            Kind::Count,
            Better::Neither,
            Some(5.0),
            Some(5.0),
        );
        assert_eq!(
            same.map(|c| (c.trend, c.text)),
            Some((Trend::Flat, "= 0".to_owned()))
        );

        let slower = change(
            Locale::En,
            Kind::Duration,
            Better::Lower,
            Some(4_200.0),
            Some(3_480.0),
        );
        assert_eq!(
            slower,
            Some(Change {
                trend: Trend::Up,
                text: "▲ 12 min".to_owned(),
                improved: Some(false),
            })
        );
        let better = change(
            Locale::Es,
            Kind::Rate,
            Better::Higher,
            Some(0.91),
            Some(0.875),
        );
        assert_eq!(
            better,
            Some(Change {
                trend: Trend::Up,
                text: "▲ 3,5\u{a0}p.\u{a0}p.".to_owned(),
                improved: Some(true),
            })
        );
        // Equal as written is flat, whatever the digits beyond.
        let flat = change(
            Locale::En,
            Kind::Rate,
            Better::Higher,
            Some(0.50001),
            Some(0.5),
        );
        assert_eq!(
            flat.map(|c| (c.trend, c.improved)),
            Some((Trend::Flat, None))
        );
        assert_eq!(
            change(Locale::En, Kind::Rate, Better::Higher, None, Some(0.5)),
            None
        );
    }

    #[test]
    fn time_units_follow_the_largest_value() {
        assert_eq!(TimeUnit::for_max(3_000.0), TimeUnit::Minutes);
        assert_eq!(TimeUnit::for_max(36_000.0), TimeUnit::Hours);
        assert_eq!(TimeUnit::for_max(400_000.0), TimeUnit::Days);
    }

    #[test]
    fn days_and_weekdays() {
        let d = day("2026-11-02");
        assert_eq!(short_day(Locale::Es, d), "2 nov");
        assert_eq!(short_day(Locale::En, d), "Nov 2");
        assert_eq!(long_day(Locale::En, d), "Nov 2, 2026");
        assert_eq!(long_day(Locale::Es, day("2026-09-30")), "30 sept 2026");
        // 2 November 2026 is a Monday.
        assert_eq!(weekday(d), 0);
        assert_eq!(weekday(day("1970-01-01")), 3);
        assert_eq!(weekday_name(Locale::Es, 2, false), "miércoles");
        assert_eq!(weekday_name(Locale::En, 6, true), "Sun");
        assert_eq!(next_monday(d), Some(day("2026-11-09")));
        assert_eq!(next_monday(day("2026-11-08")), Some(day("2026-11-09")));
    }
}
