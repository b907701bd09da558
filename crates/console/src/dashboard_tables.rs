//! The data behind each chart and breakdown as a table: its columns, its rows, the cells as
//! the UI language writes them and the same table as CSV (durations in seconds, rates in
//! percent, numbers the machine way).

use crate::chart_csv::{self, Cell};
use crate::dashboard_data::{Clock, Forecast, Report};
use crate::dashboard_format::{self as format, Kind};
use crate::dashboard_series::{Days, Time, level_names};
use crate::i18n::{DashboardText, Locale, in_seconds, level_tickets};
use crate::period::Day;

/// A column of figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub title: String,
    pub kind: Kind,
}

/// A row: its header cell and one figure per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The header cell as shown (`12 nov 2026`).
    pub label: String,
    /// The header cell in the CSV (`2026-11-12`).
    pub key: String,
    pub values: Vec<Option<f64>>,
}

/// A table of figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The rows' header column's title.
    pub key_title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Table {
    /// A cell as shown.
    pub fn cell(&self, locale: Locale, column: usize, value: Option<f64>) -> String {
        let kind = self.columns.get(column).map_or(Kind::Count, |c| c.kind);
        format::value(locale, kind, value)
    }

    /// The table as a CSV document.
    pub fn csv(&self, locale: Locale) -> String {
        let mut header = vec![self.key_title.clone()];
        header.extend(self.columns.iter().map(|column| match column.kind {
            Kind::Duration => in_seconds(locale, &column.title),
            Kind::Rate => format!("{} (%)", column.title),
            Kind::Count | Kind::Amount => column.title.clone(),
        }));
        let rows: Vec<Vec<Cell>> = self
            .rows
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::text(row.key.clone())];
                cells.extend(self.columns.iter().zip(&row.values).map(|(column, value)| {
                    Cell::number(value.map(|v| match column.kind {
                        Kind::Rate => v * 100.0,
                        _ => v,
                    }))
                }));
                cells
            })
            .collect();
        chart_csv::document(&header, &rows)
    }
}

fn text(locale: Locale, text: DashboardText) -> String {
    crate::i18n::tr(locale, text.into()).to_owned()
}

fn column(locale: Locale, title: DashboardText, kind: Kind) -> Column {
    Column {
        title: text(locale, title),
        kind,
    }
}

fn day_rows(locale: Locale, days: &Days, values: impl Fn(usize) -> Vec<Option<f64>>) -> Vec<Row> {
    days.days
        .iter()
        .enumerate()
        .map(|(n, day)| Row {
            label: format::long_day(locale, *day),
            key: day.to_string(),
            values: values(n),
        })
        .collect()
}

/// Tickets per day and level, and the day's total.
pub fn volume(locale: Locale, days: &Days) -> Table {
    let levels: Vec<Vec<f64>> = level_names()
        .iter()
        .map(|(key, _)| days.level(key))
        .collect();
    let totals = days.tickets();
    let mut columns: Vec<Column> = level_names()
        .iter()
        .map(|(_, name)| Column {
            title: level_tickets(locale, name),
            kind: Kind::Count,
        })
        .collect();
    columns.push(column(locale, DashboardText::Total, Kind::Count));
    Table {
        key_title: text(locale, DashboardText::Day),
        columns,
        rows: day_rows(locale, days, |n| {
            levels
                .iter()
                .map(|level| level.get(n).copied())
                .chain([totals.get(n).copied()])
                .collect()
        }),
    }
}

/// A time's median and 90th percentile per day, on both clocks.
pub fn times(locale: Locale, days: &Days, time: Time) -> Table {
    use DashboardText as D;
    let (median_business, p90_business, median_calendar, p90_calendar) = match time {
        Time::FirstResponse => (
            D::FirstResponseMedianBusiness,
            D::FirstResponseP90Business,
            D::FirstResponseMedianCalendar,
            D::FirstResponseP90Calendar,
        ),
        Time::Resolution => (
            D::ResolutionMedianBusiness,
            D::ResolutionP90Business,
            D::ResolutionMedianCalendar,
            D::ResolutionP90Calendar,
        ),
    };
    let series = [
        days.times(time, Clock::Business, false),
        days.times(time, Clock::Business, true),
        days.times(time, Clock::Calendar, false),
        days.times(time, Clock::Calendar, true),
    ];
    Table {
        key_title: text(locale, D::Day),
        columns: [median_business, p90_business, median_calendar, p90_calendar]
            .into_iter()
            .map(|title| column(locale, title, Kind::Duration))
            .collect(),
        rows: day_rows(locale, days, |n| {
            series.iter().map(|s| s.get(n).copied().flatten()).collect()
        }),
    }
}

/// SLA compliance and CSAT per day, with the day's tickets.
pub fn quality(locale: Locale, days: &Days) -> Table {
    let sla = days.rates(|r| r.sla_compliance_rate);
    let csat = days.rates(|r| r.csat_rate);
    let tickets = days.tickets();
    Table {
        key_title: text(locale, DashboardText::Day),
        columns: vec![
            column(locale, DashboardText::SlaCompliance, Kind::Rate),
            column(locale, DashboardText::Csat, Kind::Rate),
            column(locale, DashboardText::Tickets, Kind::Count),
        ],
        rows: day_rows(locale, days, |n| {
            vec![
                sla.get(n).copied().flatten(),
                csat.get(n).copied().flatten(),
                tickets.get(n).copied(),
            ]
        }),
    }
}

/// A figure of a report.
type Figure = fn(&Report) -> Option<f64>;

/// A breakdown (per team or agent): each row named, with its headline figures.
pub fn breakdown(locale: Locale, title: DashboardText, rows: &[(String, String, Report)]) -> Table {
    use DashboardText as D;
    let figures: [(D, Kind, Figure); 9] = [
        (D::Tickets, Kind::Count, |r| Some(r.tickets as f64)),
        (D::FirstResponseMedianBusiness, Kind::Duration, |r| {
            r.first_response.business.median
        }),
        (D::FirstResponseP90Business, Kind::Duration, |r| {
            r.first_response.business.p90
        }),
        (D::ResolutionMedianBusiness, Kind::Duration, |r| {
            r.resolution.business.median
        }),
        (D::ResolutionP90Business, Kind::Duration, |r| {
            r.resolution.business.p90
        }),
        (D::SlaCompliance, Kind::Rate, |r| r.sla_compliance_rate),
        (D::Csat, Kind::Rate, |r| r.csat_rate),
        (D::FirstContactResolution, Kind::Rate, |r| {
            r.first_contact_resolution_rate
        }),
        (D::HandleTime, Kind::Duration, Report::handle_seconds),
    ];
    Table {
        key_title: text(locale, title),
        columns: figures
            .iter()
            .map(|(title, kind, _)| column(locale, *title, *kind))
            .collect(),
        rows: rows
            .iter()
            .map(|(label, key, report)| Row {
                label: label.clone(),
                key: key.clone(),
                values: figures
                    .iter()
                    .map(|(_, _, figure)| figure(report))
                    .collect(),
            })
            .collect(),
    }
}

/// `00` … `23`.
pub fn hour_names() -> Vec<String> {
    (0..24).map(|hour| format!("{hour:02}")).collect()
}

/// The forecast per weekday (rows, Monday first) and hour (columns).
pub fn forecast_hours(locale: Locale, forecast: &Forecast) -> Table {
    let grid = forecast.grid();
    Table {
        key_title: text(locale, DashboardText::Weekday),
        columns: hour_names()
            .into_iter()
            .map(|title| Column {
                title,
                kind: Kind::Amount,
            })
            .collect(),
        rows: grid
            .iter()
            .enumerate()
            .map(|(n, hours)| Row {
                label: format::weekday_name(locale, n, false).to_owned(),
                key: format::weekday_name(Locale::En, n, false).to_owned(),
                values: hours.iter().map(|v| Some(*v)).collect(),
            })
            .collect(),
    }
}

/// The forecast per day of the coming week (Monday first, dated from `monday` when known).
pub fn forecast_days(locale: Locale, forecast: &Forecast, monday: Option<Day>) -> Table {
    let days = forecast.days();
    Table {
        key_title: text(locale, DashboardText::Day),
        columns: vec![column(locale, DashboardText::Expected, Kind::Amount)],
        rows: days
            .iter()
            .enumerate()
            .map(|(n, value)| {
                let date = monday.and_then(|m| m.plus_days(i64::try_from(n).unwrap_or(0)));
                let name = format::weekday_name(locale, n, false);
                Row {
                    label: match date {
                        Some(date) => format!("{name} {}", format::short_day(locale, date)),
                        None => name.to_owned(),
                    },
                    key: date.map_or_else(
                        || format::weekday_name(Locale::En, n, false).to_owned(),
                        |d| d.to_string(),
                    ),
                    values: vec![Some(*value)],
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dashboard_data::{LEVELS, Metrics, Percentiles};
    use crate::dashboard_query::Period;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap_or_else(|| panic!("{text} is not a day"))
    }

    fn days() -> Days {
        let mut report = Report {
            tickets: 3,
            sla_compliance_rate: Some(2.0 / 3.0),
            ..Report::default()
        };
        for (key, count) in LEVELS.iter().zip([2, 0, 1]) {
            report.volume_by_level.insert((*key).to_owned(), count);
        }
        report.first_response.calendar = Percentiles {
            count: 3,
            median: Some(90.0),
            p90: Some(7_200.0),
        };
        let metrics = Metrics {
            by_day: vec![("2026-11-02".to_owned(), report)],
            ..Metrics::default()
        };
        let period = Period {
            from: day("2026-11-01"),
            to: day("2026-11-02"),
        };
        Days::new(&metrics, period)
    }

    #[test]
    fn the_volume_table_and_its_csv() {
        let table = volume(Locale::Es, &days());
        assert_eq!(table.columns.len(), 4);
        assert_eq!(table.columns[1].title, "Tickets L2");
        assert_eq!(table.rows[0].label, "1 nov 2026");
        assert_eq!(
            table.rows[1].values,
            vec![Some(2.0), Some(0.0), Some(1.0), Some(3.0)]
        );
        assert_eq!(
            table.csv(Locale::Es),
            "Día,Tickets L1,Tickets L2,Tickets L3,Total\r\n\
             2026-11-01,0,0,0,0\r\n\
             2026-11-02,2,0,1,3\r\n"
        );
    }

    #[test]
    fn times_in_seconds_and_rates_in_percent() {
        let table = times(Locale::En, &days(), Time::FirstResponse);
        assert_eq!(table.cell(Locale::En, 3, table.rows[1].values[3]), "2 h");
        assert_eq!(table.cell(Locale::En, 0, table.rows[0].values[0]), "—");
        let csv = table.csv(Locale::En);
        assert!(csv.starts_with("Day,\"First response, median (business hours), seconds\","));
        assert!(csv.ends_with("2026-11-02,,,90,7200\r\n"));
        let quality = quality(Locale::En, &days());
        assert!(
            quality
                .csv(Locale::En)
                .starts_with("Day,SLA compliance (%),Satisfaction (CSAT) (%),Tickets\r\n")
        );
        assert!(
            quality
                .csv(Locale::En)
                .ends_with("2026-11-02,66.6667,,3\r\n")
        );
        assert_eq!(quality.cell(Locale::Es, 0, Some(2.0 / 3.0)), "66,7\u{a0}%");
    }

    #[test]
    fn breakdowns_and_the_forecast() {
        let rows = vec![(
            "Ana, soporte".to_owned(),
            "Ana, soporte".to_owned(),
            Report {
                tickets: 4,
                average_handle_time_minutes: Some(12.5),
                ..Report::default()
            },
        )];
        let table = breakdown(Locale::En, DashboardText::Agent, &rows);
        assert_eq!(table.columns.len(), 9);
        assert_eq!(table.rows[0].values[8], Some(750.0));
        assert!(table.csv(Locale::En).contains("\r\n\"Ana, soporte\",4,"));

        let forecast = Forecast {
            by_hour: vec![vec![1.25; 24]; 7],
            ..Forecast::default()
        };
        let hours = forecast_hours(Locale::Es, &forecast);
        assert_eq!(hours.columns.len(), 24);
        assert_eq!(hours.rows[2].label, "miércoles");
        assert_eq!(hours.cell(Locale::Es, 5, Some(1.25)), "1,3");
        let days = forecast_days(Locale::En, &forecast, Some(day("2026-11-09")));
        assert_eq!(days.rows[0].label, "Monday Nov 9");
        assert_eq!(days.rows[6].key, "2026-11-15");
        assert_eq!(days.rows[0].values, vec![Some(30.0)]);
    }
}
