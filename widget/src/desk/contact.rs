//! The contact form: its draft (kept across reloads), uploads, the articles that may answer
//! the subject (deflection), and filing the ticket.

use std::time::Duration;

use ayuda_api::{DeflectionInput, Impact, NewTicketInput, SearchHit, SupportInfo};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::{Conversations, Sending, Uploads};
use crate::api;
use crate::dom;
use crate::seq::Latest;
use crate::session::Session;
use crate::support::{BrowserFacts, Draft, Missing, draft_key, validate};
use crate::view::{Go, Load, View};

/// Pause in typing the subject before the deflection search runs.
const DEFLECT_DEBOUNCE: Duration = Duration::from_millis(300);
/// Articles offered while the user writes the subject.
const DEFLECT_SHOWN: usize = 3;

/// The contact form.
#[derive(Clone, Copy)]
pub struct Contact {
    pub session: Session,
    /// Where a filed ticket is shown.
    conversations: Conversations,
    pub support: RwSignal<Load<SupportInfo>>,
    pub form: RwSignal<Draft>,
    pub files: Uploads,
    draft_restored: StoredValue<bool>,
    /// What the form still needs; shown after the first attempt to send.
    pub missing: RwSignal<Vec<Missing>>,
    pub sending: RwSignal<Sending>,
    /// Retry once by itself when the browser comes back online.
    auto_retry: StoredValue<bool>,
    pub deflect: RwSignal<Vec<SearchHit>>,
    deflect_seq: StoredValue<Latest>,
    /// "Glad it helped": the user ended without a ticket.
    pub deflected: RwSignal<bool>,
    /// The next [`Contact::enter`] shows that ending (the panel comes back to the contact view
    /// because of it, after `deflected` is set) instead of a fresh form.
    ending_next: StoredValue<bool>,
}

impl Contact {
    pub fn new(session: Session, conversations: Conversations) -> Contact {
        let contact = Contact {
            session,
            conversations,
            support: RwSignal::new(Load::Loading),
            form: RwSignal::new(Draft::default()),
            files: Uploads::new(),
            draft_restored: StoredValue::new(false),
            missing: RwSignal::new(Vec::new()),
            sending: RwSignal::new(Sending::Idle),
            auto_retry: StoredValue::new(false),
            deflect: RwSignal::new(Vec::new()),
            deflect_seq: StoredValue::new(Latest::default()),
            deflected: RwSignal::new(false),
            ending_next: StoredValue::new(false),
        };
        contact.files.on_change(move || contact.save_draft());
        contact
    }

    /// The contact view opened: restores the draft (once), prefills from `identify` and loads
    /// the team's availability and categories.
    pub fn enter(self) {
        if !self.draft_restored.get_value() {
            self.draft_restored.set_value(true);
            let site = self.session.site.get_value();
            if let Some(draft) =
                dom::storage_get(&draft_key(&site)).and_then(|t| Draft::deserialize(&t))
            {
                self.files.restore(draft.attachments.clone());
                self.form.set(draft);
            }
        }
        if let Some(company) = self
            .session
            .user
            .with_untracked(|u| u.as_ref().and_then(|u| u.company.clone()))
            && self.form.with_untracked(|f| f.company.trim().is_empty())
        {
            self.form.update(|f| f.company = company);
        }
        if !self.support.with_untracked(|s| matches!(s, Load::Ready(_))) {
            self.load_support();
        }
        let ending = self.ending_next.try_update_value(std::mem::take) == Some(true);
        if !ending && self.deflected.get_untracked() {
            self.deflected.set(false);
        }
    }

    pub fn load_support(self) {
        self.support.set(Load::Loading);
        let site = self.session.site.get_value();
        let locale = self.session.locale.get_untracked();
        api::support(&site, &locale, move |result| {
            let _ = self.support.try_set(match result {
                Ok(info) => Load::Ready(info),
                Err(error) => Load::Failed(error),
            });
        });
    }

    /// Changes one field of the form and saves the draft.
    pub fn edit(self, change: impl FnOnce(&mut Draft)) {
        self.form.update(change);
        if !self.missing.with_untracked(Vec::is_empty) {
            let (name, email) = self.session.identified();
            let missing = self.form.with_untracked(|f| validate(f, name, email));
            self.missing.set(missing);
        }
        self.save_draft();
    }

    /// Keeps what is typed (and the uploaded files) in `localStorage`.
    pub fn save_draft(self) {
        let Some(site) = self.session.site.try_get_value() else {
            return;
        };
        let Some(mut draft) = self.form.try_get_untracked() else {
            return;
        };
        draft.attachments = self.files.done();
        if draft.is_empty() {
            dom::storage_remove(&draft_key(&site));
        } else {
            dom::storage_set(&draft_key(&site), &draft.serialize());
        }
    }

    fn clear(self) {
        self.form.set(Draft::default());
        self.files.clear();
        self.missing.set(Vec::new());
        self.deflect.set(Vec::new());
        dom::storage_remove(&draft_key(&self.session.site.get_value()));
    }

    /// The subject changed: after a pause, look for articles that may answer it.
    pub fn subject_typed(self, text: String) {
        self.edit(|f| f.subject = text.clone());
        let ticket = self
            .deflect_seq
            .try_update_value(Latest::issue)
            .unwrap_or_else(|| Latest::default().issue());
        let query = text.trim().to_owned();
        if query.chars().count() < 3 {
            self.deflect.set(Vec::new());
            return;
        }
        let session = self.session;
        set_timeout(
            move || {
                let current =
                    move || self.deflect_seq.try_with_value(|s| s.is_current(ticket)) == Some(true);
                if !current() {
                    return;
                }
                let (Some(site), Some(locale)) = (
                    session.site.try_get_value(),
                    session.locale.try_get_untracked(),
                ) else {
                    return;
                };
                api::search(&site, &query, &locale, move |result| {
                    if current()
                        && let Ok(mut response) = result
                    {
                        response.hits.truncate(DEFLECT_SHOWN);
                        let _ = self.deflect.try_set(response.hits);
                    }
                });
            },
            DEFLECT_DEBOUNCE,
        );
    }

    /// "This answered my question": counts the deflection and ends without a ticket.
    pub fn deflected_by(self, slug: String, locale: String) {
        let query = self.form.with_untracked(|f| f.subject.trim().to_owned());
        api::deflect(
            &self.session.site.get_value(),
            &DeflectionInput {
                slug,
                locale: Some(locale),
                query: (!query.is_empty()).then_some(query),
            },
        );
        self.clear();
        self.ending_next.set_value(true);
        self.session.go(Go::Restart(View::Contact));
        self.deflected.set(true);
    }

    /// The environment as it will be sent.
    pub fn environment(self) -> ayuda_api::Environment {
        crate::support::environment(&self.session.context.get(), &browser_facts())
    }

    /// The ticket the form describes; `name_known`/`email_known` say `identify` gave them.
    fn ticket(self, name_known: bool, email_known: bool) -> NewTicketInput {
        let draft = self.form.get_untracked();
        let environment = untrack(|| self.environment());
        let user = self.session.user.get_untracked();
        let text = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        NewTicketInput {
            name: if name_known {
                user.as_ref().and_then(|u| u.name.clone())
            } else {
                text(&draft.name)
            },
            email: if email_known {
                user.as_ref().and_then(|u| u.email.clone())
            } else {
                text(&draft.email)
            },
            company: text(&draft.company),
            subject: draft.subject.trim().to_owned(),
            trying: text(&draft.trying),
            happened: draft.happened.trim().to_owned(),
            category: text(&draft.category),
            impact: draft.impact.unwrap_or(Impact::Question).as_str().to_owned(),
            environment,
            attachments: self.files.done().into_iter().map(|a| a.id).collect(),
            locale: Some(self.session.locale.get_untracked()),
            user_attributes: Default::default(),
            last_search: crate::dom::last_search(),
        }
    }

    /// Validates and sends the form; on failure everything typed stays.
    pub fn submit(self) {
        if self.sending.get_untracked() == Sending::Busy {
            return;
        }
        let (name_known, email_known) = self.session.identified();
        let missing = self
            .form
            .with_untracked(|f| validate(f, name_known, email_known));
        let has_missing = !missing.is_empty();
        self.missing.set(missing);
        if has_missing {
            request_animation_frame(|| {
                dom::focus_selector("[aria-invalid=true]", false);
            });
            return;
        }
        if self.files.busy() {
            return;
        }
        self.sending.set(Sending::Busy);
        self.auto_retry.set_value(true);
        let input = self.ticket(name_known, email_known);
        self.session.calling(move |call| {
            let (site, identity) = match call {
                Ok(call) => call,
                Err(error) => {
                    let _ = self.sending.try_set(Sending::Failed(error));
                    return;
                }
            };
            api::file_ticket(&site, identity, &input, move |result| match result {
                Ok(thread) => {
                    self.sending.set(Sending::Idle);
                    self.clear();
                    let id = thread.ticket.id.clone();
                    self.conversations.show(thread);
                    self.session.go(Go::Restart(View::Thread { id }));
                    self.conversations.refresh();
                }
                Err(error) => {
                    let _ = self.sending.try_set(Sending::Failed(error));
                }
            });
        });
    }

    /// The browser is back online: a failed send is retried once by itself.
    pub fn online(self) {
        if matches!(self.sending.get_untracked(), Sending::Failed(_)) && self.auto_retry.get_value()
        {
            self.auto_retry.set_value(false);
            self.submit();
            self.auto_retry.set_value(false);
        }
    }
}

/// What the browser says about itself, for the environment.
pub fn browser_facts() -> BrowserFacts {
    let Some(window) = web_sys::window() else {
        return BrowserFacts::default();
    };
    let navigator = window.navigator();
    let screen = window
        .screen()
        .ok()
        .and_then(|s| Some(format!("{}×{}", s.width().ok()?, s.height().ok()?)));
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    let time_zone = js_sys::Reflect::get(&options, &JsValue::from_str("timeZone"))
        .ok()
        .and_then(|v| v.as_string());
    BrowserFacts {
        user_agent: navigator.user_agent().unwrap_or_default(),
        screen,
        locale: navigator.language(),
        time_zone,
    }
}
