//! Which sections a role sees, in what order, and where each role starts.
//!
//! The navigation is built from this list: the agents' inbox and the admins' settings slot in
//! as new [`Section`]s here, with no change to the shell.

use ayuda_api::Role;

use crate::filters::ArticleFilter;
use crate::i18n::Text;
use crate::route::{Route, Screen};

/// An entry of the console's navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Articles,
    Account,
}

impl Section {
    /// Every section, in the navigation's order.
    pub const ALL: [Section; 2] = [Section::Articles, Section::Account];

    /// Whether `role` gets this section in its navigation.
    pub fn visible_to(self, role: Role) -> bool {
        match self {
            Section::Articles => role.can_edit_articles(),
            Section::Account => true,
        }
    }

    pub fn label(self) -> Text {
        match self {
            Section::Articles => Text::Articles,
            Section::Account => Text::Account,
        }
    }

    /// Where the entry leads (the articles without filters).
    pub fn route(self) -> Route {
        match self {
            Section::Articles => Route::Articles(ArticleFilter::default()),
            Section::Account => Route::Account,
        }
    }

    /// The section a screen belongs to, for `aria-current` in the navigation.
    pub fn of(screen: Screen) -> Option<Section> {
        match screen {
            // An article's editor and its versions are part of the articles.
            Screen::Articles | Screen::Editor | Screen::Versions => Some(Section::Articles),
            Screen::Account => Some(Section::Account),
            Screen::Start | Screen::SignIn | Screen::NotFound => None,
        }
    }

    /// A stable id suffix for tests and styles: `nav-articles`, `nav-account`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Articles => "articles",
            Section::Account => "account",
        }
    }
}

/// The navigation's entries for `role`.
pub fn sections(role: Role) -> Vec<Section> {
    Section::ALL
        .into_iter()
        .filter(|section| section.visible_to(role))
        .collect()
}

/// Where `/console/` leads `role`: its first section.
pub fn start(role: Role) -> Route {
    sections(role)
        .first()
        .map_or(Route::Account, |section| section.route())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_and_admins_get_the_articles() {
        assert_eq!(
            sections(Role::Editor),
            vec![Section::Articles, Section::Account]
        );
        assert_eq!(
            sections(Role::Admin),
            vec![Section::Articles, Section::Account]
        );
        assert_eq!(sections(Role::Agent), vec![Section::Account]);
    }

    #[test]
    fn everyone_starts_at_their_first_section() {
        assert_eq!(
            start(Role::Editor),
            Route::Articles(ArticleFilter::default())
        );
        assert_eq!(start(Role::Admin), start(Role::Editor));
        assert_eq!(start(Role::Agent), Route::Account);
    }

    #[test]
    fn screens_map_to_their_section() {
        for section in Section::ALL {
            assert_eq!(Section::of(section.route().screen()), Some(section));
        }
        assert_eq!(Section::of(Screen::SignIn), None);
        for route in [Route::NewArticle, Route::Article(1), Route::Versions(1)] {
            assert_eq!(Section::of(route.screen()), Some(Section::Articles));
        }
    }
}
