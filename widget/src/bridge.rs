//! The frame's side of `PROTOCOL.md`: what the frame URL says, the messages the host's loader
//! sends and the ones the frame sends back.
//!
//! The frame accepts a message only if `event.origin` equals the `parent` origin from its URL
//! *and* `event.source` is `window.parent`, and posts only to that origin. Without a valid
//! parent (the page opened directly) it posts nothing and accepts nothing: it still works on
//! its own, which helps when debugging.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, UrlSearchParams, Window};

/// What the loader put in the frame URL:
/// `frame.html?site=KEY&parent=ORIGIN[&locale=es][&color=%23rrggbb]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameParams {
    pub site: String,
    /// The host page's origin, if it is a well-formed `http(s)` origin.
    pub parent: Option<String>,
    pub locale: Option<String>,
    pub color: Option<String>,
}

impl FrameParams {
    /// Reads the parameters from a query string such as `location.search`.
    pub fn from_query(search: &str) -> FrameParams {
        let Ok(params) = UrlSearchParams::new_with_str(search) else {
            return FrameParams::default();
        };
        let get = |name: &str| {
            params
                .get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        FrameParams {
            site: get("site").unwrap_or_default(),
            parent: get("parent").filter(|p| is_origin(p)),
            locale: get("locale"),
            color: get("color"),
        }
    }
}

/// True for a serialised `http`/`https` origin: scheme, host, optional port, nothing else.
/// `null`, `*` and anything with a path are refused, so the frame never posts to them.
pub fn is_origin(value: &str) -> bool {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    rest.is_some_and(|host| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    })
}

/// The acceptance rule for incoming messages.
pub fn accepts(expected_parent: Option<&str>, origin: &str, from_parent_window: bool) -> bool {
    from_parent_window && expected_parent.is_some_and(|p| p == origin)
}

/// Where the host page is and what it shows (`context` in `init` and `context` messages).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostContext {
    pub url: Option<String>,
    pub route: Option<String>,
    pub tags: Vec<String>,
    pub app_version: Option<String>,
}

/// The signed-in user the host tells us about (`identify`), kept for the contact form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HostUser {
    pub user_id: Option<String>,
    pub user_hash: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
}

/// A message from the loader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    Init {
        locale: Option<String>,
        color: Option<String>,
        context: HostContext,
        user: Option<HostUser>,
        /// The site's public config when the loader already fetched it (for the launcher's
        /// colour), so the frame does not ask again.
        config: Option<ayuda_api::PublicSiteConfig>,
    },
    Open,
    Close,
    Search {
        text: String,
    },
    Article {
        slug: String,
    },
    Context {
        context: HostContext,
    },
    Locale {
        locale: Option<String>,
    },
    Identify {
        user: Option<HostUser>,
    },
    /// A well-formed Ayuda message of a type this frame does not know (acked with an error).
    Unknown,
}

/// A parsed message and the `id` to acknowledge, if it asked for an answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Envelope {
    pub id: Option<f64>,
    pub message: HostMessage,
}

fn field(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string_field(object: &JsValue, key: &str) -> Option<String> {
    field(object, key).as_string()
}

fn context_from(value: &JsValue) -> HostContext {
    if !value.is_object() {
        return HostContext::default();
    }
    let tags = field(value, "tags");
    let tags = if Array::is_array(&tags) {
        Array::from(&tags)
            .iter()
            .filter_map(|t| t.as_string())
            .filter(|t| !t.trim().is_empty())
            .take(20)
            .collect()
    } else {
        Vec::new()
    };
    HostContext {
        url: string_field(value, "url"),
        route: string_field(value, "route"),
        tags,
        app_version: string_field(value, "appVersion"),
    }
}

fn user_from(value: &JsValue) -> Option<HostUser> {
    value.is_object().then(|| HostUser {
        user_id: string_field(value, "userId"),
        user_hash: string_field(value, "userHash"),
        name: string_field(value, "name"),
        email: string_field(value, "email"),
        company: string_field(value, "company"),
    })
}

/// Parses `event.data`; `None` for anything that is not `{ayuda: 1, type: "…"}`.
pub fn parse_message(data: &JsValue) -> Option<Envelope> {
    if !data.is_object() || field(data, "ayuda").as_f64() != Some(1.0) {
        return None;
    }
    let kind = string_field(data, "type")?;
    let id = field(data, "id").as_f64().filter(|id| id.is_finite());
    let message = match kind.as_str() {
        "init" => HostMessage::Init {
            locale: string_field(data, "locale"),
            color: string_field(data, "color"),
            context: context_from(&field(data, "context")),
            user: user_from(&field(data, "user")),
            config: crate::decode::FromJs::from_js(&field(data, "config")),
        },
        "open" => HostMessage::Open,
        "close" => HostMessage::Close,
        "search" => HostMessage::Search {
            text: string_field(data, "text").unwrap_or_default(),
        },
        "article" => HostMessage::Article {
            slug: string_field(data, "slug").unwrap_or_default(),
        },
        "context" => HostMessage::Context {
            context: context_from(&field(data, "context")),
        },
        "locale" => HostMessage::Locale {
            locale: string_field(data, "locale"),
        },
        "identify" => HostMessage::Identify {
            user: user_from(&field(data, "user")),
        },
        _ => HostMessage::Unknown,
    };
    Some(Envelope { id, message })
}

/// A `{ayuda: 1, type}` object to add fields to.
pub fn message(kind: &str) -> Object {
    let object = Object::new();
    set(&object, "ayuda", &JsValue::from_f64(1.0));
    set(&object, "type", &JsValue::from_str(kind));
    object
}

/// Sets `object[key] = value` (cannot fail on a plain object).
pub fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// The channel to the host page: posts only to the parent origin from the frame URL.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bridge {
    parent_origin: Option<String>,
}

impl Bridge {
    /// A bridge to `parent_origin` if the frame really is embedded, else a silent one.
    pub fn new(parent_origin: Option<String>) -> Bridge {
        let embedded = parent_window().is_some();
        Bridge {
            parent_origin: parent_origin.filter(|_| embedded),
        }
    }

    /// True when there is a host to talk to.
    pub fn is_embedded(&self) -> bool {
        self.parent_origin.is_some()
    }

    /// True if `event` comes from the host page we were told about.
    pub fn accepts(&self, event: &MessageEvent) -> bool {
        let from_parent = match (event.source(), parent_window()) {
            (Some(source), Some(parent)) => Object::is(&source, parent.as_ref()),
            _ => false,
        };
        accepts(self.parent_origin.as_deref(), &event.origin(), from_parent)
    }

    /// Posts `message` to the host page (nothing when standalone).
    pub fn post(&self, message: &Object) {
        if let (Some(origin), Some(parent)) = (&self.parent_origin, parent_window()) {
            let _ = parent.post_message(message, origin);
        }
    }

    pub fn ready(&self, brand_color: &str, locale: &str) {
        let msg = message("ready");
        set(&msg, "brandColor", &JsValue::from_str(brand_color));
        set(&msg, "locale", &JsValue::from_str(locale));
        self.post(&msg);
    }

    /// Answers a message that carried `id` (nothing when it did not).
    pub fn ack(&self, id: Option<f64>, result: Result<(), &str>) {
        let Some(id) = id else { return };
        let msg = message("ack");
        set(&msg, "id", &JsValue::from_f64(id));
        set(&msg, "ok", &JsValue::from_bool(result.is_ok()));
        if let Err(error) = result {
            set(&msg, "error", &JsValue::from_str(error));
        }
        self.post(&msg);
    }

    /// The user pressed Escape or the close button.
    pub fn close(&self) {
        self.post(&message("close"));
    }

    /// The number of unread answers changed (the loader badges its launcher).
    pub fn unread(&self, count: u32) {
        let msg = message("unread");
        set(&msg, "count", &JsValue::from_f64(f64::from(count)));
        self.post(&msg);
    }

    /// An event for `Ayuda('on', name, fn)` listeners; `detail` is given as (key, value) pairs.
    pub fn event(&self, name: &str, detail: &[(&str, JsValue)]) {
        let msg = message("event");
        set(&msg, "name", &JsValue::from_str(name));
        let object = Object::new();
        for (key, value) in detail {
            set(&object, key, value);
        }
        set(&msg, "detail", &object);
        self.post(&msg);
    }
}

/// `window.parent` when it is another window (the frame is embedded).
fn parent_window() -> Option<Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (!Object::is(parent.as_ref(), window.as_ref())).then_some(parent)
}

/// Casts a DOM event to a `MessageEvent` if it is one.
pub fn as_message_event(event: web_sys::Event) -> Option<MessageEvent> {
    event.dyn_into::<MessageEvent>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        for good in [
            "https://app.example.com",
            "http://localhost:3000",
            "http://[::1]:8080",
        ] {
            assert!(is_origin(good), "{good}");
        }
        for bad in [
            "",
            "*",
            "null",
            "https://",
            "https://app.example.com/",
            "https://a.com/path",
            "javascript:alert(1)",
            "ftp://a.com",
            "https://user@a.com",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn accepts_only_the_parent_origin_from_the_parent_window() {
        let parent = Some("https://app.test");
        assert!(accepts(parent, "https://app.test", true));
        assert!(!accepts(parent, "https://app.test", false));
        assert!(!accepts(parent, "https://evil.test", true));
        assert!(!accepts(None, "https://app.test", true));
        assert!(!accepts(None, "null", true));
    }
}
