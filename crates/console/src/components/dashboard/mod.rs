//! The desk's dashboard: metrics as SVG charts with tables and CSV, and the volume forecast.

use leptos::prelude::*;

use crate::i18n::DashboardText;
use crate::state::Console;

#[component]
pub fn DashboardScreen() -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <h1 id="dashboard-title" tabindex="-1">
            {move || console.t(DashboardText::Dashboard)}
        </h1>
    }
}
