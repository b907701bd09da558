//! Ayuda's help panel: a Leptos client-side app that runs in an iframe on the Ayuda origin.
//!
//! The host page's loader (`widget/loader.js`) creates the frame and talks to it by
//! `postMessage` (see `PROTOCOL.md`); the panel calls the public API on its own origin.
//! Everything but the entry point lives in this library so the browser tests can mount it.

#![deny(clippy::unwrap_used)]

pub mod api;
pub mod bridge;
pub mod color;
pub mod components;
pub mod decode;
pub mod desk;
pub mod dom;
pub mod i18n;
pub mod link;
pub mod seq;
pub mod session;
pub mod state;
pub mod support;
pub mod view;
pub mod vote;

use leptos::prelude::*;

pub use components::App;
pub use state::Panel;

/// Reads the frame URL, mounts the panel on `<body>` and starts it.
pub fn start() {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = bridge::FrameParams::from_query(&search);
    leptos::mount::mount_to_body(move || {
        let panel = Panel::new(params);
        panel.provide();
        panel.start();
        view! { <App/> }
    });
}
