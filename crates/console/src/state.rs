//! The console's shared state: who is signed in, where the user is, and in which language.
//!
//! [`Console`] is `Copy` (it holds signals) and lives in the Leptos context; every screen reads
//! it. It owns the rules that tie the session to the address: signed out, every address shows
//! the sign-in screen (and the console returns there after signing in); signed in, the sign-in
//! address and `/console/` lead to the role's start screen; a 401 from any call ends the
//! session in the console too. While a screen has unsaved changes ([`Console::unsaved`]),
//! leaving it in the console (a link, Back) waits for the user's answer ([`Console::leaving`])
//! and closing or reloading the tab makes the browser ask.
//!
//! The console is one of four bundles ([`Bundle`]); a bundle that does not serve who it finds
//! (someone signed out in a role's bundle, a member on the sign-in page) hands the page over
//! by reloading it, the address kept (`handover.rs`), and the server serves the right one. The
//! sign-in bundle, once signed in, first moves to where the address asked to go, so a deep
//! link that led to the sign-in still lands there.

use ayuda_api::{ConsoleSession, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::bundle::Bundle;
use crate::dom;
use crate::handover;
use crate::i18n::{Locale, Text, tr};
use crate::nav;
use crate::route::{Route, Screen};

/// Where the language choice is remembered.
pub const LOCALE_KEY: &str = "ayuda-console-locale";

/// Why the sign-in screen is shown, when it is worth saying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A call answered 401: the session expired or was ended elsewhere.
    Expired,
    /// The user signed out.
    SignedOut,
}

impl Notice {
    /// How it is kept across a reload ([`handover::leave_notice`]).
    pub fn key(self) -> &'static str {
        match self {
            Notice::Expired => "expired",
            Notice::SignedOut => "signed-out",
        }
    }

    pub fn parse(key: &str) -> Option<Notice> {
        match key {
            "expired" => Some(Notice::Expired),
            "signed-out" => Some(Notice::SignedOut),
            _ => None,
        }
    }
}

/// A note for the next screen, about what led there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    /// An old version was restored as a new one (`from` → `to`).
    Restored { from: i64, to: i64 },
    /// The article was deleted.
    Deleted,
}

/// A move away from a screen with unsaved changes, waiting for the user's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaving {
    pub to: Route,
    pub via: Via,
}

/// How a move away from unsaved changes was asked for, so that "Leave" can make it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// A link or a button in the console: a new history entry.
    Link,
    /// Back or Forward by this many entries: the browser already moved, and was sent back.
    History(i32),
    /// Back or Forward to an entry the console did not number: the screen's address was put
    /// back as a new entry, which leaving replaces.
    Readdressed,
}

/// Whether, and as whom, this browser is signed in.
#[derive(Clone, Debug, PartialEq)]
pub enum Auth {
    /// Asking the server at start.
    Checking,
    /// The server could not be asked at start.
    Unreachable(ApiError),
    SignedOut(Option<Notice>),
    SignedIn(ConsoleSession),
}

#[derive(Clone, Copy)]
pub struct Console {
    pub locale: RwSignal<Locale>,
    pub auth: RwSignal<Auth>,
    pub route: RwSignal<Route>,
    /// The screen shown has changes that are not saved (the editor keeps it up to date).
    pub unsaved: RwSignal<bool>,
    /// A move away from unsaved changes that waits for "Stay" or "Leave".
    pub leaving: RwSignal<Option<Leaving>>,
    /// What the next screen should say about how it was reached; it takes it.
    pub flash: RwSignal<Option<Flash>>,
    /// Where to go after signing in: the address that led to the sign-in screen.
    return_to: StoredValue<Option<Route>>,
    /// The build this page runs: what it can draw.
    pub bundle: Bundle,
}

impl Console {
    /// The whole console (the admins' bundle) for the current address.
    pub fn new() -> Self {
        Self::for_bundle(Bundle::Admin)
    }

    /// `bundle` for the current address, in the remembered or the browser's language.
    pub fn for_bundle(bundle: Bundle) -> Self {
        let locale = dom::storage_get(LOCALE_KEY)
            .and_then(|tag| Locale::parse(&tag))
            .unwrap_or_else(|| Locale::from_browser(dom::browser_language().as_deref()));
        dom::set_lang(locale);
        let (path, search) = dom::location();
        Self {
            locale: RwSignal::new(locale),
            auth: RwSignal::new(Auth::Checking),
            route: RwSignal::new(Route::parse(&path, &search)),
            unsaved: RwSignal::new(false),
            leaving: RwSignal::new(None),
            flash: RwSignal::new(None),
            return_to: StoredValue::new(None),
            bundle,
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    /// Follows Back and Forward (unless they would leave unsaved changes: then the address is
    /// put back and the user asked), makes the browser ask before a tab with unsaved changes
    /// closes, and asks the server who is signed in.
    pub fn start(self) {
        dom::start_history();
        dom::on_popstate(move |delta| {
            let (path, search) = dom::location();
            let route = Route::parse(&path, &search);
            let current = self.route.get_untracked();
            if route != current && self.unsaved.get_untracked() {
                let via = match delta {
                    Some(delta) if delta != 0 => {
                        dom::history_go(-delta);
                        Via::History(delta)
                    }
                    _ => {
                        dom::set_address(&current.href(), false);
                        Via::Readdressed
                    }
                };
                self.leaving.set(Some(Leaving { to: route, via }));
                return;
            }
            let screen_changed = self.route.with_untracked(|r| r.screen() != route.screen());
            if self.route.with_untracked(|r| *r != route) {
                self.route.set(route);
            }
            self.settle();
            if screen_changed {
                dom::focus_heading_soon();
            }
        });
        Effect::new(move |_| dom::warn_before_unload(self.unsaved.get()));
        self.check_session();
    }

    /// `GET /api/v1/auth/session`, then on to the screen the address asks for (or to the
    /// bundle that has it: [`Console::hands_over`]).
    pub fn check_session(self) {
        self.auth.set(Auth::Checking);
        spawn_local(async move {
            let auth = match api::current_session().await {
                Ok(session) => Auth::SignedIn(session),
                // The bundle signed out of, before it reloaded, said why.
                Err(ApiError::Unauthorized) if self.bundle.signs_in() => {
                    Auth::SignedOut(handover::take_notice().and_then(|key| Notice::parse(&key)))
                }
                Err(ApiError::Unauthorized) => Auth::SignedOut(None),
                Err(error) => Auth::Unreachable(error),
            };
            if !self.hands_over(&auth) && !matches!(auth, Auth::Unreachable(_)) {
                handover::settled();
            }
            self.auth.set(auth);
            self.settle();
        });
    }

    /// "Try again" at start: asks the server again, and lets the page reload for another
    /// bundle again if it must.
    pub fn retry(self) {
        handover::settled();
        self.check_session();
    }

    /// Whether this bundle leaves `auth` to another one: someone signed out where there is no
    /// sign-in screen, or a member whose screens are in another bundle.
    pub fn hands_over(self, auth: &Auth) -> bool {
        match auth {
            Auth::Checking | Auth::Unreachable(_) => false,
            Auth::SignedOut(_) => !self.bundle.signs_in(),
            Auth::SignedIn(session) => !self.bundle.serves(session.user.role),
        }
    }

    /// Reloads the page for the bundle that serves who is signed in now (the address kept);
    /// after too many reloads in a row, says the server failed instead (with "Try again").
    pub fn hand_over(self) {
        if !handover::reload() {
            self.auth.set(Auth::Unreachable(ApiError::Server(0)));
        }
    }

    /// The string for `text` in the current language (tracked: views update on a switch).
    pub fn t(self, text: impl Into<Text>) -> &'static str {
        tr(self.locale.get(), text.into())
    }

    /// Switches the language, remembers it, and tells the document.
    pub fn set_locale(self, locale: Locale) {
        self.locale.set(locale);
        dom::storage_set(LOCALE_KEY, locale.tag());
        dom::set_lang(locale);
    }

    /// The signed-in session, untracked, for handlers (the CSRF token, the role).
    pub fn session(self) -> Option<ConsoleSession> {
        self.auth.with_untracked(|auth| match auth {
            Auth::SignedIn(session) => Some(session.clone()),
            _ => None,
        })
    }

    /// The signed-in user's role (tracked).
    pub fn role(self) -> Option<Role> {
        self.auth.with(|auth| match auth {
            Auth::SignedIn(session) => Some(session.user.role),
            _ => None,
        })
    }

    /// Goes to `route` as a new history entry, and focuses its heading if the screen changed.
    /// With unsaved changes, asks first ([`Console::leaving`]).
    pub fn navigate(self, route: Route) {
        self.go(route, false, true);
    }

    /// Changes the address in place (typing a search: one history entry, not one per key).
    pub fn replace(self, route: Route) {
        self.go(route, true, true);
    }

    /// Changes the address in place without asking: the screen stays (a new article that was
    /// just saved gets its own address).
    pub fn readdress(self, route: Route) {
        self.go(route, true, false);
    }

    /// "Stay": the move away from unsaved changes is dropped.
    pub fn stay(self) {
        self.leaving.set(None);
    }

    /// "Leave": the move away from unsaved changes goes ahead, and they are given up.
    pub fn leave(self) {
        let Some(leaving) = self.leaving.get_untracked() else {
            return;
        };
        self.leaving.set(None);
        self.unsaved.set(false);
        match leaving.via {
            // The move is made again; its `popstate` changes the screen.
            Via::History(delta) => dom::history_go(delta),
            Via::Readdressed => self.go(leaving.to, true, false),
            Via::Link => self.go(leaving.to, false, false),
        }
    }

    fn go(self, route: Route, replace: bool, ask: bool) {
        if self.route.with_untracked(|r| *r == route) {
            return;
        }
        if ask && self.unsaved.get_untracked() {
            self.leaving.set(Some(Leaving {
                to: route,
                via: Via::Link,
            }));
            return;
        }
        self.leaving.set(None);
        let screen_changed = self.route.with_untracked(|r| r.screen() != route.screen());
        dom::set_address(&route.href(), replace);
        self.route.set(route);
        self.settle();
        if screen_changed {
            dom::focus_heading_soon();
        }
    }

    /// Brings the address in line with the session (see the module's comment). Replaces, never
    /// pushes: Back must not lead into a redirect again.
    fn settle(self) {
        let route = self.route.get_untracked();
        let target = self.auth.with_untracked(|auth| match auth {
            Auth::Checking | Auth::Unreachable(_) => None,
            // The sign-in bundle takes over at this address, and comes back to it.
            Auth::SignedOut(_) if !self.bundle.signs_in() => None,
            Auth::SignedOut(_) => (route.screen() != Screen::SignIn).then(|| {
                if route.screen() != Screen::Start {
                    self.return_to.set_value(Some(route.clone()));
                }
                Route::SignIn
            }),
            // Until the required second factor is set up, only its screen.
            Auth::SignedIn(session) if session.two_factor_setup_required => {
                (route.screen() != Screen::Account).then_some(Route::Account)
            }
            Auth::SignedIn(session) => match route.screen() {
                Screen::SignIn => {
                    let back_to = self.return_to.get_value();
                    self.return_to.set_value(None);
                    Some(back_to.unwrap_or_else(|| nav::start(session.user.role)))
                }
                Screen::Start => Some(nav::start(session.user.role)),
                Screen::Articles
                | Screen::Editor
                | Screen::Versions
                | Screen::SideBySide
                | Screen::Translations
                | Screen::Reviews
                | Screen::Gaps
                | Screen::Inbox
                | Screen::Ticket
                | Screen::Shortcuts
                | Screen::Dashboard
                | Screen::Settings
                | Screen::Users
                | Screen::Audit
                | Screen::Security
                | Screen::Account
                | Screen::NotFound => None,
            },
        });
        if let Some(target) = target.filter(|target| *target != route) {
            dom::set_address(&target.href(), true);
            self.route.set(target);
        }
    }

    /// Signed in: on to where the user was going.
    pub fn signed_in(self, session: ConsoleSession) {
        self.auth.set(Auth::SignedIn(session));
        self.settle();
        dom::focus_heading_soon();
    }

    /// Signed out (by the user, or the server said 401): to the sign-in screen, saying why.
    /// A bundle without it hands over: at this address after a 401 (the sign-in leads back
    /// here), at the sign-in's after signing out (whoever signs in next starts at their own
    /// start screen).
    pub fn signed_out(self, notice: Notice) {
        self.leaving.set(None);
        if !self.bundle.signs_in() {
            handover::leave_notice(notice.key());
            if notice == Notice::SignedOut {
                dom::set_address(&Route::SignIn.href(), true);
            }
            self.auth.set(Auth::SignedOut(Some(notice)));
            return;
        }
        self.auth.set(Auth::SignedOut(Some(notice)));
        self.settle();
        if notice == Notice::SignedOut {
            // Whoever signs in next starts at their own start screen, not at this user's.
            self.return_to.set_value(None);
        }
        dom::focus_heading_soon();
    }

    /// Passes `result` on; a 401 also ends the session in the console, and a 403
    /// `second_factor_setup_required` leads to setting up the second factor.
    pub fn check<T, E: AsRef<ApiError>>(self, result: Result<T, E>) -> Result<T, E> {
        match result.as_ref().err().map(|e| *e.as_ref()) {
            Some(ApiError::Unauthorized) => self.signed_out(Notice::Expired),
            Some(ApiError::SetupRequired) => self.set_two_factor(false, true),
            _ => {}
        }
        result
    }

    /// Whether the member must set up a second factor before anything else (tracked).
    pub fn setup_required(self) -> bool {
        self.auth.with(|auth| match auth {
            Auth::SignedIn(session) => session.two_factor_setup_required,
            _ => false,
        })
    }

    /// The member's second factor changed (`on`), or the server says one must be set up first
    /// (`required`): the session is updated and the address follows.
    pub fn set_two_factor(self, on: bool, required: bool) {
        let mut changed = false;
        self.auth.update(|auth| {
            if let Auth::SignedIn(session) = auth {
                changed = session.two_factor_setup_required != required;
                session.two_factor = on;
                session.two_factor_setup_required = required;
            }
        });
        if changed {
            self.leaving.set(None);
            self.unsaved.set(false);
            self.settle();
            dom::focus_heading_soon();
        }
    }
}

impl Default for Console {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sign_in_notice_survives_the_reload() {
        for notice in [Notice::Expired, Notice::SignedOut] {
            assert_eq!(Notice::parse(notice.key()), Some(notice));
        }
        assert_eq!(Notice::parse(""), None);
        assert_eq!(Notice::parse("Expired"), None);
    }
}
