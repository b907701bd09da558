//! The dashboard's period and breakdown ↔ the console's address
//! (`/console/dashboard?from=2026-11-01&to=2026-11-30&site=&group=&agent=`).

use crate::query;

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
                _ => {}
            }
        }
        filter
    }

    /// `?from=…&to=…`, or empty when nothing is set.
    pub fn to_query(&self) -> String {
        let pairs: Vec<(&str, String)> = [
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
}
