//! What the widget tells the user about when to expect a reply.
//!
//! [`Expectation::compute`] turns the team's hours, the level's first-response target and the
//! current instant into an honest promise:
//!
//! - open now and the whole target fits before the team closes: "usually within 2 hours";
//! - open now but the target runs past closing time: "we'll answer by Monday at 10:30";
//! - closed now: when the team opens again, "today from 15:00" or "on Monday from 08:00".
//!
//! Dates and times are shown in the team's time zone (the widget says so next to the message).

use jiff::civil::{Date, Time, Weekday};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::hours::BusinessHours;
use crate::level::Level;
use crate::sla::SlaPolicy;

/// When the user can expect a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Expectation {
    /// Whether the team is open right now.
    pub available_now: bool,
    /// The first-response due instant for a ticket filed now.
    pub reply_by: Timestamp,
    /// How to phrase it.
    pub kind: ExpectationKind,
}

/// The shape of the promise; dates and times are local to the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectationKind {
    /// Open now, and the target (in minutes) elapses before closing.
    WithinMinutes(u32),
    /// Open now, but the target runs past closing: the reply is due at this local date and time.
    By {
        /// The local date of the due instant.
        date: Date,
        /// The local time of the due instant.
        time: Time,
        /// Whether `date` is today.
        today: bool,
    },
    /// Closed now; opens again later today at this local time.
    Today(Time),
    /// Closed now; opens again on another day.
    NextOpen {
        /// The local date of the next opening.
        date: Date,
        /// The local time of the next opening.
        time: Time,
        /// Days from today (1 = tomorrow).
        days_ahead: i32,
    },
}

impl Expectation {
    /// The expectation for a `level` request filed at `now`; `None` if the team never opens.
    pub fn compute(
        hours: &BusinessHours,
        policy: &SlaPolicy,
        level: Level,
        now: Timestamp,
    ) -> Option<Expectation> {
        let target = policy.first_response.get(level);
        let reply_by = hours.add_business_duration(now, target)?;
        let tz = hours.time_zone().clone();
        let today = now.to_zoned(tz.clone()).date();
        let available_now = hours.is_open(now);
        let kind = if available_now {
            let open_until = hours.open_until(now).unwrap_or(now);
            if reply_by <= open_until {
                ExpectationKind::WithinMinutes(whole_minutes(target))
            } else {
                let due = reply_by.to_zoned(tz);
                ExpectationKind::By {
                    date: due.date(),
                    time: due.time(),
                    today: due.date() == today,
                }
            }
        } else {
            let opens = hours.next_open(now)?.to_zoned(tz);
            if opens.date() == today {
                ExpectationKind::Today(opens.time())
            } else {
                let days_ahead = today
                    .until(opens.date())
                    .map_or(i32::MAX, |span| span.get_days());
                ExpectationKind::NextOpen {
                    date: opens.date(),
                    time: opens.time(),
                    days_ahead,
                }
            }
        };
        Some(Expectation {
            available_now,
            reply_by,
            kind,
        })
    }

    /// The message for the widget, in Spanish for `es…` locales and English otherwise.
    pub fn message(&self, locale: &str) -> String {
        let spanish = locale
            .get(..2)
            .is_some_and(|lang| lang.eq_ignore_ascii_case("es"));
        if spanish {
            self.message_es()
        } else {
            self.message_en()
        }
    }

    fn message_en(&self) -> String {
        match self.kind {
            ExpectationKind::WithinMinutes(minutes) => {
                format!("Usually within {}", duration_en(minutes))
            }
            ExpectationKind::By {
                time, today: true, ..
            } => format!("We'll answer by {} today", hhmm(time)),
            ExpectationKind::By { date, time, .. } => {
                format!(
                    "We'll answer by {} at {}",
                    weekday_en(date.weekday()),
                    hhmm(time)
                )
            }
            ExpectationKind::Today(time) => format!("We'll answer today from {}", hhmm(time)),
            ExpectationKind::NextOpen {
                time,
                days_ahead: 1,
                ..
            } => format!("We'll answer tomorrow from {}", hhmm(time)),
            ExpectationKind::NextOpen {
                date,
                time,
                days_ahead,
                ..
            } if days_ahead <= 6 => {
                format!(
                    "We'll answer on {} from {}",
                    weekday_en(date.weekday()),
                    hhmm(time)
                )
            }
            ExpectationKind::NextOpen { date, time, .. } => format!(
                "We'll answer on {} {} {} from {}",
                weekday_en(date.weekday()),
                date.day(),
                month_en(date.month()),
                hhmm(time)
            ),
        }
    }

    fn message_es(&self) -> String {
        match self.kind {
            ExpectationKind::WithinMinutes(minutes) => {
                format!(
                    "Normalmente respondemos en menos de {}",
                    duration_es(minutes)
                )
            }
            ExpectationKind::By {
                time, today: true, ..
            } => {
                format!("Te responderemos hoy antes de {}", a_las(time))
            }
            ExpectationKind::By { date, time, .. } => {
                format!(
                    "Te responderemos antes del {} a {}",
                    weekday_es(date.weekday()),
                    a_las(time)
                )
            }
            ExpectationKind::Today(time) => {
                format!("Te responderemos hoy a partir de {}", a_las(time))
            }
            ExpectationKind::NextOpen {
                time,
                days_ahead: 1,
                ..
            } => format!("Te responderemos mañana a partir de {}", a_las(time)),
            ExpectationKind::NextOpen {
                date,
                time,
                days_ahead,
                ..
            } if days_ahead <= 6 => {
                format!(
                    "Te responderemos el {} a partir de {}",
                    weekday_es(date.weekday()),
                    a_las(time)
                )
            }
            ExpectationKind::NextOpen { date, time, .. } => format!(
                "Te responderemos el {} {} de {} a partir de {}",
                weekday_es(date.weekday()),
                date.day(),
                month_es(date.month()),
                a_las(time)
            ),
        }
    }
}

fn whole_minutes(duration: SignedDuration) -> u32 {
    u32::try_from(duration.as_mins()).unwrap_or(u32::MAX)
}

fn hhmm(time: Time) -> String {
    format!("{:02}:{:02}", time.hour(), time.minute())
}

/// "las 08:00", but "la 01:00" (la una).
fn a_las(time: Time) -> String {
    let article = if time.hour() == 1 { "la" } else { "las" };
    format!("{article} {}", hhmm(time))
}

fn duration_en(minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, 1) => "1 minute".to_owned(),
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_owned(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn duration_es(minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    match (hours, rest) {
        (0, 1) => "1 minuto".to_owned(),
        (0, m) => format!("{m} minutos"),
        (1, 0) => "1 hora".to_owned(),
        (h, 0) => format!("{h} horas"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn weekday_en(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

fn weekday_es(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "lunes",
        Weekday::Tuesday => "martes",
        Weekday::Wednesday => "miércoles",
        Weekday::Thursday => "jueves",
        Weekday::Friday => "viernes",
        Weekday::Saturday => "sábado",
        Weekday::Sunday => "domingo",
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

fn month_en(month: i8) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS_EN.get(i))
        .copied()
        .unwrap_or("")
}

fn month_es(month: i8) -> &'static str {
    usize::try_from(month - 1)
        .ok()
        .and_then(|i| MONTHS_ES.get(i))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use jiff::civil::{date, time};

    use super::*;
    use crate::hours::BusinessHoursConfig;

    fn office(holidays: Vec<Date>) -> BusinessHours {
        crate::testing::weekdays_in_madrid(&[(8, 14), (15, 18)], holidays)
    }

    fn madrid(m: i8, d: i8, h: i8, min: i8) -> Timestamp {
        crate::testing::madrid(2026, m, d, h, min)
    }

    fn expect(hours: &BusinessHours, level: Level, now: Timestamp) -> Expectation {
        Expectation::compute(hours, &SlaPolicy::default(), level, now).expect("the team opens")
    }

    #[test]
    fn open_with_time_to_spare() {
        let mut policy = SlaPolicy::default();
        policy.first_response.l2 = 120;
        // Tuesday 10:00, two hours fit before lunch.
        let e = Expectation::compute(&office(vec![]), &policy, Level::L2, madrid(3, 3, 10, 0))
            .expect("opens");
        assert!(e.available_now);
        assert_eq!(e.kind, ExpectationKind::WithinMinutes(120));
        assert_eq!(e.reply_by, madrid(3, 3, 12, 0));
        assert_eq!(
            e.message("es"),
            "Normalmente respondemos en menos de 2 horas"
        );
        assert_eq!(e.message("en-GB"), "Usually within 2 hours");
    }

    #[test]
    fn closed_for_the_weekend() {
        // Saturday 7 March 2026.
        let e = expect(&office(vec![]), Level::L3, madrid(3, 7, 11, 0));
        assert!(!e.available_now);
        assert_eq!(
            e.message("es"),
            "Te responderemos el lunes a partir de las 08:00"
        );
        assert_eq!(e.message("en"), "We'll answer on Monday from 08:00");
        assert_eq!(e.reply_by, madrid(3, 9, 9, 0));
    }

    #[test]
    fn closed_for_lunch_and_overnight() {
        let hours = office(vec![]);
        let lunch = expect(&hours, Level::L3, madrid(3, 3, 14, 20));
        assert_eq!(lunch.kind, ExpectationKind::Today(time(15, 0, 0, 0)));
        assert_eq!(
            lunch.message("es"),
            "Te responderemos hoy a partir de las 15:00"
        );
        let night = expect(&hours, Level::L3, madrid(3, 3, 21, 0));
        assert_eq!(night.message("en"), "We'll answer tomorrow from 08:00");
        assert_eq!(
            night.message("es"),
            "Te responderemos mañana a partir de las 08:00"
        );
    }

    #[test]
    fn open_but_closing_soon() {
        // Friday 17:30, L3 (1 h): due Monday 08:30.
        let e = expect(&office(vec![]), Level::L3, madrid(3, 6, 17, 30));
        assert!(e.available_now);
        assert_eq!(e.message("en"), "We'll answer by Monday at 08:30");
        assert_eq!(
            e.message("es"),
            "Te responderemos antes del lunes a las 08:30"
        );
        // Tuesday 13:30, L3: due 15:30 today (lunch in between).
        let e = expect(&office(vec![]), Level::L3, madrid(3, 3, 13, 30));
        assert_eq!(e.message("en"), "We'll answer by 15:30 today");
        assert_eq!(e.message("es"), "Te responderemos hoy antes de las 15:30");
    }

    #[test]
    fn long_closures_name_the_date() {
        let holidays = (3..=14).map(|d| date(2026, 8, d)).collect();
        let e = expect(&office(holidays), Level::L1, madrid(8, 1, 12, 0));
        assert_eq!(
            e.message("en"),
            "We'll answer on Monday 17 August from 08:00"
        );
        assert_eq!(
            e.message("es"),
            "Te responderemos el lunes 17 de agosto a partir de las 08:00"
        );
    }

    #[test]
    fn never_open_means_no_promise() {
        let hours = BusinessHours::new(BusinessHoursConfig {
            time_zone: "UTC".to_owned(),
            weekly: Default::default(),
            holidays: vec![],
        })
        .expect("valid");
        assert_eq!(
            Expectation::compute(
                &hours,
                &SlaPolicy::default(),
                Level::L1,
                madrid(3, 3, 10, 0)
            ),
            None
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration_en(45), "45 minutes");
        assert_eq!(duration_en(60), "1 hour");
        assert_eq!(duration_en(90), "1 h 30 min");
        assert_eq!(duration_es(1), "1 minuto");
        assert_eq!(duration_es(480), "8 horas");
        assert_eq!(a_las(time(1, 0, 0, 0)), "la 01:00");
    }
}
