//! Which sections a role sees, in what order, and where each role starts.
//!
//! The navigation is built from this list: the agents' inbox and the admins' settings slot in
//! as new [`Section`]s here, with no change to the shell.

use ayuda_api::Role;

use crate::audit_query::AuditFilter;
use crate::dashboard_query::DashboardFilter;
use crate::desk_query::InboxFilter;
use crate::editorial::{ReviewFilter, TranslationFilter};
use crate::filters::ArticleFilter;
use crate::i18n::{
    AdminText, DashboardText, DeskText, EditorText, EditorialText, SettingsText, Text,
};
use crate::period::GapFilter;
use crate::route::{Route, Screen};
use crate::settings_page::SettingsPage;

/// An entry of the console's navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    Articles,
    Translations,
    Reviews,
    Gaps,
    Inbox,
    Dashboard,
    Settings,
    Users,
    Audit,
    Security,
    Account,
}

impl Section {
    /// Every section, in the navigation's order.
    pub const ALL: [Section; 11] = [
        Section::Articles,
        Section::Translations,
        Section::Reviews,
        Section::Gaps,
        Section::Inbox,
        Section::Dashboard,
        Section::Settings,
        Section::Users,
        Section::Audit,
        Section::Security,
        Section::Account,
    ];

    /// Whether `role` gets this section in its navigation.
    pub fn visible_to(self, role: Role) -> bool {
        match self {
            Section::Articles | Section::Translations | Section::Reviews | Section::Gaps => {
                role.can_edit_articles()
            }
            Section::Inbox | Section::Dashboard => matches!(role, Role::Admin | Role::Agent),
            Section::Settings | Section::Users | Section::Audit | Section::Security => {
                role == Role::Admin
            }
            Section::Account => true,
        }
    }

    pub fn label(self) -> Text {
        match self {
            Section::Articles => Text::Articles,
            Section::Translations => EditorialText::Translations.into(),
            Section::Reviews => EditorialText::Reviews.into(),
            Section::Gaps => EditorialText::ContentGaps.into(),
            Section::Inbox => DeskText::Inbox.into(),
            Section::Dashboard => DashboardText::Dashboard.into(),
            Section::Settings => SettingsText::Settings.into(),
            Section::Users => AdminText::Team.into(),
            Section::Audit => AdminText::AuditLog.into(),
            Section::Security => AdminText::Security.into(),
            Section::Account => Text::Account,
        }
    }

    /// Where the entry leads (the articles without filters).
    pub fn route(self) -> Route {
        match self {
            Section::Articles => Route::Articles(ArticleFilter::default()),
            Section::Translations => Route::Translations(TranslationFilter::default()),
            Section::Reviews => Route::Reviews(ReviewFilter::default()),
            Section::Gaps => Route::Gaps(GapFilter::default()),
            Section::Inbox => Route::Inbox(InboxFilter::default()),
            Section::Dashboard => Route::Dashboard(DashboardFilter::default()),
            Section::Settings => Route::Settings(SettingsPage::Sites),
            Section::Users => Route::Users,
            Section::Audit => Route::Audit(AuditFilter::default()),
            Section::Security => Route::Security,
            Section::Account => Route::Account,
        }
    }

    /// The section a screen belongs to, for `aria-current` in the navigation.
    pub fn of(screen: Screen) -> Option<Section> {
        match screen {
            // An article's editor and its versions are part of the articles.
            Screen::Articles | Screen::Editor | Screen::Versions => Some(Section::Articles),
            // The side-by-side view is reached from the translations.
            Screen::Translations | Screen::SideBySide => Some(Section::Translations),
            Screen::Reviews => Some(Section::Reviews),
            Screen::Gaps => Some(Section::Gaps),
            // A ticket and the shortcuts' help are reached from the inbox.
            Screen::Inbox | Screen::Ticket | Screen::Shortcuts => Some(Section::Inbox),
            Screen::Dashboard => Some(Section::Dashboard),
            Screen::Settings => Some(Section::Settings),
            Screen::Users => Some(Section::Users),
            Screen::Audit => Some(Section::Audit),
            Screen::Security => Some(Section::Security),
            Screen::Account => Some(Section::Account),
            Screen::Start | Screen::SignIn | Screen::NotFound => None,
        }
    }

    /// A stable id suffix for tests and styles: `nav-articles`, `nav-account`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Articles => "articles",
            Section::Translations => "translations",
            Section::Reviews => "reviews",
            Section::Gaps => "gaps",
            Section::Inbox => "inbox",
            Section::Dashboard => "dashboard",
            Section::Settings => "settings",
            Section::Users => "users",
            Section::Audit => "audit",
            Section::Security => "security",
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

/// The document's title (and a refused screen's heading) for a signed-in `route`.
pub fn title(route: &Route) -> Text {
    match route.screen() {
        Screen::Articles => Text::Articles,
        Screen::Editor if matches!(route, Route::NewArticle(_)) => EditorText::NewArticle.into(),
        Screen::Editor => EditorText::EditArticle.into(),
        Screen::Versions => EditorText::Versions.into(),
        Screen::SideBySide => EditorialText::SideBySide.into(),
        Screen::Translations => EditorialText::Translations.into(),
        Screen::Reviews => EditorialText::Reviews.into(),
        Screen::Gaps => EditorialText::ContentGaps.into(),
        Screen::Inbox => DeskText::Inbox.into(),
        Screen::Ticket => DeskText::Ticket.into(),
        Screen::Shortcuts => DeskText::Shortcuts.into(),
        Screen::Dashboard => DashboardText::Dashboard.into(),
        Screen::Settings => SettingsText::Settings.into(),
        Screen::Users => AdminText::Team.into(),
        Screen::Audit => AdminText::AuditLog.into(),
        Screen::Security => AdminText::Security.into(),
        Screen::Account => Text::Account,
        Screen::NotFound => Text::NotFound,
        Screen::Start | Screen::SignIn => Text::ConsoleName,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_and_admins_get_the_articles() {
        let editorial = vec![
            Section::Articles,
            Section::Translations,
            Section::Reviews,
            Section::Gaps,
            Section::Account,
        ];
        assert_eq!(sections(Role::Editor), editorial);
        // Admins get the same, the desk's and their own before the account.
        let mut admin = editorial.clone();
        admin.splice(
            admin.len() - 1..admin.len() - 1,
            [
                Section::Inbox,
                Section::Dashboard,
                Section::Settings,
                Section::Users,
                Section::Audit,
                Section::Security,
            ],
        );
        assert_eq!(sections(Role::Admin), admin);
        assert_eq!(
            sections(Role::Agent),
            vec![Section::Inbox, Section::Dashboard, Section::Account]
        );
    }

    #[test]
    fn only_admins_see_the_admins_sections() {
        for section in [
            Section::Settings,
            Section::Users,
            Section::Audit,
            Section::Security,
        ] {
            assert!(section.visible_to(Role::Admin), "{section:?}");
            assert!(!section.visible_to(Role::Editor), "{section:?}");
            assert!(!section.visible_to(Role::Agent), "{section:?}");
        }
        assert_eq!(Section::Users.key(), "users");
        assert_eq!(Section::Audit.key(), "audit");
        assert_eq!(Section::Security.key(), "security");
        assert_eq!(Section::Users.route(), Route::Users);
        assert_eq!(Section::Audit.route().href(), "/console/audit");
        assert_eq!(Section::of(Screen::Security), Some(Section::Security));
        // The admins still start at the articles.
        assert_eq!(
            start(Role::Admin),
            Route::Articles(ArticleFilter::default())
        );
    }

    #[test]
    fn everyone_starts_at_their_first_section() {
        assert_eq!(
            start(Role::Editor),
            Route::Articles(ArticleFilter::default())
        );
        assert_eq!(start(Role::Admin), start(Role::Editor));
        assert_eq!(start(Role::Agent), Route::Inbox(InboxFilter::default()));
    }

    #[test]
    fn titles_follow_the_screen() {
        assert_eq!(
            title(&Route::NewArticle(crate::seed::ArticleSeed::default())),
            EditorText::NewArticle.into()
        );
        assert_eq!(title(&Route::Article(3)), EditorText::EditArticle.into());
        assert_eq!(title(&Route::Users), AdminText::Team.into());
        assert_eq!(title(&Route::Start), Text::ConsoleName);
        for section in Section::ALL {
            assert_eq!(title(&section.route()), section.label(), "{section:?}");
        }
    }

    #[test]
    fn screens_map_to_their_section() {
        for section in Section::ALL {
            assert_eq!(Section::of(section.route().screen()), Some(section));
        }
        assert_eq!(Section::of(Screen::SignIn), None);
        for route in [
            Route::NewArticle(crate::seed::ArticleSeed::default()),
            Route::Article(1),
            Route::Versions(1),
        ] {
            assert_eq!(Section::of(route.screen()), Some(Section::Articles));
        }
        assert_eq!(
            Section::of(Route::SideBySide(1).screen()),
            Some(Section::Translations)
        );
        for section in [Section::Translations, Section::Reviews, Section::Gaps] {
            assert!(!section.visible_to(Role::Agent), "{section:?}");
            assert_eq!(
                section.route().href(),
                format!("/console/{}", section.key())
            );
        }
    }
}
