//! The admins' configuration: sites, business hours and SLA targets, routing, macros, teams
//! and agents, backups.

use leptos::prelude::*;

use crate::i18n::SettingsText;
use crate::state::Console;

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <h1 id="settings-title" tabindex="-1">{move || console.t(SettingsText::Settings)}</h1>
    }
}
