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

/// The inbox's rows per page (the pager's arithmetic is [`crate::paging`]'s).
pub const PER_PAGE: u32 = crate::paging::PAGE_SIZE;

/// The built-in views of the side list, in its order.
pub const BUILT_IN_VIEWS: [&str; 5] = ["mine", "unassigned", "due_soon", "breached", "all"];

/// The levels the side list offers, lowest first (the API's words).
pub const LEVELS: [&str; 3] = ["l1", "l2", "l3"];

/// The statuses the filter offers (the API's words; "" is every unsolved one, `all` every one).
pub const STATUSES: [&str; 5] = ["new", "open", "pending", "solved", "closed"];

impl InboxFilter {
    /// Only the built-in `view` (the side list's entries).
    pub fn view(view: &str) -> Self {
        Self {
            view: view.to_owned(),
            ..Self::default()
        }
    }

    /// Only the `level` (the side list's "By level").
    pub fn level(level: &str) -> Self {
        Self {
            level: level.to_owned(),
            ..Self::default()
        }
    }

    /// Only the `group` (the side list's "By group").
    pub fn group(group: &str) -> Self {
        Self {
            group: group.to_owned(),
            ..Self::default()
        }
    }

    /// A saved view: its query, marked as that view (so the side list shows it as current).
    pub fn saved(id: i64, query: &str) -> Self {
        Self {
            view: format!("saved:{id}"),
            page: 1,
            ..Self::from_query(query)
        }
    }

    /// The saved view's id when this is one.
    pub fn saved_id(&self) -> Option<i64> {
        self.view.strip_prefix("saved:")?.parse().ok()
    }

    /// The same filter on `page`.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// The same filter without its page (two addresses of one list).
    pub fn first_page(&self) -> Self {
        self.with_page(1)
    }

    /// What "Save this view" stores: the filter's query without the page, with a built-in
    /// view's meaning spelled out (a saved view is never "saved:…" itself).
    pub fn view_query(&self) -> String {
        let (assignee, sla) = self.effective();
        let plain = Self {
            view: String::new(),
            assignee,
            sla,
            page: 1,
            ..self.clone()
        };
        plain.to_query().trim_start_matches('?').to_owned()
    }

    /// The assignee and SLA filters with the built-in view's own applied (a field set in the
    /// address wins over the view's).
    fn effective(&self) -> (String, String) {
        let (assignee, sla) = match self.view.as_str() {
            "mine" => ("me", ""),
            "unassigned" => ("none", ""),
            "due_soon" => ("", "due_soon"),
            "breached" => ("", "breached"),
            _ => ("", ""),
        };
        let pick = |set: &str, view: &str| {
            if set.is_empty() {
                view.to_owned()
            } else {
                set.to_owned()
            }
        };
        (pick(&self.assignee, assignee), pick(&self.sla, sla))
    }

    /// Whether anything narrows the list besides the view (the filter bar's "Clear").
    pub fn is_filtered(&self) -> bool {
        [
            &self.q,
            &self.status,
            &self.level,
            &self.group,
            &self.assignee,
            &self.sla,
            &self.tag,
        ]
        .iter()
        .any(|value| !value.trim().is_empty())
    }

    /// `GET /api/v1/tickets?…` for this filter: sorted by SLA due (the API's default), 20 a
    /// page. Levels go lowercase, as the API spells them; blank fields are left out.
    pub fn api_url(&self) -> String {
        let (assignee, sla) = self.effective();
        let mut pairs = Vec::new();
        let mut push = |name: &'static str, value: &str| {
            let value = value.trim();
            if !value.is_empty() {
                pairs.push((name, value.to_owned()));
            }
        };
        push("q", &self.q);
        push("status", &self.status.to_lowercase());
        push("level", &self.level.to_lowercase());
        push("group", &self.group);
        push("assignee", &assignee);
        push("sla", &sla);
        push("tag", &self.tag);
        pairs.push(("page", self.page.max(1).to_string()));
        pairs.push(("per_page", PER_PAGE.to_string()));
        format!("/api/v1/tickets{}", query::build(&pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_round_trips() {
        let filter = InboxFilter::from_query("?view=mine&q=factura+IVA&level=l2&page=3");
        assert_eq!(filter.view, "mine");
        assert_eq!(filter.q, "factura IVA");
        assert_eq!(filter.page, 3);
        assert_eq!(InboxFilter::from_query(&filter.to_query()), filter);
        assert_eq!(InboxFilter::default().to_query(), "");
        assert_eq!(InboxFilter::from_query("?page=0").page, 1);
        assert_eq!(
            InboxFilter::from_query("?page=x&nope=1"),
            InboxFilter::default()
        );
    }

    #[test]
    fn built_in_views_become_api_filters() {
        assert_eq!(
            InboxFilter::view("mine").api_url(),
            "/api/v1/tickets?assignee=me&page=1&per_page=20"
        );
        assert_eq!(
            InboxFilter::view("unassigned").api_url(),
            "/api/v1/tickets?assignee=none&page=1&per_page=20"
        );
        assert_eq!(
            InboxFilter::view("breached").with_page(2).api_url(),
            "/api/v1/tickets?sla=breached&page=2&per_page=20"
        );
        assert_eq!(
            InboxFilter::view("all").api_url(),
            "/api/v1/tickets?page=1&per_page=20"
        );
        // A field in the address wins over the view's.
        let mut filter = InboxFilter::view("mine");
        filter.assignee = "7".to_owned();
        assert!(filter.api_url().contains("assignee=7"));
    }

    #[test]
    fn levels_go_lowercase_and_text_is_encoded() {
        let filter = InboxFilter::from_query("?level=L2&q=a%26b&tag=vip&status=open,pending");
        assert_eq!(
            filter.api_url(),
            "/api/v1/tickets?q=a%26b&status=open%2Cpending&level=l2&tag=vip&page=1&per_page=20"
        );
    }

    #[test]
    fn saved_views_keep_their_query() {
        let filter = InboxFilter::saved(4, "status=open&level=l2&page=9");
        assert_eq!(filter.saved_id(), Some(4));
        assert_eq!(filter.status, "open");
        assert_eq!(filter.page, 1);
        assert_eq!(filter.to_query(), "?view=saved%3A4&status=open&level=l2");
        assert_eq!(InboxFilter::view("mine").saved_id(), None);
        // What is saved spells the built-in view out and never names a saved one.
        let mut mine = InboxFilter::view("mine").with_page(3);
        mine.tag = "vip".to_owned();
        assert_eq!(mine.view_query(), "assignee=me&tag=vip");
        assert_eq!(filter.view_query(), "status=open&level=l2");
        assert!(!InboxFilter::view("mine").is_filtered());
        assert!(mine.is_filtered());
    }
}
