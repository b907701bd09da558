//! The help desk's core: request levels and tiers, the ticket status workflow, business hours,
//! SLAs, the widget's reply expectation, routing, macros, CSAT and metrics.
//!
//! Pure logic, no I/O: the server loads data, calls these functions and stores the results.
//! All time arithmetic goes through jiff with its bundled IANA database, so answers do not
//! depend on the host's time zone files.
#![forbid(unsafe_code)]

pub mod autoreply;
pub mod csat;
pub mod error;
pub mod event;
pub mod expect;
pub mod forecast;
pub mod hours;
pub mod level;
pub mod macros;
pub mod marks;
pub mod metrics;
pub mod routing;
pub mod settings;
pub mod sla;
pub mod status;
#[cfg(test)]
mod testing;

pub use csat::{Answer, Rating, Survey};
pub use error::{Error, Result};
pub use expect::{Expectation, ExpectationKind};
pub use forecast::{Backtest, Forecast, forecast};
pub use hours::{BusinessHours, BusinessHoursConfig};
pub use level::{Escalate, Impact, Level, Tier};
pub use macros::{Macro, render};
pub use marks::{SlaMarks, due_soon_window};
pub use metrics::{Report, TicketRecord, backlog_at, summarize};
pub use routing::{
    Actions, AgentId, Condition, LevelCondition, RoundRobin, Routed, Rule, TicketFacts, route,
};
pub use settings::{AutoReply, SupportSettings};
pub use sla::{Due, SlaClock, SlaPolicy, SlaState, StatusChange, Targets};
pub use status::{Event, Status, Workflow};
