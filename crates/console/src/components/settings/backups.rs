//! Backups: the server's backup files (newest first, each a download link) and "Start a
//! backup"; a server that cannot back up says why (409) and that is shown as it says it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::super::load::{Results, failed};
use super::shared::refusal_text;
use crate::api::ApiError;
use crate::api::settings::{self, BACKUPS, Backup, Stamp};
use crate::dom;
use crate::i18n::SettingsText as S;
use crate::settings_team::file_size;
use crate::settings_words::backup_done;
use crate::state::Console;

#[component]
pub fn BackupsPage() -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let answer = RwSignal::new(None::<Result<Vec<Backup>, ApiError>>);
    let loading = RwSignal::new(false);
    let load = move || {
        loading.set(true);
        spawn_local(async move {
            let result = console.check(settings::backups().await);
            if loading.try_set(false).is_none() {
                answer.set(Some(result));
            }
        });
    };
    load();
    let pending = RwSignal::new(false);
    let status = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let start = move |_| {
        if pending.get_untracked() {
            return;
        }
        let Some(session) = console.session() else {
            return;
        };
        pending.set(true);
        status.set(None);
        error.set(None);
        spawn_local(async move {
            let result = console.check(settings::start_backup(&session.csrf_token).await);
            pending.set(false);
            match result {
                Ok(backup) => {
                    status.set(Some(backup_done(
                        console.locale.get_untracked(),
                        &backup.name,
                    )));
                    answer.update(|answer| {
                        if let Some(Ok(list)) = answer {
                            list.retain(|b| b.name != backup.name);
                            list.insert(0, backup);
                        }
                    });
                }
                Err(refusal) => error.set(Some(refusal_text(
                    console.locale.get_untracked(),
                    S::BackupFailed,
                    &refusal,
                ))),
            }
        });
    };
    let list = move || {
        answer.with(|answer| match answer {
            None => ().into_any(),
            Some(Err(error)) => failed(
                *error,
                None,
                "backups-error",
                S::BackupsFailed.into(),
                Callback::new(move |()| load()),
            ),
            Some(Ok(list)) if list.is_empty() => {
                view! { <p id="backups-empty" class="empty">{move || s(S::NoBackups)}</p> }
                    .into_any()
            }
            Some(Ok(list)) => view! { <BackupsTable backups=list.clone()/> }.into_any(),
        })
    };
    view! {
        <div class="heading-row">
            <h2 id="backups-heading">{move || s(S::Backups)}</h2>
            <button
                type="button"
                id="start-backup"
                class="button primary"
                aria-disabled=move || pending.get().then_some("true")
                on:click=start
            >
                {move || s(if pending.get() { S::BackingUp } else { S::StartBackup })}
            </button>
        </div>
        <p class="lead">{move || s(S::BackupsIntro)}</p>
        <p id="backup-status" class="notice" role="status">{move || status.get()}</p>
        <p id="backup-error" class="error" role="alert">{move || error.get()}</p>
        <Results stem="backups" loading=loading>
            {list}
        </Results>
    }
}

#[component]
fn BackupsTable(backups: Vec<Backup>) -> impl IntoView {
    let console = expect_context::<Console>();
    let s = move |text: S| console.t(text);
    let rows = backups
        .into_iter()
        .map(|backup| {
            let href = format!("{BACKUPS}/{}", crate::query::encode(&backup.name));
            let (datetime, when) = match backup.created_at {
                Stamp::Ms(ms) => {
                    let iso = String::from(js_sys::Date::new(&(ms as f64).into()).to_iso_string());
                    (iso.clone(), iso)
                }
                Stamp::Text(text) => (text.clone(), text),
            };
            let name = backup.name.clone();
            view! {
                <tr data-backup=backup.name.clone()>
                    <th scope="row">
                        <a class="backup-download" href=href download=name.clone()>
                            {name.clone()}
                        </a>
                    </th>
                    <td class="num">{file_size(backup.bytes)}</td>
                    <td>
                        <time datetime=datetime>
                            {move || dom::format_time(&when, console.locale.get(), true)}
                        </time>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-labelledby="backups-caption">
            <table class="settings-backups">
                <caption id="backups-caption">{move || s(S::BackupsCaption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || s(S::File)}</th>
                        <th scope="col" class="num">{move || s(S::Size)}</th>
                        <th scope="col">{move || s(S::Made)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
