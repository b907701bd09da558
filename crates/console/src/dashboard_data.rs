//! The dashboard's data as the server sends it (`GET /api/v1/metrics`, `GET
//! /api/v1/metrics/forecast`, `GET /api/v1/agents`), mirrored from `ayuda-desk`'s serde forms
//! (the console does not depend on it).
//!
//! Durations arrive as jiff's `SignedDuration` writes them, ISO 8601 (`"PT2H30M"`,
//! `"PT0.5S"`, `"-PT5M"`); they are read here into seconds. A plain number is taken as seconds
//! too, so the console keeps working if the server switches to numbers. Every field the
//! dashboard can do without has a default, so an older or newer server still gives a page.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// `GET /api/v1/metrics?from=&to=&site=&group=&agent=`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Metrics {
    /// The first day, `YYYY-MM-DD`, in the site's time zone.
    #[serde(default)]
    pub from: String,
    /// The last day, included.
    #[serde(default)]
    pub to: String,
    /// The site's time zone (`Europe/Madrid`): its days are the report's days.
    #[serde(default)]
    pub time_zone: String,
    /// Unsolved tickets now (the same in every period).
    #[serde(default)]
    pub backlog: i64,
    #[serde(default)]
    pub overall: Report,
    /// One report per day that had tickets or deflections, oldest first.
    #[serde(default)]
    pub by_day: Vec<(String, Report)>,
    /// One report per group key.
    #[serde(default)]
    pub by_group: Vec<(String, Report)>,
    /// One report per agent's user id.
    #[serde(default)]
    pub by_agent: Vec<(i64, Report)>,
    /// The help centre's articles over the period (absent on servers before issue 14).
    #[serde(default)]
    pub articles: Option<ArticleStats>,
}

/// The articles' views (all time: the server keeps only totals) and the votes cast in the
/// period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ArticleStats {
    pub views: u64,
    pub helpful: u64,
    pub unhelpful: u64,
}

impl ArticleStats {
    /// Helpful votes over all votes; `None` without votes.
    pub fn helpfulness(&self) -> Option<f64> {
        let votes = self.helpful + self.unhelpful;
        // Vote counts are far below 2^52: the conversions are exact.
        (votes > 0).then(|| self.helpful as f64 / votes as f64)
    }
}

/// `ayuda_desk::Report`: the metrics over a set of tickets. Rates are fractions (`0.0..=1.0`),
/// `None` when nothing was there to count.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Report {
    /// Tickets (deflections excluded).
    pub tickets: u64,
    pub deflections: u64,
    /// Tickets per level, keyed `l1`, `l2`, `l3`.
    pub volume_by_level: BTreeMap<String, u64>,
    pub volume_by_channel: BTreeMap<String, u64>,
    pub first_response: TimeStats,
    pub resolution: TimeStats,
    pub first_contact_resolution_rate: Option<f64>,
    pub average_handle_time_minutes: Option<f64>,
    pub csat_rate: Option<f64>,
    pub deflection_rate: Option<f64>,
    pub sla_compliance_rate: Option<f64>,
}

/// The three request levels, in the order charts stack them.
pub const LEVELS: [&str; 3] = ["l1", "l2", "l3"];

impl Report {
    /// Tickets of a level (`"l1"`…), whatever the key's case.
    pub fn level_count(&self, level: &str) -> u64 {
        self.volume_by_level
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(level))
            .map(|(_, count)| *count)
            .sum()
    }

    /// Average handle time in seconds.
    pub fn handle_seconds(&self) -> Option<f64> {
        self.average_handle_time_minutes
            .map(|minutes| minutes * 60.0)
    }
}

/// `ayuda_desk::TimeStats`: a time measured on the wall clock and in business hours.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TimeStats {
    pub calendar: Percentiles,
    pub business: Percentiles,
}

impl TimeStats {
    /// The clock's percentiles.
    pub fn on(&self, clock: Clock) -> Percentiles {
        match clock {
            Clock::Business => self.business,
            Clock::Calendar => self.calendar,
        }
    }
}

/// Which clock a time is measured on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Clock {
    /// Only the team's business hours count.
    Business,
    /// Wall-clock time.
    Calendar,
}

/// `ayuda_desk::Percentiles`, its durations in seconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(from = "PercentilesJson")]
pub struct Percentiles {
    /// How many durations.
    pub count: u64,
    /// The median (nearest rank), seconds.
    pub median: Option<f64>,
    /// The 90th percentile (nearest rank), seconds.
    pub p90: Option<f64>,
}

/// What the server sends: each duration as ISO 8601 and (newer servers) in seconds beside it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct PercentilesJson {
    count: u64,
    #[serde(deserialize_with = "seconds")]
    median: Option<f64>,
    #[serde(deserialize_with = "seconds")]
    p90: Option<f64>,
    median_seconds: Option<f64>,
    p90_seconds: Option<f64>,
}

impl From<PercentilesJson> for Percentiles {
    fn from(json: PercentilesJson) -> Self {
        Percentiles {
            count: json.count,
            median: json.median_seconds.or(json.median),
            p90: json.p90_seconds.or(json.p90),
        }
    }
}

/// A duration as ISO 8601 text or a number of seconds; `null` or anything unreadable is none.
fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(match value {
        serde_json::Value::String(text) => parse_iso_duration(&text),
        serde_json::Value::Number(number) => number.as_f64(),
        _ => None,
    })
}

/// An ISO 8601 duration (`PT2H30M`, `P1DT4H`, `PT0.25S`, `-PT5M`) in seconds. Years and
/// months have no fixed length and are refused, as jiff's `SignedDuration` refuses them.
pub fn parse_iso_duration(text: &str) -> Option<f64> {
    let text = text.trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.strip_prefix('+').unwrap_or(text)),
    };
    let rest = rest.strip_prefix(['P', 'p'])?;
    let mut seconds = 0.0;
    let mut in_time = false;
    let mut number = String::new();
    let mut units = 0;
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            ',' => number.push('.'),
            'T' | 't' if !in_time && number.is_empty() => in_time = true,
            unit => {
                let value: f64 = number.parse().ok()?;
                number.clear();
                let factor = match (in_time, unit.to_ascii_uppercase()) {
                    (false, 'W') => 604_800.0,
                    (false, 'D') => 86_400.0,
                    (true, 'H') => 3_600.0,
                    (true, 'M') => 60.0,
                    (true, 'S') => 1.0,
                    _ => return None,
                };
                seconds += value * factor;
                units += 1;
            }
        }
    }
    (number.is_empty() && units > 0 && seconds.is_finite()).then_some(sign * seconds)
}

/// `GET /api/v1/metrics/forecast?site=&weeks=`: the expected tickets of the coming week, from
/// the past weeks, and how wrong that method was on them.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Forecast {
    /// The time zone of its days and hours.
    pub time_zone: String,
    /// How many past weeks were asked for.
    pub weeks: u32,
    /// How many known weeks it averaged (fewer while the history is short; absent on servers
    /// that do not say).
    pub weeks_used: Option<u32>,
    /// Expected tickets per weekday (Monday first) and hour (0–23).
    pub by_hour: Vec<Vec<f64>>,
    /// Expected tickets per weekday, Monday first.
    pub by_day: Vec<f64>,
    /// Expected tickets over the week.
    pub total: f64,
    pub error: ForecastError,
}

/// The forecast's error when it predicted past weeks from the weeks before them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ForecastError {
    /// How many past weeks were predicted and compared.
    pub weeks_tested: u32,
    /// Mean absolute error per hour cell, in tickets (0 when no week was tested).
    pub mae_per_hour: Option<f64>,
    /// Mean absolute percentage error per day, a fraction; `None` when no day had tickets.
    pub mape_per_day: Option<f64>,
}

impl Forecast {
    /// The weekday × hour grid, 7 × 24, whatever the server sent (missing cells are 0,
    /// negative or non-finite ones too).
    pub fn grid(&self) -> [[f64; 24]; 7] {
        let mut grid = [[0.0; 24]; 7];
        for (row, values) in grid.iter_mut().zip(&self.by_hour) {
            for (cell, value) in row.iter_mut().zip(values) {
                *cell = clean(*value);
            }
        }
        grid
    }

    /// The expected tickets per weekday, Monday first: the server's, else the grid's sums.
    pub fn days(&self) -> [f64; 7] {
        let grid = self.grid();
        let mut days = [0.0; 7];
        for (n, day) in days.iter_mut().enumerate() {
            *day = match self.by_day.get(n) {
                Some(value) => clean(*value),
                None => grid[n].iter().sum(),
            };
        }
        days
    }
}

fn clean(value: f64) -> f64 {
    if value.is_finite() && value > 0.0 {
        value
    } else {
        0.0
    }
}

/// One entry of `GET /api/v1/agents`: what the dashboard needs of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Agent {
    pub user_id: i64,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    /// Group keys.
    #[serde(default)]
    pub groups: Vec<String>,
}

impl Agent {
    /// The display name, else the e-mail.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.email
        } else {
            &self.display_name
        }
    }
}

/// An agent's name from the list, else `#id`.
pub fn agent_name(agents: &[Agent], id: i64) -> String {
    agents
        .iter()
        .find(|agent| agent.user_id == id)
        .map_or_else(|| format!("#{id}"), |agent| agent.name().to_owned())
}

/// Every group key the agents belong to, and any more `extra` names, sorted, once each.
pub fn group_keys<'a>(agents: &[Agent], extra: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut keys: Vec<String> = agents
        .iter()
        .flat_map(|agent| agent.groups.iter().cloned())
        .chain(extra.into_iter().map(str::to_owned))
        .filter(|key| !key.trim().is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_in_seconds() {
        assert_eq!(parse_iso_duration("PT2H30M"), Some(9_000.0));
        assert_eq!(parse_iso_duration("PT18H"), Some(64_800.0));
        assert_eq!(parse_iso_duration("PT0S"), Some(0.0));
        assert_eq!(parse_iso_duration("PT0.5S"), Some(0.5));
        assert_eq!(parse_iso_duration("PT1,5S"), Some(1.5));
        assert_eq!(parse_iso_duration("P1DT4H"), Some(100_800.0));
        assert_eq!(parse_iso_duration("P2W"), Some(1_209_600.0));
        assert_eq!(parse_iso_duration("-PT5M"), Some(-300.0));
        assert_eq!(parse_iso_duration(" pt1m "), Some(60.0));
        for bad in [
            "", "P", "PT", "2H", "P1Y", "P1M", "PT1H2", "PTT1H", "PT.S", "P1H",
        ] {
            assert_eq!(parse_iso_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_report_as_the_server_writes_it() -> serde_json::Result<()> {
        let json = r#"{
            "from": "2026-11-01", "to": "2026-11-30", "time_zone": "Europe/Madrid", "backlog": 7,
            "overall": {
                "tickets": 4, "deflections": 1,
                "volume_by_level": {"l1": 2, "l3": 1, "l2": 1},
                "volume_by_channel": {"widget": 3, "email": 1},
                "first_response": {
                    "calendar": {"count": 3, "median": "PT3H", "p90": "PT18H"},
                    "business": {"count": 3, "median": "PT2H", "p90": null}
                },
                "resolution": {
                    "calendar": {"count": 0, "median": null, "p90": null},
                    "business": {"count": 0, "median": null, "p90": null}
                },
                "first_contact_resolution_rate": 0.5,
                "average_handle_time_minutes": 30.0,
                "csat_rate": null, "deflection_rate": 0.2, "sla_compliance_rate": 0.75
            },
            "by_day": [["2026-11-02", {"tickets": 2}]],
            "by_group": [["billing", {"tickets": 1}]],
            "by_agent": [[2, {"tickets": 1}]],
            "articles": {"views": 120, "helpful": 9, "unhelpful": 3}
        }"#;
        let metrics: Metrics = serde_json::from_str(json)?;
        assert_eq!(metrics.backlog, 7);
        let overall = &metrics.overall;
        assert_eq!(overall.level_count("l1"), 2);
        assert_eq!(overall.level_count("L3"), 1);
        assert_eq!(overall.first_response.calendar.median, Some(10_800.0));
        assert_eq!(
            overall.first_response.on(Clock::Business).median,
            Some(7_200.0)
        );
        assert_eq!(overall.first_response.business.p90, None);
        assert_eq!(overall.resolution.calendar.count, 0);
        assert_eq!(overall.handle_seconds(), Some(1_800.0));
        assert_eq!(metrics.by_day[0].1.tickets, 2);
        assert_eq!(metrics.by_agent[0].0, 2);
        let articles = metrics.articles.unwrap_or_default();
        assert_eq!(articles.helpfulness(), Some(0.75));
        // Seconds beside the ISO form win (they keep fractions exactly).
        let both: Percentiles = serde_json::from_str(
            r#"{"count": 1, "median": "PT1M30.5S", "p90": "PT1M30.5S",
                "median_seconds": 90.5, "p90_seconds": 91.0}"#,
        )?;
        assert_eq!((both.median, both.p90), (Some(90.5), Some(91.0)));
        // Numbers are seconds; the older answer without articles still reads.
        let older: Metrics = serde_json::from_str(
            r#"{"overall": {"first_response": {"calendar": {"count": 1, "median": 90}}}}"#,
        )?;
        assert_eq!(older.overall.first_response.calendar.median, Some(90.0));
        assert_eq!(older.articles, None);
        Ok(())
    }

    #[test]
    fn the_forecast_grid_is_always_seven_by_twenty_four() -> serde_json::Result<()> {
        let forecast: Forecast = serde_json::from_str(
            r#"{"time_zone": "UTC", "weeks": 8, "by_hour": [[1.5, 2.0], [], [-1.0]],
                "total": 3.5, "error": {"weeks_tested": 4, "mae_per_hour": 0.8, "mape_per_day": null}}"#,
        )?;
        let grid = forecast.grid();
        assert_eq!(grid[0][1], 2.0);
        assert_eq!(grid[2][0], 0.0);
        assert_eq!(grid[6][23], 0.0);
        // Without by_day, the grid's sums.
        assert_eq!(forecast.days()[0], 3.5);
        assert_eq!(forecast.error.mape_per_day, None);
        assert_eq!(forecast.error.weeks_tested, 4);
        Ok(())
    }

    #[test]
    fn agents_names_and_groups() {
        let agents = vec![
            Agent {
                user_id: 1,
                email: "ana@x".into(),
                display_name: "Ana".into(),
                groups: vec!["billing".into(), "general".into()],
            },
            Agent {
                user_id: 2,
                email: "bo@x".into(),
                display_name: " ".into(),
                groups: vec!["general".into()],
            },
        ];
        assert_eq!(agent_name(&agents, 1), "Ana");
        assert_eq!(agent_name(&agents, 2), "bo@x");
        assert_eq!(agent_name(&agents, 9), "#9");
        assert_eq!(
            group_keys(&agents, ["vip", "billing", ""]),
            vec!["billing", "general", "vip"]
        );
    }
}
