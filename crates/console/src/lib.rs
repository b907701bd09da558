//! Ayuda's staff console: a Leptos client-side app served by the Ayuda server at `/console/`.
//!
//! Signed-in staff see the sections their role allows (for now: the articles list, the article
//! editor and its versions for editors and admins, and everyone's own account). The session is
//! an `HttpOnly` cookie; every call is same-origin (`api.rs`). Everything but the entry point
//! lives in this library, and the pure parts (`i18n`, `query`, `paging`, `filters`, `route`,
//! `nav`, `diff`, `markup`, `draft`, `enrol`, `upload`, `schedule`, the error mapping in `api`,
//! the passkeys' decisions in `webauthn`) have unit tests that run natively.
//!
//! The library builds four bins, one per [`bundle::Bundle`] (`src/bin/`): each calls its own
//! `start_…` below, and the linker keeps only the screens that bundle's views name.

#![deny(clippy::unwrap_used)]

pub mod api;
pub mod audit_query;
pub mod bulk;
pub mod bundle;
pub mod chart_csv;
pub mod chart_heatmap;
pub mod chart_lines;
pub mod chart_scale;
pub mod chart_svg;
pub mod components;
pub mod dashboard_data;
pub mod dashboard_format;
pub mod dashboard_query;
pub mod dashboard_series;
pub mod dashboard_tables;
pub mod desk_bulk;
pub mod desk_clock;
pub mod desk_keys;
pub mod desk_macro;
pub mod desk_query;
pub mod desk_ticket;
pub mod desk_unread;
pub mod diff;
pub mod dom;
pub mod draft;
pub mod editorial;
pub mod enrol;
pub mod filters;
pub mod handover;
pub mod i18n;
pub mod macro_files;
pub mod markup;
pub mod nav;
pub mod paging;
pub mod password;
pub mod period;
pub mod query;
pub mod route;
pub mod schedule;
pub mod seed;
pub mod settings_hours;
pub mod settings_page;
pub mod settings_rules;
pub mod settings_site;
pub mod settings_team;
pub mod settings_words;
pub mod state;
pub mod team;
pub mod upload;
pub mod webauthn;

use bundle::{AdminViews, AgentViews, EditorViews, SignInViews, Views};
pub use components::App;
pub use state::Console;

/// The sign-in bundle: what someone signed out can reach.
pub fn start_sign_in() {
    start::<SignInViews>();
}

/// The editors' bundle.
pub fn start_editor() {
    start::<EditorViews>();
}

/// The agents' bundle.
pub fn start_agent() {
    start::<AgentViews>();
}

/// The admins' bundle: every screen.
pub fn start_admin() {
    start::<AdminViews>();
}

/// Mounts bundle `V` on `<body>` and starts it.
fn start<V: Views>() {
    leptos::mount::mount_to_body(|| {
        let console = Console::for_bundle(V::BUNDLE);
        console.provide();
        console.start();
        App::<V>()
    });
}
