//! The admins' configuration: sites, business hours and SLA targets, routing, macros, teams
//! and agents, backups. One frame (`h1#settings-title` and the pages' tabs) for every
//! `/console/settings/{page}`; each page is its own component and loads what it shows. Admins
//! only: anyone else who types the address gets `#settings-forbidden` (the server refuses
//! the calls anyway).

mod agents;
mod backups;
mod hours;
mod hours_parts;
mod hours_sla;
mod macro_files;
mod macros;
mod routing;
mod routing_test;
mod rule_editor;
mod rules_form;
mod shared;
mod site_look;
mod sites;

use ayuda_api::Role;
use leptos::prelude::*;

use self::shared::Sites;
use super::common::RouteLink;
use crate::i18n::{AdminText, SettingsText as S, page_name};
use crate::route::Route;
use crate::settings_page::SettingsPage;
use crate::state::Console;

#[component]
pub fn SettingsScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    let admin = Memo::new(move |_| console.role() == Some(Role::Admin));
    let page = Memo::new(move |_| match console.route.get() {
        Route::Settings(page) => page,
        _ => SettingsPage::Sites,
    });
    Sites::provide(console, admin.get_untracked());
    let tabs = move || {
        SettingsPage::ALL
            .into_iter()
            .map(|tab| {
                view! {
                    <li>
                        <RouteLink
                            to=Route::Settings(tab)
                            id=format!("settings-tab-{}", tab.key())
                            current=Signal::derive(move || page.get() == tab)
                        >
                            {move || console.t(page_name(tab))}
                        </RouteLink>
                    </li>
                }
            })
            .collect_view()
    };
    let shown = move || match page.get() {
        SettingsPage::Sites => view! { <sites::SitesPage/> }.into_any(),
        SettingsPage::Hours => view! { <hours::HoursPage/> }.into_any(),
        SettingsPage::Routing => view! { <routing::RoutingPage/> }.into_any(),
        SettingsPage::Macros => view! { <macros::MacrosPage/> }.into_any(),
        SettingsPage::Agents => view! { <agents::AgentsPage/> }.into_any(),
        SettingsPage::Backups => view! { <backups::BackupsPage/> }.into_any(),
    };
    view! {
        <h1 id="settings-title" tabindex="-1">{move || console.t(S::Settings)}</h1>
        <Show
            when=move || admin.get()
            fallback=move || {
                view! {
                    <p id="settings-forbidden" class="notice">
                        {move || console.t(AdminText::AdminsOnly)}
                    </p>
                }
            }
        >
            <nav class="tabs settings-tabs" aria-label=move || console.t(S::SettingsPages)>
                <ul>{tabs()}</ul>
            </nav>
            <div id=move || format!("settings-{}", page.get().key()) class="settings-page">
                {shown}
            </div>
        </Show>
    }
}
