//! The console's four builds ("bundles"): one library, four bins, each linking only the screens
//! its people can use. The server picks the bundle of every page it serves from the session
//! cookie (`server/src/routes/console.rs`): the sign-in bundle to someone signed out, the
//! editors', the agents' or the admins' to a member of that role. A bundle that finds someone
//! it does not serve (signed in on the sign-in page, signed out or another role on a role's page)
//! hands over by reloading the page, and the server serves the right one (`handover.rs`).
//!
//! What a bundle draws is a [`Views`] type: `App::<V>` and the shell mention only the screens
//! `V` names, so the linker leaves every other screen out of that bin's wasm (a runtime `if`
//! would not: the code behind both branches would stay).

use ayuda_api::Role;
use leptos::prelude::AnyView;

use crate::i18n::{AdminText, DashboardText, DeskText, Text};
use crate::route::Screen;

/// One of the console's builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// Signed out: the sign-in (password, second factor, passkey) and the start screen.
    SignIn,
    /// Editors: the shell, the articles and the editors' overview, the account.
    Editor,
    /// Agents: the shell, the inbox, tickets, shortcuts, the dashboard, the account.
    Agent,
    /// Admins: everything, the sign-in included, so that it can stand in for any other bundle
    /// a server is missing.
    Admin,
}

/// The screens that go together: a bundle carries whole groups.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// The account, "not found", and the addresses that lead elsewhere at once.
    Everyone,
    /// The articles, the editor, versions, translations, reviews, content gaps.
    Editorial,
    /// The inbox, a ticket, the shortcuts' help, the dashboard.
    Desk,
    /// Settings, the team, the audit log, the security policy.
    Admin,
}

impl Bundle {
    pub const ALL: [Bundle; 4] = [Bundle::SignIn, Bundle::Editor, Bundle::Agent, Bundle::Admin];

    /// Its name: its Trunk page (`{key}.html`, the admins' is `index.html`), its build folder
    /// (`dist/{key}`), its files' address (`/console/_b/{key}/`), and its bin
    /// (`ayuda-console-{key}`). The server and `cargo xtask` use the same names.
    pub fn key(self) -> &'static str {
        match self {
            Bundle::SignIn => "sign-in",
            Bundle::Editor => "editor",
            Bundle::Agent => "agent",
            Bundle::Admin => "admin",
        }
    }

    /// The bundle the server serves to `role` (`None`: nobody signed in).
    pub fn for_role(role: Option<Role>) -> Bundle {
        match role {
            None => Bundle::SignIn,
            Some(Role::Editor) => Bundle::Editor,
            Some(Role::Agent) => Bundle::Agent,
            Some(Role::Admin) => Bundle::Admin,
        }
    }

    /// Whether it draws the sign-in screen (else someone signed out is handed over).
    pub fn signs_in(self) -> bool {
        matches!(self, Bundle::SignIn | Bundle::Admin)
    }

    /// Whether it has the screens `role` works with (else the member is handed over).
    pub fn serves(self, role: Role) -> bool {
        match self {
            Bundle::SignIn => false,
            Bundle::Editor => role == Role::Editor,
            Bundle::Agent => role == Role::Agent,
            Bundle::Admin => true,
        }
    }

    /// The groups of screens it carries.
    pub fn groups(self) -> &'static [Group] {
        match self {
            Bundle::SignIn => &[],
            Bundle::Editor => &[Group::Everyone, Group::Editorial],
            Bundle::Agent => &[Group::Everyone, Group::Desk],
            Bundle::Admin => &[Group::Everyone, Group::Editorial, Group::Desk, Group::Admin],
        }
    }

    /// Whether a signed-in `screen` is drawn by this bundle (else its refusal is: [`refusal`]).
    pub fn carries(self, screen: Screen) -> bool {
        self.groups().contains(&group(screen))
    }
}

/// The group a screen belongs to. Each group's screens are every screen a role of that group
/// is shown in its navigation ([`crate::nav::Section::visible_to`]) and what those lead to.
pub fn group(screen: Screen) -> Group {
    match screen {
        Screen::Articles
        | Screen::Editor
        | Screen::Versions
        | Screen::SideBySide
        | Screen::Translations
        | Screen::Reviews
        | Screen::Gaps => Group::Editorial,
        Screen::Inbox | Screen::Ticket | Screen::Shortcuts | Screen::Dashboard => Group::Desk,
        Screen::Settings | Screen::Users | Screen::Audit | Screen::Security => Group::Admin,
        Screen::Start | Screen::SignIn | Screen::Account | Screen::NotFound => Group::Everyone,
    }
}

/// What a bundle shows in place of a screen it does not carry (an agent typing
/// `/console/articles`): the notice the screen itself shows a role that may not see it, with
/// the same id (`#articles-forbidden`), so the page reads as it did when every bundle carried
/// every screen.
pub fn refusal(screen: Screen) -> (&'static str, Text) {
    match screen {
        Screen::Articles => ("articles-forbidden", Text::ArticlesForbidden),
        Screen::Editor => ("editor-forbidden", Text::ArticlesForbidden),
        Screen::Versions => ("versions-forbidden", Text::ArticlesForbidden),
        Screen::SideBySide => ("side-by-side-forbidden", Text::ArticlesForbidden),
        Screen::Translations => ("translations-forbidden", Text::ArticlesForbidden),
        Screen::Reviews => ("reviews-forbidden", Text::ArticlesForbidden),
        Screen::Gaps => ("gaps-forbidden", Text::ArticlesForbidden),
        Screen::Inbox => ("inbox-forbidden", DeskText::TicketsForbidden.into()),
        Screen::Ticket => ("ticket-forbidden", DeskText::TicketsForbidden.into()),
        Screen::Shortcuts => ("shortcuts-forbidden", DeskText::TicketsForbidden.into()),
        Screen::Dashboard => ("dashboard-forbidden", DashboardText::Forbidden.into()),
        Screen::Settings => ("settings-forbidden", AdminText::AdminsOnly.into()),
        Screen::Users => ("team-forbidden", AdminText::AdminsOnly.into()),
        Screen::Audit => ("audit-forbidden", AdminText::AdminsOnly.into()),
        Screen::Security => ("security-forbidden", AdminText::AdminsOnly.into()),
        Screen::Start | Screen::SignIn | Screen::Account | Screen::NotFound => {
            ("not-found", Text::NotFoundText)
        }
    }
}

/// What one bundle draws. Implemented (in `components/app.rs`) by the four types below, one per
/// bin: `App::<V>` calls only `V`'s functions, so only what they mention is linked.
pub trait Views: 'static {
    /// The bundle these views make.
    const BUNDLE: Bundle;
    /// The sign-in screen; called only when [`Bundle::signs_in`].
    fn sign_in() -> AnyView;
    /// The signed-in console; called only for a role the bundle [`Bundle::serves`].
    fn shell() -> AnyView;
}

/// The sign-in bundle's views.
pub enum SignInViews {}
/// The editors' bundle's views.
pub enum EditorViews {}
/// The agents' bundle's views.
pub enum AgentViews {}
/// The admins' bundle's views: every screen.
pub enum AdminViews {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nav::{self, Section};

    const SCREENS: [Screen; 19] = [
        Screen::Start,
        Screen::SignIn,
        Screen::Articles,
        Screen::Editor,
        Screen::Versions,
        Screen::SideBySide,
        Screen::Translations,
        Screen::Reviews,
        Screen::Gaps,
        Screen::Account,
        Screen::Inbox,
        Screen::Ticket,
        Screen::Shortcuts,
        Screen::Dashboard,
        Screen::Settings,
        Screen::Users,
        Screen::Audit,
        Screen::Security,
        Screen::NotFound,
    ];

    #[test]
    fn each_role_gets_its_own_bundle_and_nobody_else_does() {
        assert_eq!(Bundle::for_role(None), Bundle::SignIn);
        for role in [Role::Editor, Role::Agent, Role::Admin] {
            let bundle = Bundle::for_role(Some(role));
            assert!(bundle.serves(role), "{role:?}");
            assert!(!Bundle::SignIn.serves(role), "{role:?}");
        }
        assert!(!Bundle::Editor.serves(Role::Agent));
        assert!(!Bundle::Editor.serves(Role::Admin));
        assert!(!Bundle::Agent.serves(Role::Editor));
        assert!(!Bundle::Agent.serves(Role::Admin));
        // The admins' carries everything: any server missing a bundle can serve it instead.
        assert!(Bundle::Admin.signs_in() && Bundle::SignIn.signs_in());
        assert!(!Bundle::Editor.signs_in() && !Bundle::Agent.signs_in());
        for screen in SCREENS {
            assert!(Bundle::Admin.carries(screen), "{screen:?}");
            assert!(!Bundle::SignIn.carries(screen), "{screen:?}");
        }
    }

    #[test]
    fn a_roles_bundle_carries_every_screen_its_navigation_leads_to_and_no_other() {
        for role in [Role::Editor, Role::Agent, Role::Admin] {
            let bundle = Bundle::for_role(Some(role));
            for section in Section::ALL {
                let screen = section.route().screen();
                assert_eq!(
                    bundle.carries(screen),
                    section.visible_to(role),
                    "{role:?} {section:?}"
                );
            }
            // Where a role starts is in its bundle.
            assert!(bundle.carries(nav::start(role).screen()), "{role:?}");
            // The screens reached from a section go with it.
            for screen in SCREENS {
                if let Some(section) = Section::of(screen) {
                    assert_eq!(
                        bundle.carries(screen),
                        bundle.carries(section.route().screen()),
                        "{role:?} {screen:?}"
                    );
                }
            }
        }
        assert!(Bundle::Editor.carries(Screen::SideBySide));
        assert!(!Bundle::Editor.carries(Screen::Ticket));
        assert!(Bundle::Agent.carries(Screen::Shortcuts));
        assert!(!Bundle::Agent.carries(Screen::Versions));
        assert!(!Bundle::Agent.carries(Screen::Settings));
        assert!(Bundle::Agent.carries(Screen::NotFound));
    }

    #[test]
    fn a_screen_left_out_says_no_with_its_own_id() {
        let mut ids: Vec<&str> = SCREENS
            .into_iter()
            .filter(|screen| group(*screen) != Group::Everyone)
            .map(|screen| refusal(screen).0)
            .collect();
        assert_eq!(ids.len(), 15);
        assert!(ids.iter().all(|id| id.ends_with("-forbidden")), "{ids:?}");
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 15, "one id per screen");
        assert_eq!(refusal(Screen::Articles).0, "articles-forbidden");
        assert_eq!(refusal(Screen::Settings).0, "settings-forbidden");
        assert_eq!(
            refusal(Screen::Settings).1,
            Text::from(AdminText::AdminsOnly)
        );
        assert_eq!(
            refusal(Screen::Ticket).1,
            Text::from(DeskText::TicketsForbidden)
        );
    }

    #[test]
    fn keys_are_distinct_and_safe_in_a_path() {
        let keys: Vec<&str> = Bundle::ALL.into_iter().map(Bundle::key).collect();
        assert_eq!(keys, ["sign-in", "editor", "agent", "admin"]);
        for key in keys {
            assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }
}
