//! The contact form: who, what happened, how bad it is, files and the environment, with
//! articles that may answer the question while the subject is typed.

use ayuda_api::attachment_limits::ACCEPT_ATTRIBUTE;
use ayuda_api::{Impact, SupportInfo};
use leptos::ev::{DragEvent, Event, SubmitEvent};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::{ErrorBox, tx};
use crate::desk::{Contact, Sending, UploadState, Uploads};
use crate::i18n::{Locale, Text, back_at, remove_file, tr};
use crate::session::Session;
use crate::support::{Draft, FileProblem, Missing, format_size};
use crate::view::{Go, Load};

/// The contact view: the form, or "Glad it helped" after a deflection.
#[component]
pub fn ContactView() -> impl IntoView {
    let desk = expect_context::<Contact>();
    move || {
        if desk.deflected.get() {
            view! { <Deflected/> }.into_any()
        } else {
            view! { <ContactForm/> }.into_any()
        }
    }
}

/// The friendly ending when an article answered the question.
#[component]
fn Deflected() -> impl IntoView {
    let session = expect_context::<Session>();
    view! {
        <section class="page done" data-testid="deflected">
            <h1 tabindex="-1">{tx(session, Text::GladItHelped)}</h1>
            <p>{tx(session, Text::GladItHelpedText)}</p>
            <button type="button" class="btn" on:click=move |_| session.go(Go::Home)>
                {tx(session, Text::BackToHelp)}
            </button>
        </section>
    }
}

/// The message for a field that still needs something, if it does.
fn problem(desk: Contact, field: Missing) -> Option<Text> {
    desk.missing.with(|m| {
        if field == Missing::Email && m.contains(&Missing::BadEmail) {
            return Some(Text::BadEmail);
        }
        m.contains(&field).then_some(match field {
            Missing::Impact => Text::ChooseImpact,
            _ => Text::Required,
        })
    })
}

/// One labelled text field (`textarea` for long answers) bound to a draft field.
#[allow(clippy::too_many_arguments)]
fn field(
    desk: Contact,
    id: &'static str,
    label: Text,
    multiline: bool,
    kind: &'static str,
    autocomplete: &'static str,
    check: Option<Missing>,
    get: fn(&Draft) -> &String,
    set: fn(&mut Draft, String),
) -> impl IntoView + use<> {
    let session = desk.session;
    let value = move || desk.form.with(|f| get(f).clone());
    let error = move || check.and_then(|c| problem(desk, c));
    let error_id = format!("{id}-err");
    let described = move || error().is_some().then(|| format!("{id}-err"));
    let invalid = move || error().is_some().then_some("true");
    let on_input = move |ev: Event| {
        let text = event_target_value(&ev);
        if id == "ayuda-subject" {
            desk.subject_typed(text);
        } else {
            desk.edit(|f| set(f, text));
        }
    };
    let control = if multiline {
        view! {
            <textarea
                id=id
                class="q"
                rows="3"
                aria-invalid=invalid
                aria-describedby=described
                aria-required=check.map(|_| "true")
                prop:value=value
                on:input=on_input
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                class="q"
                type=kind
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=described
                aria-required=check.map(|_| "true")
                prop:value=value
                on:input=on_input
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id>{move || tr(session.ui(), label)}</label>
            {control}
            <p class="field-err" id=error_id hidden=move || error().is_none()>
                {move || error().map(|e| tr(session.ui(), e))}
            </p>
        </div>
    }
}

/// The form itself.
#[component]
fn ContactForm() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Contact>();
    let t = move |text| tr(session.ui(), text);
    let known = Memo::new(move |_| {
        session.user.track();
        session.identified()
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        desk.submit();
    };
    let sending = move || desk.sending.get() == Sending::Busy;
    view! {
        <section class="page contact-form">
            <h1 tabindex="-1">{tx(session, Text::ContactUs)}</h1>
            <p class="muted">{tx(session, Text::ContactIntro)}</p>
            <Availability/>
            <form
                novalidate
                data-testid="contact-form"
                on:submit=on_submit
                on:paste=move |ev| on_paste(session, desk.files, &ev)
            >
                {move || {
                    (!known.get().0)
                        .then(|| {
                            field(desk,
                                "ayuda-name",
                                Text::YourName,
                                false,
                                "text",
                                "name",
                                Some(Missing::Name),
                                |f| &f.name,
                                |f, v| f.name = v,
                            )
                        })
                }}
                {move || {
                    (!known.get().1)
                        .then(|| {
                            field(desk,
                                "ayuda-email",
                                Text::YourEmail,
                                false,
                                "email",
                                "email",
                                Some(Missing::Email),
                                |f| &f.email,
                                |f, v| f.email = v,
                            )
                        })
                }}
                {field(desk,
                    "ayuda-company",
                    Text::Company,
                    false,
                    "text",
                    "organization",
                    None,
                    |f| &f.company,
                    |f, v| f.company = v,
                )}
                {field(desk,
                    "ayuda-subject",
                    Text::Subject,
                    false,
                    "text",
                    "off",
                    Some(Missing::Subject),
                    |f| &f.subject,
                    |f, v| f.subject = v,
                )}
                <Deflection/>
                {field(desk,
                    "ayuda-trying",
                    Text::Trying,
                    true,
                    "",
                    "off",
                    None,
                    |f| &f.trying,
                    |f, v| f.trying = v,
                )}
                {field(desk,
                    "ayuda-happened",
                    Text::Happened,
                    true,
                    "",
                    "off",
                    Some(Missing::Happened),
                    |f| &f.happened,
                    |f, v| f.happened = v,
                )}
                <CategorySelect/>
                <ImpactChoice/>
                <Attachments uploads=desk.files/>
                <EnvironmentList/>
                {move || match desk.sending.get() {
                    Sending::Failed(_) => Some(view! {
                        <ErrorBox text=Text::SendFailed retry=Box::new(move || desk.submit())/>
                    }),
                    _ => None,
                }}
                <p class="muted" role="status">
                    {move || (desk.files.busy()).then(|| t(Text::WaitUploads))}
                </p>
                <button
                    type="submit"
                    class="btn primary"
                    data-testid="contact-send"
                    aria-disabled=move || sending().then_some("true")
                >
                    {move || if sending() { t(Text::Sending) } else { t(Text::Send) }}
                </button>
            </form>
        </section>
    }
}

/// Whether the team is there now, or when it is back.
#[component]
fn Availability() -> impl IntoView {
    let session = expect_context::<Session>();
    move || {
        expect_context::<Contact>().support.with(|s| match s {
            Load::Ready(info) => {
                let ui = session.ui();
                let text = if info.available {
                    tr(ui, Text::TeamAvailable).to_owned()
                } else {
                    let back = info
                        .next_open
                        .map(|ms| back_at(ui, &format_time(ms, ui)))
                        .unwrap_or_default();
                    format!("{} {back}", tr(ui, Text::TeamAway))
                };
                let class = if info.available { "avail on" } else { "avail" };
                Some(view! { <p class=class data-testid="availability">{text}</p> })
            }
            _ => None,
        })
    }
}

/// A date and time in the user's language.
pub fn format_time(ms: i64, ui: Locale) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("weekday", "long"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        crate::bridge::set(&options, key, &wasm_bindgen::JsValue::from_str(value));
    }
    date.to_locale_string(ui.tag(), &options).into()
}

/// Articles that may answer the subject typed so far.
#[component]
fn Deflection() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Contact>();
    move || {
        let hits = desk.deflect.get();
        (!hits.is_empty()).then(|| {
            let items = hits
                .into_iter()
                .map(|hit| {
                    let (slug, locale) = (hit.slug.clone(), hit.locale.clone());
                    let (slug2, locale2) = (slug.clone(), locale.clone());
                    view! {
                        <li class="deflect-item" data-testid="deflect-article">
                            <a
                                class="item"
                                href=hit.url.clone()
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    session.go(Go::Article { slug: slug.clone(), locale: locale.clone() });
                                }
                            >
                                <span class="t">{hit.title.clone()}</span>
                            </a>
                            <button
                                type="button"
                                class="btn small"
                                data-testid="deflect-yes"
                                on:click=move |_| desk.deflected_by(slug2.clone(), locale2.clone())
                            >
                                {tx(session, Text::AnsweredIt)}
                            </button>
                        </li>
                    }
                })
                .collect::<Vec<_>>();
            view! {
                <section class="deflect" aria-labelledby="ayuda-deflect-h">
                    <h2 class="label" id="ayuda-deflect-h">{tx(session, Text::MaybeThese)}</h2>
                    <ul class="list">{items}</ul>
                </section>
            }
        })
    }
}

/// The site's categories (nothing when it has none).
#[component]
fn CategorySelect() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Contact>();
    move || {
        let ui = session.ui();
        let categories = desk.support.with(|s| match s {
            Load::Ready(SupportInfo { categories, .. }) => categories.clone(),
            _ => Vec::new(),
        });
        (!categories.is_empty()).then(|| {
            let chosen = desk.form.with_untracked(|f| f.category.clone());
            let options = categories
                .into_iter()
                .map(|c| {
                    let label = c
                        .labels
                        .get(ui.tag())
                        .cloned()
                        .unwrap_or_else(|| c.key.clone());
                    let selected = c.key == chosen;
                    view! { <option value=c.key selected=selected>{label}</option> }
                })
                .collect::<Vec<_>>();
            view! {
                <div class="field">
                    <label for="ayuda-category">{tr(ui, Text::Category)}</label>
                    <select
                        id="ayuda-category"
                        class="q"
                        data-testid="category"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            desk.edit(|f| f.category = value);
                        }
                    >
                        <option value="">{tr(ui, Text::CategoryNone)}</option>
                        {options}
                    </select>
                </div>
            }
        })
    }
}

/// "How much does this affect you?": three radios, and the reply expectation of the chosen
/// level.
#[component]
fn ImpactChoice() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Contact>();
    let t = move |text| tr(session.ui(), text);
    let error = move || problem(desk, Missing::Impact);
    let chosen = move || desk.form.with(|f| f.impact);
    let radios = Impact::ALL
        .into_iter()
        .map(|impact| {
            let label = match impact {
                Impact::Blocked => Text::ImpactBlocked,
                Impact::Degraded => Text::ImpactDegraded,
                Impact::Question => Text::ImpactQuestion,
            };
            view! {
                <label class="radio">
                    <input
                        type="radio"
                        name="ayuda-impact"
                        value=impact.as_str()
                        data-testid=format!("impact-{impact}")
                        prop:checked=move || chosen() == Some(impact)
                        on:change=move |_| desk.edit(|f| f.impact = Some(impact))
                    />
                    <span>{tx(session, label)}</span>
                </label>
            }
        })
        .collect::<Vec<_>>();
    let expectation = move || {
        let level = chosen()?.level();
        desk.support.with(|s| match s {
            Load::Ready(info) => info
                .expectations
                .iter()
                .find(|e| e.level == level)
                .map(|e| e.message.clone()),
            _ => None,
        })
    };
    view! {
        <fieldset
            class="field impact"
            aria-invalid=move || error().is_some().then_some("true")
            aria-describedby=move || error().is_some().then_some("ayuda-impact-err")
        >
            <legend>{tx(session, Text::ImpactLegend)}</legend>
            {radios}
            <p class="field-err" id="ayuda-impact-err" hidden=move || error().is_none()>
                {move || error().map(t)}
            </p>
            <p class="expect" data-testid="expectation" aria-live="polite">
                {expectation}
            </p>
        </fieldset>
    }
}

/// The message for a file that could not be attached.
pub fn file_problem(problem: FileProblem) -> Text {
    match problem {
        FileProblem::TooMany => Text::FileTooMany,
        FileProblem::TooBig => Text::FileTooBig,
        FileProblem::WrongType => Text::FileWrongType,
        FileProblem::Empty => Text::FileEmpty,
        FileProblem::Failed => Text::FileFailed,
    }
}

/// Picking, dropping and pasting files, each uploaded at once, listed with size and a Remove
/// button.
#[component]
pub fn Attachments(
    /// The form's files.
    uploads: Uploads,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let t = move |text| tr(session.ui(), text);
    let over = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let on_pick = move |ev: Event| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        uploads.add(session, target.files(), false);
        // Picking the same file again must fire `change` again.
        target.set_value("");
    };
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(false);
        uploads.add(session, ev.data_transfer().and_then(|d| d.files()), false);
    };
    let on_drag = move |ev: DragEvent| {
        ev.prevent_default();
        over.set(true);
    };
    let items = move || {
        uploads
            .list
            .get()
            .into_iter()
            .map(|upload| {
                let key = upload.key;
                let ui = session.ui();
                let (status, failed) = match &upload.state {
                    UploadState::Uploading => (tr(ui, Text::Uploading), false),
                    UploadState::Done(_) => (tr(ui, Text::Uploaded), false),
                    UploadState::Failed(problem) => (tr(ui, file_problem(*problem)), true),
                };
                let class = if failed { "file failed" } else { "file" };
                view! {
                    <li class=class data-testid="file">
                        <span class="t">{upload.name.clone()}</span>
                        <span class="s">
                            {format!("{} · {status}", format_size(upload.size))}
                        </span>
                        <button
                            type="button"
                            class="icon small"
                            data-testid="file-remove"
                            aria-label=remove_file(ui, &upload.name)
                            on:click=move |_| {
                                uploads.remove(key);
                                                            }
                        >
                            <span aria-hidden="true">"×"</span>
                        </button>
                    </li>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <div
            class="drop"
            class:over=move || over.get()
            data-testid="dropzone"
            on:dragover=on_drag
            on:dragenter=on_drag
            on:dragleave=move |_| over.set(false)
            on:drop=on_drop
        >
            <input
                type="file"
                multiple
                id="ayuda-files"
                class="sr-only"
                data-testid="file-input"
                tabindex="-1"
                aria-label=tx(session, Text::AttachFiles)
                accept=ACCEPT_ATTRIBUTE
                node_ref=input
                on:change=on_pick
            />
            <button
                type="button"
                class="btn small"
                aria-describedby="ayuda-files-hint"
                on:click=move |_| {
                    if let Some(input) = input.get_untracked() {
                        input.click();
                    }
                }
            >
                {tx(session, Text::AttachFiles)}
            </button>
            <p class="muted small" id="ayuda-files-hint">
                {move || if over.get() { t(Text::DropHere) } else { t(Text::AttachHint) }}
            </p>
            <ul class="files" aria-live="polite">{items}</ul>
        </div>
    }
}

/// Files pasted anywhere in a form (screenshots) are attached like picked ones.
pub fn on_paste(session: Session, uploads: Uploads, ev: &web_sys::ClipboardEvent) {
    let Some(files) = ev.clipboard_data().and_then(|d| d.files()) else {
        return;
    };
    if files.length() > 0 {
        ev.prevent_default();
        uploads.add(session, Some(files), true);
    }
}

/// "What we'll send": the environment, shown before sending.
#[component]
fn EnvironmentList() -> impl IntoView {
    let session = expect_context::<Session>();
    let desk = expect_context::<Contact>();
    let rows = move || {
        let env = desk.environment();
        let ui = session.ui();
        let label = |text| tr(ui, text).to_owned();
        let mut rows = vec![
            (label(Text::EnvPage), env.url),
            (label(Text::EnvRoute), env.route),
        ];
        for (key, value) in env.context {
            rows.push((format!("{} ({key})", label(Text::EnvContext)), Some(value)));
        }
        rows.extend([
            (label(Text::EnvBrowser), env.browser),
            (label(Text::EnvOs), env.os),
            (label(Text::EnvScreen), env.screen),
            (label(Text::EnvLocale), env.locale),
            (label(Text::EnvTimeZone), env.time_zone),
            (label(Text::EnvAppVersion), env.app_version),
        ]);
        rows.into_iter()
            .filter_map(|(label, value)| Some((label, value.filter(|v| !v.trim().is_empty())?)))
            .map(|(label, value)| {
                view! {
                    <dt>{label}</dt>
                    <dd>{value}</dd>
                }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <details class="env" data-testid="environment">
            <summary>{tx(session, Text::EnvSummary)}</summary>
            <p class="muted small">{tx(session, Text::EnvHint)}</p>
            <dl>{rows}</dl>
        </details>
    }
}
