//! Telling the agent about news while they look elsewhere: the count in the tab's title
//! ("(3) Inbox — Ayuda console", `document.title` prefixed after `app.rs` set it, and restored
//! when the tab is seen again), a desktop notification (permission asked from a button, never
//! on load) and a short beep made with a WebAudio oscillator. Both are on unless the agent
//! turns them off (`localStorage["ayuda-console-desk-notify"] = "off"`).
//!
//! `Notification` and `AudioContext` are reached through `Reflect`: web-sys would need
//! features of their own, and a browser without them simply gets neither.

use std::cell::RefCell;

use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::desk_unread::{self, Alert, EventKind, Unread};
use crate::dom;
use crate::i18n::{DeskText, desk_notification};
use crate::state::Console;

/// Where the agent's "notifications" choice is kept.
pub const NOTIFY_KEY: &str = "ayuda-console-desk-notify";

thread_local! {
    /// The news counted while the tab was hidden, shared by the inbox and the ticket screens.
    static UNREAD: RefCell<Unread> = RefCell::new(Unread::default());
    /// One audio context for the page (browsers limit how many there may be).
    static AUDIO: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Whether notifications and sound are on.
pub fn enabled() -> bool {
    dom::storage_get(NOTIFY_KEY).as_deref() != Some("off")
}

pub fn set_enabled(on: bool) {
    dom::storage_set(NOTIFY_KEY, if on { "on" } else { "off" });
}

/// `document.hidden`.
pub fn hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| Reflect::get(&d, &"hidden".into()).ok())
        .and_then(|h| h.as_bool())
        .unwrap_or(false)
}

fn notification_class() -> Option<Function> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"Notification".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

/// `Notification.permission`: `default`, `granted` or `denied`; `None` without notifications.
pub fn permission() -> Option<String> {
    Reflect::get(notification_class()?.as_ref(), &"permission".into())
        .ok()?
        .as_string()
}

/// Asks for the permission (from a button: browsers ignore it otherwise); the answer.
pub async fn ask_permission() -> Option<String> {
    let class = notification_class()?;
    let ask = Reflect::get(&class, &"requestPermission".into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let promise = ask.call0(&class).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()?
        .as_string()
}

/// Shows a desktop notification (if allowed); a click brings the tab forward.
fn notify(title: &str, body: &str, tag: &str) {
    if permission().as_deref() != Some("granted") {
        return;
    }
    let Some(class) = notification_class() else {
        return;
    };
    let options = js_sys::Object::new();
    let _ = Reflect::set(&options, &"body".into(), &body.into());
    let _ = Reflect::set(&options, &"tag".into(), &tag.into());
    let args = js_sys::Array::of2(&title.into(), &options);
    if let Ok(shown) = Reflect::construct(&class, &args) {
        let focus = Closure::<dyn FnMut()>::new(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.focus();
            }
        });
        let _ = Reflect::set(&shown, &"onclick".into(), focus.as_ref());
        // Lives as long as the notification may be clicked; a few bytes each.
        focus.forget();
    }
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &name.into()).ok()?.dyn_into().ok()
}

fn audio() -> Option<JsValue> {
    AUDIO.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            let window = web_sys::window()?;
            let class = Reflect::get(&window, &"AudioContext".into())
                .ok()
                .filter(|c| c.is_function())
                .or_else(|| Reflect::get(&window, &"webkitAudioContext".into()).ok())?
                .dyn_into::<Function>()
                .ok()?;
            *slot = Reflect::construct(&class, &js_sys::Array::new()).ok();
        }
        slot.clone()
    })
}

/// Makes the audio context ready from a user's gesture (browsers start it suspended).
pub fn unlock_audio() {
    if let Some(context) = audio()
        && let Some(resume) = method(&context, "resume")
    {
        let _ = resume.call0(&context);
    }
}

/// A short two-tone beep: an oscillator through a gain that fades out, 0.25 s.
pub fn beep() {
    let Some(context) = audio() else { return };
    let build = || -> Option<()> {
        let oscillator = method(&context, "createOscillator")?.call0(&context).ok()?;
        let gain = method(&context, "createGain")?.call0(&context).ok()?;
        let now = Reflect::get(&context, &"currentTime".into())
            .ok()?
            .as_f64()?;
        let destination = Reflect::get(&context, &"destination".into()).ok()?;
        let frequency = Reflect::get(&oscillator, &"frequency".into()).ok()?;
        let level = Reflect::get(&gain, &"gain".into()).ok()?;
        let set_at = method(&frequency, "setValueAtTime")?;
        let _ = set_at.call2(&frequency, &880.into(), &now.into());
        let _ = set_at.call2(&frequency, &660.into(), &(now + 0.12).into());
        let _ = method(&level, "setValueAtTime")?.call2(&level, &0.15.into(), &now.into());
        let _ = method(&level, "exponentialRampToValueAtTime")?.call2(
            &level,
            &0.001.into(),
            &(now + 0.25).into(),
        );
        method(&oscillator, "connect")?
            .call1(&oscillator, &gain)
            .ok()?;
        method(&gain, "connect")?.call1(&gain, &destination).ok()?;
        method(&oscillator, "start")?
            .call1(&oscillator, &now.into())
            .ok()?;
        method(&oscillator, "stop")?
            .call1(&oscillator, &(now + 0.26).into())
            .ok()?;
        Some(())
    };
    let _ = build();
}

/// An event of the staff stream: counted while hidden, and a notification and beep when it
/// deserves one (`mine`: whether the ticket is assigned to the agent, when known).
pub fn news(
    console: Console,
    ticket: i64,
    kind: EventKind,
    mine: Option<bool>,
    unread: RwSignal<usize>,
) {
    let hidden = hidden();
    let counted = UNREAD.with(|u| {
        let mut u = u.borrow_mut();
        u.record(ticket, kind, hidden);
        u.count()
    });
    let _ = unread.try_set(counted);
    if !enabled() {
        return;
    }
    let Some(alert) = desk_unread::alert(kind, mine) else {
        return;
    };
    beep();
    // On a visible tab the list (or the thread) shows the news itself: the beep is enough.
    if !hidden {
        return;
    }
    let (title, body) = desk_notification(
        console.locale.get_untracked(),
        alert == Alert::NewTicket,
        ticket,
    );
    notify(&title, &body, &format!("ayuda-ticket-{ticket}"));
}

/// Keeps the tab's title prefixed with the unread count and clears it when the tab is seen:
/// call once per screen. `unread` mirrors the count for the screen.
pub fn watch_title(console: Console, unread: RwSignal<usize>) {
    let _ = unread.try_set(UNREAD.with(|u| u.borrow().count()));
    Effect::new(move |_| {
        let count = unread.get();
        console.locale.track();
        console.route.track();
        // After the app has set the screen's title (its effect may run after this one).
        request_animation_frame(move || {
            if let Some(document) = web_sys::window().and_then(|w| w.document()) {
                let title = document.title();
                let wanted = desk_unread::titled(&title, count);
                if wanted != title {
                    document.set_title(&wanted);
                }
            }
        });
    });
    let visible = Closure::<dyn FnMut()>::new(move || {
        if !hidden() {
            UNREAD.with(|u| u.borrow_mut().clear());
            let _ = unread.try_set(0);
        }
    });
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = &document {
        let _ = document
            .add_event_listener_with_callback("visibilitychange", visible.as_ref().unchecked_ref());
    }
    let visible = StoredValue::new_local(Some(visible));
    on_cleanup(move || {
        if let (Some(document), Some(Some(closure))) =
            (document, visible.try_update_value(Option::take))
        {
            let _ = document.remove_event_listener_with_callback(
                "visibilitychange",
                closure.as_ref().unchecked_ref(),
            );
        }
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(desk_unread::strip(&document.title()));
        }
    });
}

/// The inbox header's control: notifications on/off, and the browser's permission asked from
/// a button.
#[component]
pub fn NotifyControls() -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let on = RwSignal::new(enabled());
    let permission_now = RwSignal::new(permission());
    let ask = move |_| {
        unlock_audio();
        leptos::task::spawn_local(async move {
            let answer = ask_permission().await;
            let _ = permission_now.try_set(answer.or_else(permission));
        });
    };
    view! {
        <div class="notify">
            <label class="check">
                <input
                    type="checkbox"
                    id="notify-toggle"
                    prop:checked=move || on.get()
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        set_enabled(checked);
                        on.set(checked);
                        if checked {
                            unlock_audio();
                        }
                    }
                />
                {move || t(DeskText::Notifications)}
            </label>
            {move || match permission_now.get().as_deref() {
                None => view! {
                    <p id="notify-unsupported" class="hint">
                        {move || t(DeskText::NotificationsUnsupported)}
                    </p>
                }
                .into_any(),
                Some("default") => view! {
                    <button type="button" id="notify-permission" class="button" on:click=ask>
                        {move || t(DeskText::AllowNotifications)}
                    </button>
                }
                .into_any(),
                Some("denied") => view! {
                    <p id="notify-blocked" class="hint">
                        {move || t(DeskText::NotificationsBlocked)}
                    </p>
                }
                .into_any(),
                Some(_) => ().into_any(),
            }}
        </div>
    }
}
