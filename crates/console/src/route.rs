//! The console's addresses. The server answers every path under `/console/` with the same page,
//! and the console reads the path (History API routing) to know what to show.

use crate::filters::ArticleFilter;

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
    /// `/console/articles/new`: the editor, for a new article.
    NewArticle,
    /// `/console/articles/{id}`: the editor.
    Article(i64),
    /// `/console/articles/{id}/versions`: an article's versions.
    Versions(i64),
    /// `/console/account`
    Account,
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
            ["articles", "new"] => Route::NewArticle,
            ["articles", id] => article_id(id).map_or(Route::NotFound, Route::Article),
            ["articles", id, "versions"] => article_id(id).map_or(Route::NotFound, Route::Versions),
            ["account"] => Route::Account,
            _ => Route::NotFound,
        }
    }

    /// The address of this route, for links and the history.
    pub fn href(&self) -> String {
        match self {
            Route::Start | Route::NotFound => BASE.to_owned(),
            Route::SignIn => format!("{BASE}sign-in"),
            Route::Articles(filter) => format!("{BASE}articles{}", filter.to_query()),
            Route::NewArticle => format!("{BASE}articles/new"),
            Route::Article(id) => format!("{BASE}articles/{id}"),
            Route::Versions(id) => format!("{BASE}articles/{id}/versions"),
            Route::Account => format!("{BASE}account"),
        }
    }

    /// The screen, whatever its query: two routes on the same screen keep it mounted (typing a
    /// search must not rebuild the search box).
    pub fn screen(&self) -> Screen {
        match self {
            Route::Start => Screen::Start,
            Route::SignIn => Screen::SignIn,
            Route::Articles(_) => Screen::Articles,
            Route::NewArticle | Route::Article(_) => Screen::Editor,
            Route::Versions(_) => Screen::Versions,
            Route::Account => Screen::Account,
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
    Account,
    NotFound,
}

/// An article id as written in an address: digits only, above zero.
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
        assert_eq!(Route::parse("/console/articles/new", ""), Route::NewArticle);
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
            Route::NewArticle,
            Route::Article(7),
            Route::Versions(7),
        ] {
            let href = route.href();
            let (path, search) = href.split_at(href.find('?').unwrap_or(href.len()));
            assert_eq!(Route::parse(path, search), route, "{href}");
        }
    }

    #[test]
    fn screens_ignore_the_query() {
        let a = Route::Articles(ArticleFilter::default());
        let b = Route::Articles(ArticleFilter::default().with_q("x"));
        assert_ne!(a, b);
        assert_eq!(a.screen(), b.screen());
        // A new article that got its id stays on the same screen.
        assert_eq!(Route::NewArticle.screen(), Route::Article(3).screen());
        assert_ne!(Route::Article(3).screen(), Route::Versions(3).screen());
    }
}
