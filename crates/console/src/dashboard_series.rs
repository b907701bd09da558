//! The dashboard's figures, from the server's reports: every day of the period (a day without
//! tickets is zero tickets and no times), the series the charts draw, and the KPI tiles with
//! the previous period's figures beside them.

use crate::dashboard_data::{Clock, LEVELS, Metrics, Report, TimeStats};
use crate::dashboard_format::{Better, Kind};
use crate::dashboard_query::Period;
use crate::i18n::DashboardText;
use crate::period::Day;

/// Every day of a period with its report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Days {
    pub days: Vec<Day>,
    /// One per day; the default (empty) report for a day the server did not list.
    pub reports: Vec<Report>,
}

impl Days {
    /// The period's days, filled in from the answer's `by_day` (days outside the period are
    /// left out).
    pub fn new(metrics: &Metrics, period: Period) -> Days {
        let days = period.each_day();
        let reports = days
            .iter()
            .map(|day| {
                let key = day.to_string();
                metrics
                    .by_day
                    .iter()
                    .find(|(listed, _)| *listed == key)
                    .map(|(_, report)| report.clone())
                    .unwrap_or_default()
            })
            .collect();
        Days { days, reports }
    }

    pub fn len(&self) -> usize {
        self.days.len()
    }

    pub fn is_empty(&self) -> bool {
        self.days.is_empty()
    }

    /// Tickets of a level (`l1`…) per day.
    pub fn level(&self, level: &str) -> Vec<f64> {
        // Counts per day are far below 2^52.
        self.reports
            .iter()
            .map(|r| r.level_count(level) as f64)
            .collect()
    }

    /// Tickets per day.
    pub fn tickets(&self) -> Vec<f64> {
        self.reports.iter().map(|r| r.tickets as f64).collect()
    }

    /// A time's median or 90th percentile per day, in seconds.
    pub fn times(&self, time: Time, clock: Clock, p90: bool) -> Vec<Option<f64>> {
        self.reports
            .iter()
            .map(|r| {
                let stats = time.of(r).on(clock);
                if p90 { stats.p90 } else { stats.median }
            })
            .collect()
    }

    /// A rate per day.
    pub fn rates(&self, rate: fn(&Report) -> Option<f64>) -> Vec<Option<f64>> {
        self.reports.iter().map(rate).collect()
    }

    /// The day with the most tickets (the first of equals), if any had some.
    pub fn busiest(&self) -> Option<(Day, u64)> {
        self.days
            .iter()
            .zip(&self.reports)
            .filter(|(_, r)| r.tickets > 0)
            .fold(None, |best: Option<(Day, u64)>, (day, r)| match best {
                Some((_, most)) if most >= r.tickets => best,
                _ => Some((*day, r.tickets)),
            })
    }
}

/// Which time a chart or tile is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Time {
    FirstResponse,
    Resolution,
}

impl Time {
    pub fn of(self, report: &Report) -> TimeStats {
        match self {
            Time::FirstResponse => report.first_response,
            Time::Resolution => report.resolution,
        }
    }
}

/// The level names as charts show them, in stacking order.
pub fn level_names() -> [(&'static str, &'static str); 3] {
    [(LEVELS[0], "L1"), (LEVELS[1], "L2"), (LEVELS[2], "L3")]
}

/// One KPI tile.
#[derive(Clone, Debug, PartialEq)]
pub struct Kpi {
    /// Its id's stem: `kpi-{key}`.
    pub key: &'static str,
    pub label: DashboardText,
    /// The group of tiles it is in.
    pub group: DashboardText,
    pub kind: Kind,
    pub better: Better,
    /// This period's figure.
    pub now: Option<f64>,
    /// The previous period's, when it is compared (`None` also when it had none).
    pub before: Option<f64>,
    /// Whether it is compared at all (the backlog is a figure of now).
    pub compared: bool,
    /// A line under the figure (the votes behind helpfulness), if any.
    pub note: Option<Note>,
}

/// What a tile says under its figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// "Unsolved tickets right now; not compared."
    Backlog,
    /// "9 of 12 votes helpful".
    Votes { helpful: u64, votes: u64 },
    /// The server does not send this yet.
    NotOnServer,
    /// Views are counted since the start, not per period: not compared.
    AllTime,
}

/// A figure of a report, for a tile.
type Figure = fn(&Metrics) -> Option<f64>;

fn time_figure(time: Time, clock: Clock, p90: bool, metrics: &Metrics) -> Option<f64> {
    let stats = time.of(&metrics.overall).on(clock);
    if p90 { stats.p90 } else { stats.median }
}

/// The tiles, in order: volume, speed, quality, self-service.
pub fn kpis(now: &Metrics, before: Option<&Metrics>) -> Vec<Kpi> {
    use DashboardText as D;
    let tile = |key, label, group, kind, better, figure: Figure| {
        let now_value = figure(now);
        Kpi {
            key,
            label,
            group,
            kind,
            better,
            now: now_value,
            before: before.and_then(figure),
            compared: true,
            note: None,
        }
    };
    let mut tiles = vec![
        tile(
            "tickets",
            D::Tickets,
            D::Volume,
            Kind::Count,
            Better::Neither,
            |m| Some(m.overall.tickets as f64),
        ),
        Kpi {
            key: "backlog",
            label: D::Backlog,
            group: D::Volume,
            kind: Kind::Count,
            better: Better::Lower,
            // Tickets are far below 2^52.
            now: Some(now.backlog as f64),
            before: None,
            compared: false,
            note: Some(Note::Backlog),
        },
    ];
    let times: [(&'static str, DashboardText, Time, Clock, bool); 8] = [
        (
            "first-response-median-business",
            D::FirstResponseMedianBusiness,
            Time::FirstResponse,
            Clock::Business,
            false,
        ),
        (
            "first-response-p90-business",
            D::FirstResponseP90Business,
            Time::FirstResponse,
            Clock::Business,
            true,
        ),
        (
            "first-response-median-calendar",
            D::FirstResponseMedianCalendar,
            Time::FirstResponse,
            Clock::Calendar,
            false,
        ),
        (
            "first-response-p90-calendar",
            D::FirstResponseP90Calendar,
            Time::FirstResponse,
            Clock::Calendar,
            true,
        ),
        (
            "resolution-median-business",
            D::ResolutionMedianBusiness,
            Time::Resolution,
            Clock::Business,
            false,
        ),
        (
            "resolution-p90-business",
            D::ResolutionP90Business,
            Time::Resolution,
            Clock::Business,
            true,
        ),
        (
            "resolution-median-calendar",
            D::ResolutionMedianCalendar,
            Time::Resolution,
            Clock::Calendar,
            false,
        ),
        (
            "resolution-p90-calendar",
            D::ResolutionP90Calendar,
            Time::Resolution,
            Clock::Calendar,
            true,
        ),
    ];
    for (key, label, time, clock, p90) in times {
        tiles.push(Kpi {
            key,
            label,
            group: D::Speed,
            kind: Kind::Duration,
            better: Better::Lower,
            now: time_figure(time, clock, p90, now),
            before: before.and_then(|b| time_figure(time, clock, p90, b)),
            compared: true,
            note: None,
        });
    }
    tiles.push(tile(
        "handle-time",
        D::HandleTime,
        D::Speed,
        Kind::Duration,
        Better::Lower,
        |m| m.overall.handle_seconds(),
    ));
    tiles.push(tile(
        "sla",
        D::SlaCompliance,
        D::Quality,
        Kind::Rate,
        Better::Higher,
        |m| m.overall.sla_compliance_rate,
    ));
    tiles.push(tile(
        "csat",
        D::Csat,
        D::Quality,
        Kind::Rate,
        Better::Higher,
        |m| m.overall.csat_rate,
    ));
    tiles.push(tile(
        "fcr",
        D::FirstContactResolution,
        D::Quality,
        Kind::Rate,
        Better::Higher,
        |m| m.overall.first_contact_resolution_rate,
    ));
    tiles.push(tile(
        "deflection",
        D::DeflectionRate,
        D::SelfService,
        Kind::Rate,
        Better::Higher,
        |m| m.overall.deflection_rate,
    ));
    let mut views = tile(
        "article-views",
        D::ArticleViews,
        D::SelfService,
        Kind::Count,
        Better::Higher,
        |m| m.articles.map(|a| a.views as f64),
    );
    let mut helpful = tile(
        "helpfulness",
        D::Helpfulness,
        D::SelfService,
        Kind::Rate,
        Better::Higher,
        |m| m.articles.and_then(|a| a.helpfulness()),
    );
    match now.articles {
        None => {
            views.note = Some(Note::NotOnServer);
            helpful.note = Some(Note::NotOnServer);
        }
        Some(articles) => {
            views.compared = false;
            views.before = None;
            views.note = Some(Note::AllTime);
            helpful.note = Some(Note::Votes {
                helpful: articles.helpful,
                votes: articles.helpful + articles.unhelpful,
            });
        }
    }
    tiles.push(views);
    tiles.push(helpful);
    tiles
}

/// The groups of tiles, in order.
pub const KPI_GROUPS: [DashboardText; 4] = [
    DashboardText::Volume,
    DashboardText::Speed,
    DashboardText::Quality,
    DashboardText::SelfService,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard_data::{ArticleStats, Percentiles};

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap_or_else(|| panic!("{text} is not a day"))
    }

    fn report(tickets: u64, levels: [u64; 3]) -> Report {
        let mut report = Report {
            tickets,
            ..Report::default()
        };
        for (key, count) in LEVELS.iter().zip(levels) {
            report.volume_by_level.insert((*key).to_owned(), count);
        }
        report
    }

    fn metrics() -> Metrics {
        let mut busy = report(5, [3, 1, 1]);
        busy.first_response.business = Percentiles {
            count: 5,
            median: Some(600.0),
            p90: Some(3_600.0),
        };
        busy.sla_compliance_rate = Some(0.8);
        Metrics {
            backlog: 4,
            overall: Report {
                tickets: 7,
                csat_rate: Some(0.9),
                ..report(7, [4, 2, 1])
            },
            by_day: vec![
                ("2026-11-01".to_owned(), report(2, [1, 1, 0])),
                ("2026-11-03".to_owned(), busy),
                // Outside the period: left out.
                ("2026-12-01".to_owned(), report(9, [9, 0, 0])),
            ],
            ..Metrics::default()
        }
    }

    #[test]
    fn every_day_of_the_period_is_there() {
        let period = Period {
            from: day("2026-11-01"),
            to: day("2026-11-04"),
        };
        let days = Days::new(&metrics(), period);
        assert_eq!(days.len(), 4);
        assert_eq!(days.tickets(), vec![2.0, 0.0, 5.0, 0.0]);
        assert_eq!(days.level("l1"), vec![1.0, 0.0, 3.0, 0.0]);
        assert_eq!(days.level("l3"), vec![0.0, 0.0, 1.0, 0.0]);
        assert_eq!(
            days.times(Time::FirstResponse, Clock::Business, true),
            vec![None, None, Some(3_600.0), None]
        );
        assert_eq!(
            days.times(Time::FirstResponse, Clock::Calendar, false),
            vec![None; 4]
        );
        assert_eq!(
            days.rates(|r| r.sla_compliance_rate),
            vec![None, None, Some(0.8), None]
        );
        assert_eq!(days.busiest(), Some((day("2026-11-03"), 5)));
        assert_eq!(Days::default().busiest(), None);
    }

    #[test]
    fn tiles_compare_with_the_previous_period() {
        let now = metrics();
        let mut before = metrics();
        before.overall.tickets = 5;
        before.overall.csat_rate = None;
        before.backlog = 99;
        let tiles = kpis(&now, Some(&before));
        let find = |key: &str| {
            tiles
                .iter()
                .find(|tile| tile.key == key)
                .cloned()
                .unwrap_or_else(|| panic!("no tile {key}"))
        };
        let tickets = find("tickets");
        assert_eq!((tickets.now, tickets.before), (Some(7.0), Some(5.0)));
        let backlog = find("backlog");
        assert_eq!(
            (backlog.now, backlog.before, backlog.compared),
            (Some(4.0), None, false)
        );
        assert_eq!(find("csat").before, None);
        assert_eq!(find("first-response-p90-business").kind, Kind::Duration);
        // Without the articles' figures the server is older: said so.
        assert_eq!(find("article-views").note, Some(Note::NotOnServer));
        assert_eq!(tiles.len(), 17);
        let keys: std::collections::HashSet<_> = tiles.iter().map(|t| t.key).collect();
        assert_eq!(keys.len(), tiles.len());
        assert!(tiles.iter().all(|t| KPI_GROUPS.contains(&t.group)));
        // Without the previous period nothing is compared.
        assert!(kpis(&now, None).iter().all(|t| t.before.is_none()));
    }

    #[test]
    fn article_tiles() {
        let mut now = metrics();
        now.articles = Some(ArticleStats {
            views: 120,
            helpful: 9,
            unhelpful: 3,
        });
        let tiles = kpis(&now, None);
        let views = tiles.iter().find(|t| t.key == "article-views");
        assert_eq!(
            views.map(|t| (t.compared, t.note)),
            Some((false, Some(Note::AllTime)))
        );
        let helpful = tiles.iter().find(|t| t.key == "helpfulness");
        assert_eq!(helpful.and_then(|t| t.now), Some(0.75));
        assert_eq!(
            helpful.and_then(|t| t.note),
            Some(Note::Votes {
                helpful: 9,
                votes: 12
            })
        );
    }
}
