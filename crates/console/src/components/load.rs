//! How the list screens load: the newest request wins (an answer to an older one, or one that
//! comes after the screen has gone, is dropped), "Loading…" while one is out, and a failed load
//! shown as the 403 notice or the failure with its retry.

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::common::Failure;
use crate::api::ApiError;
use crate::i18n::Text;
use crate::state::Console;

/// The number of the newest request a screen has made.
#[derive(Clone, Copy)]
pub struct Latest(StoredValue<u64>);

impl Latest {
    pub fn new() -> Self {
        Self(StoredValue::new(0))
    }

    /// Sends `request` with `loading` set; once it answers (a 401 anywhere → sign-in),
    /// `loading` is cleared and `answered` runs, unless a newer request was sent meanwhile or
    /// the screen is gone.
    pub fn load<T, F>(
        self,
        console: Console,
        loading: RwSignal<bool>,
        request: F,
        answered: impl FnOnce(Result<T, ApiError>) + 'static,
    ) where
        T: 'static,
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        let ticket = self.0.get_value() + 1;
        self.0.set_value(ticket);
        loading.set(true);
        let latest = self.0;
        spawn_local(async move {
            let result = console.check(request.await);
            // Stale (a newer request is out) or the screen is gone.
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            loading.set(false);
            answered(result);
        });
    }
}

/// The list's box: `#{stem}-results` (`aria-busy` while loading) with `#{stem}-status`
/// ("Loading…") before what it holds.
#[component]
pub fn Results(
    /// The ids' stem.
    stem: &'static str,
    /// Whether a request is out.
    loading: RwSignal<bool>,
    children: Children,
) -> impl IntoView {
    let console = expect_context::<Console>();
    view! {
        <div
            id=format!("{stem}-results")
            class="results"
            aria-busy=move || if loading.get() { "true" } else { "false" }
        >
            <p id=format!("{stem}-status") class="status-line" role="status">
                {move || loading.get().then(|| console.t(Text::Loading))}
            </p>
            {children()}
        </div>
    }
}

/// "Loading…" in its own line, for a screen that shows nothing else until the answer.
pub fn loading_line(id: &'static str) -> AnyView {
    let console = expect_context::<Console>();
    view! {
        <p id=id class="status-line" role="status">
            {move || console.t(Text::Loading)}
        </p>
    }
    .into_any()
}

/// A failed load: a 403 is the notice `#{forbidden}` (nothing, where the screen says so in
/// its place: `None`), anything else the failure `#{id}` with its retry.
pub fn failed(
    error: ApiError,
    forbidden: Option<&'static str>,
    id: &'static str,
    what: Text,
    retry: Callback<()>,
) -> AnyView {
    let console = expect_context::<Console>();
    match (error, forbidden) {
        (ApiError::Forbidden, Some(forbidden)) => view! {
            <p id=forbidden class="notice">
                {move || console.t(Text::ArticlesForbidden)}
            </p>
        }
        .into_any(),
        (ApiError::Forbidden, None) => ().into_any(),
        (error, _) => view! { <Failure id=id what=what error=error retry=retry/> }.into_any(),
    }
}
