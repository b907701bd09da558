//! The dashboard's calls: the metrics of a period, the volume forecast, the agents (for their
//! names and teams). The sites come from [`super::editorial::sites`].

use super::{ApiError, Call};
use crate::dashboard_data::{Agent, Forecast, Metrics};

/// `GET /api/v1/metrics?…` (the URL from [`crate::dashboard_query::DashboardFilter::metrics_url`]).
pub async fn metrics(url: &str) -> Result<Metrics, ApiError> {
    Call::get(url).send().await?.json()
}

/// `GET /api/v1/metrics/forecast?…` (the URL from
/// [`crate::dashboard_query::DashboardFilter::forecast_url`]).
pub async fn forecast(url: &str) -> Result<Forecast, ApiError> {
    Call::get(url).send().await?.json()
}

/// `GET /api/v1/agents`: every agent and admin who answers tickets.
pub async fn agents() -> Result<Vec<Agent>, ApiError> {
    Call::get("/api/v1/agents").send().await?.json()
}
