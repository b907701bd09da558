//! "Test on a sample ticket": a ticket's facts (site, category, level, language, subject,
//! body, attributes) run through the unsaved rules by the server; the rule that matched and
//! what it would do.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::staff::focus_soon;
use super::rules_form::RulesForm;
use super::shared::{FieldError, LevelSelect, SiteSelect, refusal_text};
use crate::api::settings::{self, Routed};
use crate::i18n::{SettingsText as S, level_name};
use crate::settings_rules::{SampleForm, sample_facts};
use crate::settings_words::{bad_attribute_line, routed_summary};
use crate::state::Console;

#[component]
pub fn RoutingTest(form: RulesForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let site = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let level = RwSignal::new(String::new());
    let language = RwSignal::new(console.locale.get_untracked().tag().to_owned());
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let attributes = RwSignal::new(String::new());
    let bad_line = RwSignal::new(None::<usize>);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let attributes_error = Signal::derive(move || {
        bad_line
            .get()
            .map(|line| bad_attribute_line(console.locale.get(), line))
    });

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        error.set(None);
        form.tested.set(None);
        let sample = SampleForm {
            site: site.get_untracked(),
            category: category.get_untracked(),
            level: level.get_untracked(),
            language: language.get_untracked(),
            subject: subject.get_untracked(),
            body: body.get_untracked(),
            attributes: attributes.get_untracked(),
        };
        let facts = match sample_facts(&sample) {
            Ok(facts) => facts,
            Err(line) => {
                bad_line.set(Some(line));
                focus_soon("routing-test-attributes".to_owned());
                return;
            }
        };
        bad_line.set(None);
        let Some(rules) = form.checked_rules() else {
            return;
        };
        pending.set(true);
        spawn_local(async move {
            let result = console
                .check(settings::test_routing(&session.csrf_token, Some(&rules), &facts).await);
            pending.set(false);
            match result {
                Ok(routed) => form.tested.set(Some(routed)),
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::TestFailed,
                    &refusal,
                ))),
            }
        });
    };
    let text_field = move |id: &'static str, label: S, signal: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{move || s(label)}</label>
                <input
                    id=id
                    autocomplete="off"
                    prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev))
                />
            </div>
        }
    };
    view! {
        <form id="routing-test" class="block card" aria-labelledby="routing-test-heading" novalidate on:submit=submit>
            <h3 id="routing-test-heading">{move || s(S::TestRules)}</h3>
            <p class="hint">{move || s(S::TestRulesHint)}</p>
            <div class="editor-fields">
                <SiteSelect id="routing-test-site" label=S::Site value=site any=S::NoSite/>
                {text_field("routing-test-category", S::Category, category)}
                <LevelSelect id="routing-test-level".to_owned() label=S::Level value=level none=S::NoLevel/>
                <div class="field">
                    <label for="routing-test-language">{move || s(S::Language)}</label>
                    <input
                        id="routing-test-language"
                        list="known-languages"
                        autocomplete="off"
                        maxlength="10"
                        prop:value=move || language.get()
                        on:input=move |ev| language.set(event_target_value(&ev))
                    />
                </div>
            </div>
            <div class="stack">
                {text_field("routing-test-subject", S::Subject, subject)}
                <div class="field">
                    <label for="routing-test-body">{move || s(S::Message)}</label>
                    <textarea
                        id="routing-test-body"
                        rows="3"
                        prop:value=move || body.get()
                        on:input=move |ev| body.set(event_target_value(&ev))
                    ></textarea>
                </div>
                <div class="field">
                    <label for="routing-test-attributes">{move || s(S::Attributes)}</label>
                    <textarea
                        id="routing-test-attributes"
                        rows="3"
                        spellcheck="false"
                        aria-invalid=move || bad_line.get().map(|_| "true")
                        aria-describedby=move || {
                            if bad_line.get().is_some() {
                                "routing-test-attributes-hint routing-test-attributes-error"
                            } else {
                                "routing-test-attributes-hint"
                            }
                        }
                        prop:value=move || attributes.get()
                        on:input=move |ev| attributes.set(event_target_value(&ev))
                    ></textarea>
                    <p id="routing-test-attributes-hint" class="hint">{move || s(S::AttributesHint)}</p>
                    <FieldError id="routing-test-attributes-error".to_owned() text=attributes_error/>
                </div>
            </div>
            <div class="actions">
                <button
                    type="submit"
                    id="run-routing-test"
                    class="button primary"
                    aria-disabled=move || pending.get().then_some("true")
                >
                    {move || s(if pending.get() { S::Testing } else { S::RunTest })}
                </button>
            </div>
            <div id="routing-test-result" role="status" class="test-result">
                {move || form.tested.get().map(|routed| view! { <Outcome form=form routed=routed/> })}
            </div>
            <p id="routing-test-error" class="error" role="alert">{move || error.get()}</p>
        </form>
    }
}

/// What the rules did to the sample.
#[component]
fn Outcome(form: RulesForm, routed: Routed) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let agent = routed.assignee.map(|id| {
        form.agents
            .with_untracked(|agents| {
                agents
                    .iter()
                    .find(|a| a.user_id == id)
                    .map(|a| a.display_name.clone())
            })
            .unwrap_or_else(|| format!("#{id}"))
    });
    let matched = routed.matched_rule.map(|index| index + 1);
    let group = routed.group.clone();
    let tags = routed.tags.join(", ");
    let level = routed.level;
    view! {
        <p id="routing-test-summary">{move || routed_summary(console.locale.get(), matched)}</p>
        <dl class="facts">
            <div>
                <dt>{move || s(S::AssignGroup)}</dt>
                <dd id="routing-test-group">{group.unwrap_or_else(|| "—".to_owned())}</dd>
            </div>
            <div>
                <dt>{move || s(S::AssignAgent)}</dt>
                <dd id="routing-test-agent">
                    {move || agent.clone().unwrap_or_else(|| s(S::RoundRobin).to_owned())}
                </dd>
            </div>
            <div>
                <dt>{move || s(S::AddTags)}</dt>
                <dd id="routing-test-tags">{if tags.is_empty() { "—".to_owned() } else { tags }}</dd>
            </div>
            <div>
                <dt>{move || s(S::Level)}</dt>
                <dd id="routing-test-level-result">
                    {move || level.map_or_else(|| "—".to_owned(), |l| level_name(console.locale.get(), l))}
                </dd>
            </div>
        </dl>
    }
}
