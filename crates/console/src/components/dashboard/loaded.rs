//! What the dashboard's parts share: a period's answer.

use crate::dashboard_data::Metrics;
use crate::dashboard_query::Period;
use crate::dashboard_series::Days;

/// A period's answer, with the previous period's when it could be had.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub period: Period,
    pub previous: Option<Period>,
    pub now: Metrics,
    /// `None` when the previous period could not be loaded: nothing is compared.
    pub before: Option<Metrics>,
    /// Every day of the period.
    pub days: Days,
}
