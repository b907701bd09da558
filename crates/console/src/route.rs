//! The console's addresses. The server answers every path under `/console/` with the same page,
//! and the console reads the path (History API routing) to know what to show.

use crate::audit_query::AuditFilter;
use crate::dashboard_query::DashboardFilter;
use crate::desk_query::InboxFilter;
use crate::editorial::{ReviewFilter, TranslationFilter};
use crate::filters::ArticleFilter;
use crate::period::GapFilter;
use crate::seed::ArticleSeed;
use crate::settings_page::SettingsPage;

/// Where the console lives on the server.
pub const BASE: &str = "/console/";

/// A screen and what it needs from its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/console/`: the start screen for the user's role.
    Start,
    /// `/console/sign-in`
    SignIn,
    /// `/console/articles?q=&locale=&status=&page=`
    Articles(ArticleFilter),
    /// `/console/articles/new?title=&locale=&translation_of=`: the editor, for a new article
    /// (empty, or started from a seed).
    NewArticle(ArticleSeed),
    /// `/console/articles/{id}`: the editor.
    Article(i64),
    /// `/console/articles/{id}/versions`: an article's versions.
    Versions(i64),
    /// `/console/articles/{id}/translation`: the article beside its source or translation.
    SideBySide(i64),
    /// `/console/translations?locale=&state=&page=`: translations missing or out of date.
    Translations(TranslationFilter),
    /// `/console/reviews?mine=&page=`: articles due for review.
    Reviews(ReviewFilter),
    /// `/console/gaps?site=&since=&until=`: what readers did not find.
    Gaps(GapFilter),
    /// `/console/account`
    Account,
    /// `/console/inbox?view=&q=&…`: the agents' inbox.
    Inbox(InboxFilter),
    /// `/console/tickets/{id}`: one ticket, as agents work it.
    Ticket(i64),
    /// `/console/shortcuts`: the keyboard shortcuts.
    Shortcuts,
    /// `/console/dashboard?from=&to=&…`: the desk's metrics and forecast.
    Dashboard(DashboardFilter),
    /// `/console/settings/{page}`: the admins' configuration.
    Settings(SettingsPage),
    /// `/console/users`: the team (admins).
    Users,
    /// `/console/audit?action=&actor=&since=&until=&page=`: the audit log (admins).
    Audit(AuditFilter),
    /// `/console/security`: the security policy (admins).
    Security,
    /// Any other path under `/console/`.
    NotFound,
}

impl Route {
    /// The route for a `location.pathname` and `location.search`. A trailing slash does not
    /// matter (`/console/account/` is the account too).
    pub fn parse(path: &str, search: &str) -> Route {
        let Some(rest) = path
            .strip_prefix(BASE)
            .or_else(|| (path == "/console").then_some(""))
        else {
            return Route::NotFound;
        };
        let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
        match parts.as_slice() {
            [""] => Route::Start,
            ["sign-in"] => Route::SignIn,
            ["articles"] => Route::Articles(ArticleFilter::from_query(search)),
            ["articles", "new"] => Route::NewArticle(ArticleSeed::from_query(search)),
            ["articles", id] => article_id(id).map_or(Route::NotFound, Route::Article),
            ["articles", id, "versions"] => article_id(id).map_or(Route::NotFound, Route::Versions),
            ["articles", id, "translation"] => {
                article_id(id).map_or(Route::NotFound, Route::SideBySide)
            }
            ["translations"] => Route::Translations(TranslationFilter::from_query(search)),
            ["reviews"] => Route::Reviews(ReviewFilter::from_query(search)),
            ["gaps"] => Route::Gaps(GapFilter::from_query(search)),
            ["account"] => Route::Account,
            ["inbox"] => Route::Inbox(InboxFilter::from_query(search)),
            ["tickets", id] => article_id(id).map_or(Route::NotFound, Route::Ticket),
            ["shortcuts"] => Route::Shortcuts,
            ["dashboard"] => Route::Dashboard(DashboardFilter::from_query(search)),
            ["settings"] => Route::Settings(SettingsPage::Sites),
            ["settings", page] => {
                SettingsPage::parse(Some(page)).map_or(Route::NotFound, Route::Settings)
            }
            ["users"] => Route::Users,
            ["audit"] => Route::Audit(AuditFilter::from_query(search)),
            ["security"] => Route::Security,
            _ => Route::NotFound,
        }
    }

    /// The address of this route, for links and the history.
    pub fn href(&self) -> String {
        match self {
            Route::Start | Route::NotFound => BASE.to_owned(),
            Route::SignIn => format!("{BASE}sign-in"),
            Route::Articles(filter) => format!("{BASE}articles{}", filter.to_query()),
            Route::NewArticle(seed) => format!("{BASE}articles/new{}", seed.to_query()),
            Route::Article(id) => format!("{BASE}articles/{id}"),
            Route::Versions(id) => format!("{BASE}articles/{id}/versions"),
            Route::SideBySide(id) => format!("{BASE}articles/{id}/translation"),
            Route::Translations(filter) => format!("{BASE}translations{}", filter.to_query()),
            Route::Reviews(filter) => format!("{BASE}reviews{}", filter.to_query()),
            Route::Gaps(filter) => format!("{BASE}gaps{}", filter.to_query()),
            Route::Account => format!("{BASE}account"),
            Route::Inbox(filter) => format!("{BASE}inbox{}", filter.to_query()),
            Route::Ticket(id) => format!("{BASE}tickets/{id}"),
            Route::Shortcuts => format!("{BASE}shortcuts"),
            Route::Dashboard(filter) => format!("{BASE}dashboard{}", filter.to_query()),
            Route::Settings(page) => format!("{BASE}settings/{}", page.key()),
            Route::Users => format!("{BASE}users"),
            Route::Audit(filter) => format!("{BASE}audit{}", filter.to_query()),
            Route::Security => format!("{BASE}security"),
        }
    }

    /// The screen, whatever its query: two routes on the same screen keep it mounted (typing a
    /// search must not rebuild the search box).
    pub fn screen(&self) -> Screen {
        match self {
            Route::Start => Screen::Start,
            Route::SignIn => Screen::SignIn,
            Route::Articles(_) => Screen::Articles,
            Route::NewArticle(_) | Route::Article(_) => Screen::Editor,
            Route::Versions(_) => Screen::Versions,
            Route::SideBySide(_) => Screen::SideBySide,
            Route::Translations(_) => Screen::Translations,
            Route::Reviews(_) => Screen::Reviews,
            Route::Gaps(_) => Screen::Gaps,
            Route::Account => Screen::Account,
            Route::Inbox(_) => Screen::Inbox,
            Route::Ticket(_) => Screen::Ticket,
            Route::Shortcuts => Screen::Shortcuts,
            Route::Dashboard(_) => Screen::Dashboard,
            Route::Settings(_) => Screen::Settings,
            Route::Users => Screen::Users,
            Route::Audit(_) => Screen::Audit,
            Route::Security => Screen::Security,
            Route::NotFound => Screen::NotFound,
        }
    }
}

/// A route without its parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    Start,
    SignIn,
    Articles,
    /// A new or an existing article: one screen, so that saving a new article (which gives
    /// it an address of its own) keeps the editor as it is.
    Editor,
    Versions,
    SideBySide,
    Translations,
    Reviews,
    Gaps,
    Account,
    Inbox,
    Ticket,
    Shortcuts,
    Dashboard,
    /// Every settings page: moving between them keeps the settings' frame.
    Settings,
    Users,
    Audit,
    Security,
    NotFound,
}

/// An article or ticket id as written in an address: digits only, above zero.
fn article_id(segment: &str) -> Option<i64> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    segment.parse::<i64>().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use ayuda_api::ArticleStatus;

    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn a_new_article_carries_its_seed() {
        assert_eq!(
            Route::parse("/console/articles/new", "?title=IVA+trimestral&locale=es"),
            Route::NewArticle(ArticleSeed::titled("IVA trimestral", Some(Locale::Es)))
        );
        let route = Route::parse("/console/articles/new/", "?translation_of=42&locale=en");
        assert_eq!(
            route,
            Route::NewArticle(ArticleSeed::translation(42, Locale::En))
        );
        assert_eq!(
            route.href(),
            "/console/articles/new?translation_of=42&locale=en"
        );
    }

    #[test]
    fn parses_every_screen() {
        assert_eq!(Route::parse("/console/", ""), Route::Start);
        assert_eq!(Route::parse("/console", ""), Route::Start);
        assert_eq!(Route::parse("/console/sign-in", ""), Route::SignIn);
        assert_eq!(Route::parse("/console/account/", ""), Route::Account);
        assert_eq!(
            Route::parse("/console/articles", ""),
            Route::Articles(ArticleFilter::default())
        );
        assert_eq!(
            Route::parse("/console/articles/new", ""),
            Route::NewArticle(ArticleSeed::default())
        );
        assert_eq!(Route::parse("/console/articles/42", ""), Route::Article(42));
        assert_eq!(
            Route::parse("/console/articles/42/", ""),
            Route::Article(42)
        );
        assert_eq!(
            Route::parse("/console/articles/42/versions", ""),
            Route::Versions(42)
        );
        assert_eq!(Route::parse("/console/nope", ""), Route::NotFound);
        assert_eq!(Route::parse("/consoles/articles", ""), Route::NotFound);
        assert_eq!(Route::parse("/", ""), Route::NotFound);
    }

    #[test]
    fn article_ids_are_positive_numbers() {
        for bad in [
            "/console/articles/0",
            "/console/articles/-3",
            "/console/articles/+3",
            "/console/articles/3x",
            "/console/articles/99999999999999999999",
            "/console/articles/4/versions/2",
            "/console/articles/4/history",
            "/console/articles//versions",
        ] {
            assert_eq!(Route::parse(bad, ""), Route::NotFound, "{bad}");
        }
    }

    #[test]
    fn the_articles_query_is_the_filter() {
        let route = Route::parse("/console/articles", "?status=archived&page=2");
        let Route::Articles(filter) = &route else {
            panic!("not the articles: {route:?}");
        };
        assert_eq!(filter.status, Some(ArticleStatus::Archived));
        assert_eq!(filter.page, 2);
        assert_eq!(route.href(), "/console/articles?status=archived&page=2");
    }

    #[test]
    fn hrefs_parse_back() {
        for route in [
            Route::Start,
            Route::SignIn,
            Route::Account,
            Route::Articles(ArticleFilter::default().with_q("añadir IVA")),
            Route::NewArticle(ArticleSeed::default()),
            Route::NewArticle(ArticleSeed::titled("¿IVA?", Some(Locale::Es))),
            Route::NewArticle(ArticleSeed::translation(7, Locale::En)),
            Route::Article(7),
            Route::Versions(7),
            Route::SideBySide(7),
            Route::Translations(TranslationFilter::default().with_page(2)),
            Route::Reviews(ReviewFilter::default().with_mine(true)),
            Route::Gaps(GapFilter::from_query("?site=demo&since=2026-11-01")),
        ] {
            let href = route.href();
            let (path, search) = href.split_at(href.find('?').unwrap_or(href.len()));
            assert_eq!(Route::parse(path, search), route, "{href}");
        }
    }

    #[test]
    fn the_editors_overview_screens() {
        assert_eq!(
            Route::parse("/console/translations", "?locale=en&state=missing"),
            Route::Translations(TranslationFilter::from_query("?locale=en&state=missing"))
        );
        assert_eq!(
            Route::parse("/console/reviews/", "?mine=1"),
            Route::Reviews(ReviewFilter::default().with_mine(true))
        );
        assert_eq!(
            Route::parse("/console/gaps", "?since=2026-11-01&until=2026-11-30").href(),
            "/console/gaps?since=2026-11-01&until=2026-11-30"
        );
        assert_eq!(
            Route::parse("/console/articles/42/translation", ""),
            Route::SideBySide(42)
        );
        assert_eq!(
            Route::parse("/console/articles/0/translation", ""),
            Route::NotFound
        );
        assert_eq!(
            Route::parse("/console/articles/new/translation", ""),
            Route::NotFound
        );
        // Each is its own screen, whatever its query.
        assert_eq!(
            Route::Translations(TranslationFilter::default().with_page(3)).screen(),
            Screen::Translations
        );
        assert_ne!(Route::SideBySide(3).screen(), Route::Article(3).screen());
    }

    #[test]
    fn the_admins_screens() {
        assert_eq!(Route::parse("/console/users", ""), Route::Users);
        assert_eq!(Route::parse("/console/users/", "?q=x"), Route::Users);
        assert_eq!(Route::parse("/console/security", ""), Route::Security);
        assert_eq!(
            Route::parse("/console/audit", ""),
            Route::Audit(AuditFilter::default())
        );
        let route = Route::parse("/console/audit", "?action=user&since=2026-12-01&page=2");
        let Route::Audit(filter) = &route else {
            panic!("not the audit log: {route:?}");
        };
        assert_eq!(filter.action, "user");
        assert_eq!(filter.since.as_deref(), Some("2026-12-01"));
        assert_eq!(filter.page, 2);
        assert_eq!(
            route.href(),
            "/console/audit?action=user&since=2026-12-01&page=2"
        );
        for bad in [
            "/console/users/3",
            "/console/audit/x",
            "/console/security/2fa",
        ] {
            assert_eq!(Route::parse(bad, ""), Route::NotFound, "{bad}");
        }
        for route in [
            Route::Users,
            Route::Security,
            Route::Audit(AuditFilter::default().with_actor("ana@example.com")),
        ] {
            let href = route.href();
            let (path, search) = href.split_at(href.find('?').unwrap_or(href.len()));
            assert_eq!(Route::parse(path, search), route, "{href}");
        }
        let a = Route::Audit(AuditFilter::default());
        let b = Route::Audit(AuditFilter::default().with_page(4));
        assert_eq!(a.screen(), b.screen());
        assert_ne!(Route::Users.screen(), Route::Security.screen());
    }

    #[test]
    fn screens_ignore_the_query() {
        let a = Route::Articles(ArticleFilter::default());
        let b = Route::Articles(ArticleFilter::default().with_q("x"));
        assert_ne!(a, b);
        assert_eq!(a.screen(), b.screen());
        // A new article that got its id stays on the same screen.
        assert_eq!(
            Route::NewArticle(ArticleSeed::default()).screen(),
            Route::Article(3).screen()
        );
        assert_eq!(
            Route::NewArticle(ArticleSeed::translation(3, Locale::Es)).screen(),
            Screen::Editor
        );
        assert_ne!(Route::Article(3).screen(), Route::Versions(3).screen());
    }
}
