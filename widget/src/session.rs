//! Who is asking and where: the small value the contact form and the conversations take
//! instead of the whole panel (they never see the home, the search or the reader).

use std::rc::Rc;

use ayuda_api::PublicTicketList;
use leptos::prelude::*;

use crate::api::{self, ApiError, Identity};
use crate::bridge::{Bridge, HostContext, HostUser};
use crate::dom;
use crate::i18n::Locale;
use crate::support::visitor_key;
use crate::view::{Go, ToPanel, View};

type IdentityWaiter = Box<dyn FnOnce(Result<Identity, ApiError>)>;
/// What hears [`ToPanel`]: the panel (directly, or across the desk module's link).
type Navigator = Rc<dyn Fn(ToPanel)>;

/// The site, the user and their locale, the page they are on, and the ways back to the panel.
/// A bundle of signals (it is `Copy`) shared with the [`crate::Panel`].
#[derive(Clone, Copy)]
pub struct Session {
    pub site: StoredValue<String>,
    pub bridge: StoredValue<Bridge>,
    /// The content locale (`es`, `en`, or another locale the site has).
    pub locale: Memo<String>,
    /// What the host told about the user (`identify`).
    pub user: RwSignal<Option<HostUser>>,
    /// The host page, for the environment sent with a ticket.
    pub context: RwSignal<HostContext>,
    /// What the panel shows (read here; the panel changes it).
    pub view: RwSignal<View>,
    /// The panel is on screen (the host sent `open` and not `close` since).
    pub visible: RwSignal<bool>,
    go: StoredValue<Option<Navigator>, LocalStorage>,
    waiting_identity: StoredValue<Option<Vec<IdentityWaiter>>, LocalStorage>,
}

impl Session {
    pub fn new(
        site: StoredValue<String>,
        bridge: StoredValue<Bridge>,
        locale: Memo<String>,
        user: RwSignal<Option<HostUser>>,
        context: RwSignal<HostContext>,
        view: RwSignal<View>,
    ) -> Session {
        Session {
            site,
            bridge,
            locale,
            user,
            context,
            view,
            visible: RwSignal::new(false),
            go: StoredValue::new_local(None),
            waiting_identity: StoredValue::new_local(None),
        }
    }

    /// The language of the panel's own strings (tracked: re-renders when it changes).
    pub fn ui(self) -> Locale {
        self.locale.with(|l| Locale::for_content(l))
    }

    /// Installs what hears [`ToPanel`] (the panel, once it exists).
    pub fn on_tell(self, hear: impl Fn(ToPanel) + 'static) {
        self.go.set_value(Some(Rc::new(hear)));
    }

    /// Tells the panel something.
    pub fn tell(self, message: ToPanel) {
        if let Some(hear) = self.go.try_get_value().flatten() {
            hear(message);
        }
    }

    /// Asks the panel to move.
    pub fn go(self, go: Go) {
        self.tell(ToPanel::Go(go));
    }

    /// True while the thread `id` is the view on screen.
    pub fn shows_thread(self, id: &str) -> bool {
        self.view
            .try_with_untracked(|v| matches!(v, View::Thread { id: shown } if shown == id))
            == Some(true)
    }

    /// Whether `identify` gave the name and the email (the form hides those fields).
    pub fn identified(self) -> (bool, bool) {
        self.user.with_untracked(|u| {
            let has = |v: Option<&String>| v.is_some_and(|v| !v.trim().is_empty());
            u.as_ref().map_or((false, false), |u| {
                (has(u.name.as_ref()), has(u.email.as_ref()))
            })
        })
    }

    /// The identified user's id and hash, if the host gave both.
    fn user_pair(user: Option<HostUser>) -> Option<(String, String)> {
        let user = user?;
        Some((user.user_id?, user.user_hash?))
    }

    /// The identity this browser already has (nothing is created): `None` when it never
    /// contacted support, so there is nothing to poll.
    pub fn existing_identity(self) -> Option<Identity> {
        let site = self.site.try_get_value()?;
        let visitor = dom::storage_get(&visitor_key(&site));
        let user = Self::user_pair(self.user.try_get_untracked().flatten());
        (visitor.is_some() || user.is_some()).then_some(Identity { visitor, user })
    }

    /// The user's conversations, if this browser ever contacted support (`done` is not called
    /// otherwise, nor on failure). A stored visitor token the server refuses (the site's secret
    /// was rotated) is forgotten, so the next contact starts with a fresh one.
    pub fn tickets(self, done: impl FnOnce(PublicTicketList) + 'static) {
        let Some(identity) = self.existing_identity() else {
            return;
        };
        let Some(site) = self.site.try_get_value() else {
            return;
        };
        let anonymous = identity.user.is_none();
        api::tickets(&site.clone(), identity, move |result| match result {
            Ok(list) => done(list),
            Err(ApiError::Status(401)) if anonymous => {
                dom::storage_remove(&visitor_key(&site));
            }
            Err(_) => {}
        });
    }

    /// The identity for a ticket call, creating the visitor token the first time (once, even
    /// when several uploads ask at the same moment).
    pub fn identity(self, done: impl FnOnce(Result<Identity, ApiError>) + 'static) {
        let site = self.site.get_value();
        let user = Self::user_pair(self.user.get_untracked());
        if let Some(visitor) = dom::storage_get(&visitor_key(&site)) {
            done(Ok(Identity {
                visitor: Some(visitor),
                user,
            }));
            return;
        }
        let first = self.waiting_identity.with_value(Option::is_none);
        self.waiting_identity.update_value(|w| {
            w.get_or_insert_with(Vec::new).push(Box::new(done));
        });
        if !first {
            return;
        }
        api::create_visitor(&site.clone(), move |result| {
            let result = result.map(|token| {
                dom::storage_set(&visitor_key(&site), &token.token);
                Identity {
                    visitor: Some(token.token),
                    user,
                }
            });
            let waiting = self
                .waiting_identity
                .try_update_value(Option::take)
                .flatten()
                .unwrap_or_default();
            for waiter in waiting {
                waiter(result.clone());
            }
        });
    }

    /// The identity for a ticket call with the site: `done` gets both, or the error.
    pub fn calling(self, done: impl FnOnce(Result<(String, Identity), ApiError>) + 'static) {
        self.identity(move |identity| {
            let site = self.site.try_get_value().ok_or(ApiError::Network);
            done(site.and_then(|site| identity.map(|identity| (site, identity))));
        });
    }
}
