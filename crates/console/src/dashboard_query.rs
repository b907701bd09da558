//! The dashboard's period and breakdown ↔ the console's address
//! (`/console/dashboard?days=7&site=&group=&agent=` or `?from=2026-11-01&to=2026-11-30&…`)
//! ↔ the API's (`/api/v1/metrics?from=&to=&…`).
//!
//! A preset is kept as `days=7|30|90` (the last N days, today included), so that a bookmark
//! stays "the last week"; chosen dates as `from`/`to`. With neither, the last 30 days. Every
//! period is compared with the one of the same length just before it.

use crate::period::{Day, Preset};
use crate::query;

/// The longest period the server takes (its limit: ten years).
pub const MAX_DAYS: i64 = 3_660;

/// How many past weeks the forecast averages.
pub const FORECAST_WEEKS: u32 = 8;

/// What the dashboard shows, as the address holds it. Empty strings mean "the default".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DashboardFilter {
    /// The first day, `YYYY-MM-DD`; empty for 30 days ago.
    pub from: String,
    /// The last day, included; empty for today.
    pub to: String,
    pub site: String,
    pub group: String,
    pub agent: String,
    /// A preset, `7`, `30` or `90` (the last N days); ignored when `from` or `to` is set.
    pub days: String,
}

/// A period of whole days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Day,
    pub to: Day,
}

impl Period {
    /// How many days it has.
    pub fn days(self) -> i64 {
        self.to.days_since_epoch() - self.from.days_since_epoch() + 1
    }

    /// The period of the same length that ends the day before this one starts.
    pub fn previous(self) -> Option<Period> {
        let to = self.from.plus_days(-1)?;
        let from = self.from.plus_days(-self.days())?;
        Some(Period { from, to })
    }

    /// Every day, in order.
    pub fn each_day(self) -> Vec<Day> {
        (0..self.days())
            .filter_map(|n| self.from.plus_days(n))
            .collect()
    }
}

/// Why the address's period cannot be asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodProblem {
    /// The last day is before the first.
    Order,
    /// Longer than [`MAX_DAYS`].
    TooLong,
}

impl DashboardFilter {
    /// Reads the address bar's query; unknown names are ignored.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            let value: String = value.chars().take(100).collect();
            match name.as_str() {
                "from" => filter.from = value,
                "to" => filter.to = value,
                "site" => filter.site = value,
                "group" => filter.group = value,
                "agent" => filter.agent = value,
                "days" => filter.days = value,
                _ => {}
            }
        }
        filter
    }

    /// `?from=…&to=…`, or empty when nothing is set.
    pub fn to_query(&self) -> String {
        let pairs: Vec<(&str, String)> = [
            ("days", &self.days),
            ("from", &self.from),
            ("to", &self.to),
            ("site", &self.site),
            ("group", &self.group),
            ("agent", &self.agent),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (name, value.clone()))
        .collect();
        query::build(&pairs)
    }

    /// Whether the period is chosen days rather than a preset.
    pub fn is_custom(&self) -> bool {
        !self.from.is_empty() || !self.to.is_empty()
    }

    /// The preset the address asks for (none at all is the last 30 days); `None` for days.
    pub fn preset(&self) -> Option<Preset> {
        if self.is_custom() {
            return None;
        }
        Some(Preset::parse(&self.days).unwrap_or(Preset::Month))
    }

    /// The period shown when today is `today`: a preset's last N days, or the chosen days (a
    /// missing or unreadable first day is 30 days before the last; the last, today).
    pub fn period(&self, today: Day) -> Result<Period, PeriodProblem> {
        let (from, to) = match self.preset() {
            Some(preset) => (preset.since(today), Some(today)),
            None => {
                let to = Day::parse(&self.to).unwrap_or(today);
                let from = Day::parse(&self.from).or_else(|| Preset::Month.since(to));
                (from, Some(to))
            }
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(PeriodProblem::Order);
        };
        let period = Period { from, to };
        match period.days() {
            ..=0 => Err(PeriodProblem::Order),
            days if days > MAX_DAYS => Err(PeriodProblem::TooLong),
            _ => Ok(period),
        }
    }

    /// The same breakdown over a preset.
    pub fn with_preset(&self, preset: Preset) -> Self {
        Self {
            days: preset.key().to_owned(),
            from: String::new(),
            to: String::new(),
            ..self.clone()
        }
    }

    /// The same breakdown over chosen days (either may be missing while being typed).
    pub fn with_days(&self, from: Option<Day>, to: Option<Day>) -> Self {
        Self {
            days: String::new(),
            from: from.map(|day| day.to_string()).unwrap_or_default(),
            to: to.map(|day| day.to_string()).unwrap_or_default(),
            ..self.clone()
        }
    }

    pub fn with_site(&self, site: &str) -> Self {
        Self {
            site: site.to_owned(),
            ..self.clone()
        }
    }

    pub fn with_group(&self, group: &str) -> Self {
        Self {
            group: group.to_owned(),
            ..self.clone()
        }
    }

    pub fn with_agent(&self, agent: &str) -> Self {
        Self {
            agent: agent.to_owned(),
            ..self.clone()
        }
    }

    /// The site key, if it is one the server could have made.
    pub fn site_key(&self) -> Option<&str> {
        is_site_key(&self.site).then_some(self.site.as_str())
    }

    /// The agent's user id, if the address holds one.
    pub fn agent_id(&self) -> Option<i64> {
        self.agent.parse::<i64>().ok().filter(|id| *id > 0)
    }

    /// Whether a site, team or agent narrows the figures.
    pub fn is_narrowed(&self) -> bool {
        self.site_key().is_some() || !self.group.trim().is_empty() || self.agent_id().is_some()
    }

    /// `GET /api/v1/metrics?from=&to=&site=&group=&agent=` for `period` (the group and the
    /// agent only when chosen: older servers refuse names they do not know).
    pub fn metrics_url(&self, period: Period) -> String {
        let mut pairs = vec![
            ("from", period.from.to_string()),
            ("to", period.to.to_string()),
        ];
        if let Some(site) = self.site_key() {
            pairs.push(("site", site.to_owned()));
        }
        if !self.group.trim().is_empty() {
            pairs.push(("group", self.group.trim().to_owned()));
        }
        if let Some(agent) = self.agent_id() {
            pairs.push(("agent", agent.to_string()));
        }
        format!("/api/v1/metrics{}", query::build(&pairs))
    }

    /// `GET /api/v1/metrics/forecast?site=&weeks=8`.
    pub fn forecast_url(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(site) = self.site_key() {
            pairs.push(("site", site.to_owned()));
        }
        pairs.push(("weeks", FORECAST_WEEKS.to_string()));
        format!("/api/v1/metrics/forecast{}", query::build(&pairs))
    }
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
    fn the_address_round_trips() {
        let filter = DashboardFilter::from_query(
            "?from=2026-11-01&to=2026-11-30&site=demo&group=billing&agent=4&x=1",
        );
        assert_eq!(filter.site, "demo");
        assert_eq!(filter.agent_id(), Some(4));
        assert_eq!(
            filter.to_query(),
            "?from=2026-11-01&to=2026-11-30&site=demo&group=billing&agent=4"
        );
        assert_eq!(DashboardFilter::from_query(&filter.to_query()), filter);
        assert_eq!(DashboardFilter::default().to_query(), "");
        let week = DashboardFilter::default().with_preset(Preset::Week);
        assert_eq!(week.to_query(), "?days=7");
        assert_eq!(DashboardFilter::from_query("?days=7"), week);
    }

    #[test]
    fn presets_end_today_and_default_to_thirty_days() {
        let today = day("2026-12-07");
        let period = DashboardFilter::default().period(today);
        assert_eq!(
            period,
            Ok(Period {
                from: day("2026-11-08"),
                to: today
            })
        );
        assert_eq!(DashboardFilter::default().preset(), Some(Preset::Month));
        let week = DashboardFilter::from_query("?days=7");
        assert_eq!(week.period(today).map(Period::days), Ok(7));
        assert_eq!(week.preset(), Some(Preset::Week));
        // An unknown preset is the default one.
        assert_eq!(
            DashboardFilter::from_query("?days=5").preset(),
            Some(Preset::Month)
        );
        // Chosen days win over a preset.
        let custom = week.with_days(Some(day("2026-11-01")), Some(day("2026-11-30")));
        assert_eq!(custom.preset(), None);
        assert_eq!(custom.to_query(), "?from=2026-11-01&to=2026-11-30");
        assert_eq!(custom.period(today).map(Period::days), Ok(30));
    }

    #[test]
    fn custom_days_fill_in_and_are_checked() {
        let today = day("2026-12-07");
        let only_to = DashboardFilter::from_query("?to=2026-03-31");
        assert_eq!(only_to.period(today).map(|p| p.from), Ok(day("2026-03-02")));
        let only_from = DashboardFilter::from_query("?from=2026-12-01");
        assert_eq!(only_from.period(today).map(|p| p.to), Ok(today));
        let backwards = DashboardFilter::from_query("?from=2026-12-02&to=2026-12-01");
        assert_eq!(backwards.period(today), Err(PeriodProblem::Order));
        let long = DashboardFilter::from_query("?from=2000-01-01&to=2026-12-01");
        assert_eq!(long.period(today), Err(PeriodProblem::TooLong));
        let one = DashboardFilter::from_query("?from=2026-12-01&to=2026-12-01");
        assert_eq!(one.period(today).map(Period::days), Ok(1));
    }

    #[test]
    fn the_previous_period_has_the_same_length() {
        let period = Period {
            from: day("2026-03-01"),
            to: day("2026-03-31"),
        };
        assert_eq!(
            period.previous(),
            Some(Period {
                from: day("2026-01-29"),
                to: day("2026-02-28")
            })
        );
        assert_eq!(period.each_day().len(), 31);
        assert_eq!(period.each_day()[30], day("2026-03-31"));
    }

    #[test]
    fn api_urls() {
        let period = Period {
            from: day("2026-11-01"),
            to: day("2026-11-30"),
        };
        assert_eq!(
            DashboardFilter::default().metrics_url(period),
            "/api/v1/metrics?from=2026-11-01&to=2026-11-30"
        );
        let narrowed = DashboardFilter::from_query("?site=demo&group=vip%20care&agent=12");
        assert!(narrowed.is_narrowed());
        assert_eq!(
            narrowed.metrics_url(period),
            "/api/v1/metrics?from=2026-11-01&to=2026-11-30&site=demo&group=vip%20care&agent=12"
        );
        assert_eq!(
            narrowed.forecast_url(),
            "/api/v1/metrics/forecast?site=demo&weeks=8"
        );
        // What the server could not take is left out.
        let junk = DashboardFilter::from_query("?site=Bad%20Key&agent=-3");
        assert!(!junk.is_narrowed());
        assert_eq!(junk.forecast_url(), "/api/v1/metrics/forecast?weeks=8");
    }
}
