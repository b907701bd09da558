//! Passkeys in the browser: whether it can use them here, WebAuthn's two ceremonies through
//! the browser's JSON helpers (`PublicKeyCredential.parseCreationOptionsFromJSON` /
//! `parseRequestOptionsFromJSON`, `navigator.credentials.create` / `get`, `credential.toJSON()`),
//! and a name for a new passkey guessed from the browser.
//!
//! The server's options and the browser's answers are JSON on the wire, so they cross into
//! JavaScript and back with `JSON.parse` / `JSON.stringify`: the console never reads a
//! credential, it only carries it. Everything is reached through `Reflect`, so a browser
//! without one of the pieces is told apart ([`Availability::Unsupported`]) rather than thrown
//! at. The decisions (which error is which, what can be offered, the name) are pure
//! and unit-tested natively.

use std::cell::RefCell;

use js_sys::{Function, JSON, Object, Promise, Reflect};
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The longest name the server takes for a passkey (its `MAX_NAME_CHARS`).
pub const MAX_NAME_CHARS: usize = 60;

/// What the server says, in its message, before why passkeys are not available on it.
const UNAVAILABLE_PREFIX: &str = "passkeys are not available on this server:";

/// Which of WebAuthn's two ceremonies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ceremony {
    /// Adding a passkey (`navigator.credentials.create`).
    Create,
    /// Signing in with one (`navigator.credentials.get`).
    Get,
}

impl Ceremony {
    /// The `PublicKeyCredential` helper that turns the server's JSON into the browser's options.
    fn parser(self) -> &'static str {
        match self {
            Ceremony::Create => "parseCreationOptionsFromJSON",
            Ceremony::Get => "parseRequestOptionsFromJSON",
        }
    }

    /// The `navigator.credentials` method that runs it.
    fn method(self) -> &'static str {
        match self {
            Ceremony::Create => "create",
            Ceremony::Get => "get",
        }
    }
}

/// Whether passkeys can be offered here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    /// The browser can, and nothing says the server cannot.
    Ready,
    /// The server said passkeys are not available on it; why (its words, in English), when it
    /// said.
    ServerRefused(Option<String>),
    /// This browser lacks WebAuthn or its JSON helpers (or the page is not a secure context).
    Unsupported,
}

/// What is available, from what is known: the server's refusal (if one came: it is explained
/// even to a browser that could not have used passkeys anyway), and whether the browser has
/// what the ceremony needs. (A page opened at another address than the server's public one is
/// told by the browser, `SecurityError`, when a ceremony starts.)
pub fn decide(server_refused: Option<Option<String>>, supported: bool) -> Availability {
    match server_refused {
        Some(why) => Availability::ServerRefused(why),
        None if supported => Availability::Ready,
        None => Availability::Unsupported,
    }
}

/// Why the server refused, without its opening words (the console says those itself); `None`
/// when nothing is left.
pub fn server_reason(message: &str) -> Option<String> {
    let message = message.trim();
    let reason = match message.get(..UNAVAILABLE_PREFIX.len()) {
        Some(start) if start.eq_ignore_ascii_case(UNAVAILABLE_PREFIX) => {
            &message[UNAVAILABLE_PREFIX.len()..]
        }
        _ => message,
    };
    let reason = reason.trim();
    (!reason.is_empty()).then(|| reason.to_owned())
}

thread_local! {
    /// The server's refusal, once one came: the sign-in screen and the account then hide
    /// their passkey buttons until the page is loaded again.
    static REFUSED: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
}

/// Remembers that the server said passkeys are not available, with its message.
pub fn remember_refusal(message: Option<&str>) {
    let why = message.and_then(server_reason);
    REFUSED.with(|refused| *refused.borrow_mut() = Some(why));
}

/// Whether passkeys can be offered for `ceremony` in this page.
pub fn availability(ceremony: Ceremony) -> Availability {
    let refused = REFUSED.with(|refused| refused.borrow().clone());
    decide(refused, supported(ceremony))
}

/// Why a ceremony did not give a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CeremonyError {
    /// `NotAllowedError` / `AbortError`: the user cancelled, or let it time out.
    Cancelled,
    /// `InvalidStateError` while adding: this authenticator already holds a passkey of the
    /// account (the server lists the existing ones to exclude).
    AlreadyRegistered,
    /// `SecurityError`: the page's address is not the one the server's passkeys belong to.
    WrongAddress,
    /// `NotSupportedError`, or a piece of WebAuthn missing.
    Unsupported,
    /// Anything else: options the browser could not read, an answer it could not write.
    Failed,
}

/// The error for a `DOMException`'s `name`.
pub fn classify(name: &str) -> CeremonyError {
    match name {
        "NotAllowedError" | "AbortError" => CeremonyError::Cancelled,
        "InvalidStateError" => CeremonyError::AlreadyRegistered,
        "SecurityError" => CeremonyError::WrongAddress,
        "NotSupportedError" => CeremonyError::Unsupported,
        _ => CeremonyError::Failed,
    }
}

/// A passkey's name as typed: trimmed, `None` when empty or longer than the server takes.
/// Control characters (a pasted tab or newline) become spaces.
pub fn clean_name(typed: &str) -> Option<String> {
    let name: String = typed
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let name = name.trim();
    (!name.is_empty() && name.chars().count() <= MAX_NAME_CHARS).then(|| name.to_owned())
}

/// The browser and the system a user agent names, as people call them ("Chrome", "Linux"),
/// for the new passkey's suggested name.
pub fn guess_device(user_agent: &str) -> (Option<&'static str>, Option<&'static str>) {
    let has = |part: &str| user_agent.contains(part);
    // Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
    let browser = if has("Edg/") || has("EdgA/") || has("EdgiOS/") {
        Some("Edge")
    } else if has("OPR/") || has("Opera") {
        Some("Opera")
    } else if has("SamsungBrowser/") {
        Some("Samsung Internet")
    } else if has("Firefox/") || has("FxiOS/") {
        Some("Firefox")
    } else if has("Chrome/") || has("CriOS/") || has("Chromium/") {
        Some("Chrome")
    } else if has("Safari/") {
        Some("Safari")
    } else {
        None
    };
    // Android and ChromeOS also say "Linux"; iPads may say "Macintosh".
    let system = if has("Windows") {
        Some("Windows")
    } else if has("Android") {
        Some("Android")
    } else if has("CrOS") {
        Some("ChromeOS")
    } else if has("iPhone") || has("iPod") {
        Some("iPhone")
    } else if has("iPad") {
        Some("iPad")
    } else if has("Macintosh") || has("Mac OS X") {
        Some("macOS")
    } else if has("Linux") || has("X11") {
        Some("Linux")
    } else {
        None
    };
    (browser, system)
}

/// `navigator.userAgent`, or nothing.
pub fn user_agent() -> String {
    web_sys::window()
        .and_then(|window| window.navigator().user_agent().ok())
        .unwrap_or_default()
}

/// `target[name]`, unless it is missing (or reading it throws).
fn property(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// `target[name]` when it is a function.
fn method(target: &JsValue, name: &str) -> Option<Function> {
    property(target, name)?.dyn_into::<Function>().ok()
}

/// `PublicKeyCredential`, and `navigator.credentials` (absent outside secure contexts).
fn pieces() -> Option<(JsValue, JsValue)> {
    let window: JsValue = web_sys::window()?.into();
    let class = property(&window, "PublicKeyCredential")?;
    let credentials = property(&property(&window, "navigator")?, "credentials")?;
    Some((class, credentials))
}

/// Whether this browser has everything `ceremony` needs: the JSON helper, the credentials'
/// method, and `toJSON` on what they answer.
pub fn supported(ceremony: Ceremony) -> bool {
    let Some((class, credentials)) = pieces() else {
        return false;
    };
    let answers_json =
        property(&class, "prototype").is_some_and(|p| method(&p, "toJSON").is_some());
    method(&class, ceremony.parser()).is_some()
        && method(&credentials, ceremony.method()).is_some()
        && answers_json
}

/// Runs `ceremony` with the server's `options` (WebAuthn's JSON) and answers the browser's
/// credential as JSON (`credential.toJSON()`), for the server to check.
pub async fn run(ceremony: Ceremony, options: &Value) -> Result<Value, CeremonyError> {
    let (class, credentials) = pieces().ok_or(CeremonyError::Unsupported)?;
    let parse = method(&class, ceremony.parser()).ok_or(CeremonyError::Unsupported)?;
    let call = method(&credentials, ceremony.method()).ok_or(CeremonyError::Unsupported)?;
    let json = serde_json::to_string(options).map_err(|_| CeremonyError::Failed)?;
    let options = JSON::parse(&json).map_err(|_| CeremonyError::Failed)?;
    let public_key = parse
        .call1(&class, &options)
        .map_err(|error| error_of(&error))?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key)
        .map_err(|_| CeremonyError::Failed)?;
    let promise = call
        .call1(&credentials, &request)
        .map_err(|error| error_of(&error))?
        .dyn_into::<Promise>()
        .map_err(|_| CeremonyError::Failed)?;
    let credential = JsFuture::from(promise)
        .await
        .map_err(|error| error_of(&error))?;
    // `get` may answer `null` when the user picked nothing.
    if credential.is_null() || credential.is_undefined() {
        return Err(CeremonyError::Cancelled);
    }
    let to_json = method(&credential, "toJSON").ok_or(CeremonyError::Unsupported)?;
    let plain = to_json
        .call0(&credential)
        .map_err(|_| CeremonyError::Failed)?;
    let text: String = JSON::stringify(&plain)
        .map_err(|_| CeremonyError::Failed)?
        .into();
    serde_json::from_str(&text).map_err(|_| CeremonyError::Failed)
}

/// The error for what a WebAuthn call threw (a `DOMException`, or a `TypeError` for options
/// it could not read).
fn error_of(thrown: &JsValue) -> CeremonyError {
    property(thrown, "name")
        .and_then(|name| name.as_string())
        .map_or(CeremonyError::Failed, |name| classify(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_available() {
        assert_eq!(decide(None, true), Availability::Ready);
        assert_eq!(decide(None, false), Availability::Unsupported);
        assert_eq!(
            decide(Some(Some("why".to_owned())), true),
            Availability::ServerRefused(Some("why".to_owned()))
        );
        // The server's refusal is explained even where the browser could not have used them.
        assert_eq!(decide(Some(None), false), Availability::ServerRefused(None));
    }

    #[test]
    fn the_servers_reason_loses_its_opening() {
        assert_eq!(
            server_reason(
                "passkeys are not available on this server: its public URL names an IP address"
            ),
            Some("its public URL names an IP address".to_owned())
        );
        assert_eq!(
            server_reason("Passkeys are not available on this server:  "),
            None
        );
        assert_eq!(
            server_reason("something else"),
            Some("something else".to_owned())
        );
        assert_eq!(server_reason(""), None);
        // A message shorter than the opening, or cut inside a character, is kept whole.
        assert_eq!(server_reason("ñ"), Some("ñ".to_owned()));
    }

    #[test]
    fn browser_errors() {
        assert_eq!(classify("NotAllowedError"), CeremonyError::Cancelled);
        assert_eq!(classify("AbortError"), CeremonyError::Cancelled);
        assert_eq!(
            classify("InvalidStateError"),
            CeremonyError::AlreadyRegistered
        );
        assert_eq!(classify("SecurityError"), CeremonyError::WrongAddress);
        assert_eq!(classify("NotSupportedError"), CeremonyError::Unsupported);
        assert_eq!(classify("TypeError"), CeremonyError::Failed);
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name("  Chrome on Linux "),
            Some("Chrome on Linux".to_owned())
        );
        assert_eq!(clean_name("a\tb\n"), Some("a b".to_owned()));
        assert_eq!(clean_name(" \n "), None);
        assert_eq!(clean_name(&"x".repeat(60)), Some("x".repeat(60)));
        assert_eq!(clean_name(&"x".repeat(61)), None);
        assert_eq!(clean_name(&"ñ".repeat(60)).map(|n| n.len()), Some(120));
    }

    #[test]
    fn devices_are_guessed() {
        let linux_chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(guess_device(linux_chrome), (Some("Chrome"), Some("Linux")));
        let edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(guess_device(edge), (Some("Edge"), Some("Windows")));
        let firefox =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(guess_device(firefox), (Some("Firefox"), Some("macOS")));
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(guess_device(safari), (Some("Safari"), Some("iPhone")));
        let android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
        assert_eq!(guess_device(android), (Some("Chrome"), Some("Android")));
        let chromebook = "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(guess_device(chromebook), (Some("Chrome"), Some("ChromeOS")));
        assert_eq!(guess_device(""), (None, None));
    }
}
