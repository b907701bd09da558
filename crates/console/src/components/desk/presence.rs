//! The agent's presence: a heartbeat (`POST /api/v1/agents/me/heartbeat`) every 30 s while
//! the inbox or a ticket is open, saying whether the agent did something (a key, a pointer)
//! in the last 5 minutes, and the Available/Away switch (`PUT /api/v1/agents/{me}`). The server
//! marks an agent away after 2 minutes without a heartbeat or 10 without an active one.

use std::cell::Cell;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::desk;
use crate::dom;
use crate::i18n::DeskText;
use crate::state::Console;

/// How often the console says it is open.
pub const HEARTBEAT: Duration = Duration::from_secs(30);
/// How recent a key or pointer event must be for the agent to count as active.
pub const ACTIVE_MS: f64 = 5.0 * 60_000.0;

thread_local! {
    /// When the agent last pressed a key or used the pointer.
    static LAST_ACTIVITY: Cell<f64> = Cell::new(dom::now_ms());
    /// When the last heartbeat went (the inbox and a ticket share the rhythm).
    static LAST_BEAT: Cell<f64> = const { Cell::new(0.0) };
}

fn beat(console: Console, available: Option<RwSignal<Option<bool>>>) {
    let Some(session) = console.session() else {
        return;
    };
    let now = dom::now_ms();
    LAST_BEAT.set(now);
    let active = now - LAST_ACTIVITY.get() < ACTIVE_MS;
    spawn_local(async move {
        if let Ok(me) = console.check(desk::heartbeat(&session.csrf_token, active).await)
            && let Some(available) = available
        {
            let _ = available.try_set(Some(me.available));
        }
    });
}

/// Starts the heartbeat for as long as the calling screen is shown (`available` follows the
/// server's answer when given).
pub fn keep_alive(console: Console, available: Option<RwSignal<Option<bool>>>) {
    let touched = |_| LAST_ACTIVITY.set(dom::now_ms());
    let keys = window_event_listener_untyped("keydown", touched);
    let pointer = window_event_listener_untyped("pointerdown", touched);
    // A screen change within the rhythm does not beat again.
    if dom::now_ms() - LAST_BEAT.get() > HEARTBEAT.as_millis() as f64 - 5_000.0 {
        beat(console, available);
    }
    let timer = set_interval_with_handle(move || beat(console, available), HEARTBEAT).ok();
    on_cleanup(move || {
        keys.remove();
        pointer.remove();
        if let Some(timer) = timer {
            timer.clear();
        }
    });
}

/// The inbox header's Available/Away switch.
#[component]
pub fn Availability(
    /// The agent's availability (`None` until known).
    available: RwSignal<Option<bool>>,
) -> impl IntoView {
    let console = expect_context::<Console>();
    let t = move |text: DeskText| console.t(text);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let toggle = move |_| {
        let (Some(session), Some(now)) = (console.session(), available.get_untracked()) else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failed.set(false);
        spawn_local(async move {
            let result = console
                .check(desk::set_available(&session.csrf_token, session.user.id, !now).await);
            let _ = busy.try_set(false);
            match result {
                Ok(me) => {
                    let _ = available.try_set(Some(me.available));
                }
                Err(_) => {
                    let _ = failed.try_set(true);
                }
            }
        });
    };
    view! {
        <div class="availability">
            <button
                type="button"
                id="availability"
                class="switch"
                role="switch"
                aria-checked=move || if available.get() == Some(true) { "true" } else { "false" }
                aria-disabled=move || (busy.get() || available.get().is_none()).then_some("true")
                on:click=toggle
            >
                <span class="switch-track" aria-hidden="true"></span>
                <span class="switch-label">{move || t(DeskText::Available)}</span>
                <span id="availability-state" class="switch-state" aria-hidden="true">
                    {move || (available.get() == Some(false)).then(|| t(DeskText::Away))}
                </span>
            </button>
            <p id="availability-error" class="error" role="alert">
                {move || failed.get().then(|| t(DeskText::AvailabilityFailed))}
            </p>
        </div>
    }
}
