//! Server-sent events for the desk: an `EventSource` (same-origin, the session cookie) with
//! its named events handed to Rust, reopened after a failure with a growing pause (2 s, 4 s, …
//! up to 30 s). The browser already retries a dropped connection by itself; a stream it gave
//! up on (an error answer, a 401 while signing out) is reopened here, from a fresh address so
//! that a ticket's stream resumes after the last message seen.
//!
//! `EventSource` is reached through `Reflect` (web-sys would need features of its own).

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Function, Reflect};
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Event, EventTarget};

/// A named event's handler: its `data` and its `lastEventId`.
pub type Handler = Rc<dyn Fn(String, String)>;

/// A named event's listener, kept to be removed.
type Listener = (&'static str, Closure<dyn FnMut(Event)>);

/// What a stream does and says.
pub struct Spec {
    /// The address to open (asked again at each reopening).
    pub url: Rc<dyn Fn() -> String>,
    /// The named events to listen to.
    pub events: Vec<(&'static str, Handler)>,
    /// Whether the stream is open now (false while reconnecting).
    pub connected: RwSignal<bool>,
    /// Runs each time the stream opens again after a failure (events may have been missed).
    pub reopened: Rc<dyn Fn()>,
}

struct Inner {
    source: Option<JsValue>,
    listeners: Vec<Listener>,
    timer: Option<TimeoutHandle>,
    failures: u32,
    closed: bool,
    opened_before: bool,
}

/// An open stream; [`Stream::close`] it when the screen goes.
#[derive(Clone)]
pub struct Stream(Rc<RefCell<Inner>>);

/// Opens the stream described by `spec`.
pub fn open(spec: Spec) -> Stream {
    let stream = Stream(Rc::new(RefCell::new(Inner {
        source: None,
        listeners: Vec::new(),
        timer: None,
        failures: 0,
        closed: false,
        opened_before: false,
    })));
    connect(&stream, Rc::new(spec));
    stream
}

fn text_of(event: &Event, name: &str) -> String {
    Reflect::get(event, &name.into())
        .ok()
        .and_then(|value| value.as_string())
        .unwrap_or_default()
}

fn call(target: &JsValue, method: &str) {
    if let Ok(function) =
        Reflect::get(target, &method.into()).and_then(|f| f.dyn_into::<Function>())
    {
        let _ = function.call0(target);
    }
}

fn connect(stream: &Stream, spec: Rc<Spec>) {
    if stream.0.borrow().closed {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(constructor) =
        Reflect::get(&window, &"EventSource".into()).and_then(|c| c.dyn_into::<Function>())
    else {
        return;
    };
    let args = js_sys::Array::of1(&JsValue::from_str(&(spec.url)()));
    let Ok(source) = Reflect::construct(&constructor, &args) else {
        return;
    };
    let Ok(target) = source.clone().dyn_into::<EventTarget>() else {
        return;
    };
    let mut listeners: Vec<Listener> = Vec::new();
    for (name, handler) in &spec.events {
        let handler = Rc::clone(handler);
        let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
            handler(text_of(&event, "data"), text_of(&event, "lastEventId"));
        });
        listeners.push((name, closure));
    }
    let on_open = {
        let stream = stream.clone();
        let spec = Rc::clone(&spec);
        Closure::<dyn FnMut(Event)>::new(move |_| {
            let again = {
                let mut inner = stream.0.borrow_mut();
                inner.failures = 0;
                std::mem::replace(&mut inner.opened_before, true)
            };
            let _ = spec.connected.try_set(true);
            if again {
                (spec.reopened)();
            }
        })
    };
    listeners.push(("open", on_open));
    let on_error = {
        let stream = stream.clone();
        let spec = Rc::clone(&spec);
        Closure::<dyn FnMut(Event)>::new(move |_| {
            let _ = spec.connected.try_set(false);
            let given_up = stream
                .0
                .borrow()
                .source
                .as_ref()
                .and_then(|s| Reflect::get(s, &"readyState".into()).ok())
                .and_then(|state| state.as_f64())
                == Some(2.0);
            if given_up {
                reopen_later(&stream, Rc::clone(&spec));
            }
        })
    };
    listeners.push(("error", on_error));
    for (name, closure) in &listeners {
        let _ = target.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
    }
    let mut inner = stream.0.borrow_mut();
    inner.source = Some(source);
    inner.listeners = listeners;
}

fn reopen_later(stream: &Stream, spec: Rc<Spec>) {
    let delay = {
        let mut inner = stream.0.borrow_mut();
        if inner.closed {
            return;
        }
        detach(&mut inner);
        inner.failures = inner.failures.saturating_add(1);
        let seconds = 2u64.saturating_pow(inner.failures.min(5)).min(30);
        Duration::from_secs(seconds)
    };
    let again = stream.clone();
    let timer = set_timeout_with_handle(move || connect(&again, spec), delay).ok();
    stream.0.borrow_mut().timer = timer;
}

/// Closes the source and drops its listeners.
fn detach(inner: &mut Inner) {
    if let Some(source) = inner.source.take() {
        call(&source, "close");
        if let Ok(target) = source.dyn_into::<EventTarget>() {
            for (name, closure) in &inner.listeners {
                let _ = target
                    .remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            }
        }
    }
    inner.listeners.clear();
}

impl Stream {
    /// Closes the stream for good.
    pub fn close(&self) {
        let mut inner = self.0.borrow_mut();
        inner.closed = true;
        if let Some(timer) = inner.timer.take() {
            timer.clear();
        }
        detach(&mut inner);
    }
}

/// A call that runs `action` once, `delay` after the last of a burst of calls (live events
/// arrive in bursts: one reload for all of them).
#[derive(Clone)]
pub struct Debounce {
    timer: Rc<RefCell<Option<TimeoutHandle>>>,
    delay: Duration,
}

impl Debounce {
    pub fn new(delay: Duration) -> Self {
        Self {
            timer: Rc::new(RefCell::new(None)),
            delay,
        }
    }

    pub fn call(&self, action: impl FnOnce() + 'static) {
        if let Some(timer) = self.timer.borrow_mut().take() {
            timer.clear();
        }
        let slot = Rc::clone(&self.timer);
        let timer = set_timeout_with_handle(
            move || {
                slot.borrow_mut().take();
                action();
            },
            self.delay,
        )
        .ok();
        *self.timer.borrow_mut() = timer;
    }

    pub fn cancel(&self) {
        if let Some(timer) = self.timer.borrow_mut().take() {
            timer.clear();
        }
    }
}
