//! The panel's side of the contact form and the conversations: the home's count of the user's
//! conversations and the launcher's unread badge (polled here, so the panel never needs the
//! desk module for them), and the desk module itself, loaded on intent (`crate::link`), kept
//! in step with the session and told where to render.

use std::time::Duration;

use leptos::prelude::*;

use super::{Panel, ToPanel};
use crate::dom;
use crate::link::{self, LinkState};

/// How often the unread count is refreshed while the panel is hidden.
pub const POLL: Duration = Duration::from_secs(30);

impl Panel {
    /// Keeps the inbox current: for a returning visitor once `init` came (and when the user
    /// changes), and every [`POLL`] while the panel is hidden, for the launcher's badge (the
    /// open thread's stream covers the visible panel).
    pub(super) fn follow_inbox(self) {
        let _ = set_interval_with_handle(
            move || {
                if self.session.visible.try_get_untracked() == Some(false) {
                    self.refresh_inbox();
                }
            },
            POLL,
        );
        Effect::new(move |_| {
            if self.initialized.get() {
                self.user.track();
                self.refresh_inbox();
            }
        });
    }

    /// Carries out what the contact form or the conversations say.
    pub(super) fn hear(self, message: ToPanel) {
        match message {
            ToPanel::Go(go) => self.go(go),
            ToPanel::Inbox { count, unread } => self.set_inbox(count, unread),
        }
    }

    /// The user's conversations changed: the home's entry and the launcher's badge follow.
    /// Unread messages are intent: the desk module is fetched before they are opened.
    fn set_inbox(self, count: u32, unread: u32) {
        if self.inbox.get_untracked() != (count, unread) {
            self.inbox.set((count, unread));
        }
        if self.badge.try_get_value() != Some(Some(unread)) {
            self.badge.set_value(Some(unread));
            self.bridge.with_value(|b| b.unread(unread));
        }
        if unread > 0 {
            self.desk.load();
        }
    }

    /// Reloads how many conversations the user has and how many unread messages, if this
    /// browser ever contacted support.
    pub fn refresh_inbox(self) {
        self.session.tickets(move |list| {
            self.set_inbox(
                u32::try_from(list.tickets.len()).unwrap_or(u32::MAX),
                list.unread,
            );
        });
    }

    /// The panel was opened or closed by the host.
    pub fn set_visible(self, visible: bool) {
        self.session.visible.set(visible);
        if visible {
            self.refresh_inbox();
        }
    }

    /// Renders the current view (one of the desk's) into `root`, then focuses it.
    pub fn show_desk(self, root: &web_sys::Element) {
        self.sync_desk();
        self.desk.show(root, &self.view.get_untracked());
        request_animation_frame(move || {
            self.rendered();
            // The module came after a Retry: the button that had the focus is gone.
            if dom::focus_is_lost() {
                self.focus_view(false);
            }
        });
    }

    /// "This answered my question" in the reader: the contact form counts the deflection and
    /// ends without a ticket.
    pub fn deflected_by(self, slug: String, locale: String) {
        self.desk.tell(&link::deflected_message(&slug, &locale));
    }

    /// The desk module could not be loaded: the view's error box takes the focus.
    pub fn desk_failed(self) {
        request_animation_frame(move || self.rendered());
    }

    /// Once loaded, the desk module follows the session.
    pub(super) fn follow_desk(self) {
        Effect::new(move |_| {
            if self.desk.state.get() != LinkState::Ready {
                return;
            }
            self.locale.track();
            self.user.track();
            self.context.track();
            self.session.visible.track();
            self.sync_desk();
        });
    }

    /// Tells the desk module the session as it is (it ignores what did not change).
    fn sync_desk(self) {
        self.desk
            .tell(&link::locale_message(&self.locale.get_untracked()));
        self.user
            .with_untracked(|u| self.desk.tell(&link::identify_message(u.as_ref())));
        self.context
            .with_untracked(|c| self.desk.tell(&link::context_message(c)));
        let visible = self.session.visible.get_untracked();
        self.desk.tell(&crate::bridge::message(if visible {
            "open"
        } else {
            "close"
        }));
    }
}
