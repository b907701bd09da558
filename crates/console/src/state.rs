//! The console's shared state: who is signed in, where the user is, and in which language.
//!
//! [`Console`] is `Copy` (it holds signals) and lives in the Leptos context; every screen reads
//! it. It owns the rules that tie the session to the address: signed out, every address shows
//! the sign-in screen (and the console returns there after signing in); signed in, the sign-in
//! address and `/console/` lead to the role's start screen; a 401 from any call ends the
//! session in the console too.

use ayuda_api::{ConsoleSession, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError};
use crate::dom;
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
    /// Where to go after signing in: the address that led to the sign-in screen.
    return_to: StoredValue<Option<Route>>,
}

impl Console {
    /// The console for the current address, in the remembered or the browser's language.
    pub fn new() -> Self {
        let locale = dom::storage_get(LOCALE_KEY)
            .and_then(|tag| Locale::parse(&tag))
            .unwrap_or_else(|| Locale::from_browser(dom::browser_language().as_deref()));
        dom::set_lang(locale);
        let (path, search) = dom::location();
        Self {
            locale: RwSignal::new(locale),
            auth: RwSignal::new(Auth::Checking),
            route: RwSignal::new(Route::parse(&path, &search)),
            return_to: StoredValue::new(None),
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    /// Follows Back and Forward, and asks the server who is signed in.
    pub fn start(self) {
        dom::on_popstate(move || {
            let (path, search) = dom::location();
            let route = Route::parse(&path, &search);
            let screen_changed = self.route.with_untracked(|r| r.screen() != route.screen());
            if self.route.with_untracked(|r| *r != route) {
                self.route.set(route);
            }
            self.settle();
            if screen_changed {
                dom::focus_heading_soon();
            }
        });
        self.check_session();
    }

    /// `GET /api/v1/auth/session`, then on to the screen the address asks for.
    pub fn check_session(self) {
        self.auth.set(Auth::Checking);
        spawn_local(async move {
            let auth = match api::current_session().await {
                Ok(session) => Auth::SignedIn(session),
                Err(ApiError::Unauthorized) => Auth::SignedOut(None),
                Err(error) => Auth::Unreachable(error),
            };
            self.auth.set(auth);
            self.settle();
        });
    }

    /// The string for `text` in the current language (tracked: views update on a switch).
    pub fn t(self, text: Text) -> &'static str {
        tr(self.locale.get(), text)
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
    pub fn navigate(self, route: Route) {
        self.go(route, false);
    }

    /// Changes the address in place (typing a search: one history entry, not one per key).
    pub fn replace(self, route: Route) {
        self.go(route, true);
    }

    fn go(self, route: Route, replace: bool) {
        if self.route.with_untracked(|r| *r == route) {
            return;
        }
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
            Auth::SignedOut(_) => (route.screen() != Screen::SignIn).then(|| {
                if route.screen() != Screen::Start {
                    self.return_to.set_value(Some(route.clone()));
                }
                Route::SignIn
            }),
            Auth::SignedIn(session) => match route.screen() {
                Screen::SignIn => {
                    let back_to = self.return_to.get_value();
                    self.return_to.set_value(None);
                    Some(back_to.unwrap_or_else(|| nav::start(session.user.role)))
                }
                Screen::Start => Some(nav::start(session.user.role)),
                Screen::Articles | Screen::Account | Screen::NotFound => None,
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
    pub fn signed_out(self, notice: Notice) {
        self.auth.set(Auth::SignedOut(Some(notice)));
        self.settle();
        if notice == Notice::SignedOut {
            // Whoever signs in next starts at their own start screen, not at this user's.
            self.return_to.set_value(None);
        }
        dom::focus_heading_soon();
    }

    /// Passes `result` on; a 401 also ends the session in the console.
    pub fn check<T>(self, result: Result<T, ApiError>) -> Result<T, ApiError> {
        if result.as_ref().is_err_and(|e| *e == ApiError::Unauthorized) {
            self.signed_out(Notice::Expired);
        }
        result
    }
}

impl Default for Console {
    fn default() -> Self {
        Self::new()
    }
}
