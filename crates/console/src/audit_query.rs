//! The audit log's filters ↔ the console's address ↔ the API's query, and the families its
//! action codes fall into.
//!
//! The address keeps what the admin chose as they chose it (`?action=user&actor=ana&since=
//! 2026-12-01&until=2026-12-07&page=2`): the dates are calendar days in the browser's time
//! zone. Only on the way to the server do they become instants ([`since_local`],
//! [`until_local`], turned into UTC by the browser), so a reload or Back shows the same days.

use crate::paging::{self, MAX_PAGE, PAGE_SIZE};
use crate::query;

/// The most characters the server takes for `action` and `actor`.
pub const MAX_FILTER_CHARS: usize = 254;

/// What the audit log is filtered by, as the address holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditFilter {
    /// An action family (`user`) or one exact action (`user.role`); empty for all.
    pub action: String,
    /// Part of the acting member's e-mail; empty for everyone.
    pub actor: String,
    /// The first day shown (`2026-12-01`), in the browser's time zone.
    pub since: Option<String>,
    /// The last day shown, included.
    pub until: Option<String>,
    /// 1-based.
    pub page: u32,
}

impl Default for AuditFilter {
    fn default() -> Self {
        Self {
            action: String::new(),
            actor: String::new(),
            since: None,
            until: None,
            page: 1,
        }
    }
}

impl AuditFilter {
    /// Reads the address bar's query. Unknown names and malformed days are ignored.
    pub fn from_query(search: &str) -> Self {
        let mut filter = Self::default();
        for (name, value) in query::pairs(search) {
            match name.as_str() {
                "action" => filter.action = short(&value),
                "actor" => filter.actor = short(&value),
                "since" => filter.since = day(&value),
                "until" => filter.until = day(&value),
                "page" => {
                    filter.page = value
                        .parse::<u32>()
                        .map_or(1, |page| page.clamp(1, MAX_PAGE));
                }
                _ => {}
            }
        }
        filter
    }

    /// The address bar's query (`""` for no filter, page 1).
    pub fn to_query(&self) -> String {
        let mut pairs = Vec::new();
        if !self.action.is_empty() {
            pairs.push(("action", self.action.clone()));
        }
        if !self.actor.is_empty() {
            pairs.push(("actor", self.actor.clone()));
        }
        if let Some(since) = &self.since {
            pairs.push(("since", since.clone()));
        }
        if let Some(until) = &self.until {
            pairs.push(("until", until.clone()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        query::build(&pairs)
    }

    /// `GET /api/v1/audit?…` for this filter's page, with the period's ends already turned
    /// into RFC 3339 instants (see [`since_local`] and [`until_local`]).
    pub fn api_url(&self, since: Option<&str>, until: Option<&str>) -> String {
        let mut pairs = Vec::new();
        let action = self.action.trim();
        if !action.is_empty() {
            pairs.push(("action", action.to_owned()));
        }
        let actor = self.actor.trim();
        if !actor.is_empty() {
            pairs.push(("actor", actor.to_owned()));
        }
        if let Some(since) = since {
            pairs.push(("since", since.to_owned()));
        }
        if let Some(until) = until {
            pairs.push(("until", until.to_owned()));
        }
        pairs.push(("limit", PAGE_SIZE.to_string()));
        pairs.push(("offset", paging::offset(self.page).to_string()));
        format!("/api/v1/audit{}", query::build(&pairs))
    }

    /// The filter with another action (family), from the first page.
    pub fn with_action(&self, action: &str) -> Self {
        Self {
            action: short(action),
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another actor text, from the first page.
    pub fn with_actor(&self, actor: &str) -> Self {
        Self {
            actor: short(actor),
            page: 1,
            ..self.clone()
        }
    }

    /// The filter with another period (either end may be open), from the first page.
    pub fn with_period(&self, since: Option<&str>, until: Option<&str>) -> Self {
        Self {
            since: since.and_then(day),
            until: until.and_then(day),
            page: 1,
            ..self.clone()
        }
    }

    /// The same filter on another page.
    pub fn with_page(&self, page: u32) -> Self {
        Self {
            page: page.clamp(1, MAX_PAGE),
            ..self.clone()
        }
    }

    /// Whether anything but the page narrows the log.
    pub fn is_filtered(&self) -> bool {
        !self.action.is_empty()
            || !self.actor.is_empty()
            || self.since.is_some()
            || self.until.is_some()
    }

    /// Whether the period ends before it starts (the server would answer an empty page).
    pub fn period_is_backwards(&self) -> bool {
        matches!((&self.since, &self.until), (Some(since), Some(until)) if until < since)
    }
}

/// The start of `day` as a local time the browser reads (`2026-12-01T00:00:00`).
pub fn since_local(day: &str) -> String {
    format!("{day}T00:00:00")
}

/// The last millisecond of `day` as a local time (`2026-12-07T23:59:59.999`): the day is
/// included.
pub fn until_local(day: &str) -> String {
    format!("{day}T23:59:59.999")
}

/// A value cut to what the server takes.
fn short(value: &str) -> String {
    value.chars().take(MAX_FILTER_CHARS).collect()
}

/// A calendar day as `<input type="date">` writes it (`2026-12-01`), or `None`.
pub fn day(value: &str) -> Option<String> {
    let value = value.trim();
    let bytes = value.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    let month: u32 = value.get(5..7)?.parse().ok()?;
    let date: u32 = value.get(8..10)?.parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&date)).then(|| value.to_owned())
}

/// The families of audit actions: the part of an action code before its dot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionFamily {
    /// Signing in and out, passwords, the second factor.
    Auth,
    /// Staff accounts, changed by admins.
    User,
    /// API tokens.
    Token,
    /// Articles: created, published, scheduled, deleted, restored.
    Article,
    /// The installation's security policy.
    Security,
}

impl ActionFamily {
    /// Every family, in the filter's order.
    pub const ALL: [ActionFamily; 5] = [
        ActionFamily::Auth,
        ActionFamily::User,
        ActionFamily::Token,
        ActionFamily::Article,
        ActionFamily::Security,
    ];

    /// The family's prefix, as the API's `action` filter takes it.
    pub fn key(self) -> &'static str {
        match self {
            ActionFamily::Auth => "auth",
            ActionFamily::User => "user",
            ActionFamily::Token => "token",
            ActionFamily::Article => "article",
            ActionFamily::Security => "security",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|family| family.key() == key)
    }

    /// The family of an action code (`user.role` → `User`); `None` for one we do not know.
    pub fn of(action: &str) -> Option<Self> {
        Self::parse(action.split('.').next().unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_filter_has_a_plain_address() {
        assert_eq!(AuditFilter::default().to_query(), "");
        assert_eq!(AuditFilter::from_query(""), AuditFilter::default());
        assert!(!AuditFilter::default().is_filtered());
    }

    #[test]
    fn the_address_round_trips() {
        let filter = AuditFilter {
            action: "user".to_owned(),
            actor: "ana@example.com".to_owned(),
            since: Some("2026-12-01".to_owned()),
            until: Some("2026-12-07".to_owned()),
            page: 2,
        };
        let address = filter.to_query();
        assert_eq!(
            address,
            "?action=user&actor=ana%40example.com&since=2026-12-01&until=2026-12-07&page=2"
        );
        assert_eq!(AuditFilter::from_query(&address), filter);
        assert!(filter.is_filtered());
    }

    #[test]
    fn malformed_values_are_ignored() {
        let filter = AuditFilter::from_query("?since=yesterday&until=2026-13-01&page=-1&sort=time");
        assert_eq!(filter, AuditFilter::default());
        assert_eq!(day("2026-02-30").as_deref(), Some("2026-02-30"));
        assert_eq!(day(" 2026-12-01 ").as_deref(), Some("2026-12-01"));
        for bad in [
            "",
            "2026-1-01",
            "2026/12/01",
            "20261201xx",
            "2026-12-00",
            "２０２６-12-01",
        ] {
            assert_eq!(day(bad), None, "{bad}");
        }
        let long = "a".repeat(400);
        let filter = AuditFilter::from_query(&format!("?actor={long}&action={long}"));
        assert_eq!(filter.actor.chars().count(), MAX_FILTER_CHARS);
        assert_eq!(filter.action.chars().count(), MAX_FILTER_CHARS);
    }

    #[test]
    fn api_url_pages_by_twenty_with_the_period_as_instants() {
        assert_eq!(
            AuditFilter::default().api_url(None, None),
            "/api/v1/audit?limit=20&offset=0"
        );
        let filter = AuditFilter {
            action: " auth ".to_owned(),
            actor: "  ".to_owned(),
            since: Some("2026-12-01".to_owned()),
            until: None,
            page: 3,
        };
        assert_eq!(
            filter.api_url(Some("2026-11-30T23:00:00.000Z"), None),
            "/api/v1/audit?action=auth&since=2026-11-30T23%3A00%3A00.000Z&limit=20&offset=40"
        );
    }

    #[test]
    fn changes_go_back_to_page_one() {
        let on_three = AuditFilter::default().with_page(3);
        assert_eq!(on_three.page, 3);
        assert_eq!(on_three.with_action("user").page, 1);
        assert_eq!(on_three.with_actor("ana").page, 1);
        let dated = on_three.with_period(Some("2026-12-01"), Some("nonsense"));
        assert_eq!(dated.page, 1);
        assert_eq!(dated.since.as_deref(), Some("2026-12-01"));
        assert_eq!(dated.until, None);
        assert_eq!(on_three.with_page(0).page, 1);
    }

    #[test]
    fn periods_and_their_local_ends() {
        let backwards = AuditFilter::default().with_period(Some("2026-12-07"), Some("2026-12-01"));
        assert!(backwards.period_is_backwards());
        let one_day = AuditFilter::default().with_period(Some("2026-12-07"), Some("2026-12-07"));
        assert!(!one_day.period_is_backwards());
        assert_eq!(since_local("2026-12-07"), "2026-12-07T00:00:00");
        assert_eq!(until_local("2026-12-07"), "2026-12-07T23:59:59.999");
    }

    #[test]
    fn actions_fall_into_families() {
        assert_eq!(ActionFamily::of("user.role"), Some(ActionFamily::User));
        assert_eq!(
            ActionFamily::of("auth.2fa_enable"),
            Some(ActionFamily::Auth)
        );
        assert_eq!(
            ActionFamily::of("security.policy"),
            Some(ActionFamily::Security)
        );
        assert_eq!(ActionFamily::of("ticket.close"), None);
        assert_eq!(ActionFamily::of(""), None);
        for family in ActionFamily::ALL {
            assert_eq!(ActionFamily::parse(family.key()), Some(family));
        }
    }
}
