//! The support settings' other parts: SLA targets per level (first response, resolution, in
//! business time), the contact form's categories (key and names, in order) and the automatic
//! first reply.

use ayuda_api::{Category, Level};
use leptos::prelude::*;

use super::super::staff::focus_soon;
use super::hours_parts::{CategoryRow, HoursForm, described};
use super::shared::FieldError;
use crate::i18n::{SettingsText as S, category_label, level_name, target_label};
use crate::settings_rules::move_item;
use crate::state::Console;

/// The targets' table: a row per level, a column per clock.
#[component]
pub fn SlaTargets(form: HoursForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let rows = Level::ALL
        .into_iter()
        .enumerate()
        .map(|(index, level)| {
            let cell = move |resolution: bool| {
                let id = format!(
                    "sla-{}-l{}",
                    if resolution { "resolution" } else { "first" },
                    index + 1
                );
                let signal = form.targets[usize::from(resolution)][index];
                let error = form.error_for(id.clone());
                view! {
                    <td>
                        <label class="visually-hidden" for=id.clone()>
                            {move || target_label(console.locale.get(), resolution, level)}
                        </label>
                        <input
                            id=id.clone()
                            class="duration"
                            autocomplete="off"
                            spellcheck="false"
                            aria-invalid=move || error.with(Option::is_some).then_some("true")
                            aria-describedby=described(error, id.clone(), Some("sla-hint"))
                            prop:value=move || signal.get()
                            on:input=move |ev| signal.set(event_target_value(&ev))
                        />
                        <FieldError id=format!("{id}-error") text=error/>
                    </td>
                }
            };
            view! {
                <tr>
                    <th scope="row">{move || level_name(console.locale.get(), level)}</th>
                    {cell(false)}
                    {cell(true)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="block" aria-labelledby="sla-heading">
            <h3 id="sla-heading">{move || s(S::SlaTargets)}</h3>
            <p id="sla-hint" class="hint">{move || s(S::SlaHint)}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-labelledby="sla-caption">
                <table class="sla-targets">
                    <caption id="sla-caption">{move || s(S::SlaCaption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{move || s(S::Level)}</th>
                            <th scope="col">{move || s(S::FirstResponse)}</th>
                            <th scope="col">{move || s(S::Resolution)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// The contact form's categories, in the order the widget offers them.
#[component]
pub fn CategoriesEditor(form: HoursForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let add = move |_| {
        let row = CategoryRow::new(&Category {
            key: String::new(),
            labels: Default::default(),
        });
        form.categories.update(|rows| rows.push(row));
        focus_soon(format!("category-{}-key", row.id));
    };
    view! {
        <section class="block" aria-labelledby="categories-heading">
            <h3 id="categories-heading">{move || s(S::Categories)}</h3>
            <p class="hint">{move || s(S::CategoriesHint)}</p>
            <p id="categories-empty" class="empty" hidden=move || form.categories.with(|c| !c.is_empty())>
                {move || s(S::NoCategories)}
            </p>
            <ol class="category-list">
                <For each=move || form.categories.get() key=|row| row.id let:row>
                    <CategoryLine form=form row=row/>
                </For>
            </ol>
            <button type="button" id="add-category" class="button" on:click=add>
                {move || s(S::AddCategory)}
            </button>
        </section>
    }
}

#[component]
fn CategoryLine(form: HoursForm, row: CategoryRow) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let stem = format!("category-{}", row.id);
    let key_error = form.error_for(format!("{stem}-key"));
    let label_error = form.error_for(format!("{stem}-es"));
    let name = move || category_label(console.locale.get(), &row.key.get());
    let shift = move |up: bool| {
        let mut moved = None;
        form.categories.update(|rows| {
            if let Some(index) = rows.iter().position(|r| r.id == row.id) {
                moved = move_item(rows, index, up);
            }
        });
        if moved.is_some() {
            focus_soon(format!(
                "category-{}-{}",
                row.id,
                if up { "up" } else { "down" }
            ));
        }
    };
    let remove = move |_| {
        form.categories
            .update(|rows| rows.retain(|r| r.id != row.id));
        focus_soon("add-category".to_owned());
    };
    let field_stem = stem.clone();
    let text_field = move |suffix: &'static str,
                           label: S,
                           signal: RwSignal<String>,
                           error: Signal<Option<String>>| {
        let id = format!("{field_stem}-{suffix}");
        view! {
            <div class="field">
                <label for=id.clone()>{move || s(label)}</label>
                <input
                    id=id.clone()
                    autocomplete="off"
                    maxlength=if suffix == "key" { 64 } else { 100 }
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    aria-describedby=described(error, id.clone(), None)
                    prop:value=move || signal.get()
                    on:input=move |ev| signal.set(event_target_value(&ev))
                />
                <FieldError id=format!("{id}-error") text=error/>
            </div>
        }
    };
    let none = Signal::derive(|| None::<String>);
    view! {
        <li data-category-row=row.id>
        <div class="category-row" role="group" aria-label=name>
            {text_field("key", S::Key, row.key, key_error)}
            {text_field("es", S::NameEs, row.es, label_error)}
            {text_field("en", S::NameEn, row.en, none)}
            <div class="row-tools">
                <button type="button" id=format!("{stem}-up") class="button" on:click=move |_| shift(true)>
                    {move || s(S::MoveUp)}
                    <span class="visually-hidden">" " {name}</span>
                </button>
                <button type="button" id=format!("{stem}-down") class="button" on:click=move |_| shift(false)>
                    {move || s(S::MoveDown)}
                    <span class="visually-hidden">" " {name}</span>
                </button>
                <button type="button" id=format!("{stem}-remove") class="button" on:click=remove>
                    {move || s(S::Remove)}
                    <span class="visually-hidden">" " {name}</span>
                </button>
            </div>
        </div>
        </li>
    }
}

/// The automatic first reply: on or off, its confidence bar and how many articles.
#[component]
pub fn AutoReplyFields(form: HoursForm) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let confidence_error = form.error_for("auto-reply-confidence".to_owned());
    let max_error = form.error_for("auto-reply-max".to_owned());
    view! {
        <fieldset id="auto-reply" class="block auto-reply">
            <legend>{move || s(S::AutoReply)}</legend>
            <p id="auto-reply-hint" class="hint">{move || s(S::AutoReplyHint)}</p>
            <label class="check">
                <input
                    type="checkbox"
                    id="auto-reply-enabled"
                    prop:checked=move || form.auto_enabled.get()
                    on:change=move |ev| form.auto_enabled.set(event_target_checked(&ev))
                />
                {move || s(S::AutoReplyOn)}
            </label>
            <div class="editor-fields">
                <div class="field">
                    <label for="auto-reply-confidence">{move || s(S::Confidence)}</label>
                    <input
                        type="number"
                        id="auto-reply-confidence"
                        min="0"
                        max="100"
                        step="5"
                        inputmode="numeric"
                        aria-invalid=move || confidence_error.with(Option::is_some).then_some("true")
                        aria-describedby=described(confidence_error, "auto-reply-confidence".to_owned(), Some("auto-reply-confidence-hint"))
                        prop:value=move || form.auto_confidence.get()
                        on:input=move |ev| form.auto_confidence.set(event_target_value(&ev))
                    />
                    <p id="auto-reply-confidence-hint" class="hint">{move || s(S::ConfidenceHint)}</p>
                    <FieldError id="auto-reply-confidence-error".to_owned() text=confidence_error/>
                </div>
                <div class="field">
                    <label for="auto-reply-max">{move || s(S::MaxArticles)}</label>
                    <input
                        type="number"
                        id="auto-reply-max"
                        min="0"
                        max="10"
                        inputmode="numeric"
                        aria-invalid=move || max_error.with(Option::is_some).then_some("true")
                        aria-describedby=described(max_error, "auto-reply-max".to_owned(), None)
                        prop:value=move || form.auto_max.get()
                        on:input=move |ev| form.auto_max.set(event_target_value(&ev))
                    />
                    <FieldError id="auto-reply-max-error".to_owned() text=max_error/>
                </div>
            </div>
        </fieldset>
    }
}
