//! Support metrics over plain ticket records: volume, response and resolution times, FCR,
//! handle time, CSAT, deflection, backlog and SLA compliance, overall or grouped.
//!
//! Conventions:
//! - A record with `deflected` set is a deflection ("this answered my question"), not a ticket:
//!   it only counts towards the deflection rate.
//! - Rates are fractions in `0.0..=1.0`, `None` when their denominator is zero.
//! - Percentiles use the nearest-rank method (the median of 4 values is the 2nd), so every
//!   reported time is one that actually happened.
//! - Business times are measured with the team's [`BusinessHours`]; days are local to its zone.
//! - Durations serialise as ISO 8601 (`"PT3H"`) and, beside them, as seconds
//!   (`median_seconds`, `p90_seconds`) for clients that chart them.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::csat::Rating;
use crate::hours::BusinessHours;
use crate::level::Level;
use crate::routing::AgentId;

/// One ticket (or deflection), as the store summarizes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRecord {
    /// When it was filed.
    pub created: Timestamp,
    /// Its level.
    pub level: Level,
    /// Where it came from, e.g. `widget`, `email`.
    pub channel: String,
    /// The group it is assigned to.
    pub group: Option<String>,
    /// The agent it is assigned to.
    pub agent: Option<AgentId>,
    /// The first public agent reply.
    pub first_response_at: Option<Timestamp>,
    /// When it was (last) solved; `None` if unsolved.
    pub solved_at: Option<Timestamp>,
    /// How many times it was reopened.
    pub reopened: u32,
    /// How many public agent replies it got.
    pub agent_replies: u32,
    /// The CSAT answer, if any.
    pub csat: Option<Rating>,
    /// A deflection rather than a ticket.
    pub deflected: bool,
    /// The first-response SLA was breached.
    pub first_response_breached: bool,
    /// The resolution SLA was breached.
    pub resolution_breached: bool,
    /// Agent working time spent on it, minutes.
    pub handle_time_minutes: u32,
}

/// Median and 90th percentile of a set of durations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "PercentilesJson", from = "PercentilesJson")]
pub struct Percentiles {
    /// How many durations.
    pub count: usize,
    /// The median (nearest rank).
    pub median: Option<SignedDuration>,
    /// The 90th percentile (nearest rank).
    pub p90: Option<SignedDuration>,
}

impl Percentiles {
    fn of(mut values: Vec<SignedDuration>) -> Percentiles {
        values.sort_unstable();
        Percentiles {
            count: values.len(),
            median: nearest_rank(&values, 50),
            p90: nearest_rank(&values, 90),
        }
    }
}

/// The serde form of [`Percentiles`]: each duration as ISO 8601 and in seconds. The seconds
/// are derived, so reading ignores them.
#[derive(Serialize, Deserialize)]
struct PercentilesJson {
    count: usize,
    median: Option<SignedDuration>,
    p90: Option<SignedDuration>,
    #[serde(default)]
    median_seconds: Option<f64>,
    #[serde(default)]
    p90_seconds: Option<f64>,
}

impl From<Percentiles> for PercentilesJson {
    fn from(p: Percentiles) -> Self {
        PercentilesJson {
            count: p.count,
            median: p.median,
            p90: p.p90,
            median_seconds: p.median.map(|d| d.as_secs_f64()),
            p90_seconds: p.p90.map(|d| d.as_secs_f64()),
        }
    }
}

impl From<PercentilesJson> for Percentiles {
    fn from(json: PercentilesJson) -> Self {
        Percentiles {
            count: json.count,
            median: json.median,
            p90: json.p90,
        }
    }
}

fn nearest_rank(sorted: &[SignedDuration], percent: usize) -> Option<SignedDuration> {
    let rank = (sorted.len() * percent).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// A time metric measured in calendar and in business time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeStats {
    /// Wall-clock time.
    pub calendar: Percentiles,
    /// Business time only.
    pub business: Percentiles,
}

/// Metrics over a set of records.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Tickets (deflections excluded).
    pub tickets: usize,
    /// Deflections.
    pub deflections: usize,
    /// Tickets per level.
    pub volume_by_level: BTreeMap<Level, usize>,
    /// Tickets per channel.
    pub volume_by_channel: BTreeMap<String, usize>,
    /// Creation → first public agent reply, over tickets that got one.
    pub first_response: TimeStats,
    /// Creation → solved, over solved tickets.
    pub resolution: TimeStats,
    /// Solved tickets with exactly one agent reply and never reopened, over solved tickets.
    pub first_contact_resolution_rate: Option<f64>,
    /// Mean handle time over tickets with at least one agent reply, minutes.
    pub average_handle_time_minutes: Option<f64>,
    /// Good answers over all CSAT answers.
    pub csat_rate: Option<f64>,
    /// Deflections over deflections plus tickets.
    pub deflection_rate: Option<f64>,
    /// Tickets without any SLA breach over tickets.
    pub sla_compliance_rate: Option<f64>,
}

fn ratio(numerator: usize, denominator: usize) -> Option<f64> {
    // Counts are far below 2^52, so the conversions are exact.
    (denominator > 0).then(|| numerator as f64 / denominator as f64)
}

/// Computes every metric over `records`.
pub fn summarize(records: &[TicketRecord], hours: &BusinessHours) -> Report {
    let tickets: Vec<&TicketRecord> = records.iter().filter(|r| !r.deflected).collect();
    let deflections = records.len() - tickets.len();
    let mut report = Report {
        tickets: tickets.len(),
        deflections,
        ..Report::default()
    };
    for ticket in &tickets {
        *report.volume_by_level.entry(ticket.level).or_default() += 1;
        *report
            .volume_by_channel
            .entry(ticket.channel.clone())
            .or_default() += 1;
    }

    let times = |end: fn(&TicketRecord) -> Option<Timestamp>| {
        let pairs: Vec<(Timestamp, Timestamp)> = tickets
            .iter()
            .filter_map(|t| Some((t.created, end(t)?)))
            .filter(|(start, end)| end >= start)
            .collect();
        TimeStats {
            calendar: Percentiles::of(pairs.iter().map(|(s, e)| e.duration_since(*s)).collect()),
            business: Percentiles::of(
                pairs
                    .iter()
                    .map(|(s, e)| hours.business_duration_between(*s, *e))
                    .collect(),
            ),
        }
    };
    report.first_response = times(|t| t.first_response_at);
    report.resolution = times(|t| t.solved_at);

    let solved: Vec<&&TicketRecord> = tickets.iter().filter(|t| t.solved_at.is_some()).collect();
    let first_contact = solved
        .iter()
        .filter(|t| t.agent_replies == 1 && t.reopened == 0)
        .count();
    report.first_contact_resolution_rate = ratio(first_contact, solved.len());

    let handled: Vec<u32> = tickets
        .iter()
        .filter(|t| t.agent_replies > 0)
        .map(|t| t.handle_time_minutes)
        .collect();
    let handle_total: u64 = handled.iter().map(|&m| u64::from(m)).sum();
    report.average_handle_time_minutes =
        (!handled.is_empty()).then(|| handle_total as f64 / handled.len() as f64);

    let answered = tickets.iter().filter(|t| t.csat.is_some()).count();
    let good = tickets
        .iter()
        .filter(|t| t.csat == Some(Rating::Good))
        .count();
    report.csat_rate = ratio(good, answered);
    report.deflection_rate = ratio(deflections, records.len());
    let compliant = tickets
        .iter()
        .filter(|t| !t.first_response_breached && !t.resolution_breached)
        .count();
    report.sla_compliance_rate = ratio(compliant, tickets.len());
    report
}

/// One report per key; records for which `key` is `None` are left out.
pub fn summarize_by<K: Ord>(
    records: &[TicketRecord],
    hours: &BusinessHours,
    key: impl Fn(&TicketRecord) -> Option<K>,
) -> BTreeMap<K, Report> {
    let mut groups: BTreeMap<K, Vec<TicketRecord>> = BTreeMap::new();
    for record in records {
        if let Some(k) = key(record) {
            groups.entry(k).or_default().push(record.clone());
        }
    }
    groups
        .into_iter()
        .map(|(k, group)| (k, summarize(&group, hours)))
        .collect()
}

/// One report per local day of creation, in the team's time zone.
pub fn summarize_by_day(records: &[TicketRecord], hours: &BusinessHours) -> BTreeMap<Date, Report> {
    let tz = hours.time_zone().clone();
    summarize_by(records, hours, |r| {
        Some(r.created.to_zoned(tz.clone()).date())
    })
}

/// One report per group (unassigned tickets and deflections left out).
pub fn summarize_by_group(
    records: &[TicketRecord],
    hours: &BusinessHours,
) -> BTreeMap<String, Report> {
    summarize_by(records, hours, |r| r.group.clone())
}

/// One report per agent (unassigned tickets and deflections left out).
pub fn summarize_by_agent(
    records: &[TicketRecord],
    hours: &BusinessHours,
) -> BTreeMap<AgentId, Report> {
    summarize_by(records, hours, |r| r.agent)
}

/// Tickets filed by `at` and not solved at `at`.
pub fn backlog_at(records: &[TicketRecord], at: Timestamp) -> usize {
    records
        .iter()
        .filter(|r| !r.deflected && r.created <= at && r.solved_at.is_none_or(|solved| solved > at))
        .count()
}

#[cfg(test)]
mod tests {
    use jiff::civil::{date, time};

    use super::*;
    use crate::hours::BusinessHoursConfig;

    fn hours() -> BusinessHours {
        let day = vec![(time(9, 0, 0, 0), time(17, 0, 0, 0))];
        BusinessHours::new(BusinessHoursConfig {
            time_zone: "Europe/Madrid".to_owned(),
            weekly: [
                day.clone(),
                day.clone(),
                day.clone(),
                day.clone(),
                day,
                vec![],
                vec![],
            ],
            holidays: vec![],
        })
        .expect("valid")
    }

    fn at(d: i8, h: i8) -> Timestamp {
        date(2026, 3, d)
            .at(h, 0, 0, 0)
            .in_tz("Europe/Madrid")
            .expect("valid")
            .timestamp()
    }

    fn record(created: Timestamp) -> TicketRecord {
        TicketRecord {
            created,
            level: Level::L1,
            channel: "widget".to_owned(),
            group: Some("general".to_owned()),
            agent: Some(AgentId(1)),
            first_response_at: None,
            solved_at: None,
            reopened: 0,
            agent_replies: 0,
            csat: None,
            deflected: false,
            first_response_breached: false,
            resolution_breached: false,
            handle_time_minutes: 0,
        }
    }

    /// A known data set: four tickets and one deflection, Monday 2 – Tuesday 3 March 2026.
    fn data() -> Vec<TicketRecord> {
        vec![
            // Solved at first contact, 1 h response, 2 h resolution, good.
            TicketRecord {
                first_response_at: Some(at(2, 10)),
                solved_at: Some(at(2, 11)),
                agent_replies: 1,
                csat: Some(Rating::Good),
                handle_time_minutes: 20,
                ..record(at(2, 9))
            },
            // Filed Monday 16:00, answered Tuesday 10:00 (2 business hours, 18 calendar), solved
            // after two replies, reopened once, breached.
            TicketRecord {
                level: Level::L3,
                channel: "email".to_owned(),
                first_response_at: Some(at(3, 10)),
                solved_at: Some(at(3, 12)),
                agent_replies: 2,
                reopened: 1,
                csat: Some(Rating::Bad),
                first_response_breached: true,
                handle_time_minutes: 40,
                agent: Some(AgentId(2)),
                ..record(at(2, 16))
            },
            // Answered, still open.
            TicketRecord {
                level: Level::L2,
                first_response_at: Some(at(3, 12)),
                agent_replies: 1,
                handle_time_minutes: 30,
                group: Some("billing".to_owned()),
                ..record(at(3, 9))
            },
            // Untouched.
            TicketRecord {
                group: None,
                agent: None,
                ..record(at(3, 15))
            },
            TicketRecord {
                deflected: true,
                group: None,
                agent: None,
                ..record(at(3, 10))
            },
        ]
    }

    #[test]
    fn summary_of_a_known_data_set() {
        let report = summarize(&data(), &hours());
        assert_eq!(report.tickets, 4);
        assert_eq!(report.deflections, 1);
        assert_eq!(report.volume_by_level.get(&Level::L1), Some(&2));
        assert_eq!(report.volume_by_level.get(&Level::L3), Some(&1));
        assert_eq!(report.volume_by_channel.get("email"), Some(&1));
        let h = SignedDuration::from_hours;
        // First responses: 1 h, 18 h, 3 h calendar; 1 h, 2 h, 3 h business.
        assert_eq!(report.first_response.calendar.count, 3);
        assert_eq!(report.first_response.calendar.median, Some(h(3)));
        assert_eq!(report.first_response.calendar.p90, Some(h(18)));
        assert_eq!(report.first_response.business.median, Some(h(2)));
        // Resolutions: 2 h and 20 h calendar; 2 h and 4 h business.
        assert_eq!(report.resolution.calendar.median, Some(h(2)));
        assert_eq!(report.resolution.calendar.p90, Some(h(20)));
        assert_eq!(report.resolution.business.p90, Some(h(4)));
        assert_eq!(report.first_contact_resolution_rate, Some(0.5));
        assert_eq!(report.average_handle_time_minutes, Some(30.0));
        assert_eq!(report.csat_rate, Some(0.5));
        assert_eq!(report.deflection_rate, Some(0.2));
        assert_eq!(report.sla_compliance_rate, Some(0.75));
    }

    #[test]
    fn empty_input_has_no_rates() {
        let report = summarize(&[], &hours());
        assert_eq!(report.tickets, 0);
        assert_eq!(report.csat_rate, None);
        assert_eq!(report.first_response.calendar.median, None);
    }

    #[test]
    fn grouping_by_day_group_and_agent() {
        let records = data();
        let by_day = summarize_by_day(&records, &hours());
        assert_eq!(by_day.get(&date(2026, 3, 2)).map(|r| r.tickets), Some(2));
        assert_eq!(
            by_day
                .get(&date(2026, 3, 3))
                .map(|r| (r.tickets, r.deflections)),
            Some((2, 1))
        );
        let by_group = summarize_by_group(&records, &hours());
        assert_eq!(by_group.get("general").map(|r| r.tickets), Some(2));
        assert_eq!(by_group.get("billing").map(|r| r.tickets), Some(1));
        let by_agent = summarize_by_agent(&records, &hours());
        assert_eq!(
            by_agent.get(&AgentId(2)).map(|r| r.csat_rate),
            Some(Some(0.0))
        );
    }

    #[test]
    fn backlog_counts_unsolved_tickets_at_an_instant() {
        let records = data();
        assert_eq!(backlog_at(&records, at(2, 8)), 0);
        assert_eq!(backlog_at(&records, at(2, 10)), 1);
        assert_eq!(backlog_at(&records, at(2, 16)), 1);
        assert_eq!(backlog_at(&records, at(3, 11)), 2);
        assert_eq!(backlog_at(&records, at(3, 16)), 2);
    }

    #[test]
    fn durations_serialise_as_iso_8601_and_seconds() {
        let p = Percentiles::of(vec![SignedDuration::from_millis(90_500)]);
        let json = serde_json::to_value(p).expect("serialises");
        assert_eq!(
            json,
            serde_json::json!({"count": 1, "median": "PT1M30.5S", "p90": "PT1M30.5S",
                "median_seconds": 90.5, "p90_seconds": 90.5})
        );
        let back: Percentiles = serde_json::from_value(json).expect("reads back");
        assert_eq!(back, p);
        // The older form, without seconds, still reads.
        let old: Percentiles =
            serde_json::from_value(serde_json::json!({"count": 0, "median": null, "p90": null}))
                .expect("reads");
        assert_eq!(old, Percentiles::default());
    }

    #[test]
    fn percentiles_use_nearest_rank() {
        let m = SignedDuration::from_mins;
        let p = Percentiles::of(vec![m(4), m(1), m(3), m(2)]);
        assert_eq!((p.median, p.p90), (Some(m(2)), Some(m(4))));
        let p = Percentiles::of(vec![m(7)]);
        assert_eq!((p.median, p.p90), (Some(m(7)), Some(m(7))));
    }
}
