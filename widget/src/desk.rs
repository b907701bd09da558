//! The state of "contact us" and conversations: the contact form with its draft, uploads and
//! deflection, the user's conversations, the open thread with its live event stream, the
//! composer, CSAT and the launcher's unread count.
//!
//! [`Desk`] is a bundle of signals (it is `Copy`) that lives in the [`Panel`]; the pure rules
//! it applies are in `support.rs`.

use std::time::Duration;

use ayuda_api::{
    AttachmentInfo, Author, CsatInput, DeflectionInput, Impact, NewMessageInput, NewTicketInput,
    PublicMessage, PublicThread, PublicTicket, PublicTicketList, Rating, SearchHit, StreamEvent,
    SupportInfo, Typing,
};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use web_sys::{EventSource, MessageEvent};

use crate::api::{self, ApiError, Identity};
use crate::bridge::HostUser;
use crate::dom;
use crate::seq::Latest;
use crate::state::{Load, Panel, View};
use crate::support::{
    BrowserFacts, Draft, FileProblem, Missing, Throttle, check_file, draft_key, last_id,
    merge_messages, pasted_name, validate, visitor_key,
};

/// How often the unread count is refreshed while the panel is hidden.
pub const POLL: Duration = Duration::from_secs(30);
/// At most one "the user is typing" notification per this interval.
pub const TYPING_EVERY_MS: f64 = 3000.0;
/// How long an agent's typing indicator stays without a new `typing` event.
const TYPING_SHOWN: Duration = Duration::from_secs(6);
/// Pause in typing the subject before the deflection search runs.
const DEFLECT_DEBOUNCE: Duration = Duration::from_millis(300);
/// Articles offered while the user writes the subject.
const DEFLECT_SHOWN: usize = 3;

/// One file of the contact form or the composer.
#[derive(Clone, Debug, PartialEq)]
pub struct Upload {
    pub key: u32,
    pub name: String,
    pub size: f64,
    pub state: UploadState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UploadState {
    Uploading,
    Done(AttachmentInfo),
    Failed(FileProblem),
}

/// The files of one form: uploaded as soon as they are picked, dropped or pasted.
#[derive(Clone, Copy)]
pub struct Uploads {
    pub list: RwSignal<Vec<Upload>>,
    next: StoredValue<u32>,
    pasted: StoredValue<u32>,
}

impl Uploads {
    fn new() -> Uploads {
        Uploads {
            list: RwSignal::new(Vec::new()),
            next: StoredValue::new(0),
            pasted: StoredValue::new(0),
        }
    }

    /// Files that count against the limit (uploading or uploaded).
    fn kept(self) -> usize {
        self.list.with_untracked(|l| {
            l.iter()
                .filter(|u| !matches!(u.state, UploadState::Failed(_)))
                .count()
        })
    }

    /// True while a file is still on its way.
    pub fn busy(self) -> bool {
        self.list
            .with(|l| l.iter().any(|u| u.state == UploadState::Uploading))
    }

    /// The uploaded files.
    pub fn done(self) -> Vec<AttachmentInfo> {
        self.list.with_untracked(|l| {
            l.iter()
                .filter_map(|u| match &u.state {
                    UploadState::Done(info) => Some(info.clone()),
                    _ => None,
                })
                .collect()
        })
    }

    pub fn remove(self, key: u32) {
        self.list.update(|l| l.retain(|u| u.key != key));
    }

    pub fn clear(self) {
        self.list.set(Vec::new());
    }

    /// Shows files restored from a draft.
    pub fn restore(self, infos: Vec<AttachmentInfo>) {
        let list = infos
            .into_iter()
            .map(|info| Upload {
                key: self
                    .next
                    .try_update_value(|n| {
                        *n += 1;
                        *n
                    })
                    .unwrap_or_default(),
                name: info.name.clone(),
                size: info.size as f64,
                state: UploadState::Done(info),
            })
            .collect();
        self.list.set(list);
    }

    /// Checks each file against the limits and uploads those that pass. `pasted` files get a
    /// readable name (clipboard images are all called `image.png`).
    pub fn add(self, panel: Panel, files: Option<web_sys::FileList>, pasted: bool) {
        let Some(files) = files else { return };
        for index in 0..files.length() {
            let Some(file) = files.item(index) else {
                continue;
            };
            let mime = file.type_();
            let name = if pasted {
                let n = self.pasted.try_update_value(|n| {
                    *n += 1;
                    *n - 1
                });
                pasted_name(&mime, n.unwrap_or_default())
            } else {
                file.name()
            };
            let size = file.size();
            let key = self
                .next
                .try_update_value(|n| {
                    *n += 1;
                    *n
                })
                .unwrap_or_default();
            let check = check_file(self.kept(), size, &mime);
            let state = match check {
                Ok(()) => UploadState::Uploading,
                Err(problem) => UploadState::Failed(problem),
            };
            self.list.update(|l| {
                l.push(Upload {
                    key,
                    name: name.clone(),
                    size,
                    state,
                })
            });
            if check.is_err() {
                continue;
            }
            let blob: JsValue = file.into();
            panel.desk.identity(panel, move |identity| {
                let settle = move |state: UploadState| {
                    self.list.try_update(|l| {
                        if let Some(upload) = l.iter_mut().find(|u| u.key == key) {
                            upload.state = state;
                        }
                    });
                    panel.desk.save_draft(panel);
                };
                let identity = match identity {
                    Ok(identity) => identity,
                    Err(_) => return settle(UploadState::Failed(FileProblem::Failed)),
                };
                let site = panel.site.get_value();
                api::upload(&site, &name, blob, identity, move |result| {
                    settle(match result {
                        Ok(info) => UploadState::Done(info),
                        Err(ApiError::Status(413)) => UploadState::Failed(FileProblem::TooBig),
                        Err(ApiError::Status(415 | 400)) => {
                            UploadState::Failed(FileProblem::WrongType)
                        }
                        Err(_) => UploadState::Failed(FileProblem::Failed),
                    })
                });
            });
        }
    }
}

/// Where a send (ticket, reply, CSAT) is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sending {
    #[default]
    Idle,
    Busy,
    Failed(ApiError),
    Done,
}

/// The live event stream of the open thread; closed when dropped.
struct Stream {
    ticket: String,
    source: EventSource,
    _listeners: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.source.close();
    }
}

type IdentityWaiter = Box<dyn FnOnce(Result<Identity, ApiError>)>;

/// Contact form and conversations.
#[derive(Clone, Copy)]
pub struct Desk {
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
    /// The article opened from the deflection list (the reader offers "this answered it").
    pub deflect_from: RwSignal<Option<String>>,
    /// "Glad it helped": the user ended without a ticket.
    pub deflected: RwSignal<bool>,
    pub tickets: RwSignal<Option<PublicTicketList>>,
    pub thread: RwSignal<Load<PublicThread>>,
    thread_seq: StoredValue<Latest>,
    pub agent_typing: RwSignal<Option<String>>,
    typing_seq: StoredValue<Latest>,
    typing_throttle: StoredValue<Throttle>,
    pub reply: RwSignal<String>,
    pub reply_files: Uploads,
    pub reply_state: RwSignal<Sending>,
    pub csat: RwSignal<Sending>,
    stream: StoredValue<Option<Stream>, LocalStorage>,
    waiting_identity: StoredValue<Option<Vec<IdentityWaiter>>, LocalStorage>,
    last_unread: StoredValue<u32>,
    read_sent: StoredValue<(String, i64)>,
    /// The panel is on screen (the host sent `open` and not `close` since).
    pub visible: RwSignal<bool>,
}

impl Default for Desk {
    fn default() -> Self {
        Desk::new()
    }
}

impl Desk {
    pub fn new() -> Desk {
        Desk {
            support: RwSignal::new(Load::Loading),
            form: RwSignal::new(Draft::default()),
            files: Uploads::new(),
            draft_restored: StoredValue::new(false),
            missing: RwSignal::new(Vec::new()),
            sending: RwSignal::new(Sending::Idle),
            auto_retry: StoredValue::new(false),
            deflect: RwSignal::new(Vec::new()),
            deflect_seq: StoredValue::new(Latest::default()),
            deflect_from: RwSignal::new(None),
            deflected: RwSignal::new(false),
            tickets: RwSignal::new(None),
            thread: RwSignal::new(Load::Loading),
            thread_seq: StoredValue::new(Latest::default()),
            agent_typing: RwSignal::new(None),
            typing_seq: StoredValue::new(Latest::default()),
            typing_throttle: StoredValue::new(Throttle::default()),
            reply: RwSignal::new(String::new()),
            reply_files: Uploads::new(),
            reply_state: RwSignal::new(Sending::Idle),
            csat: RwSignal::new(Sending::Idle),
            stream: StoredValue::new_local(None),
            waiting_identity: StoredValue::new_local(None),
            last_unread: StoredValue::new(0),
            read_sent: StoredValue::new((String::new(), 0)),
            visible: RwSignal::new(false),
        }
    }

    // ---- Identity ------------------------------------------------------------------------

    /// The identified user's id and hash, if the host gave both.
    fn user_pair(user: Option<HostUser>) -> Option<(String, String)> {
        let user = user?;
        Some((user.user_id?, user.user_hash?))
    }

    /// The identity this browser already has (nothing is created): `None` when it never
    /// contacted support, so there is nothing to poll.
    pub fn existing_identity(self, panel: Panel) -> Option<Identity> {
        let site = panel.site.try_get_value()?;
        let visitor = dom::storage_get(&visitor_key(&site));
        let user = Self::user_pair(panel.user.try_get_untracked().flatten());
        (visitor.is_some() || user.is_some()).then_some(Identity { visitor, user })
    }

    /// The identity for a ticket call, creating the visitor token the first time (once, even
    /// when several uploads ask at the same moment).
    pub fn identity(self, panel: Panel, done: impl FnOnce(Result<Identity, ApiError>) + 'static) {
        let site = panel.site.get_value();
        let user = Self::user_pair(panel.user.get_untracked());
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

    // ---- Contact form --------------------------------------------------------------------

    /// The contact view opened: restores the draft (once), prefills from `identify` and loads
    /// the team's availability and categories.
    pub fn enter_contact(self, panel: Panel) {
        self.deflect_from.set(None);
        if !self.draft_restored.get_value() {
            self.draft_restored.set_value(true);
            let site = panel.site.get_value();
            if let Some(draft) =
                dom::storage_get(&draft_key(&site)).and_then(|t| Draft::deserialize(&t))
            {
                self.files.restore(draft.attachments.clone());
                self.form.set(draft);
            }
        }
        if let Some(company) = panel
            .user
            .with_untracked(|u| u.as_ref().and_then(|u| u.company.clone()))
            && self.form.with_untracked(|f| f.company.trim().is_empty())
        {
            self.form.update(|f| f.company = company);
        }
        if !self.support.with_untracked(|s| matches!(s, Load::Ready(_))) {
            self.load_support(panel);
        }
        if self.deflected.get_untracked() {
            self.deflected.set(false);
        }
    }

    pub fn load_support(self, panel: Panel) {
        self.support.set(Load::Loading);
        let site = panel.site.get_value();
        let locale = panel.locale.get_untracked();
        api::support(&site, &locale, move |result| {
            let _ = self.support.try_set(match result {
                Ok(info) => Load::Ready(info),
                Err(error) => Load::Failed(error),
            });
        });
    }

    /// Changes one field of the form and saves the draft.
    pub fn edit(self, panel: Panel, change: impl FnOnce(&mut Draft)) {
        self.form.update(change);
        if !self.missing.with_untracked(Vec::is_empty) {
            let (name, email) = identified(panel);
            let missing = self.form.with_untracked(|f| validate(f, name, email));
            self.missing.set(missing);
        }
        self.save_draft(panel);
    }

    /// Keeps what is typed (and the uploaded files) in `localStorage`.
    pub fn save_draft(self, panel: Panel) {
        let Some(site) = panel.site.try_get_value() else {
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

    fn clear_form(self, panel: Panel) {
        self.form.set(Draft::default());
        self.files.clear();
        self.missing.set(Vec::new());
        self.deflect.set(Vec::new());
        dom::storage_remove(&draft_key(&panel.site.get_value()));
    }

    /// The subject changed: after a pause, look for articles that may answer it.
    pub fn subject_typed(self, panel: Panel, text: String) {
        self.edit(panel, |f| f.subject = text.clone());
        let ticket = self
            .deflect_seq
            .try_update_value(Latest::issue)
            .unwrap_or_else(|| Latest::default().issue());
        let query = text.trim().to_owned();
        if query.chars().count() < 3 {
            self.deflect.set(Vec::new());
            return;
        }
        set_timeout(
            move || {
                let current =
                    move || self.deflect_seq.try_with_value(|s| s.is_current(ticket)) == Some(true);
                if !current() {
                    return;
                }
                let (Some(site), Some(locale)) =
                    (panel.site.try_get_value(), panel.locale.try_get_untracked())
                else {
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
    pub fn deflected_by(self, panel: Panel, slug: String, locale: String) {
        let query = self.form.with_untracked(|f| f.subject.trim().to_owned());
        let body = api::deflection_body(&DeflectionInput {
            slug,
            locale: Some(locale),
            query: (!query.is_empty()).then_some(query),
        });
        let mut request = api::Request::get(api::deflections_url(&panel.site.get_value()));
        request.body = api::Body::Json(body);
        // Counting is best effort: the user is helped either way.
        api::send_request::<()>(request, |_| {});
        self.clear_form(panel);
        panel.reset_to(View::Contact);
        self.deflected.set(true);
    }

    /// The environment as it will be sent.
    pub fn environment(self, panel: Panel) -> ayuda_api::Environment {
        crate::support::environment(&panel.context.get(), &browser_facts())
    }

    /// Validates and sends the form; on failure everything typed stays.
    pub fn submit(self, panel: Panel) {
        if self.sending.get_untracked() == Sending::Busy {
            return;
        }
        let (name_known, email_known) = identified(panel);
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
        let draft = self.form.get_untracked();
        let environment = untrack(|| self.environment(panel));
        let user = panel.user.get_untracked();
        let text = |s: &str| {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let input = NewTicketInput {
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
            locale: Some(panel.locale.get_untracked()),
            user_attributes: Default::default(),
        };
        let body = api::ticket_body(&input);
        let site = panel.site.get_value();
        self.identity(panel, move |identity| {
            let identity = match identity {
                Ok(identity) => identity,
                Err(error) => {
                    let _ = self.sending.try_set(Sending::Failed(error));
                    return;
                }
            };
            let request = api::post_json(api::tickets_url(&site), body, identity);
            api::send_request(
                request,
                move |result: Result<PublicThread, ApiError>| match result {
                    Ok(thread) => {
                        self.sending.set(Sending::Idle);
                        self.clear_form(panel);
                        let id = thread.ticket.id.clone();
                        self.show_thread(panel, thread);
                        panel.reset_to(View::Thread { id });
                        self.refresh_tickets(panel);
                    }
                    Err(error) => {
                        let _ = self.sending.try_set(Sending::Failed(error));
                    }
                },
            );
        });
    }

    /// The browser is back online: a failed send is retried once by itself.
    pub fn online(self, panel: Panel) {
        if matches!(self.sending.get_untracked(), Sending::Failed(_)) && self.auto_retry.get_value()
        {
            self.auto_retry.set_value(false);
            self.submit(panel);
            self.auto_retry.set_value(false);
        }
    }

    // ---- Conversations -------------------------------------------------------------------

    /// Reloads the list of conversations (and the launcher's unread count), if this browser
    /// ever contacted support.
    pub fn refresh_tickets(self, panel: Panel) {
        let Some(identity) = self.existing_identity(panel) else {
            return;
        };
        let site = panel.site.get_value();
        let anonymous = identity.user.is_none();
        api::send_request(
            api::get_as(api::tickets_url(&site), identity),
            move |result: Result<PublicTicketList, ApiError>| match result {
                Ok(list) => {
                    self.set_unread(panel, list.unread);
                    let _ = self.tickets.try_set(Some(list));
                }
                // The stored visitor token is no longer valid (the site's secret was rotated):
                // forget it, so the next contact starts with a fresh one.
                Err(ApiError::Status(401)) if anonymous => {
                    dom::storage_remove(&visitor_key(&site));
                }
                Err(_) => {}
            },
        );
    }

    /// Tells the loader the new total, when it changed.
    fn set_unread(self, panel: Panel, count: u32) {
        if self.last_unread.try_get_value() != Some(count) {
            self.last_unread.set_value(count);
            panel.bridge.with_value(|b| b.unread(count));
        }
    }

    /// Loads a conversation and follows it live.
    pub fn open_thread(self, panel: Panel, id: String) {
        let ticket = self
            .thread_seq
            .try_update_value(Latest::issue)
            .unwrap_or_else(|| Latest::default().issue());
        let shown = self
            .thread
            .with_untracked(|t| matches!(t, Load::Ready(t) if t.ticket.id == id));
        if !shown {
            self.thread.set(Load::Loading);
            self.reply.set(String::new());
            self.reply_files.clear();
            self.reply_state.set(Sending::Idle);
            self.csat.set(Sending::Idle);
            self.agent_typing.set(None);
        }
        self.identity(panel, move |identity| {
            let Ok(identity) = identity else {
                let _ = self.thread.try_set(Load::Failed(ApiError::Network));
                return;
            };
            let site = panel.site.get_value();
            api::send_request(
                api::get_as(api::ticket_url(&site, &id, ""), identity),
                move |result: Result<PublicThread, ApiError>| {
                    if self.thread_seq.try_with_value(|s| s.is_current(ticket)) != Some(true) {
                        return;
                    }
                    match result {
                        Ok(thread) => self.show_thread(panel, thread),
                        Err(error) => {
                            let _ = self.thread.try_set(Load::Failed(error));
                        }
                    }
                },
            );
        });
    }

    /// Shows `thread` (merging with what is already shown of it) and starts its stream.
    fn show_thread(self, panel: Panel, thread: PublicThread) {
        let same = self
            .thread
            .with_untracked(|t| matches!(t, Load::Ready(t) if t.ticket.id == thread.ticket.id));
        if same {
            self.thread.update(|t| {
                if let Load::Ready(current) = t {
                    current.ticket = thread.ticket.clone();
                    merge_messages(&mut current.messages, thread.messages.clone());
                }
            });
        } else {
            let mut thread = thread;
            let mut messages = Vec::new();
            merge_messages(&mut messages, std::mem::take(&mut thread.messages));
            thread.messages = messages;
            self.thread.set(Load::Ready(thread));
            // The loading placeholder had the focus; give it to the loaded thread's heading.
            request_animation_frame(move || {
                if dom::focus_is_lost() {
                    panel.focus_view(false);
                }
            });
        }
        self.follow(panel);
        self.mark_read(panel);
    }

    /// Opens (or keeps) the event stream of the shown thread.
    fn follow(self, panel: Panel) {
        let Some((id, after)) = self.thread.with_untracked(|t| match t {
            Load::Ready(t) => Some((t.ticket.id.clone(), last_id(&t.messages))),
            _ => None,
        }) else {
            return;
        };
        let open = self.stream.with_value(|s| {
            s.as_ref()
                .is_some_and(|s| s.ticket == id && s.source.ready_state() != EventSource::CLOSED)
        });
        if open {
            return;
        }
        self.stop_stream();
        self.identity(panel, move |identity| {
            let Ok(identity) = identity else { return };
            let still_here = panel
                .view
                .try_with_untracked(|v| matches!(v, View::Thread { id: shown } if *shown == id))
                == Some(true);
            if !still_here {
                return;
            }
            let site = panel.site.get_value();
            let url = api::events_url(&site, &id, &identity, after);
            let Ok(source) = EventSource::new(&url) else {
                return;
            };
            let mut listeners = Vec::new();
            let mut listen = |name: &str, handler: Box<dyn FnMut(MessageEvent)>| {
                let closure = Closure::wrap(handler);
                let _ =
                    source.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
                listeners.push(closure);
            };
            listen(
                StreamEvent::Message.as_str(),
                Box::new(move |event: MessageEvent| self.streamed_message(panel, &event)),
            );
            listen(
                StreamEvent::Typing.as_str(),
                Box::new(move |event: MessageEvent| {
                    use crate::decode::FromJs;
                    // The user's own typing, echoed back, is not shown.
                    let Some(typing) =
                        Typing::from_js(&parse_json(&event)).filter(|t| t.author != Author::User)
                    else {
                        return;
                    };
                    let name = typing.name.unwrap_or_default();
                    let _ = self.agent_typing.try_set(Some(name));
                    let ticket = self
                        .typing_seq
                        .try_update_value(Latest::issue)
                        .unwrap_or_else(|| Latest::default().issue());
                    set_timeout(
                        move || {
                            if self.typing_seq.try_with_value(|s| s.is_current(ticket))
                                == Some(true)
                            {
                                let _ = self.agent_typing.try_set(None);
                            }
                        },
                        TYPING_SHOWN,
                    );
                }),
            );
            listen(
                StreamEvent::Ticket.as_str(),
                Box::new(move |event: MessageEvent| {
                    use crate::decode::FromJs;
                    if let Some(ticket) = PublicTicket::from_js(&parse_json(&event)) {
                        self.thread.try_update(|t| {
                            if let Load::Ready(t) = t
                                && t.ticket.id == ticket.id
                            {
                                t.ticket = ticket;
                            }
                        });
                        self.refresh_tickets(panel);
                    }
                }),
            );
            // A stream the server ended for good (not a network blip, which the browser
            // retries itself) is reopened after a pause, from the last message shown.
            listen(
                "error",
                Box::new(move |_: MessageEvent| {
                    let closed = self.stream.try_with_value(|s| {
                        s.as_ref()
                            .is_some_and(|s| s.source.ready_state() == EventSource::CLOSED)
                    }) == Some(true);
                    if closed {
                        set_timeout(move || self.follow(panel), Duration::from_secs(5));
                    }
                }),
            );
            self.stream.set_value(Some(Stream {
                ticket: id,
                source,
                _listeners: listeners,
            }));
        });
    }

    /// Closes the event stream (the thread is no longer shown).
    pub fn stop_stream(self) {
        let stream = self.stream.try_update_value(Option::take).flatten();
        drop(stream);
    }

    fn streamed_message(self, panel: Panel, event: &MessageEvent) {
        use crate::decode::FromJs;
        let Some(message) = PublicMessage::from_js(&parse_json(event)) else {
            return;
        };
        let from_user = message.author == Author::User;
        let mut added = false;
        self.thread.try_update(|t| {
            if let Load::Ready(t) = t {
                added = merge_messages(&mut t.messages, vec![message]);
            }
        });
        if added && !from_user {
            let _ = self.agent_typing.try_set(None);
            if self.visible.get_untracked() {
                self.mark_read(panel);
            } else {
                self.refresh_tickets(panel);
            }
        }
    }

    /// Tells the server everything shown was read (when the thread is on screen).
    pub fn mark_read(self, panel: Panel) {
        if !self.visible.get_untracked() || dom::document_hidden() {
            return;
        }
        let Some((id, last)) = self.thread.with_untracked(|t| match t {
            Load::Ready(t) => Some((t.ticket.id.clone(), last_id(&t.messages))),
            _ => None,
        }) else {
            return;
        };
        let on_thread = panel
            .view
            .with_untracked(|v| matches!(v, View::Thread { id: shown } if *shown == id));
        let already = self.read_sent.with_value(|(t, l)| *t == id && *l >= last);
        if !on_thread || last == 0 || already {
            return;
        }
        self.read_sent.set_value((id.clone(), last));
        self.identity(panel, move |identity| {
            let Ok(identity) = identity else { return };
            let site = panel.site.get_value();
            let body = api::read_body(&ayuda_api::ReadMark { last_read: last });
            api::send_request(
                api::post_json(api::ticket_url(&site, &id, "/read"), body, identity),
                move |result: Result<(), ApiError>| {
                    if result.is_ok() {
                        self.refresh_tickets(panel);
                    }
                },
            );
        });
    }

    /// The panel became visible or hidden.
    pub fn set_visible(self, panel: Panel, visible: bool) {
        self.visible.set(visible);
        if visible {
            self.mark_read(panel);
            self.refresh_tickets(panel);
        }
    }

    fn thread_id(self) -> Option<String> {
        self.thread.with_untracked(|t| match t {
            Load::Ready(t) => Some(t.ticket.id.clone()),
            _ => None,
        })
    }

    /// The user typed in the composer: tell the agents (at most every 3 s).
    pub fn typed(self, panel: Panel, text: String) {
        self.reply.set(text);
        let now = js_sys::Date::now();
        let allowed = self
            .typing_throttle
            .try_update_value(|t| t.allow(now, TYPING_EVERY_MS))
            == Some(true);
        let Some(id) = self.thread_id().filter(|_| allowed) else {
            return;
        };
        self.identity(panel, move |identity| {
            let Ok(identity) = identity else { return };
            let site = panel.site.get_value();
            let mut request = api::get_as(api::ticket_url(&site, &id, "/typing"), identity);
            request.body = api::Body::Empty;
            api::send_request::<()>(request, |_| {});
        });
    }

    /// Sends the composer's text; on failure the text stays.
    pub fn send_reply(self, panel: Panel) {
        let body = self.reply.get_untracked().trim().to_owned();
        let attachments: Vec<String> = self.reply_files.done().into_iter().map(|a| a.id).collect();
        if (body.is_empty() && attachments.is_empty())
            || self.reply_state.get_untracked() == Sending::Busy
            || self.reply_files.busy()
        {
            return;
        }
        let Some(id) = self.thread_id() else { return };
        self.reply_state.set(Sending::Busy);
        let json = api::message_body(&NewMessageInput {
            body,
            attachments,
            ..NewMessageInput::default()
        });
        self.identity(panel, move |identity| {
            let identity = match identity {
                Ok(identity) => identity,
                Err(error) => {
                    let _ = self.reply_state.try_set(Sending::Failed(error));
                    return;
                }
            };
            let site = panel.site.get_value();
            api::send_request(
                api::post_json(api::ticket_url(&site, &id, "/messages"), json, identity),
                move |result: Result<PublicMessage, ApiError>| match result {
                    Ok(message) => {
                        self.reply_state.set(Sending::Idle);
                        self.reply.set(String::new());
                        self.reply_files.clear();
                        self.thread.update(|t| {
                            if let Load::Ready(t) = t {
                                merge_messages(&mut t.messages, vec![message]);
                            }
                        });
                    }
                    Err(error) => {
                        let _ = self.reply_state.try_set(Sending::Failed(error));
                    }
                },
            );
        });
    }

    /// Answers "How did we do?" (once).
    pub fn send_csat(self, panel: Panel, rating: Rating, comment: String) {
        if matches!(self.csat.get_untracked(), Sending::Busy | Sending::Done) {
            return;
        }
        let Some(id) = self.thread_id() else { return };
        self.csat.set(Sending::Busy);
        let comment = comment.trim().to_owned();
        let body = api::csat_body(&CsatInput {
            rating: rating.as_str().to_owned(),
            comment: (!comment.is_empty()).then_some(comment),
        });
        self.identity(panel, move |identity| {
            let identity = match identity {
                Ok(identity) => identity,
                Err(error) => {
                    let _ = self.csat.try_set(Sending::Failed(error));
                    return;
                }
            };
            let site = panel.site.get_value();
            api::send_request(
                api::post_json(api::ticket_url(&site, &id, "/csat"), body, identity),
                move |result: Result<JsValue, ApiError>| {
                    let answered = match result {
                        // 201 (its body, if any, is not needed); 409: answered already.
                        Ok(_) | Err(ApiError::BadData | ApiError::Status(409)) => Sending::Done,
                        Err(error) => Sending::Failed(error),
                    };
                    if answered == Sending::Done {
                        self.thread.try_update(|t| {
                            if let Load::Ready(t) = t {
                                t.ticket.csat_pending = false;
                                t.ticket.csat.get_or_insert(rating);
                            }
                        });
                    }
                    let _ = self.csat.try_set(answered);
                },
            );
        });
    }
}

/// Whether `identify` gave the name and the email (the form hides those fields).
pub fn identified(panel: Panel) -> (bool, bool) {
    panel.user.with_untracked(|u| {
        let has = |v: Option<&String>| v.is_some_and(|v| !v.trim().is_empty());
        u.as_ref().map_or((false, false), |u| {
            (has(u.name.as_ref()), has(u.email.as_ref()))
        })
    })
}

fn parse_json(event: &MessageEvent) -> JsValue {
    event
        .data()
        .as_string()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::UNDEFINED)
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
