//! The panel's side of the conversation with the host page: the listeners it installs and
//! the loader's messages it applies (see `PROTOCOL.md`).

use leptos::prelude::*;

use super::{Load, Panel, SearchState};
use crate::bridge::{Envelope, HostMessage};
use crate::dom;
use crate::seq::Latest;
use crate::view::View;

impl Panel {
    /// Installs the `message` and `keydown` listeners for the panel's lifetime.
    pub fn listen(self) {
        let _ = window_event_listener_untyped("message", move |event| {
            let Some(event) = crate::bridge::as_message_event(event) else {
                return;
            };
            let accepted = self.bridge.try_with_value(|b| b.accepts(&event)) == Some(true);
            if !accepted {
                return;
            }
            if let Some(envelope) = crate::bridge::parse_message(&event.data()) {
                self.handle(envelope);
            }
        });
        let _ = window_event_listener(leptos::ev::keydown, move |event| {
            if event.key() == "Escape" {
                event.prevent_default();
                self.close();
            } else {
                dom::trap_tab(&event);
            }
        });
    }

    /// Applies a message from the host and acknowledges it.
    pub fn handle(self, envelope: Envelope) {
        let Envelope { id, message } = envelope;
        let mut result: Result<(), &str> = Ok(());
        match message {
            HostMessage::Init {
                locale,
                color,
                context,
                user,
                config,
            } => {
                match config {
                    Some(config) => self.config.set(Load::Ready(config)),
                    None if self.config.with_untracked(|c| !matches!(c, Load::Ready(_))) => {
                        self.load_config();
                    }
                    None => {}
                }
                self.explicit_locale
                    .set(locale.or_else(|| self.url_locale.get_value()));
                self.host_color.set(color);
                self.context.set(context);
                self.user.set(user);
                self.query.set(String::new());
                self.search_seq.update_value(Latest::invalidate);
                self.search.set(SearchState::Idle);
                self.reset_home();
                self.initialized.set(true);
            }
            HostMessage::Open => {
                self.set_visible(true);
                let select = self.view.with_untracked(|v| *v == View::Home);
                self.focus_view(select);
            }
            HostMessage::Close => self.set_visible(false),
            HostMessage::Search { text } => {
                self.reset_home();
                self.set_query(text);
            }
            HostMessage::Article { slug } => {
                let slug = slug.trim().to_owned();
                if slug.is_empty() {
                    result = Err("missing slug");
                } else {
                    self.open_article(slug, self.locale.get_untracked(), id, false);
                    // Acknowledged when the article or its error is shown.
                    return;
                }
            }
            HostMessage::Context { context } => {
                if self.context.with_untracked(|c| *c != context) {
                    self.context.set(context);
                }
            }
            HostMessage::Locale { locale } => self.set_locale(locale),
            HostMessage::Identify { user } => self.user.set(user),
            HostMessage::Unknown => result = Err("unknown message type"),
        }
        self.bridge.with_value(|b| b.ack(id, result));
    }
}
