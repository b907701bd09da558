//! Calendar days and times for the editors' overview screens, the pure parts: a `YYYY-MM-DD`
//! day and its arithmetic, RFC 3339 times as milliseconds (the server writes fractions of a
//! second only when there are some, so its times do not sort as text), and the content gaps'
//! period (site, first and last day) ↔ address.
//!
//! The days are the user's calendar days: turning one into the instant it starts needs the
//! browser's time zone, which the screen asks for ([`Day::local_start`] and
//! [`Day::local_end`] give the strings it hands the browser).

use std::fmt;

use crate::query;

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;

/// A calendar day (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    year: i32,
    month: u32,
    day: u32,
}

impl Day {
    /// 1970-01-01.
    pub const EPOCH: Day = Day {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// The day, if it exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day))
        .then_some(Day { year, month, day })
    }

    /// `2026-12-07`, as `<input type="date">` and our addresses write it.
    pub fn parse(text: &str) -> Option<Day> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = i32::try_from(number(0..4)?).ok()?;
        Day::new(year, number(5..7)?, number(8..10)?)
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's `days_from_civil`.
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year =
            (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The day `days` after 1970-01-01, if it is within years 1–9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Day> {
        // Howard Hinnant's `civil_from_days`.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Day::new(
            i32::try_from(year).ok()?,
            u32::try_from(month).ok()?,
            u32::try_from(day).ok()?,
        )
    }

    /// The day `days` later (earlier when negative), if it exists.
    pub fn plus_days(self, days: i64) -> Option<Day> {
        Day::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// The first moment of the day, as the browser reads a local time (`2026-12-07T00:00:00`).
    pub fn local_start(self) -> String {
        format!("{self}T00:00:00")
    }

    /// The last millisecond of the day, as a local time (`2026-12-07T23:59:59.999`).
    pub fn local_end(self) -> String {
        format!("{self}T23:59:59.999")
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// An RFC 3339 time (`2026-12-07T10:00:00Z`, `…00.25Z`, `…00+01:00`) in milliseconds since
/// the epoch; `None` for anything else.
pub fn parse_time_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let day = Day::parse(text.get(..10)?)?;
    let rest = text.get(10..)?;
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let two = |s: &str, at: usize| -> Option<i64> {
        let part = s.get(at..at + 2)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (hour, minute, second) = (two(rest, 0)?, two(rest, 3)?, two(rest, 6)?);
    if rest.get(2..3)? != ":" || rest.get(5..6)? != ":" || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let mut rest = rest.get(8..)?;
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let kept: String = fraction[..digits]
            .chars()
            .chain("000".chars())
            .take(3)
            .collect();
        millis = kept.parse::<i64>().ok()?;
        rest = &fraction[digits..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.get(3..4)? != ":" {
                return None;
            }
            let (hours, minutes) = (two(rest, 1)?, two(rest, 4)?);
            sign * (hours * 60 + minutes)
        }
    };
    let seconds = day.days_since_epoch() * 86_400 + hour * 3600 + minute * 60 + second;
    Some((seconds - offset_minutes * 60) * 1000 + millis)
}

/// Whole days from `due` to `now` (both in ms): 0 on the day it falls due, negative before.
pub fn days_late(due_ms: i64, now_ms: i64) -> i64 {
    (now_ms - due_ms).div_euclid(DAY_MS)
}

/// The periods offered besides custom dates: the last N days, today included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Preset {
    Week,
    Month,
    Quarter,
}

impl Preset {
    pub const ALL: [Preset; 3] = [Preset::Week, Preset::Month, Preset::Quarter];

    pub fn days(self) -> i64 {
        match self {
            Preset::Week => 7,
            Preset::Month => 30,
            Preset::Quarter => 90,
        }
    }

    /// The value of its `<option>`.
    pub fn key(self) -> &'static str {
        match self {
            Preset::Week => "7",
            Preset::Month => "30",
            Preset::Quarter => "90",
        }
    }

    pub fn parse(key: &str) -> Option<Preset> {
        Preset::ALL.into_iter().find(|preset| preset.key() == key)
    }

    /// Its first day when the last is `today`.
    pub fn since(self, today: Day) -> Option<Day> {
        today.plus_days(1 - self.days())
    }
}

/// The content gaps' site and period. With no days, the server's default (the last 30 days up
/// to now); `since` alone runs to now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GapFilter {
    /// A site key; `None` for the server's default site.
    pub site: Option<String>,
    pub since: Option<Day>,
    pub until: Option<Day>,
}

impl GapFilter {
    /// Reads the address bar's query; what cannot be read is left out.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "site" if is_site_key(&value) => filter.site = Some(value),
                "since" => filter.since = Day::parse(&value),
                "until" => filter.until = Day::parse(&value),
                _ => {}
            }
        }
        filter
    }

    /// The address bar's query (`""` for the default).
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(site) = &self.site {
            pairs.push(("site", site.clone()));
        }
        if let Some(since) = self.since {
            pairs.push(("since", since.to_string()));
        }
        if let Some(until) = self.until {
            pairs.push(("until", until.to_string()));
        }
        query::build(&pairs)
    }

    /// The preset this period is when the last day is `today` (none at all is the last 30
    /// days, the server's default); `None` for custom dates.
    pub fn preset(&self, today: Day) -> Option<Preset> {
        match (self.since, self.until) {
            (None, None) => Some(Preset::Month),
            (Some(since), None) => Preset::ALL
                .into_iter()
                .find(|preset| preset.since(today) == Some(since)),
            _ => None,
        }
    }

    /// The same site over the last N days.
    pub fn with_preset(&self, preset: Preset, today: Day) -> Self {
        Self {
            since: preset.since(today),
            until: None,
            ..self.clone()
        }
    }

    /// The same site over custom days (either may be missing while being typed).
    pub fn with_days(&self, since: Option<Day>, until: Option<Day>) -> Self {
        Self {
            since,
            until,
            ..self.clone()
        }
    }

    pub fn with_site(&self, site: Option<String>) -> Self {
        Self {
            site: site.filter(|key| is_site_key(key)),
            ..self.clone()
        }
    }

    /// The first and last day shown in the date fields: the period's, else the server's
    /// default (the last 30 days).
    pub fn shown_days(&self, today: Day) -> (Option<Day>, Day) {
        let until = self.until.unwrap_or(today);
        let since = self.since.or_else(|| Preset::Month.since(today));
        (since, until)
    }

    /// Whether the server would take the period: its first day not after its last.
    pub fn is_ordered(&self) -> bool {
        match (self.since, self.until) {
            (Some(since), Some(until)) => since <= until,
            _ => true,
        }
    }
}

/// `GET /api/v1/content-gaps?…`, with the period's ends already turned into RFC 3339 times.
pub fn gaps_api_url(site: Option<&str>, since: Option<&str>, until: Option<&str>) -> String {
    let mut pairs = Vec::new();
    for (name, value) in [("site", site), ("since", since), ("until", until)] {
        if let Some(value) = value {
            pairs.push((name, value.to_owned()));
        }
    }
    format!("/api/v1/content-gaps{}", query::build(&pairs))
}

/// A site key as the server makes them: 1–64 of `a-z`, `0-9`, `-`, `_`.
fn is_site_key(key: &str) -> bool {
    (1..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap_or_else(|| panic!("{text} is not a day"))
    }

    #[test]
    fn days_parse_and_print() {
        assert_eq!(day("2026-12-07").to_string(), "2026-12-07");
        assert_eq!(day("2024-02-29").to_string(), "2024-02-29");
        for bad in [
            "",
            "2026-13-01",
            "2026-02-29",
            "2026-1-01",
            "2026/12/07",
            "+026-12-07",
            "2026-12-7x",
            "0000-01-01",
        ] {
            assert_eq!(Day::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(day("1970-01-01").days_since_epoch(), 0);
        assert_eq!(day("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(day("2026-03-01").plus_days(-1), Some(day("2026-02-28")));
        assert_eq!(day("2024-12-31").plus_days(1), Some(day("2025-01-01")));
        assert_eq!(day("1969-12-31").days_since_epoch(), -1);
        for n in [-700_000, -1, 0, 59, 60, 365, 20_000, 2_000_000] {
            let back = Day::from_days_since_epoch(n).map(Day::days_since_epoch);
            assert_eq!(back, Some(n), "{n}");
        }
        assert_eq!(day("9999-12-31").plus_days(1), None);
        assert_eq!(day("2026-12-07").local_end(), "2026-12-07T23:59:59.999");
    }

    #[test]
    fn rfc3339_times() {
        assert_eq!(parse_time_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_time_ms("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(parse_time_ms("1970-01-01T01:00:00+01:00"), Some(0));
        assert_eq!(parse_time_ms("1969-12-31T23:00:00-01:00"), Some(0));
        assert_eq!(
            parse_time_ms("2026-12-07T10:00:00.123456Z"),
            parse_time_ms("2026-12-07T10:00:00Z").map(|t| t + 123)
        );
        // Fractions only when there are some: a text sort would put this before ….00Z.
        assert!(parse_time_ms("2026-12-07T10:00:00.5Z") > parse_time_ms("2026-12-07T10:00:00Z"));
        for bad in [
            "",
            "2026-12-07",
            "2026-12-07T10:00Z",
            "2026-12-07T25:00:00Z",
            "x",
        ] {
            assert_eq!(parse_time_ms(bad), None, "{bad}");
        }
        assert_eq!(parse_time_ms("2026-12-07T10:00:00+0100"), None);
    }

    #[test]
    fn lateness_in_whole_days() {
        assert_eq!(days_late(0, 0), 0);
        assert_eq!(days_late(0, DAY_MS - 1), 0);
        assert_eq!(days_late(0, DAY_MS), 1);
        assert_eq!(days_late(0, 10 * DAY_MS + 5), 10);
        assert_eq!(days_late(DAY_MS, 0), -1);
    }

    #[test]
    fn presets_end_today() {
        let today = day("2026-12-07");
        assert_eq!(Preset::Week.since(today), Some(day("2026-12-01")));
        let week = GapFilter::default().with_preset(Preset::Week, today);
        assert_eq!(week.to_query(), "?since=2026-12-01");
        assert_eq!(week.preset(today), Some(Preset::Week));
        // The next day the same address is a custom period.
        assert_eq!(week.preset(day("2026-12-08")), None);
        assert_eq!(GapFilter::default().preset(today), Some(Preset::Month));
        assert_eq!(
            GapFilter::default().shown_days(today),
            (Some(day("2026-11-08")), today)
        );
        for preset in Preset::ALL {
            assert_eq!(Preset::parse(preset.key()), Some(preset));
        }
    }

    #[test]
    fn the_address_round_trips() {
        let filter = GapFilter {
            site: Some("demo".to_owned()),
            since: Some(day("2026-11-01")),
            until: Some(day("2026-11-30")),
        };
        assert_eq!(
            filter.to_query(),
            "?site=demo&since=2026-11-01&until=2026-11-30"
        );
        assert_eq!(GapFilter::from_query(&filter.to_query()), filter);
        assert_eq!(filter.preset(day("2026-11-30")), None);
        assert_eq!(
            GapFilter::from_query("?site=Bad%20Key&since=yesterday"),
            GapFilter::default()
        );
        assert!(filter.is_ordered());
        assert!(!filter.with_days(filter.until, filter.since).is_ordered());
        assert_eq!(filter.with_site(Some("x y".to_owned())).site, None);
    }

    #[test]
    fn api_urls() {
        assert_eq!(gaps_api_url(None, None, None), "/api/v1/content-gaps");
        assert_eq!(
            gaps_api_url(Some("demo"), Some("2026-11-01T00:00:00.000Z"), None),
            "/api/v1/content-gaps?site=demo&since=2026-11-01T00%3A00%3A00.000Z"
        );
    }
}
