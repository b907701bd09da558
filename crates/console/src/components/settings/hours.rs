//! Business hours and SLA targets, per site: the site select, the form (`hours_parts.rs`:
//! time zone, each weekday's periods, holidays; `hours_sla.rs`: targets, categories, the
//! automatic first reply), Save, and a preview of what a ticket filed now would be promised,
//! asked of the server with the unsaved settings (debounced).

use std::time::Duration;

use ayuda_api::Level;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::load::{failed, loading_line};
use super::super::staff::focus_soon;
use super::hours_parts::{HoursForm, WeekEditor};
use super::hours_sla::{AutoReplyFields, CategoriesEditor, SlaTargets};
use super::shared::{LevelSelect, SiteSelect, Sites, refusal_text};
use crate::api::ApiError;
use crate::api::settings::{self, PreviewRequest, SlaPreview};
use crate::dom;
use crate::i18n::{Locale, SettingsText as S, hours_problem, level_name, sla_promise};
use crate::state::Console;

/// How long the preview waits after the last change before asking.
const PREVIEW_DELAY: Duration = Duration::from_millis(600);

#[component]
pub fn HoursPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let sites = expect_context::<Sites>();
    let site = RwSignal::new(String::new());
    // The first site, once they are known.
    Effect::new(move |_| {
        if site.with_untracked(String::is_empty)
            && let Some(first) = sites.list().first()
        {
            site.set(first.key.clone());
        }
    });
    let answer = RwSignal::new(None::<Result<(), ApiError>>);
    let loading = RwSignal::new(false);
    let form = HoursForm::new();
    let load = move || {
        let key = site.get_untracked();
        if key.is_empty() {
            return;
        }
        loading.set(true);
        answer.set(None);
        spawn_local(async move {
            let result = console.check(settings::support_settings(&key).await);
            if site.try_get_untracked().as_deref() != Some(key.as_str()) {
                return;
            }
            loading.set(false);
            answer.set(Some(result.map(|loaded| form.fill(&loaded))));
        });
    };
    Effect::new(move |_| {
        site.track();
        load();
    });
    on_cleanup(move || console.unsaved.set(false));

    let body = move || {
        if loading.get() {
            return loading_line("hours-loading");
        }
        match answer.get() {
            None => ().into_any(),
            Some(Err(error)) => failed(
                error,
                None,
                "hours-load-error",
                S::SettingsFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(())) => view! { <HoursFormView form=form site=site/> }.into_any(),
        }
    };
    view! {
        <h2 id="hours-heading">{move || s(S::HoursAndSla)}</h2>
        <p class="lead">{move || s(S::HoursIntro)}</p>
        <div class="filters">
            <SiteSelect id="hours-site" label=S::Site value=site/>
        </div>
        <Show when=move || sites.answer.with(|a| matches!(a, Some(Ok(list)) if list.is_empty()))>
            <p id="hours-no-sites" class="empty">{move || s(S::NoSites)}</p>
        </Show>
        {body}
    }
}

#[component]
fn HoursFormView(form: HoursForm, site: RwSignal<String>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let pending = RwSignal::new(false);
    let status = RwSignal::new(None::<&'static str>);
    let error = RwSignal::new(None::<String>);
    let problem = form.problem;

    // Unsaved: the form holds something else than what was loaded or saved last.
    Effect::new(move |_| {
        let now = form.collect();
        let changed = form.saved.with(|saved| match (&now, saved) {
            (Ok(now), Some(saved)) => now != saved,
            (Err(_), _) => true,
            (Ok(_), None) => false,
        });
        if console.unsaved.get_untracked() != changed {
            console.unsaved.set(changed);
        }
    });

    let save = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        error.set(None);
        status.set(None);
        let settings = match form.collect_untracked() {
            Ok(settings) => settings,
            Err(bad) => {
                focus_soon(bad.field());
                problem.set(Some(bad));
                return;
            }
        };
        problem.set(None);
        pending.set(true);
        let key = site.get_untracked();
        spawn_local(async move {
            let result = console
                .check(settings::save_support_settings(&session.csrf_token, &key, &settings).await);
            pending.set(false);
            match result {
                Ok(saved) => {
                    form.fill(&saved);
                    console.unsaved.set(false);
                    status.set(Some(console.t(S::SettingsSaved)));
                }
                Err(refusal) => {
                    error.set(Some(refusal_text(
                        console.locale.get_untracked(),
                        S::SaveSettingsFailed,
                        &refusal,
                    )));
                    focus_soon("hours-error".to_owned());
                }
            }
        });
    };
    let problem_text = move || {
        problem
            .get()
            .map(|problem| hours_problem(console.locale.get(), &problem))
    };
    view! {
        <form id="hours-form" class="hours-form" novalidate on:submit=|ev| ev.prevent_default()>
            <WeekEditor form=form/>
            <SlaTargets form=form/>
            <SlaPreviewBox form=form site=site/>
            <CategoriesEditor form=form/>
            <AutoReplyFields form=form/>
            <div class="actions sticky-actions">
                <button
                    type="button"
                    id="save-hours"
                    class="button primary"
                    aria-disabled=move || pending.get().then_some("true")
                    aria-describedby="hours-problem"
                    on:click=save
                >
                    {move || s(if pending.get() { S::Saving } else { S::SaveSettings })}
                </button>
            </div>
            <p id="hours-problem" class="error">{problem_text}</p>
            <p id="hours-status" class="status-line" role="status">{move || status.get()}</p>
            <p id="hours-error" class="error" role="alert" tabindex="-1">{move || error.get()}</p>
        </form>
    }
}

/// "A ticket filed now at level L1 would get a first reply by …", from the unsaved settings.
#[component]
fn SlaPreviewBox(form: HoursForm, site: RwSignal<String>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let level = RwSignal::new(Level::L1.as_str().to_owned());
    let preview = RwSignal::new(None::<Result<SlaPreview, String>>);
    let busy = RwSignal::new(false);
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let settings = form.collect();
        let chosen = Level::parse(&level.get()).unwrap_or(Level::L1);
        let key = site.get();
        let ticket = generation.get_value() + 1;
        generation.set_value(ticket);
        let Ok(settings) = settings else {
            busy.set(false);
            preview.set(Some(Err(console.t(S::PreviewNeedsValid).to_owned())));
            return;
        };
        busy.set(true);
        set_timeout(
            move || {
                if generation.try_get_value() != Some(ticket) {
                    return;
                }
                let Some(session) = console.session() else {
                    return;
                };
                spawn_local(async move {
                    let request = PreviewRequest {
                        settings: &settings,
                        level: chosen,
                        at: None,
                    };
                    let result = console.check(
                        settings::preview_settings(&session.csrf_token, &key, &request).await,
                    );
                    if generation.try_get_value() != Some(ticket) {
                        return;
                    }
                    busy.set(false);
                    preview.set(Some(result.map_err(|refusal| {
                        refusal_text(console.locale.get_untracked(), S::PreviewFailed, &refusal)
                    })));
                });
            },
            PREVIEW_DELAY,
        );
    });
    let text = move || {
        let locale = console.locale.get();
        let chosen = Level::parse(&level.get()).unwrap_or(Level::L1);
        match preview.get() {
            None => None,
            Some(Err(error)) => Some(error),
            Some(Ok(answer)) => {
                let when = |ms: Option<i64>| ms.map(|ms| dom::format_ms(ms as f64, locale));
                Some(sla_promise(
                    locale,
                    &level_name(locale, chosen),
                    when(answer.first_response_due).as_deref(),
                    when(answer.resolution_due).as_deref(),
                ))
            }
        }
    };
    let expectation = move || {
        preview.with(|preview| match preview {
            Some(Ok(answer)) => Some(match console.locale.get() {
                Locale::Es => answer.expectation_es.clone(),
                Locale::En => answer.expectation_en.clone(),
            }),
            _ => None,
        })
    };
    view! {
        <section id="sla-preview-box" class="block preview-box" aria-labelledby="sla-preview-heading" aria-busy=move || if busy.get() { "true" } else { "false" }>
            <h3 id="sla-preview-heading">{move || s(S::SlaPreview)}</h3>
            <LevelSelect id="preview-level".to_owned() label=S::Level value=level/>
            <p id="sla-preview" role="status">
                {move || if busy.get() { Some(s(S::UpdatingPreview).to_owned()) } else { text() }}
            </p>
            <p id="sla-preview-expectation" class="hint">
                {move || expectation().map(|text| format!("{} {text}", s(S::WidgetSays)))}
            </p>
        </section>
    }
}
