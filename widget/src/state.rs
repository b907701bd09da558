//! The panel's state and everything that changes it: the view with its back stack, the
//! search, the home suggestions, the article reader, and the host's messages.
//!
//! [`Panel`] is a bundle of signals (it is `Copy`), provided as context to every component.
//! Components render it; the methods here fetch, navigate and talk to the host.

use std::sync::Arc;
use std::time::Duration;

use ayuda_api::{PublicArticle, PublicSiteConfig, SearchResponse, SuggestedArticle};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::{self, ApiError};
use crate::bridge::{Bridge, FrameParams, HostContext, HostUser};
use crate::color::Theme;
use crate::dom;
use crate::i18n::{Locale, resolve_locale};
use crate::link::{self, DeskLink};
use crate::seq::{Latest, OneInFlight, Ticket};
use crate::session::Session;
pub use crate::view::{Go, Load, ToPanel, View};

mod desk;
mod host;

/// Articles kept in memory so that Back shows the previous one at once.
const CACHED_ARTICLES: usize = 6;

/// The results part of the home view.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchState {
    /// Nothing searched (or the box was emptied).
    Idle,
    Done {
        query: String,
        response: SearchResponse,
    },
    Failed {
        query: String,
        error: ApiError,
    },
}

/// What to do once a view has rendered after a navigation.
#[derive(Clone, Copy, Debug, Default)]
struct AfterRender {
    /// Move focus into the view (navigation by the user, not by the host).
    focus: bool,
    /// The scroll position to restore (Back); a new view starts at the top.
    scroll: Option<f64>,
}

/// The option that becomes active after ArrowDown (`down`) or ArrowUp in a list of `len`.
/// Moves wrap around; an empty list has no active option.
pub fn next_active(current: Option<usize>, len: usize, down: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, down) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

/// If `path` is the public page of an article of `site` (`/help/{site}/{locale}/{slug}`),
/// its locale and slug.
pub fn article_link(path: &str, site: &str) -> Option<(String, String)> {
    let rest = path.strip_prefix("/help/")?;
    let mut parts = rest.split('/');
    let (link_site, locale, slug) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = link_site == site
        && !locale.is_empty()
        && !slug.is_empty()
        && (parts.next().is_none_or(str::is_empty));
    valid.then(|| (locale.to_owned(), slug.to_owned()))
}

/// The panel: signals the views render and the operations that change them.
#[derive(Clone, Copy)]
pub struct Panel {
    pub site: StoredValue<String>,
    pub bridge: StoredValue<Bridge>,
    url_locale: StoredValue<Option<String>>,
    url_color: StoredValue<Option<String>>,
    pub config: RwSignal<Load<PublicSiteConfig>>,
    /// The locale the host asked for (frame URL, `init`, `locale`), if any.
    pub explicit_locale: RwSignal<Option<String>>,
    /// The brand colour from `init`, if any (it wins over the frame URL's and the site's).
    pub host_color: RwSignal<Option<String>>,
    pub context: RwSignal<HostContext>,
    pub user: RwSignal<Option<HostUser>>,
    /// True once the host sent `init` (or when there is no host): suggestions wait for it so
    /// that they are asked for once, with the page's context.
    pub initialized: RwSignal<bool>,
    /// The content locale (`es`, `en`, or another locale the site has).
    pub locale: Memo<String>,
    pub view: RwSignal<View>,
    history: StoredValue<Vec<(View, f64)>>,
    /// The text in the search box.
    pub query: RwSignal<String>,
    pub search: RwSignal<SearchState>,
    /// The highlighted option of the result list.
    pub active: RwSignal<Option<usize>>,
    pub suggestions: RwSignal<Load<Vec<SuggestedArticle>>>,
    /// Shared, not cloned: an article can be long.
    pub article: RwSignal<Load<Arc<PublicArticle>>>,
    search_seq: StoredValue<Latest>,
    /// The search out, and the newest keystroke waiting for its answer.
    search_gate: StoredValue<OneInFlight<(Ticket, String)>>,
    suggest_seq: StoredValue<Latest>,
    article_seq: StoredValue<Latest>,
    /// The `id` of a host `article` message, acknowledged when the article (or its error)
    /// is shown.
    article_ack: StoredValue<Option<f64>>,
    cache: StoredValue<Vec<Arc<PublicArticle>>>,
    after_render: StoredValue<AfterRender>,
    ready_sent: StoredValue<bool>,
    /// The last suggestions request made (its URL), so that the same one is not sent twice.
    suggested_url: StoredValue<String>,
    /// Site, user, locale and identity, shared with the contact form and conversations.
    pub session: Session,
    /// The user's conversations: how many, and how many unread messages.
    pub inbox: RwSignal<(u32, u32)>,
    /// The unread count the launcher shows.
    badge: StoredValue<Option<u32>>,
    /// The contact form and conversations, a module loaded on intent.
    pub desk: DeskLink,
    /// The article opened from the contact form's suggestions (the reader offers "this
    /// answered my question").
    pub deflect_from: RwSignal<Option<String>>,
}

impl Panel {
    /// A panel for the frame described by `params`; nothing is fetched until [`Panel::start`].
    /// Must be called inside a reactive owner (a mounted app or test).
    pub fn new(params: FrameParams) -> Panel {
        let bridge = Bridge::new(params.parent.clone());
        let embedded = bridge.is_embedded();
        let config = RwSignal::new(Load::<PublicSiteConfig>::Loading);
        let explicit_locale = RwSignal::new(params.locale.clone());
        let host_color = RwSignal::new(None::<String>);
        let browser_languages = StoredValue::new(dom::browser_languages());
        let url_color = StoredValue::new(params.color.clone());
        let locale = Memo::new(move |_| {
            let explicit = explicit_locale.get();
            let browser = browser_languages.get_value();
            config.with(|c| match c {
                Load::Ready(site) => resolve_locale(
                    explicit.as_deref(),
                    &browser,
                    &site.locales,
                    &site.default_locale,
                ),
                _ => resolve_locale(explicit.as_deref(), &browser, &[], ""),
            })
        });
        let site = StoredValue::new(params.site);
        let bridge = StoredValue::new(bridge);
        let user = RwSignal::new(None);
        let context = RwSignal::new(HostContext::default());
        let view = RwSignal::new(View::Home);
        let session = Session::new(site, bridge, locale, user, context, view);
        let panel = Panel {
            site,
            bridge,
            url_locale: StoredValue::new(params.locale),
            url_color,
            config,
            explicit_locale,
            host_color,
            context,
            user,
            initialized: RwSignal::new(!embedded),
            locale,
            view,
            history: StoredValue::new(Vec::new()),
            query: RwSignal::new(String::new()),
            search: RwSignal::new(SearchState::Idle),
            active: RwSignal::new(None),
            suggestions: RwSignal::new(Load::Loading),
            article: RwSignal::new(Load::Loading),
            search_seq: StoredValue::new(Latest::default()),
            search_gate: StoredValue::new(OneInFlight::default()),
            suggest_seq: StoredValue::new(Latest::default()),
            article_seq: StoredValue::new(Latest::default()),
            article_ack: StoredValue::new(None),
            cache: StoredValue::new(Vec::new()),
            after_render: StoredValue::new(AfterRender::default()),
            ready_sent: StoredValue::new(false),
            suggested_url: StoredValue::new(String::new()),
            session,
            inbox: RwSignal::new((0, 0)),
            badge: StoredValue::new(None),
            desk: DeskLink::new(),
            deflect_from: RwSignal::new(None),
        };
        session.on_tell(move |message| panel.hear(message));
        panel.desk.on_message(move |message| panel.hear(message));
        panel
    }

    /// Makes the panel and its parts the context of the views below.
    pub fn provide(self) {
        provide_context(self);
        provide_context(self.session);
        let desk = self.desk;
        provide_context(link::DeskIntent(Callback::new(move |_| desk.load())));
    }

    /// Carries out a move the contact form or the conversations ask for.
    fn go(self, go: Go) {
        match go {
            Go::To(view) => self.navigate(view, true),
            Go::Restart(view) => self.reset_to(view),
            Go::Home => self.reset_home(),
            Go::Article { slug, locale } => {
                self.deflect_from.set(Some(slug.clone()));
                self.open_article(slug, locale, None, true);
            }
        }
    }

    /// The language of the panel's own strings (tracked: re-renders when it changes).
    pub fn ui(self) -> Locale {
        self.session.ui()
    }

    /// The colours: the host's (`init`), else the frame URL's, else the site's, else the
    /// default (tracked).
    pub fn theme(self) -> Theme {
        self.try_theme()
            .unwrap_or_else(|| Theme::new(crate::color::DEFAULT_BRAND))
    }

    fn try_theme(self) -> Option<Theme> {
        let host = self.host_color.try_get()?;
        let url = self.url_color.try_get_value()?;
        self.config.try_with(|c| {
            let site = match c {
                Load::Ready(site) => Some(site.brand_color.as_str()),
                _ => None,
            };
            Theme::from_candidates([host.as_deref(), url.as_deref(), site])
        })
    }

    /// Starts the live panel: says `ready` to the host (or, alone, loads the config), keeps
    /// `<html lang>` and the colours current, reloads suggestions when the page or locale
    /// changes, and listens to the host and the keyboard.
    pub fn start(self) {
        dom::mark("ayuda:panel-start");
        // One effect (each costs wasm): the colours and `lang` follow the config and the
        // host; suggestions follow the config, the locale and the host page. The colours
        // change only on `init`, which changes the page context too.
        Effect::new(move |_| {
            dom::set_document_lang(self.ui().tag());
            dom::apply_theme(&self.theme());
            let ready = self.config.with(|c| matches!(c, Load::Ready(_)));
            let initialized = self.initialized.get();
            self.context.track();
            if ready && initialized {
                self.suggest_for_page();
            }
        });
        // Embedded, the loader usually has the site's config already (it fetched it for the
        // launcher's colour) and hands it over in `init`: say `ready` at once and fetch the
        // config only when `init` comes without it.
        if self.bridge.with_value(Bridge::is_embedded) {
            self.say_ready();
        } else {
            self.load_config();
        }
        self.listen();
        if !self.bridge.with_value(Bridge::is_embedded) {
            self.session.visible.set(true);
        }
        self.follow_inbox();
        self.follow_desk();
    }

    /// Asks the host to hide the panel.
    pub fn close(self) {
        self.bridge.with_value(Bridge::close);
        if self.bridge.with_value(Bridge::is_embedded) {
            self.set_visible(false);
        }
    }

    /// Fetches the site's config.
    pub fn load_config(self) {
        self.config.set(Load::Loading);
        api::config(&self.site.get_value(), move |result| {
            let _ = self.config.try_set(match result {
                Ok(config) => Load::Ready(config),
                Err(error) => Load::Failed(error),
            });
        });
    }

    /// Tells the loader the frame listens (once); it answers with `init`.
    fn say_ready(self) {
        if self.ready_sent.try_get_value() != Some(false) {
            return;
        }
        self.ready_sent.set_value(true);
        let (theme, Some(locale)) = (untrack(|| self.theme()), self.locale.try_get_untracked())
        else {
            return;
        };
        self.bridge
            .with_value(|b| b.ready(&theme.brand.hex(), &locale));
        // If `init` never comes, show the home anyway (with a config of our own).
        set_timeout(
            move || {
                if self.initialized.try_get_untracked() == Some(false) {
                    self.initialized.set(true);
                    if self.config.with_untracked(|c| matches!(c, Load::Loading)) {
                        self.load_config();
                    }
                }
            },
            Duration::from_secs(2),
        );
    }

    /// Fetches the home suggestions for the current page and locale, unless the same request
    /// was already made and did not fail (the effects that call this can run again with the
    /// same page, locale and config).
    pub fn suggest_for_page(self) {
        let url = api::suggest_url(
            &self.site.get_value(),
            &self.context.get_untracked(),
            &self.locale.get_untracked(),
        );
        let same = self.suggested_url.with_value(|last| *last == url);
        let failed = self
            .suggestions
            .with_untracked(|s| matches!(s, Load::Failed(_)));
        if !same || failed {
            self.reload_suggestions();
        }
    }

    /// Fetches the home suggestions for the current page and locale (Retry does this).
    pub fn reload_suggestions(self) {
        let ticket = self.issue(self.suggest_seq);
        let site = self.site.get_value();
        let context = self.context.get_untracked();
        let locale = self.locale.get_untracked();
        self.suggested_url
            .set_value(api::suggest_url(&site, &context, &locale));
        if !self
            .suggestions
            .with_untracked(|s| matches!(s, Load::Ready(_)))
        {
            self.suggestions.set(Load::Loading);
        }
        api::suggest(&site, &context, &locale, move |result| {
            if self.is_current(self.suggest_seq, ticket) {
                let _ = self.suggestions.try_set(match result {
                    Ok(response) => Load::Ready(response.articles),
                    Err(error) => Load::Failed(error),
                });
            }
        });
    }

    fn issue(self, seq: StoredValue<Latest>) -> Ticket {
        seq.try_update_value(Latest::issue)
            .unwrap_or_else(|| Latest::default().issue())
    }

    fn is_current(self, seq: StoredValue<Latest>, ticket: Ticket) -> bool {
        seq.try_with_value(|s| s.is_current(ticket)) == Some(true)
    }

    /// The search box changed: search for `text` now, or as soon as the search out answers
    /// (no debounce: with the engine well under a millisecond, the round trip is the wait).
    pub fn set_query(self, text: String) {
        self.query.set(text.clone());
        self.active.set(None);
        let ticket = self.issue(self.search_seq);
        if text.trim().is_empty() {
            self.search.set(SearchState::Idle);
            return;
        }
        if let Some(Some((ticket, text))) = self
            .search_gate
            .try_update_value(|g| g.offer((ticket, text)))
        {
            self.run_search(ticket, text);
        }
    }

    /// Searches again for the text in the box (Retry).
    pub fn retry_search(self) {
        self.set_query(self.query.get_untracked());
    }

    /// The search out was answered: sends the newest keystroke that waited for it.
    fn search_answered(self) {
        if let Some(Some((ticket, text))) = self.search_gate.try_update_value(OneInFlight::answered)
        {
            self.run_search(ticket, text);
        }
    }

    fn run_search(self, ticket: Ticket, text: String) {
        if !self.is_current(self.search_seq, ticket) {
            return self.search_answered();
        }
        let query = text.trim().to_owned();
        let (Some(site), Some(locale)) =
            (self.site.try_get_value(), self.locale.try_get_untracked())
        else {
            return self.search_answered();
        };
        let sent = query.clone();
        api::search(&site, &sent, &locale, move |result| {
            self.search_answered();
            if !self.is_current(self.search_seq, ticket) {
                return;
            }
            match result {
                Ok(response) => {
                    let total = response.total;
                    let _ = self.search.try_set(SearchState::Done {
                        query: query.clone(),
                        response,
                    });
                    self.bridge.with_value(|b| {
                        b.event(
                            "search",
                            &[
                                ("query", JsValue::from_str(&query)),
                                ("total", JsValue::from_f64(total as f64)),
                            ],
                        )
                    });
                    dom::note_search(&query);
                    dom::mark_results(query);
                }
                Err(error) => {
                    let _ = self.search.try_set(SearchState::Failed { query, error });
                }
            }
        });
    }

    /// Shows `to`, remembering the current view and its scroll position for Back.
    pub fn navigate(self, to: View, by_user: bool) {
        let from = self.view.get_untracked();
        if from == to && !matches!(to, View::Article { .. }) {
            return;
        }
        let scroll = dom::main_scroll_top();
        self.history.update_value(|h| h.push((from, scroll)));
        self.enter(
            to,
            AfterRender {
                focus: by_user,
                scroll: None,
            },
        );
    }

    /// Shows `to` in place of the current view (Back skips the view left).
    pub fn replace_view(self, to: View) {
        self.enter(
            to,
            AfterRender {
                focus: true,
                scroll: None,
            },
        );
    }

    /// Shows `to` with nothing to go back to but the home (a finished task).
    pub fn reset_to(self, to: View) {
        self.history.update_value(Vec::clear);
        self.replace_view(to);
    }

    /// True when Back has somewhere to go.
    pub fn can_go_back(self) -> bool {
        !self.view.with(|v| *v == View::Home)
    }

    /// Returns to the previous view with its scroll position (the home keeps its query).
    pub fn back(self) {
        let previous = self.history.try_update_value(Vec::pop).flatten();
        let (to, scroll) = previous.unwrap_or((View::Home, 0.0));
        self.enter(
            to,
            AfterRender {
                focus: true,
                scroll: Some(scroll),
            },
        );
    }

    /// Goes to the home view and forgets the back stack.
    pub fn reset_home(self) {
        self.history.update_value(Vec::clear);
        self.enter(View::Home, AfterRender::default());
    }

    fn enter(self, to: View, after: AfterRender) {
        self.after_render.set_value(after);
        let is_article = matches!(to, View::Article { .. });
        let in_desk = matches!(
            to,
            View::Contact | View::Conversations | View::Thread { .. }
        );
        if !in_desk {
            self.desk.hide();
        }
        if to == View::Contact {
            self.deflect_from.set(None);
        }
        self.view.set(to);
        if is_article {
            self.load_article();
        } else if in_desk {
            // The desk's view is rendered (and focused) by `show_desk` once the module is here.
            self.settle_article_ack(Err("superseded"));
        } else {
            // Left the reader before a host-requested article arrived.
            self.settle_article_ack(Err("superseded"));
            request_animation_frame(move || self.rendered());
        }
    }

    /// Called once the entered view has rendered: restores scroll and moves focus.
    pub fn rendered(self) {
        let Some(after) = self.after_render.try_get_value() else {
            return;
        };
        self.after_render.set_value(AfterRender::default());
        dom::set_main_scroll_top(after.scroll.unwrap_or(0.0));
        if after.focus {
            self.focus_view(false);
        }
    }

    /// Focuses the current view: the search box on the home (selecting its text if
    /// `select`), else the view's heading, else the Back button.
    pub fn focus_view(self, select: bool) {
        let home = self.view.try_with_untracked(|v| *v == View::Home) == Some(true);
        dom::focus_view(home, select);
    }

    /// Opens an article in the reader. `ack` is the id of a host message to answer once the
    /// article (or its error) is shown.
    pub fn open_article(self, slug: String, locale: String, ack: Option<f64>, by_user: bool) {
        if let Some(stale) = self
            .article_ack
            .try_update_value(|a| std::mem::replace(a, ack))
            .flatten()
        {
            self.bridge
                .with_value(|b| b.ack(Some(stale), Err("superseded")));
        }
        self.navigate(View::Article { slug, locale }, by_user);
    }

    /// Loads the article of the current view (from memory when it was read recently).
    pub fn load_article(self) {
        let View::Article { slug, locale } = self.view.get_untracked() else {
            return;
        };
        let ticket = self.issue(self.article_seq);
        let cached = self.cache.with_value(|c| {
            c.iter()
                .find(|a| a.slug == slug && a.locale == locale)
                .cloned()
        });
        if let Some(article) = cached {
            self.article_settled(Ok(article));
            return;
        }
        self.article.set(Load::Loading);
        let site = self.site.get_value();
        api::article(&site, &slug, &locale, move |result| {
            if self.is_current(self.article_seq, ticket) {
                self.article_settled(result.map(Arc::new));
            }
        });
    }

    /// Answers the pending host `article` message, if any.
    fn settle_article_ack(self, result: Result<(), &str>) {
        if let Some(id) = self.article_ack.try_update_value(Option::take).flatten() {
            self.bridge.with_value(|b| b.ack(Some(id), result));
        }
    }

    fn article_settled(self, result: Result<Arc<PublicArticle>, ApiError>) {
        match result {
            Ok(article) => {
                self.settle_article_ack(Ok(()));
                self.bridge.with_value(|b| {
                    b.event(
                        "article",
                        &[
                            ("slug", JsValue::from_str(&article.slug)),
                            ("locale", JsValue::from_str(&article.locale)),
                            ("title", JsValue::from_str(&article.title)),
                        ],
                    );
                });
                self.cache.update_value(|c| {
                    c.retain(|a| !(a.slug == article.slug && a.locale == article.locale));
                    c.insert(0, article.clone());
                    c.truncate(CACHED_ARTICLES);
                });
                let _ = self.article.try_set(Load::Ready(article));
            }
            Err(error) => {
                self.settle_article_ack(Err(error.code()));
                let _ = self.article.try_set(Load::Failed(error));
            }
        }
        request_animation_frame(move || self.rendered());
    }

    /// Switches the content and UI locale and reloads what is on screen (an article switches
    /// to its translation when there is one).
    pub fn set_locale(self, locale: Option<String>) {
        self.explicit_locale.set(locale);
        let new_locale = self.locale.get_untracked();
        if let View::Article { slug, locale: old } = self.view.get_untracked()
            && old != new_locale
        {
            let translated = self.article.with_untracked(|a| match a {
                Load::Ready(article) => article
                    .translations
                    .iter()
                    .find(|t| t.locale == new_locale)
                    .map(|t| t.slug.clone()),
                _ => None,
            });
            self.view.set(View::Article {
                slug: translated.unwrap_or(slug),
                locale: new_locale,
            });
            self.load_article();
        }
        if !self.query.with_untracked(|q| q.trim().is_empty()) {
            self.retry_search();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_move_and_wrap() {
        assert_eq!(next_active(None, 0, true), None);
        assert_eq!(next_active(None, 3, true), Some(0));
        assert_eq!(next_active(None, 3, false), Some(2));
        assert_eq!(next_active(Some(0), 3, true), Some(1));
        assert_eq!(next_active(Some(2), 3, true), Some(0));
        assert_eq!(next_active(Some(0), 3, false), Some(2));
    }

    #[test]
    fn recognises_links_to_articles_of_this_site() {
        assert_eq!(
            article_link("/help/demo/es/pagos", "demo"),
            Some(("es".into(), "pagos".into()))
        );
        assert_eq!(
            article_link("/help/demo/en/billing/", "demo"),
            Some(("en".into(), "billing".into()))
        );
        assert_eq!(article_link("/help/other/es/pagos", "demo"), None);
        assert_eq!(article_link("/help/demo/es", "demo"), None);
        assert_eq!(article_link("/help/demo/es/a/b", "demo"), None);
        assert_eq!(article_link("/docs/demo/es/pagos", "demo"), None);
    }
}
