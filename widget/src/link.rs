//! The panel's link to the desk module: the contact form and the conversations are a second
//! wasm app (`desk.html`, built by Trunk into `dist/desk/`), fetched only when the user heads
//! there, so opening the panel and searching never downloads them.
//!
//! The frame names the module in `<meta name="ayuda-desk" content="JS WASM">` (the server
//! writes it from the desk build). Both apps run in the same document: the panel hands the desk
//! a `<div>` to render into and keeps it current with the host-protocol messages it already
//! speaks (`locale`, `identify`, `context`, `open`, `close`, see `PROTOCOL.md`); the desk
//! answers with [`ToPanel`] messages. The encodings here are used by both sides.

use js_sys::{Function, Object, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::bridge::{self, HostContext, HostUser};
use crate::view::{Go, ToPanel, View};

#[wasm_bindgen(inline_js = "export function importModule(url) { return import(url); }")]
extern "C" {
    /// `import(url)`: a dynamic import, which `wasm-bindgen` cannot express otherwise.
    #[wasm_bindgen(js_name = importModule)]
    fn import_module(url: &str) -> Promise;
}

/// The name of the frame's `<meta>` that says where the desk module is.
pub const META: &str = "ayuda-desk";

/// What the panel does when the user shows intent to reach the desk's views (it fetches the
/// desk module), provided as context. Absent in the desk module itself, whose views (a thread's
/// "Contact us") would otherwise link the module loader in.
#[derive(Clone, Copy)]
pub struct DeskIntent(pub Callback<()>);

/// Where the desk module is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LinkState {
    /// Not asked for yet.
    #[default]
    Idle,
    Loading,
    Ready,
    /// It could not be fetched (offline, server down, no desk build): Retry loads it again.
    Failed,
}

/// The desk module as the panel sees it (a bundle of signals: it is `Copy`).
#[derive(Clone, Copy)]
pub struct DeskLink {
    pub state: RwSignal<LinkState>,
    /// The module's namespace object once it started.
    module: StoredValue<Option<JsValue>, LocalStorage>,
    /// What the desk's messages are given to (the panel).
    hear: StoredValue<Option<JsValue>, LocalStorage>,
}

impl Default for DeskLink {
    fn default() -> Self {
        DeskLink::new()
    }
}

impl DeskLink {
    pub fn new() -> DeskLink {
        DeskLink {
            state: RwSignal::new(LinkState::Idle),
            module: StoredValue::new_local(None),
            hear: StoredValue::new_local(None),
        }
    }

    /// Sets what hears the desk's messages (once, before the first [`DeskLink::load`]).
    pub fn on_message(self, hear: impl Fn(ToPanel) + 'static) {
        let closure = Closure::<dyn Fn(JsValue)>::new(move |message: JsValue| {
            if let Some(message) = decode_to_panel(&message) {
                hear(message);
            }
        });
        self.hear.set_value(Some(closure.into_js_value()));
    }

    /// Fetches and starts the module unless it is loaded or on its way (the user showed intent:
    /// a pointer on "Contact us", an unread badge); [`DeskLink::state`] says when it is ready.
    pub fn load(self) {
        let state = self.state.get_untracked();
        if matches!(state, LinkState::Loading | LinkState::Ready) {
            return;
        }
        let Some((js, wasm)) = module_urls() else {
            self.state.set(LinkState::Failed);
            return;
        };
        self.state.set(LinkState::Loading);
        // A server that accepts and never answers: give up as the API calls do (Retry loads
        // again; a late arrival still shows the view).
        set_timeout(
            move || {
                if self.state.try_get_untracked() == Some(LinkState::Loading) {
                    self.state.set(LinkState::Failed);
                }
            },
            crate::api::TIMEOUT,
        );
        spawn_local(async move {
            let started = self.start(&js, &wasm).await;
            let _ = self.state.try_set(if started.is_ok() {
                LinkState::Ready
            } else {
                LinkState::Failed
            });
        });
    }

    async fn start(self, js: &str, wasm: &str) -> Result<(), JsValue> {
        let module = JsFuture::from(import_module(js)).await?;
        let init: Function = Reflect::get(&module, &"default".into())?.dyn_into()?;
        let options = Object::new();
        bridge::set(&options, "module_or_path", &JsValue::from_str(wasm));
        JsFuture::from(Promise::resolve(&init.call1(&JsValue::NULL, &options)?)).await?;
        let hear = self.hear.try_get_value().flatten().unwrap_or(JsValue::NULL);
        call(&module, "start", &[hear])?;
        self.module.set_value(Some(module));
        Ok(())
    }

    /// Renders `view` into `root` (replacing what the desk showed before).
    pub fn show(self, root: &web_sys::Element, view: &View) {
        self.with_module(|m| call(m, "show", &[root.into(), encode_view(view).into()]));
    }

    /// The panel left the desk's views: it stops following the thread.
    pub fn hide(self) {
        self.with_module(|m| call(m, "hide", &[]));
    }

    /// Passes a host-protocol message (built by [`locale_message`] and the like) on.
    pub fn tell(self, message: &Object) {
        self.with_module(|m| call(m, "receive", &[message.into()]));
    }

    fn with_module(self, f: impl FnOnce(&JsValue) -> Result<JsValue, JsValue>) {
        self.module.with_value(|m| {
            if let Some(m) = m {
                let _ = f(m);
            }
        });
    }
}

fn call(module: &JsValue, name: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(module, &JsValue::from_str(name))?.dyn_into()?;
    f.apply(&JsValue::NULL, &args.iter().collect())
}

/// The desk module's glue script and wasm, from the frame's `<meta>`.
fn module_urls() -> Option<(String, String)> {
    let meta = web_sys::window()?
        .document()?
        .query_selector(&format!("meta[name=\"{META}\"]"))
        .ok()??;
    let content = meta.get_attribute("content")?;
    let mut parts = content.split_whitespace();
    let (js, wasm) = (parts.next()?, parts.next()?);
    (js.starts_with('/') && wasm.starts_with('/')).then(|| (js.to_owned(), wasm.to_owned()))
}

/// `{ayuda: 1, type: "locale", locale}`.
pub fn locale_message(locale: &str) -> Object {
    let message = bridge::message("locale");
    bridge::set(&message, "locale", &JsValue::from_str(locale));
    message
}

/// `{ayuda: 1, type: "deflected", slug, locale}`: the article opened from the contact form's
/// suggestions answered the question (not a host message: only the panel sends it).
pub fn deflected_message(slug: &str, locale: &str) -> Object {
    let message = bridge::message(DEFLECTED);
    bridge::set(&message, "slug", &JsValue::from_str(slug));
    bridge::set(&message, "locale", &JsValue::from_str(locale));
    message
}

/// The `type` of [`deflected_message`].
pub const DEFLECTED: &str = "deflected";

/// If `message` is a [`deflected_message`], its slug and locale.
pub fn parse_deflected(message: &JsValue) -> Option<(String, String)> {
    (string(message, "type")?.as_str() == DEFLECTED)
        .then(|| Some((string(message, "slug")?, string(message, "locale")?)))
        .flatten()
}

/// `{ayuda: 1, type: "identify", user}` in the host's shape (`userId`, `userHash`…).
pub fn identify_message(user: Option<&HostUser>) -> Object {
    let message = bridge::message("identify");
    let value = user.map_or(JsValue::NULL, |user| {
        let object = Object::new();
        for (key, value) in [
            ("userId", &user.user_id),
            ("userHash", &user.user_hash),
            ("name", &user.name),
            ("email", &user.email),
            ("company", &user.company),
        ] {
            if let Some(value) = value {
                bridge::set(&object, key, &JsValue::from_str(value));
            }
        }
        object.into()
    });
    bridge::set(&message, "user", &value);
    message
}

/// `{ayuda: 1, type: "context", context}` in the host's shape.
pub fn context_message(context: &HostContext) -> Object {
    let message = bridge::message("context");
    let object = Object::new();
    for (key, value) in [
        ("url", &context.url),
        ("route", &context.route),
        ("appVersion", &context.app_version),
    ] {
        if let Some(value) = value {
            bridge::set(&object, key, &JsValue::from_str(value));
        }
    }
    let tags: js_sys::Array = context.tags.iter().map(|t| JsValue::from_str(t)).collect();
    bridge::set(&object, "tags", &tags);
    bridge::set(&message, "context", &object);
    message
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &JsValue::from_str(key))
        .ok()?
        .as_string()
}

/// `{view, id?, slug?, locale?}`.
pub fn encode_view(view: &View) -> Object {
    let object = Object::new();
    let (name, fields): (&str, Vec<(&str, &str)>) = match view {
        View::Home => ("home", vec![]),
        View::Article { slug, locale } => ("article", vec![("slug", slug), ("locale", locale)]),
        View::Contact => ("contact", vec![]),
        View::Conversations => ("conversations", vec![]),
        View::Thread { id } => ("thread", vec![("id", id)]),
    };
    bridge::set(&object, "view", &JsValue::from_str(name));
    for (key, value) in fields {
        bridge::set(&object, key, &JsValue::from_str(value));
    }
    object
}

pub fn decode_view(value: &JsValue) -> Option<View> {
    Some(match string(value, "view")?.as_str() {
        "home" => View::Home,
        "article" => View::Article {
            slug: string(value, "slug")?,
            locale: string(value, "locale")?,
        },
        "contact" => View::Contact,
        "conversations" => View::Conversations,
        "thread" => View::Thread {
            id: string(value, "id")?,
        },
        _ => return None,
    })
}

/// `{type: "go", go: "to"|"restart"|"home"|"article", …view}` or
/// `{type: "inbox", count, unread}`.
pub fn encode_to_panel(message: &ToPanel) -> Object {
    match message {
        ToPanel::Go(go) => {
            let (kind, object) = match go {
                Go::To(view) => ("to", encode_view(view)),
                Go::Restart(view) => ("restart", encode_view(view)),
                Go::Home => ("home", Object::new()),
                Go::Article { slug, locale } => (
                    "article",
                    encode_view(&View::Article {
                        slug: slug.clone(),
                        locale: locale.clone(),
                    }),
                ),
            };
            bridge::set(&object, "type", &JsValue::from_str("go"));
            bridge::set(&object, "go", &JsValue::from_str(kind));
            object
        }
        ToPanel::Inbox { count, unread } => {
            let object = Object::new();
            bridge::set(&object, "type", &JsValue::from_str("inbox"));
            bridge::set(&object, "count", &JsValue::from_f64(f64::from(*count)));
            bridge::set(&object, "unread", &JsValue::from_f64(f64::from(*unread)));
            object
        }
    }
}

pub fn decode_to_panel(value: &JsValue) -> Option<ToPanel> {
    let number = |key: &str| {
        Reflect::get(value, &JsValue::from_str(key))
            .ok()?
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(|n| n.min(f64::from(u32::MAX)) as u32)
    };
    match string(value, "type")?.as_str() {
        "inbox" => Some(ToPanel::Inbox {
            count: number("count")?,
            unread: number("unread")?,
        }),
        "go" => Some(ToPanel::Go(match string(value, "go")?.as_str() {
            "to" => Go::To(decode_view(value)?),
            "restart" => Go::Restart(decode_view(value)?),
            "home" => Go::Home,
            "article" => match decode_view(value)? {
                View::Article { slug, locale } => Go::Article { slug, locale },
                _ => return None,
            },
            _ => return None,
        })),
        _ => None,
    }
}
