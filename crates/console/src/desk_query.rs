//! The agents' inbox filter ↔ the console's address (`/console/inbox?view=mine&q=…&page=2`)
//! ↔ the API's query (`GET /api/v1/tickets`).

use crate::paging::MAX_PAGE;
use crate::query;

/// What the inbox shows, as the address holds it. Empty strings mean "any".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboxFilter {
    /// A built-in view (`mine`, `unassigned`, `due_soon`, `breached`, `all`) or `saved:<id>`.
    pub view: String,
    pub q: String,
    pub status: String,
    pub level: String,
    pub group: String,
    pub assignee: String,
    pub sla: String,
    pub tag: String,
    /// 1-based.
    pub page: u32,
}

impl Default for InboxFilter {
    fn default() -> Self {
        Self {
            view: String::new(),
            q: String::new(),
            status: String::new(),
            level: String::new(),
            group: String::new(),
            assignee: String::new(),
            sla: String::new(),
            tag: String::new(),
            page: 1,
        }
    }
}

impl InboxFilter {
    /// Reads the address bar's query; unknown names are ignored.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            let value: String = value.chars().take(200).collect();
            match name.as_str() {
                "view" => filter.view = value,
                "q" => filter.q = value,
                "status" => filter.status = value,
                "level" => filter.level = value,
                "group" => filter.group = value,
                "assignee" => filter.assignee = value,
                "sla" => filter.sla = value,
                "tag" => filter.tag = value,
                "page" => filter.page = value.parse::<u32>().map_or(1, |p| p.clamp(1, MAX_PAGE)),
                _ => {}
            }
        }
        filter
    }

    /// `?view=mine&q=…`, or empty when nothing is set.
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        for (name, value) in [
            ("view", &self.view),
            ("q", &self.q),
            ("status", &self.status),
            ("level", &self.level),
            ("group", &self.group),
            ("assignee", &self.assignee),
            ("sla", &self.sla),
            ("tag", &self.tag),
        ] {
            if !value.is_empty() {
                pairs.push((name, value.clone()));
            }
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query::build(&pairs)
    }
}
